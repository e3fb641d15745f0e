"""Filing progress counts on a register with every status (docs/rules/disclosure.md §2.4): who is
due, filed on time, filed late, not filed; scope; the list of those not filed."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hongdun.accounts.roles import Role
from hongdun.disclosure.engine.window import FilingState
from hongdun.disclosure.progress import (
    filing_progress,
    latest_open_year,
    not_filed,
    open_window_year,
    progress_counts,
)
from hongdun.disclosure.tests.factories_progress import YEAR
from hongdun.enterprises.choices import EnterpriseType

pytestmark = pytest.mark.django_db


def _totals(progress):
    total = progress.total
    return (total.due, total.on_time, total.late, total.not_filed, total.rate)


def test_district_supervisor_counts_their_subtree(role_users, filings, bureau):
    progress = filing_progress(user=role_users[Role.SUPERVISOR], year=YEAR, today=date(2026, 12, 7))
    # Due: on time, late, no report, draft only, left during the window, filed another year.
    # Not due: established in 2026, deregistered before the window; Jiuyuan's is out of reach.
    assert _totals(progress) == (6, 1, 1, 4, 33.3)
    assert progress.state == FilingState.CLOSED
    assert [(row.key, row.due, row.not_filed) for row in progress.by_authority] == [
        (bureau["kundulun"].pk, 6, 4)
    ]
    by_type = {row.key: (row.due, row.on_time, row.late, row.not_filed) for row in progress.by_type}
    assert by_type == {
        EnterpriseType.LLC: (5, 1, 1, 3),
        EnterpriseType.INDIVIDUAL_BUSINESS: (1, 0, 0, 1),
    }


def test_city_wide_readers_count_every_authority(role_users, filings, bureau):
    for role in (Role.ADMINISTRATOR, Role.LEADER):
        progress = filing_progress(user=role_users[role], year=YEAR)
        assert _totals(progress) == (7, 1, 1, 5, 28.6), role
        assert {row.key: row.due for row in progress.by_authority} == {
            bureau["kundulun"].pk: 6,
            bureau["jiuyuan"].pk: 1,
        }


def test_one_authority_of_the_reach(role_users, filings, bureau):
    admin = role_users[Role.ADMINISTRATOR]
    progress = filing_progress(user=admin, year=YEAR, authority=bureau["jiuyuan"])
    assert _totals(progress) == (1, 0, 0, 1, 0.0)


def test_an_earlier_year_counts_its_own_reports(role_users, filings):
    # 2024: the 2024 reports of "on time" and "other year"; "no report" (2020), "draft only"
    # (2019) and the two that left later owed it too; the late filer's 2025 report is not 2024's.
    progress = filing_progress(user=role_users[Role.SUPERVISOR], year=2024)
    assert _totals(progress) == (7, 2, 0, 5, 28.6)


def test_the_counts_are_one_grouped_query(role_users, filings):
    user = role_users[Role.ADMINISTRATOR]
    with CaptureQueriesContext(connection) as captured:
        rows = progress_counts(user=user, year=YEAR)
    # Besides the user's roles: one query over the register, grouped, joined to the reports.
    (query,) = [q["sql"] for q in captured if "enterprises_enterprise" in q["sql"]]
    assert "GROUP BY" in query
    assert "LEFT OUTER JOIN" in query
    assert sum(row["due"] for row in rows) == 7


def test_wrong_role_and_anonymous_count_nothing(role_users, filings):
    for user in (role_users[Role.APPLICANT], role_users[Role.PERSONNEL], role_users["no_role"]):
        assert _totals(filing_progress(user=user, year=YEAR)) == (0, 0, 0, 0, None)


def test_nothing_due_has_no_rate(role_users, bureau):
    progress = filing_progress(user=role_users[Role.SUPERVISOR], year=YEAR)
    assert progress.total.rate is None
    assert progress.by_type == []


def test_not_filed_list(role_users, filings, jiuyuan_supervisor):
    rows = not_filed(user=role_users[Role.SUPERVISOR], year=YEAR)
    names = {row.name for row in rows}
    assert names == {
        filings.no_report.name,
        filings.draft_only.name,
        filings.left_during.name,
        filings.other_year_only.name,
    }
    drafts = {row.name: getattr(row, "has_draft") for row in rows}  # noqa: B009
    assert drafts[filings.draft_only.name] is True
    assert drafts[filings.no_report.name] is False
    assert [row.name for row in not_filed(user=jiuyuan_supervisor, year=YEAR)] == [
        filings.out_of_scope.name
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"enterprise_type": EnterpriseType.INDIVIDUAL_BUSINESS}, {"no_report"}),
        ({"established_from": date(2019, 1, 1)}, {"no_report", "draft_only"}),
        ({"established_to": date(2019, 12, 31)}, {"draft_only", "left_during", "other_year_only"}),
        (
            {"established_from": date(2019, 4, 1), "established_to": date(2019, 4, 1)},
            {"draft_only"},
        ),
    ],
)
def test_not_filed_filters(role_users, filings, filters, expected):
    rows = not_filed(user=role_users[Role.SUPERVISOR], year=YEAR, **filters)
    assert {row.name for row in rows} == {getattr(filings, key).name for key in expected}


def test_not_filed_by_authority_outside_the_reach_is_empty(role_users, filings, bureau):
    rows = not_filed(user=role_users[Role.SUPERVISOR], year=YEAR, authority=bureau["jiuyuan"])
    assert list(rows) == []


@pytest.mark.parametrize(
    ("today", "latest", "open_year"),
    [
        (date(2026, 12, 31), 2025, None),
        (date(2027, 1, 1), 2026, 2026),
        (date(2027, 6, 30), 2026, 2026),
        (date(2027, 7, 1), 2026, None),
    ],
)
def test_default_and_open_years(today, latest, open_year):
    assert latest_open_year(today) == latest
    assert open_window_year(today) == open_year


def _naive(year):
    """The rule read one enterprise at a time (the loop the grouped query replaces)."""
    from hongdun.disclosure.engine.window import window
    from hongdun.disclosure.models import AnnualReport
    from hongdun.enterprises.models import Enterprise

    opens, _closes = window(year)
    due = on_time = late = 0
    for enterprise in Enterprise.objects.all():
        if enterprise.established_on.year > year:
            continue
        if enterprise.status != "active" and not (
            enterprise.status_date and enterprise.status_date >= opens
        ):
            continue
        due += 1
        filed = AnnualReport.objects.filter(
            enterprise=enterprise, year=year, first_submitted_at__isnull=False
        ).first()
        if filed is not None:
            late += filed.filed_late
            on_time += not filed.filed_late
    return due, on_time, late


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_the_grouped_query_agrees_with_the_rule_read_one_by_one(role_users, filings, year):
    progress = filing_progress(user=role_users[Role.ADMINISTRATOR], year=year)
    assert (progress.total.due, progress.total.on_time, progress.total.late) == _naive(year)
