"""Immediate disclosures: the due day (20 working days on the bureau's calendar), lateness in
China time, and the validation rows of every kind (docs/rules/disclosure.md §3)."""

import datetime
from typing import Any

import pytest

from hongdun.core.models import HolidayOverride
from hongdun.disclosure.choices import ImmediateKind
from hongdun.disclosure.immediate import (
    KINDS,
    OCCURRED_ON,
    DetailsInvalidError,
    clean_details,
    shown_details,
)
from hongdun.disclosure.immediate_services import immediate_due_on, immediate_is_late
from hongdun.disclosure.tests.immediate.factories import ESTABLISHED, OCCURRED, VALID

D = datetime.date
UTC = datetime.UTC
TODAY = D(2026, 11, 30)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("occurred", "due", "why"),
    [
        (D(2026, 11, 2), D(2026, 11, 30), "four ordinary weeks"),
        (D(2026, 11, 28), D(2026, 12, 25), "a Saturday: the Monday after is day 1"),
        (D(2025, 9, 26), D(2025, 10, 30), "across National Day 2025 and its make-up days"),
        (D(2025, 9, 22), D(2025, 10, 24), "across National Day 2025, Mon-Fri would say 10-20"),
        (D(2026, 2, 6), D(2026, 3, 12), "across Spring Festival 2026 and its make-up Saturdays"),
        (D(2024, 9, 20), D(2024, 10, 23), "across National Day 2024"),
        (D(2025, 12, 31), D(2026, 1, 29), "across New Year 2026 and the make-up Sunday"),
    ],
)
def test_due_day_is_twenty_working_days_later(
    occurred: datetime.date, due: datetime.date, why: str
) -> None:
    assert immediate_due_on(occurred) == due, why


@pytest.mark.django_db
def test_due_day_follows_an_administrators_holiday_override() -> None:
    assert immediate_due_on(D(2026, 11, 2)) == D(2026, 11, 30)
    HolidayOverride.objects.create(date=D(2026, 11, 16), kind=HolidayOverride.Kind.HOLIDAY)
    assert immediate_due_on(D(2026, 11, 2)) == D(2026, 12, 1)


@pytest.mark.parametrize(
    ("published_at", "late", "why"),
    [
        (datetime.datetime(2025, 10, 30, 1, 0, tzinfo=UTC), False, "the due day, morning"),
        (datetime.datetime(2025, 10, 30, 15, 59, tzinfo=UTC), False, "23:59 China time"),
        (datetime.datetime(2025, 10, 30, 16, 0, tzinfo=UTC), True, "00:00 next day in China"),
        (datetime.datetime(2025, 10, 29, 20, 0, tzinfo=UTC), False, "04:00 on the due day"),
        (datetime.datetime(2025, 11, 3, 2, 0, tzinfo=UTC), True, "days later"),
    ],
)
def test_late_is_judged_on_the_date_in_china(
    published_at: datetime.datetime, late: bool, why: str
) -> None:
    assert immediate_is_late(due_on=D(2025, 10, 30), published_at=published_at) is late, why


def _clean(kind: str, changes: dict[str, Any], occurred_on: Any = OCCURRED) -> Any:
    raw = {**VALID[kind], **changes}
    return clean_details(
        kind, raw, occurred_on=occurred_on, established_on=ESTABLISHED, today=TODAY
    )


@pytest.mark.parametrize("kind", list(ImmediateKind.values))
def test_each_kind_accepts_its_sample_and_stores_text(kind: str) -> None:
    clean = _clean(kind, {})
    assert clean.occurred_on == OCCURRED
    assert all(isinstance(value, str) for value in clean.details.values())
    assert set(clean.details) <= {f.name for f in KINDS[kind].fields}


def test_content_is_normalised() -> None:
    clean = _clean(
        ImmediateKind.CONTRIBUTION,
        {"shareholder": "  张三\x00 ", "subscribed_amount": "1,000,000", "paid_on": "2026/11/20"},
    )
    assert clean.details["shareholder"] == "张三"
    assert clean.details["subscribed_amount"] == "1000000.00"
    assert clean.details["paid_on"] == "2026-11-20"
    equity = _clean(ImmediateKind.EQUITY_CHANGE, {"ratio_before": "40.0000", "ratio_after": "0"})
    assert (equity.details["ratio_before"], equity.details["ratio_after"]) == ("40", "0")


C, E, L, P, X = (
    ImmediateKind.CONTRIBUTION,
    ImmediateKind.EQUITY_CHANGE,
    ImmediateKind.LICENCE,
    ImmediateKind.IP_PLEDGE,
    ImmediateKind.PENALTY,
)


@pytest.mark.parametrize(
    ("kind", "changes", "field", "says"),
    [
        # contribution
        (C, {"shareholder": ""}, "shareholder", "股东（发起人）：请填写"),
        (C, {"shareholder": "张" * 101}, "shareholder", "最多 100 个字"),
        (C, {"subscribed_amount": "一百万"}, "subscribed_amount", "请填写金额数字"),
        (C, {"subscribed_amount": "-5"}, "subscribed_amount", "不能为负数"),
        (C, {"subscribed_amount": "0"}, "subscribed_amount", "应大于 0"),
        (C, {"subscribed_amount": "1.005"}, "subscribed_amount", "最多两位小数"),
        (C, {"subscribed_amount": "NaN"}, "subscribed_amount", "请填写金额数字"),
        (C, {"subscribed_amount": "1e30"}, "subscribed_amount", "金额过大"),
        (C, {"subscribed_on": "2026-13-01"}, "subscribed_on", "年-月-日"),
        (C, {"subscribed_on": "明年"}, "subscribed_on", "年-月-日"),
        (C, {"subscribed_form": ""}, "subscribed_form", "请选择"),
        (C, {"subscribed_form": "labour"}, "subscribed_form", "不能作为出资方式"),
        (C, {"subscribed_form": "shares"}, "subscribed_form", "请从列表中选择"),
        (C, {"paid_amount": "1000000.01"}, "paid_amount", "不能超过认缴出资额"),
        (C, {"paid_on": ""}, "paid_on", "已填写实缴出资额"),
        (C, {"paid_form": ""}, "paid_form", "已填写实缴出资额"),
        (C, {"paid_amount": "0"}, "paid_amount", "请填写实缴出资额"),
        (C, {"paid_on": "2026-12-01"}, "paid_on", "不能晚于今天"),
        (C, {"paid_form": "goodwill"}, "paid_form", "不能作为出资方式"),
        # equity change
        (E, {"shareholder": " "}, "shareholder", "股东：请填写"),
        (E, {"ratio_before": "101"}, "ratio_before", "0 到 100 之间"),
        (E, {"ratio_after": "-1"}, "ratio_after", "0 到 100 之间"),
        (E, {"ratio_after": "25.12345"}, "ratio_after", "最多四位小数"),
        (E, {"ratio_after": "40.00"}, "ratio_after", "与变更前相同"),
        (E, {"changed_on": "2026-12-01"}, "changed_on", "不能晚于今天"),
        (E, {"changed_on": "2015-02-28"}, "changed_on", "不能早于企业成立日期（2015-03-01）"),
        (E, {"changed_on": ""}, "changed_on", "股权变更日期：请填写"),
        # licence
        (L, {"licence_name": ""}, "licence_name", "许可文件名称：请填写"),
        (L, {"licence_number": "J" * 61}, "licence_number", "最多 60 个字"),
        (L, {"authority": ""}, "authority", "许可机关：请填写"),
        (L, {"valid_from": "2026-12-01"}, "valid_from", "不能晚于今天"),
        (L, {"valid_from": "2014-01-01"}, "valid_from", "不能早于企业成立日期"),
        (L, {"valid_to": "2026-11-19"}, "valid_to", "不能早于有效期自（2026-11-20）"),
        (L, {"scope": "范" * 1001}, "scope", "最多 1000 个字"),
        # IP pledge
        (P, {"ip_kind": "domain"}, "ip_kind", "请从列表中选择"),
        (P, {"registration_number": ""}, "registration_number", "请填写"),
        (P, {"pledgor": ""}, "pledgor", "出质人：请填写"),
        (P, {"pledgee": ""}, "pledgee", "质权人：请填写"),
        (P, {"amount": "0"}, "amount", "应大于 0"),
        (P, {"amount": "abc"}, "amount", "请填写金额数字"),
        (P, {"period_from": "2027-01-01"}, "period_from", "不能晚于今天"),
        (P, {"period_to": "2026-11-01"}, "period_to", "不能早于质权登记期限自"),
        # penalty
        (X, {"decision_number": ""}, "decision_number", "行政处罚决定书文号：请填写"),
        (X, {"authority": ""}, "authority", "作出行政处罚决定机关名称：请填写"),
        (X, {"violation": ""}, "violation", "违法行为类型：请填写"),
        (X, {"content": ""}, "content", "行政处罚内容：请填写"),
        (X, {"decided_on": "2026-12-25"}, "decided_on", "不能晚于今天（2026-11-30）"),
        (X, {"decided_on": "2010-05-05"}, "decided_on", "不能早于企业成立日期"),
    ],
)
def test_validation_names_the_field_and_the_fix(
    kind: str, changes: dict[str, Any], field: str, says: str
) -> None:
    with pytest.raises(DetailsInvalidError) as caught:
        _clean(kind, changes)
    problems = {p.field: p.message for p in caught.value.problems}
    assert field in problems, problems
    assert says in problems[field], problems[field]


@pytest.mark.parametrize(
    ("occurred_on", "says"),
    [
        (None, "请填写该信息形成的日期"),
        ("", "请填写该信息形成的日期"),
        ("2026-02-30", "年-月-日"),
        ("2026-12-01", "不能晚于今天"),
        ("2015-02-01", "不能早于企业成立日期"),
    ],
)
def test_a_contribution_needs_its_own_occurred_date(occurred_on: Any, says: str) -> None:
    with pytest.raises(DetailsInvalidError) as caught:
        _clean(ImmediateKind.CONTRIBUTION, {}, occurred_on=occurred_on)
    problems = {p.field: p.message for p in caught.value.problems}
    assert says in problems[OCCURRED_ON]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(DetailsInvalidError) as caught:
        _clean(X, {"decision_number": "", "authority": "", "decided_on": "2030-01-01"})
    assert {p.field for p in caught.value.problems} == {
        "decision_number",
        "authority",
        "decided_on",
    }


def test_dates_that_lie_ahead_by_nature_may_be_in_the_future() -> None:
    """A subscription's due date and the ends of periods are not facts that happened."""
    _clean(C, {"subscribed_on": "2031-06-30"})
    _clean(L, {"valid_to": "2036-01-01"})
    _clean(P, {"period_to": "2030-01-01"})


def test_optional_fields_may_be_left_empty() -> None:
    clean = _clean(C, {"paid_amount": "", "paid_on": "", "paid_form": ""})
    assert "paid_amount" not in clean.details
    licence = _clean(L, {"valid_to": ""})
    assert [f.value for f in shown_details(L, licence.details) if f.name == "valid_to"] == ["长期"]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(DetailsInvalidError) as caught:
        clean_details("rumour", {}, established_on=ESTABLISHED, today=TODAY)
    assert caught.value.problems[0].field == "kind"


def test_shown_details_use_labels_and_units() -> None:
    clean = _clean(C, {})
    shown = {f.label: f.value for f in shown_details(C, clean.details)}
    assert shown["认缴出资额（元）"] == "1,000,000.00"
    assert shown["认缴出资方式"] == "货币"
    equity = {f.label: f.value for f in shown_details(E, _clean(E, {}).details)}
    assert equity["变更后股权比例（%）"] == "25.5%"
