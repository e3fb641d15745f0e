"""Name reservations written straight to the table: no engine, no index, no notice."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.namecheck.choices import ReservationStatus, VerdictChoice
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.models import Unit

HELD_DAYS = 60

# A stored finding of a name that starts with 中国: restricted, for the bureau's registrars to
# refer upwards (what the engine wrote when the declaration was made).
CHINA_PREFIX_FINDING = {
    "rule": "R-1",
    "verdict": "restricted",
    "article": "《企业名称登记管理规定》第十二条第一款",
    "message": "名称冠以“中国”，应当按照有关规定从严审核，并报国务院批准。",
    "fix": "如无批准文件，删除名称开头的“中国”；否则提交审批。",
    "part": "中国",
    "conflicts": [],
}


def reservation_row(
    applicant: User,
    registry: Unit,
    name: str,
    trade_name: str,
    *,
    industry_key: str = "科技",
    status: str = ReservationStatus.RESERVED,
    verdict: str = VerdictChoice.PASS,
    reserved_until: date | str | None = None,
    **extra: Any,
) -> NameReservation:
    """A declared name as stored; a reserved one is held for `HELD_DAYS` from today unless
    `reserved_until` says otherwise, any other status holds nothing."""
    if reserved_until is None and status == ReservationStatus.RESERVED:
        reserved_until = timezone.localdate() + timedelta(days=HELD_DAYS)
    return NameReservation.objects.create(
        applicant=applicant,
        registry=registry,
        proposed_name=name,
        normalized_name=name,
        trade_name=trade_name,
        industry_key=industry_key,
        status=status,
        reserved_until=reserved_until,
        verdict=verdict,
        **extra,
    )
