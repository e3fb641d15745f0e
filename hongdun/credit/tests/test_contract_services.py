"""守合同重信用 services: each refusal of an application (table-driven, with the boundaries:
exactly the full years, a bar ending on the day, a level jump with and without the two years or
a leading-enterprise standing), approval and rejection, withdrawals and their bars."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.credit.choices import (
    ApplicationStatus,
    ContractLevel,
    PublicityStatus,
)
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.credit.services_contract import (
    contract_application_withdraw,
    contract_approve,
    contract_publicity_revoke,
    contract_publicity_withdraw,
    contract_reject,
    full_accounting_years,
)
from hongdun.credit.tests import factories_contract as f
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

TODAY = f.TODAY
D = datetime.date


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT)


@pytest.fixture
def supervisor(make_user: Callable[..., User], bureau: Any) -> User:
    return make_user(Role.SUPERVISOR, bureau["kundulun"])


@pytest.fixture
def make_firm(bureau: Any, applicant: User) -> Callable[..., Enterprise]:
    def make(**kwargs: Any) -> Enterprise:
        enterprise = f.firm(bureau["kundulun"], **kwargs)
        f.authorise(applicant, enterprise)
        return enterprise

    return make


@pytest.mark.parametrize(
    ("established", "year", "full"),
    [
        (D(2024, 1, 1), 2026, 2),  # established on 1 January: that year is a full one
        (D(2024, 1, 2), 2026, 1),
        (D(2023, 12, 31), 2026, 2),
        (D(2026, 3, 1), 2026, 0),
        (D(2010, 7, 1), 2026, 15),
    ],
)
def test_full_accounting_years(established: datetime.date, year: int, full: int) -> None:
    assert full_accounting_years(established, year) == full


def _flag(enterprise: Enterprise, **flags: Any) -> None:
    Enterprise.objects.filter(pk=enterprise.pk).update(**flags)


# Each case: how the enterprise is set up, the application's values, and the field refused with
# a fragment of the message (None: accepted).
def _young(established: datetime.date) -> Callable[[Enterprise], None]:
    def setup(enterprise: Enterprise) -> None:
        Enterprise.objects.filter(pk=enterprise.pk).update(established_on=established)

    return setup


def _ended(status: str, ended_on: datetime.date, year: int = 2020) -> Callable[[Enterprise], None]:
    def setup(enterprise: Enterprise) -> None:
        f.publicity(
            enterprise,
            year=year,
            status=status,
            published_on=D(year, 5, 1),
            ended_on=ended_on,
            end_reason="测试",
        )

    return setup


def _held(*levels: tuple[int, str]) -> Callable[[Enterprise], None]:
    def setup(enterprise: Enterprise) -> None:
        for year, level in levels:
            f.publicity(enterprise, year=year, level=level, status=PublicityStatus.EXPIRED)

    return setup


def _revoked_then_held(enterprise: Enterprise) -> None:
    """A in 2025; the 2024 A was revoked (long enough ago to bar nothing): not held."""
    _held((2025, "A"))(enterprise)
    f.publicity(enterprise, year=2024, status=PublicityStatus.REVOKED, ended_on=D(2020, 1, 1))


def _nothing(enterprise: Enterprise) -> None:
    return None


CASES: list[tuple[str, Callable[[Enterprise], None], dict[str, Any], str | None, str]] = [
    ("accepted", _nothing, {}, None, ""),
    ("exactly two full years", _young(D(2024, 1, 1)), {}, None, ""),
    ("one full year", _young(D(2024, 1, 2)), {}, "year", "最早可申报2027年度"),
    ("established this year", _young(D(2026, 2, 1)), {}, "year", "完整会计年度"),
    (
        "abnormal list",
        lambda e: _flag(e, on_abnormal_list=True),
        {},
        "enterprise",
        "经营异常名录",
    ),
    (
        "serious list",
        lambda e: _flag(e, on_serious_list=True),
        {},
        "enterprise",
        "严重违法失信名单",
    ),
    (
        "deregistered",
        lambda e: _flag(e, status=EnterpriseStatus.DEREGISTERED),
        {},
        "enterprise",
        "存续",
    ),
    (
        "revoked four years ago less a day",
        _ended(PublicityStatus.REVOKED, D(2022, 6, 2)),
        {},
        "enterprise",
        "2026-06-02起方可重新申报",
    ),
    (
        "revocation bar ends on the day",
        _ended(PublicityStatus.REVOKED, D(2022, 6, 1)),
        {},
        None,
        "",
    ),
    (
        "withdrawn two years ago less a day",
        _ended(PublicityStatus.WITHDRAWN, D(2024, 6, 2), 2023),
        {},
        "enterprise",
        "主动退出",
    ),
    (
        "withdrawal bar ends on the day",
        _ended(PublicityStatus.WITHDRAWN, D(2024, 6, 1), 2023),
        {},
        None,
        "",
    ),
    ("AA without history", _nothing, {"level": "AA"}, "level", "连续两个年度"),
    ("AA after A twice", _held((2025, "A"), (2024, "A")), {"level": "AA"}, None, ""),
    ("AA after A once", _held((2025, "A")), {"level": "AA"}, "level", "2024、2025"),
    ("AA after A with a gap", _held((2025, "A"), (2023, "A")), {"level": "AA"}, "level", ""),
    ("AA after a revoked A", _revoked_then_held, {"level": "AA"}, "level", "连续两个年度"),
    ("AAA after AA twice", _held((2025, "AA"), (2024, "AA")), {"level": "AAA"}, None, ""),
    ("AAA after A twice", _held((2025, "A"), (2024, "A")), {"level": "AAA"}, "level", "AA级"),
    ("AA renewed", _held((2025, "AA")), {"level": "AA"}, None, ""),
    (
        "AA as a city leading enterprise",
        _nothing,
        {"level": "AA", "leading_exception": "city", "leading_evidence": "包头市龙头企业认定文件"},
        None,
        "",
    ),
    (
        "AAA as a city leading enterprise",
        _nothing,
        {"level": "AAA", "leading_exception": "city", "leading_evidence": "包头市认定文件"},
        "leading_exception",
        "省级或国家级",
    ),
    (
        "AAA as a provincial leading enterprise",
        _nothing,
        {"level": "AAA", "leading_exception": "province", "leading_evidence": "自治区认定文件"},
        None,
        "",
    ),
    (
        "leading standing without evidence",
        _nothing,
        {"level": "AA", "leading_exception": "city"},
        "leading_evidence",
        "龙头企业认定依据",
    ),
    (
        "performance below 100 %",
        _nothing,
        {"contracts_signed": 120, "contracts_performed": 108},
        "contracts_performed",
        "履约率为90.0%",
    ),
    (
        "more performed than signed",
        _nothing,
        {"contracts_signed": 10, "contracts_performed": 11},
        "contracts_performed",
        "不能多于",
    ),
    (
        "no contracts",
        _nothing,
        {"contracts_signed": 0, "contracts_performed": 0},
        "contracts_signed",
        "为0",
    ),
    ("negative revenue", _nothing, {"revenue": Decimal("-1")}, "revenue", "不小于0"),
    ("no consent", _nothing, {"consent_to_publish": False}, "consent_to_publish", "同意公示"),
    ("a year too far back", _nothing, {"year": 2024}, "year", "2025年或2026年"),
    ("an unknown level", _nothing, {"level": "AAAA"}, "level", "A级、AA级或AAA级"),
    (
        "no management description",
        _nothing,
        {"contract_management": " "},
        "contract_management",
        "",
    ),
]


@pytest.mark.parametrize(
    ("setup", "values", "field", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_application_rules(
    make_firm: Callable[..., Enterprise],
    applicant: User,
    setup: Callable[[Enterprise], None],
    values: dict[str, Any],
    field: str | None,
    fragment: str,
) -> None:
    enterprise = make_firm()
    setup(enterprise)
    enterprise.refresh_from_db()
    if field is None:
        row = f.apply(applicant, enterprise, **values)
        assert row.status == ApplicationStatus.SUBMITTED
        assert row.authority_id == enterprise.registration_authority_id
        assert AuditLog.objects.filter(
            action="credit.contract.apply", object_id=str(row.pk)
        ).exists()
        return
    with pytest.raises(ApplicationError) as refused:
        f.apply(applicant, enterprise, **values)
    assert refused.value.field == field
    assert fragment in refused.value.message
    assert not ContractCreditApplication.objects.filter(
        enterprise=enterprise, status=ApplicationStatus.SUBMITTED
    ).exists()


def test_an_open_application_refuses_another(
    make_firm: Callable[..., Enterprise], applicant: User
) -> None:
    enterprise = make_firm()
    f.apply(applicant, enterprise)
    with pytest.raises(ApplicationError, match="待审核") as refused:
        f.apply(applicant, enterprise, level=ContractLevel.A)
    assert refused.value.field == "enterprise"


def test_only_an_authorised_user_applies(bureau: Any, make_user: Callable[..., User]) -> None:
    enterprise = f.firm(bureau["kundulun"])
    stranger = make_user(Role.APPLICANT)
    with pytest.raises(ApplicationError, match="授权"):
        f.apply(stranger, enterprise)
    assert not ContractCreditApplication.objects.exists()


def test_approval_publishes_supersedes_and_notifies(
    make_firm: Callable[..., Enterprise], applicant: User, supervisor: User
) -> None:
    enterprise = make_firm()
    earlier = f.publicity(
        enterprise, year=2025, status=PublicityStatus.ACTIVE, published_on=D(2025, 5, 1)
    )
    row = f.apply(applicant, enterprise)
    publicity = contract_approve(actor=supervisor, application=row, note="材料齐全", today=TODAY)
    assert publicity.published_on == TODAY
    assert publicity.expires_on == D(2028, 5, 31)
    assert (publicity.level, publicity.year) == (ContractLevel.A, 2026)
    row.refresh_from_db()
    assert row.status == ApplicationStatus.APPROVED
    assert row.reviewed_by == supervisor
    earlier.refresh_from_db()
    assert earlier.status == PublicityStatus.EXPIRED
    assert earlier.ended_on == TODAY
    assert "2026年度" in earlier.end_reason
    assert earlier.history.count() == 2  # created, then ended by the UPDATE
    notice = Notification.objects.get(user=applicant)
    assert "已通过" in notice.title
    assert "2028-05-31" in notice.body
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "credit.contract.approve",
        "credit.contract.publish",
        "credit.contract.publicity_supersede",
    } <= actions


def test_approval_rechecks_the_lists(
    make_firm: Callable[..., Enterprise], applicant: User, supervisor: User
) -> None:
    enterprise = make_firm()
    row = f.apply(applicant, enterprise)
    _flag(enterprise, on_abnormal_list=True)
    with pytest.raises(ApplicationError, match="经营异常名录"):
        contract_approve(actor=supervisor, application=row, today=TODAY)
    row.refresh_from_db()
    assert row.status == ApplicationStatus.SUBMITTED
    assert not ContractCreditPublicity.objects.exists()
    contract_reject(actor=supervisor, application=row, reason="已列入经营异常名录", today=TODAY)
    row.refresh_from_db()
    assert row.status == ApplicationStatus.REJECTED


def test_rejection_needs_a_reason_and_tells_the_enterprise(
    make_firm: Callable[..., Enterprise], applicant: User, supervisor: User
) -> None:
    row = f.apply(applicant, make_firm())
    with pytest.raises(ApplicationError) as refused:
        contract_reject(actor=supervisor, application=row, reason="  ", today=TODAY)
    assert refused.value.field == "reason"
    contract_reject(actor=supervisor, application=row, reason="合同台账不完整", today=TODAY)
    row.refresh_from_db()
    assert (row.status, row.review_note) == (ApplicationStatus.REJECTED, "合同台账不完整")
    assert "合同台账不完整" in Notification.objects.get(user=applicant).body
    with pytest.raises(ApplicationError, match="未通过"):
        contract_approve(actor=supervisor, application=row, today=TODAY)


def test_a_withdrawn_application_may_be_made_again(
    make_firm: Callable[..., Enterprise], applicant: User, supervisor: User
) -> None:
    enterprise = make_firm()
    row = f.apply(applicant, enterprise)
    contract_application_withdraw(actor=applicant, application=row, today=TODAY)
    row.refresh_from_db()
    assert row.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(ApplicationError, match="已撤回"):
        contract_approve(actor=supervisor, application=row, today=TODAY)
    again = f.apply(applicant, enterprise)
    assert again.status == ApplicationStatus.SUBMITTED


def test_an_approved_year_is_not_applied_for_again(
    make_firm: Callable[..., Enterprise], applicant: User, supervisor: User
) -> None:
    enterprise = make_firm()
    contract_approve(actor=supervisor, application=f.apply(applicant, enterprise), today=TODAY)
    with pytest.raises(ApplicationError, match="已经通过") as refused:
        f.apply(applicant, enterprise)
    assert refused.value.field == "year"


def test_voluntary_withdrawal_bars_two_years(
    make_firm: Callable[..., Enterprise], applicant: User, supervisor: User
) -> None:
    enterprise = make_firm()
    publicity = contract_approve(
        actor=supervisor, application=f.apply(applicant, enterprise), today=TODAY
    )
    contract_publicity_withdraw(
        actor=applicant, publicity=publicity, reason="业务调整", today=TODAY
    )
    publicity.refresh_from_db()
    assert publicity.status == PublicityStatus.WITHDRAWN
    assert publicity.ended_on == TODAY
    assert "业务调整" in publicity.end_reason
    with pytest.raises(ApplicationError, match="2028-06-01起"):
        f.apply(applicant, enterprise, today=D(2027, 6, 1), year=2027)
    assert f.apply(applicant, enterprise, today=D(2028, 6, 1), year=2028).year == 2028


def test_revocation_bars_four_years(
    make_firm: Callable[..., Enterprise], applicant: User, supervisor: User
) -> None:
    enterprise = make_firm()
    publicity = contract_approve(
        actor=supervisor, application=f.apply(applicant, enterprise), today=TODAY
    )
    with pytest.raises(ApplicationError) as refused:
        contract_publicity_revoke(actor=supervisor, publicity=publicity, reason="", today=TODAY)
    assert refused.value.field == "reason"
    contract_publicity_revoke(
        actor=supervisor, publicity=publicity, reason="发生严重违约行为", today=TODAY
    )
    publicity.refresh_from_db()
    assert (publicity.status, publicity.end_reason) == (PublicityStatus.REVOKED, "发生严重违约行为")
    assert publicity.ended_by == supervisor
    assert Notification.objects.filter(user=applicant, title__contains="撤销").exists()
    with pytest.raises(ApplicationError, match="2030-06-01起"):
        f.apply(applicant, enterprise, today=D(2030, 5, 31), year=2030)
    with pytest.raises(ApplicationError, match="当前状态"):
        contract_publicity_revoke(actor=supervisor, publicity=publicity, reason="再次", today=TODAY)


def test_another_enterprise_user_cannot_withdraw(
    make_firm: Callable[..., Enterprise],
    applicant: User,
    supervisor: User,
    make_user: Callable[..., User],
) -> None:
    enterprise = make_firm()
    row = f.apply(applicant, enterprise)
    stranger = make_user(Role.APPLICANT)
    with pytest.raises(ApplicationError, match="授权"):
        contract_application_withdraw(actor=stranger, application=row, today=TODAY)
    publicity = contract_approve(actor=supervisor, application=row, today=TODAY)
    with pytest.raises(ApplicationError, match="授权"):
        contract_publicity_withdraw(actor=stranger, publicity=publicity, today=TODAY)
    publicity.refresh_from_db()
    assert publicity.status == PublicityStatus.ACTIVE
