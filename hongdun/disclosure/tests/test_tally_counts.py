"""The maintained filing-progress tally (docs/rules/disclosure.md §2.4) equals the grouped query
over the register for every year and every scope, after any sequence of registrations, online
and paper filings, corrections and departures (a fixed-seed random sequence, checked after each
step); it is built once, on the first read of a year whose window has opened."""

import random
from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.disclosure.models import AnnualReport, FilingTally, FilingTallyYear
from hongdun.disclosure.progress import (
    filing_progress,
    progress_counts,
    progress_counts_grouped,
    progress_grouped,
)
from hongdun.disclosure.services import (
    ReportContent,
    annual_report_correct,
    annual_report_paper_record,
    annual_report_submit,
)
from hongdun.disclosure.tally import filing_tallies_invalidate, filing_tally_rebuild
from hongdun.disclosure.tests.factories_progress import YEAR
from hongdun.disclosure.tests.factories_reports import (
    authorise,
    company,
    complete_content,
    short_form_content,
)
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.services import enterprise_registration_revoke, enterprise_status_change
from hongdun.enterprises.tests.factories import register

pytestmark = pytest.mark.django_db

SEED = 20261207
STEPS = 60
HAN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def _sorted(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(
        (r["registration_authority_id"], r["enterprise_type"], r["due"], r["on_time"], r["late"])
        for r in rows
    )


def _assert_tally_exact(users: list[User], years: range, authorities: list[Any]) -> None:
    for year in years:
        if FilingTallyYear.objects.filter(year=year).exists():
            cells = sorted(
                FilingTally.objects.filter(year=year).values_list(
                    "authority_id", "enterprise_type", "due", "filed_on_time", "filed_late"
                )
            )
            assert [c for c in cells if c[2]] == _sorted(progress_grouped(year=year)), year
        for user in users:
            assert _sorted(progress_counts(user=user, year=year)) == _sorted(
                progress_counts_grouped(user=user, year=year)
            ), (year, user.username)
        for authority in authorities:
            admin = users[0]
            assert _sorted(progress_counts(user=admin, year=year, authority=authority)) == (
                _sorted(progress_counts_grouped(user=admin, year=year, authority=authority))
            ), (year, authority)


def test_random_operations_keep_the_tally_exact(open_window, bureau, make_user):
    rng = random.Random(SEED)
    today = timezone.localdate()
    authorities = [bureau["kundulun"], bureau["jiuyuan"], bureau["baotou"]]
    readers = [
        make_user(Role.ADMINISTRATOR, bureau["baotou"]),
        make_user(Role.LEADER, bureau["baotou"]),
        make_user(Role.SUPERVISOR, bureau["kundulun"]),
        make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
        make_user(Role.REGISTRAR, bureau["kundulun"]),
        make_user(Role.APPLICANT),
    ]
    clerk = make_user(Role.SUPERVISOR, bureau["baotou"])
    registrar = make_user(Role.REGISTRAR, bureau["baotou"])
    years = range(open_window - 3, open_window + 2)  # the last one's window has not opened
    filers: dict[int, User] = {}
    counter = iter(range(10_000))

    def new_enterprise(established: date | None = None) -> Enterprise:
        n = next(counter)
        name = f"包头市{HAN[n % len(HAN)]}{HAN[n // len(HAN) % len(HAN)]}测试商贸有限公司"
        unit = rng.choice(authorities)
        when = established or rng.choice(
            [date(2015, 3, 1), date(open_window - 1, 6, 1), date(open_window, 8, 1), today]
        )
        if rng.random() < 0.3:
            enterprise = register(
                name.replace("商贸有限公司", "小吃店"),
                unit,
                enterprise_type=EnterpriseType.INDIVIDUAL_BUSINESS,
                registered_capital=None,
                established_on=when,
            )
        else:
            enterprise = company(unit, name=name, established_on=when)
        user = make_user(Role.APPLICANT)
        authorise(user, enterprise)
        filers[enterprise.pk] = user
        return enterprise

    for _ in range(12):  # the register before anything is counted
        new_enterprise(date(2015, 3, 1) if rng.random() < 0.5 else None)

    def content_for(enterprise: Enterprise) -> ReportContent:
        if enterprise.enterprise_type == EnterpriseType.INDIVIDUAL_BUSINESS:
            return short_form_content()
        return complete_content()

    def some_enterprise() -> Enterprise:
        return rng.choice(list(Enterprise.objects.order_by("pk")))

    def submit_online() -> None:
        enterprise = some_enterprise()
        annual_report_submit(
            user=filers[enterprise.pk],
            enterprise=enterprise,
            year=open_window,
            content=content_for(enterprise),
        )

    def paper() -> None:
        enterprise = some_enterprise()
        annual_report_paper_record(
            clerk=clerk,
            enterprise=enterprise,
            year=rng.choice([open_window, open_window - 1, open_window - 2]),
            content=content_for(enterprise),
        )

    def correct() -> None:
        filed = AnnualReport.objects.filter(first_submitted_at__isnull=False, year=open_window)
        report = rng.choice(list(filed) or [None])
        if report is None:
            return
        annual_report_correct(
            user=filers[report.enterprise_id],
            enterprise=report.enterprise,
            year=open_window,
            note="更正联系电话",
            content=content_for(report.enterprise),
        )

    def depart() -> None:
        enterprise = some_enterprise()
        when = rng.choice(
            [today, date(open_window, 3, 1), date(open_window + 1, 2, 1), enterprise.established_on]
        )
        when = max(when, enterprise.established_on)
        if rng.random() < 0.25:
            enterprise_registration_revoke(
                registrar=registrar,
                enterprise=enterprise,
                decided_on=min(when, today),
                document_number="包市监撤字〔2026〕1号",
                reason="提交虚假材料取得登记",
            )
            return
        status = rng.choice(
            [
                EnterpriseStatus.DEREGISTERED,
                EnterpriseStatus.LICENCE_REVOKED,
                EnterpriseStatus.MOVED_OUT,
            ]
        )
        enterprise_status_change(
            acting_user=None, enterprise=enterprise, status=status, effective_on=min(when, today)
        )

    def read() -> None:
        progress_counts(user=rng.choice(readers), year=rng.choice(list(years)))

    operations: list[tuple[Callable[[], Any], int]] = [
        (new_enterprise, 2),
        (submit_online, 4),
        (paper, 3),
        (correct, 2),
        (depart, 2),
        (read, 2),
    ]
    done = {op.__name__: 0 for op, _weight in operations}
    for _step in range(STEPS):
        (operation,) = rng.choices(
            [op for op, _w in operations], weights=[w for _op, w in operations]
        )
        try:
            operation()
            done[operation.__name__] += 1
        except ApplicationError:
            pass  # refused (not due, already filed, left the register): nothing changed
        _assert_tally_exact(readers, years, authorities)
    # The sequence did exercise every kind of step, and counted years were moved by filings.
    assert all(done.values()), done
    assert set(FilingTallyYear.objects.values_list("year", flat=True)) == set(years) - {
        open_window + 1
    }
    assert AnnualReport.objects.filter(first_submitted_at__isnull=False).count() >= 5


def test_first_read_builds_once_then_reads_only_the_tally(role_users, filings):
    user = role_users[Role.ADMINISTRATOR]
    assert not FilingTallyYear.objects.filter(year=YEAR).exists()
    built = progress_counts(user=user, year=YEAR)
    assert FilingTallyYear.objects.filter(year=YEAR).count() == 1
    with CaptureQueriesContext(connection) as captured:
        again = progress_counts(user=user, year=YEAR)
    assert again == built
    assert not [q for q in captured if "enterprises_enterprise" in q["sql"]]
    assert [q for q in captured if "disclosure_filingtally" in q["sql"]]


def test_a_year_not_yet_open_is_counted_live(role_users, filings):
    user = role_users[Role.ADMINISTRATOR]
    progress = filing_progress(user=user, year=YEAR, today=date(YEAR, 12, 31))
    assert (progress.total.due, progress.total.on_time, progress.total.late) == (7, 1, 1)
    assert not FilingTallyYear.objects.exists()  # read from the register, nothing built


def test_rebuild_replaces_a_stale_tally_and_invalidate_forgets_it(role_users, filings):
    user = role_users[Role.ADMINISTRATOR]
    expected = _sorted(progress_counts(user=user, year=YEAR))
    FilingTally.objects.filter(year=YEAR).update(due=999)  # a tally gone wrong
    out = StringIO()
    call_command("rebuild_filing_tallies", "--year", str(YEAR), stdout=out)
    assert f"report year {YEAR}" in out.getvalue()
    assert _sorted(progress_counts(user=user, year=YEAR)) == expected
    assert filing_tally_rebuild(YEAR) == len(expected)
    filing_tallies_invalidate()
    assert not FilingTally.objects.exists()
    assert _sorted(progress_counts(user=user, year=YEAR)) == expected


def test_the_command_rebuilds_counted_years_and_skips_unopened(role_users, filings):
    progress_counts(user=role_users[Role.ADMINISTRATOR], year=YEAR - 1)
    out = StringIO()
    call_command("rebuild_filing_tallies", stdout=out)
    assert f"report year {YEAR - 1}" in out.getvalue()
    out = StringIO()
    call_command("rebuild_filing_tallies", "--year", str(timezone.localdate().year), stdout=out)
    assert "has not opened" in out.getvalue()


def test_a_filer_that_does_not_owe_the_year_is_not_counted(open_window, bureau, make_user):
    # Licence revoked (吊销) before the window opened: it may still file, but it does not owe
    # the report, so filing progress counts it neither as due nor as filed.
    owing = company(bureau["kundulun"], name="包头市甲甲机械有限公司")
    revoked = company(bureau["kundulun"], name="包头市乙乙机械有限公司")
    enterprise_status_change(
        acting_user=None,
        enterprise=revoked,
        status=EnterpriseStatus.LICENCE_REVOKED,
        effective_on=date(open_window, 3, 1),
    )
    admin = make_user(Role.ADMINISTRATOR, bureau["baotou"])
    clerk = make_user(Role.SUPERVISOR, bureau["baotou"])
    before = _sorted(progress_counts(user=admin, year=open_window))
    for enterprise in (revoked, owing):
        annual_report_paper_record(
            clerk=clerk, enterprise=enterprise, year=open_window, content=complete_content()
        )
    after = _sorted(progress_counts(user=admin, year=open_window))
    assert after == _sorted(progress_counts_grouped(user=admin, year=open_window))
    ((authority, kind, due, on_time, late),) = after
    assert (due, on_time, late) == (1, 1, 0)
    assert before == [(authority, kind, 1, 0, 0)]
