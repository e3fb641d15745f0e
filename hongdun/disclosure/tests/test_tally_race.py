"""The filing-progress tally under concurrency (PostgreSQL: the in-memory SQLite test database
serialises all access): many first readers build it once; filings racing the build are each
counted exactly once."""

import pytest

from hongdun.accounts.roles import Role
from hongdun.disclosure.models import FilingTally, FilingTallyYear
from hongdun.disclosure.progress import progress_counts, progress_grouped
from hongdun.disclosure.services import annual_report_submit
from hongdun.disclosure.tests.factories_reports import authorise, company, complete_content
from hongdun.testing.race import needs_concurrent_connections, race

HAN = "甲乙丙丁戊己庚辛壬癸"


def _cells(year):
    return sorted(
        FilingTally.objects.filter(year=year).values_list(
            "authority_id", "enterprise_type", "due", "filed_on_time", "filed_late"
        )
    )


def _grouped(year):
    return sorted(
        (r["registration_authority_id"], r["enterprise_type"], r["due"], r["on_time"], r["late"])
        for r in progress_grouped(year=year)
    )


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_first_readers_at_once_build_the_tally_once(open_window, bureau, make_user):
    for n in range(3):
        company(bureau["kundulun"], name=f"包头市{HAN[n]}{HAN[n]}机械有限公司")
    company(bureau["jiuyuan"], name="包头市九原甲乙有限公司")
    leader = make_user(Role.LEADER, bureau["baotou"])

    outcome = race([lambda: progress_counts(user=leader, year=open_window)] * 6)
    assert outcome.failed == []
    assert len(outcome.won) == 6
    assert all(sorted(map(str, won)) == sorted(map(str, outcome.won[0])) for won in outcome.won)
    assert FilingTallyYear.objects.filter(year=open_window).count() == 1
    assert _cells(open_window) == _grouped(open_window)
    assert sum(cell[2] for cell in _cells(open_window)) == 4


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_filings_racing_the_build_are_counted_once(open_window, bureau, make_user):
    leader = make_user(Role.LEADER, bureau["baotou"])
    filers = []
    for n in range(4):
        enterprise = company(bureau["kundulun"], name=f"包头市{HAN[n]}{HAN[n + 1]}商贸有限公司")
        user = make_user(Role.APPLICANT)
        authorise(user, enterprise)
        filers.append((user, enterprise))

    def filing(user, enterprise):
        return lambda: (
            annual_report_submit(
                user=user, enterprise=enterprise, year=open_window, content=complete_content()
            ).pk
        )

    readers = [lambda: progress_counts(user=leader, year=open_window)] * 3
    outcome = race([*readers, *(filing(u, e) for u, e in filers)])
    assert outcome.failed == []
    assert outcome.refused == []
    assert _cells(open_window) == _grouped(open_window)
    ((_authority, _type, due, on_time, late),) = _cells(open_window)
    assert (due, on_time, late) == (4, 4, 0)
