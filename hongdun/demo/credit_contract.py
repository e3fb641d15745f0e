"""The 守合同重信用 wing of the demo bureau: a short list of fictional publicities over the demo
register, as a bureau's records would hold them after a few yearly rounds.

Drawn from active enterprises on neither list, established at least seven years before this
year, spread over the registration authorities (a generator seeded by the demo seed picks them):

* one AAA enterprise that climbed A, A, AA, AA, AAA over five rounds (each round superseding the
  last), and one AA enterprise after two years at A;
* one AA enterprise admitted straight to AA as a city-level leading enterprise;
* two enterprises at A this round;
* one whose A publicity ran its two years and expired; one whose A was revoked forty days ago
  after a court found a serious breach (barred from applying for the configured years);
* two applications waiting in the reviewers' queue.

Rows are written as the services leave them (statuses, dates, end reasons), each with its audit
entry so the staff pages show how it came about. Idempotent: nothing is added once any
publicity exists.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hongdun.core.services import audit_record
from hongdun.credit.choices import (
    ApplicationStatus,
    ContractLevel,
    LeadingException,
    PublicityStatus,
)
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.credit.services_contract import (
    application_snapshot,
    contract_rules,
    publicity_snapshot,
)
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.engine.deadlines import years_after

MANAGEMENT = (
    "设法务合同部，配备专职合同管理员{staff}名；执行本企业合同管理制度，合同统一编号、"
    "集中归档，按季度检查履约情况。"
)
NEEDED = 9


def _candidates(seed: int, today: datetime.date) -> list[Enterprise]:
    pool = list(
        Enterprise.objects.filter(
            status=EnterpriseStatus.ACTIVE,
            on_abnormal_list=False,
            on_serious_list=False,
            established_on__lt=datetime.date(today.year - 7, 1, 1),
        )
        .order_by("pk")
        .only("pk", "registration_authority_id", "name")[:2000]
    )
    random.Random(f"hongdun-demo-contract:{seed}").shuffle(pool)
    return pool[:NEEDED]


def _published_on(year: int, today: datetime.date) -> datetime.date:
    return min(datetime.date(year, 5, 20), today)


def _application(
    enterprise: Enterprise,
    *,
    year: int,
    level: str,
    status: str,
    rng: random.Random,
    leading: str = "",
) -> ContractCreditApplication:
    signed = rng.randint(40, 900)
    row = ContractCreditApplication.objects.create(
        enterprise=enterprise,
        authority_id=enterprise.registration_authority_id,
        year=year,
        level=level,
        leading_exception=leading,
        leading_evidence="包头市工业和信息化局认定的市级行业龙头企业（演示）" if leading else "",
        contract_management=MANAGEMENT.format(staff=rng.randint(1, 4)),
        contracts_signed=signed,
        contracts_performed=signed,
        revenue=Decimal(rng.randint(800, 90_000)).quantize(Decimal("0.01")),
        consent_to_publish=True,
        status=status,
        review_note="材料齐全，符合条件。" if status == ApplicationStatus.APPROVED else "",
    )
    audit_record(
        actor=None, action="credit.contract.apply", instance=row, after=application_snapshot(row)
    )
    return row


def _round(
    enterprise: Enterprise,
    *,
    year: int,
    level: str,
    today: datetime.date,
    rng: random.Random,
    leading: str = "",
) -> ContractCreditPublicity:
    """One approved round: its application and a running publicity."""
    application = _application(
        enterprise,
        year=year,
        level=level,
        status=ApplicationStatus.APPROVED,
        rng=rng,
        leading=leading,
    )
    published = _published_on(year, today)
    row = ContractCreditPublicity.objects.create(
        enterprise=enterprise,
        application=application,
        authority_id=enterprise.registration_authority_id,
        level=level,
        year=year,
        published_on=published,
        expires_on=years_after(published, contract_rules().publicity_years)
        - datetime.timedelta(days=1),
    )
    audit_record(
        actor=None, action="credit.contract.publish", instance=row, after=publicity_snapshot(row)
    )
    return row


def _end(row: ContractCreditPublicity, *, status: str, on: datetime.date, reason: str) -> None:
    row.status = status
    row.ended_on = on
    row.end_reason = reason
    row.save()
    action = {
        PublicityStatus.EXPIRED: "credit.contract.publicity_expire",
        PublicityStatus.REVOKED: "credit.contract.publicity_revoke",
    }[PublicityStatus(status)]
    audit_record(actor=None, action=action, instance=row, after=publicity_snapshot(row))


def _climb(
    enterprise: Enterprise,
    steps: list[tuple[int, str]],
    today: datetime.date,
    rng: random.Random,
) -> int:
    """Consecutive rounds, each superseding the one before."""
    previous: ContractCreditPublicity | None = None
    for year, level in steps:
        if previous is not None:
            _end(
                previous,
                status=PublicityStatus.EXPIRED,
                on=_published_on(year, today),
                reason=f"由{year}年度{ContractLevel(level).label}公示取代。",
            )
        previous = _round(enterprise, year=year, level=level, today=today, rng=rng)
    return len(steps)


@transaction.atomic
def demo_contract_credit_load(*, seed: int, today: datetime.date | None = None) -> int:
    """Load the demo's 守合同重信用 rows (see the module); returns the publicities added."""
    today = today or timezone.localdate()
    if ContractCreditPublicity.objects.exists():
        return 0
    firms = _candidates(seed, today)
    if len(firms) < NEEDED:
        return 0
    rng = random.Random(f"hongdun-demo-contract-rows:{seed}")
    y = today.year
    a, aa, aaa = ContractLevel.A, ContractLevel.AA, ContractLevel.AAA
    added = _climb(
        firms[0], [(y - 5, a), (y - 4, a), (y - 3, aa), (y - 2, aa), (y - 1, aaa)], today, rng
    )
    added += _climb(firms[1], [(y - 3, a), (y - 2, a), (y - 1, aa)], today, rng)
    _round(firms[2], year=y - 1, level=aa, today=today, rng=rng, leading=LeadingException.CITY)
    _round(firms[3], year=y, level=a, today=today, rng=rng)
    _round(firms[4], year=y, level=a, today=today, rng=rng)
    added += 3
    expired = _round(firms[5], year=y - 3, level=a, today=today, rng=rng)
    _end(
        expired,
        status=PublicityStatus.EXPIRED,
        on=expired.expires_on + datetime.timedelta(days=1),
        reason="公示期届满。",
    )
    revoked = _round(firms[6], year=y - 1, level=a, today=today, rng=rng)
    _end(
        revoked,
        status=PublicityStatus.REVOKED,
        on=max(revoked.published_on, today - datetime.timedelta(days=40)),
        reason="该企业在买卖合同纠纷中经人民法院生效判决认定严重违约，撤销守合同重信用公示（演示）。",
    )
    added += 2
    for enterprise in firms[7:9]:
        _application(enterprise, year=y, level=a, status=ApplicationStatus.SUBMITTED, rng=rng)
    return added
