"""What the credit app plugs into the layers below it, at start (CreditConfig.ready):

- the public enterprise record's 守合同重信用 section (hongdun.enterprises.public_sections);
- the random-inspection draw's grouping by credit-risk class, with the per-class ratios and
  maximum frequencies of the scheme in force (hongdun.supervision.population);
- the monthly reclassification and the 守重 expiry as steps of `manage.py run_scheduled`
  (hongdun.supervision.jobs);
- the automatic revocation of a 守重 publicity when the enterprise is listed.

Each lane adds its own registration to `connect()`.
"""


def connect() -> None:
    from hongdun.credit.sampling import register_credit_grouping

    register_credit_grouping()
