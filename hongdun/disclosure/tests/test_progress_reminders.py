"""The annual-report reminder (docs/rules/disclosure.md §2.6): not before the N-day mark, once at
it, never again, not to enterprises that filed or left, to every live authorised user; the
command and the task; two runs at once on PostgreSQL send it once."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from hongdun.accounts.roles import Role
from hongdun.core.models import Notification
from hongdun.disclosure.models import AnnualReport, ReportReminder
from hongdun.disclosure.reminders import (
    FILING_URL,
    reminder_year,
    reminders_send,
    send_annual_report_reminders,
)
from hongdun.disclosure.tests.factories_progress import YEAR, authorise, filing_register
from hongdun.testing.race import race_same

# The deadline of the 2025 reports is 2026-06-30; 30 days before it is 2026-05-31.
MARK = date(2026, 5, 31)
DAY_BEFORE_MARK = date(2026, 5, 30)


@pytest.fixture
def reminder_days(settings):
    settings.HONGDUN = {**settings.HONGDUN, "ANNUAL_REPORT_REMINDER_DAYS": 30}


@pytest.fixture
def portal_users(bureau, make_user, reminder_days):
    """Every enterprise of the fixture with one authorised user; the draft holder with two."""
    filings = filing_register(bureau)
    users = {}
    for name in vars(filings):
        enterprise = getattr(filings, name)
        users[name] = make_user(Role.APPLICANT)
        authorise(enterprise, users[name])
    users["draft_only_agent"] = make_user(Role.APPLICANT)
    authorise(filings.draft_only, users["draft_only_agent"])
    # A revoked authorisation and an expired one notify nobody.
    authorise(filings.no_report, make_user(Role.APPLICANT), revoked_at="2026-01-05T00:00:00Z")
    authorise(filings.no_report, make_user(Role.APPLICANT), valid_until=date(2026, 5, 1))
    return filings, users


# Owing 2025, 存续, not filed: no report, draft only, filed 2024 only, and Jiuyuan's.
REMINDED = {"no_report", "draft_only", "other_year_only", "out_of_scope"}


def _notified(users) -> set[str]:
    by_id = {user.pk: name for name, user in users.items()}
    return {by_id[n.user_id] for n in Notification.objects.all()}


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 1, 1), None),
        (DAY_BEFORE_MARK, None),
        (MARK, YEAR),
        (date(2026, 6, 30), YEAR),
        (date(2026, 7, 1), None),
        (date(2025, 12, 31), None),
    ],
)
def test_reminder_year(db, reminder_days, today, year):
    assert reminder_year(today) == year


@pytest.mark.django_db
def test_not_sent_before_the_mark(portal_users):
    result = reminders_send(today=DAY_BEFORE_MARK)
    assert (result.year, result.enterprises, result.notices) == (None, 0, 0)
    assert not Notification.objects.exists()
    assert not ReportReminder.objects.exists()


@pytest.mark.django_db
def test_sent_once_at_the_mark_to_those_who_have_not_filed(portal_users):
    filings, users = portal_users
    result = reminders_send(today=MARK)
    assert (result.year, result.enterprises, result.notices) == (YEAR, 4, 5)
    assert _notified(users) == REMINDED | {"draft_only_agent"}
    reminders = ReportReminder.objects.filter(year=YEAR)
    assert {r.enterprise_id for r in reminders} == {getattr(filings, n).pk for n in REMINDED}
    assert {r.recipients for r in reminders if r.enterprise_id == filings.draft_only.pk} == {2}
    notice = Notification.objects.filter(user=users["no_report"]).get()
    assert "2025" in notice.title
    assert "2026-06-30" in notice.title
    assert filings.no_report.name in notice.body
    assert filings.no_report.uscc in notice.body
    assert notice.url == FILING_URL
    # The started report shows when it was reminded.
    draft = AnnualReport.objects.get(enterprise=filings.draft_only, year=YEAR)
    assert draft.reminder_sent_at is not None


@pytest.mark.django_db
def test_not_again_on_a_second_run_or_a_later_day(portal_users):
    reminders_send(today=MARK)
    again = reminders_send(today=MARK)
    later = reminders_send(today=date(2026, 6, 20))
    assert (again.enterprises, later.enterprises) == (0, 0)
    assert Notification.objects.count() == 5


@pytest.mark.django_db
def test_a_late_run_catches_up_within_the_window(portal_users):
    _filings, users = portal_users
    assert reminders_send(today=date(2026, 6, 30)).enterprises == 4
    assert reminders_send(today=date(2026, 7, 1)).year is None
    assert _notified(users) == REMINDED | {"draft_only_agent"}


@pytest.mark.django_db
def test_an_enterprise_that_files_before_the_mark_is_not_reminded(portal_users):
    filings, users = portal_users
    AnnualReport.objects.filter(enterprise=filings.draft_only, year=YEAR).update(
        first_submitted_at="2026-05-20T02:00:00Z"
    )
    reminders_send(today=MARK)
    assert "draft_only" not in _notified(users)
    assert "draft_only_agent" not in _notified(users)


@pytest.mark.django_db
def test_small_batches_send_the_same(portal_users):
    result = reminders_send(today=MARK, batch_size=1)
    assert (result.enterprises, result.notices) == (4, 5)


@pytest.mark.django_db
def test_command_and_task(portal_users, capsys):
    call_command("send_annual_report_reminders", "--today", "2026-05-30")
    assert "no reminder due" in capsys.readouterr().out
    call_command("send_annual_report_reminders", "--today", "2026-05-31")
    assert "reminded 4 enterprise(s), 5 notice(s)" in capsys.readouterr().out
    result = send_annual_report_reminders.enqueue("2026-06-01")
    assert result.return_value == {"year": YEAR, "enterprises": 0, "notices": 0}
    assert Notification.objects.count() == 5


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; in-memory SQLite serialises all access",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_once(portal_users):
    outcome = race_same(2, lambda: reminders_send(today=MARK, batch_size=2))
    assert outcome.failed == []
    assert sum(run.enterprises for run in outcome.won) == 4
    assert sum(run.notices for run in outcome.won) == 5
    assert Notification.objects.count() == 5
    assert ReportReminder.objects.count() == 4
