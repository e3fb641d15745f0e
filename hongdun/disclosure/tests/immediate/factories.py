"""Helpers of the immediate-disclosure tests: valid content of every kind, a moment when it is
timely, authorising a portal user, publishing."""

from datetime import UTC, date, datetime
from typing import Any

from hongdun.accounts.models import User
from hongdun.disclosure.choices import ImmediateKind
from hongdun.disclosure.immediate_services import immediate_disclosure_publish
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.enterprises.models import Enterprise
from hongdun.registration.models import EnterpriseAuthorisation

ESTABLISHED = date(2015, 3, 1)
# A moment when every sample below is timely: 2026-11-30 10:00 China time.
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)

VALID: dict[str, dict[str, Any]] = {
    ImmediateKind.CONTRIBUTION: {
        "shareholder": "张三",
        "subscribed_amount": "1000000",
        "subscribed_on": "2029-12-31",
        "subscribed_form": "money",
        "paid_amount": "400000.00",
        "paid_on": "2026-11-20",
        "paid_form": "money",
    },
    ImmediateKind.EQUITY_CHANGE: {
        "shareholder": "李四",
        "ratio_before": "40",
        "ratio_after": "25.5",
        "changed_on": "2026-11-20",
    },
    ImmediateKind.LICENCE: {
        "licence_name": "食品经营许可证",
        "licence_number": "JY11502030001",
        "authority": "包头市昆都仑区市场监督管理局",
        "valid_from": "2026-11-20",
        "valid_to": "2031-11-19",
        "scope": "预包装食品销售（含冷藏冷冻食品）",
    },
    ImmediateKind.IP_PLEDGE: {
        "ip_kind": "trademark",
        "registration_number": "12345678",
        "ip_name": "红盾图形商标",
        "pledgor": "包头市测试有限公司",
        "pledgee": "某某银行包头分行",
        "amount": "2000000",
        "period_from": "2026-11-20",
        "period_to": "2028-11-19",
    },
    ImmediateKind.PENALTY: {
        "decision_number": "包昆市监处罚〔2026〕12号",
        "authority": "包头市昆都仑区市场监督管理局",
        "violation": "未按规定公示即时信息",
        "content": "警告，罚款人民币一万元",
        "decided_on": "2026-11-20",
    },
}
OCCURRED = date(2026, 11, 20)  # the date of every sample (for a contribution, given separately)


def authorise(user: User, enterprise: Enterprise, **extra: Any) -> EnterpriseAuthorisation:
    return EnterpriseAuthorisation.objects.create(
        enterprise=enterprise,
        user=user,
        basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE,
        **extra,
    )


def publish(
    user: User,
    enterprise: Enterprise,
    kind: str = ImmediateKind.PENALTY,
    *,
    now: datetime = NOW,
    **changes: Any,
) -> ImmediateDisclosure:
    details = {**VALID[kind], **changes}
    occurred = OCCURRED if kind == ImmediateKind.CONTRIBUTION else None
    return immediate_disclosure_publish(
        user=user,
        enterprise=enterprise,
        kind=kind,
        details=details,
        occurred_on=occurred,
        now=now,
    )
