"""What the credit app plugs into the layers below it, at start (CreditConfig.ready):

- the public enterprise record's 守合同重信用 section (hongdun.enterprises.public_sections);
- the random-inspection draw's grouping by credit-risk class, with the per-class ratios and
  maximum frequencies of the scheme in force (hongdun.supervision.population);
- the monthly reclassification and the 守重 expiry as steps of `manage.py run_scheduled`
  (hongdun.supervision.jobs);
- the automatic revocation of a 守重 publicity when the enterprise is listed.
"""

from django.db.models.signals import post_save


def _connect_contract_credit() -> None:
    """守合同重信用: the public record's section, the scheduled upkeep (expiry and revocation),
    and the revocation at once when a listing on either list takes effect."""
    from hongdun.credit.public_sections import register_section
    from hongdun.credit.services_contract import contract_upkeep, revoke_on_listing
    from hongdun.supervision.choices import JobName
    from hongdun.supervision.jobs import register_step
    from hongdun.supervision.models import AbnormalListing, SeriousListing

    register_section()
    register_step(JobName.CONTRACT_CREDIT_UPKEEP, contract_upkeep)
    for model in (AbnormalListing, SeriousListing):
        post_save.connect(
            revoke_on_listing,
            sender=model,
            weak=False,
            dispatch_uid=f"hongdun.credit.contract.revoke_on_listing:{model._meta.label}",
        )


def _connect_reclassification() -> None:
    """The monthly reclassification as a step of `manage.py run_scheduled`."""
    from hongdun.credit.services_runs import reclassification_step
    from hongdun.supervision.choices import JobName
    from hongdun.supervision.jobs import register_step

    register_step(JobName.CREDIT_RECLASSIFICATION, reclassification_step)


def connect() -> None:
    _connect_contract_credit()
    _connect_reclassification()
    # Random-inspection plans grouped by the class of the latest run (hongdun.credit.sampling).
    from hongdun.credit.sampling import register_credit_grouping

    register_credit_grouping()
