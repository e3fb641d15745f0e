"""The monthly reclassification end to end (docs/rules/credit.md §3): classes, distribution, moves
and their reasons, refusals, a failed run that leaves the previous month in force, re-runs from the
stored inputs, the scheduled step and the command."""

from dataclasses import dataclass
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.credit.choices import Override, RunStatus
from hongdun.credit.models import Classification, ClassificationRun, CreditScheme
from hongdun.credit.selectors_runs import (
    current_classification,
    current_run,
    enterprise_history,
    failed_since_current,
    move_reason_label,
)
from hongdun.credit.services_runs import reclassification_step, reclassify, rerun
from hongdun.credit.tests.factories_runs import (
    TEST_DEFINITION,
    contribution,
    filed_on_time,
    firm,
    make_scheme,
)
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.supervision import jobs
from hongdun.supervision.choices import JobName, ListingStatus
from hongdun.supervision.models import AbnormalListing, ScheduledRun
from hongdun.supervision.tests.factories_jobs import abnormal, serious

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 15)
JUNE = date(2026, 6, 1)
JULY = date(2026, 7, 1)
BAD_DEFINITION = {"weights": {"no_such_indicator": 100}, "thresholds": {"A": 15, "B": 35, "C": 55}}


@dataclass
class Register:
    scheme: CreditScheme
    clean: Enterprise
    late: Enterprise
    listed: Enterprise
    serious: Enterprise
    revoked: Enterprise

    def all(self) -> list[Enterprise]:
        return [self.clean, self.late, self.listed, self.serious, self.revoked]


def _paid(enterprise: Enterprise) -> Enterprise:
    contribution(enterprise, subscribed="100", paid="100")
    return enterprise


@pytest.fixture
def register(bureau) -> Register:
    """Five enterprises and the test scheme (factories_runs.TEST_DEFINITION): as of 1 June the
    report windows of 2022–2024 count, as of 1 July those of 2023–2025."""
    scheme = make_scheme()
    clean = _paid(firm(bureau))
    filed_on_time(clean, (2022, 2023, 2024, 2025))
    late = _paid(firm(bureau))
    filed_on_time(late, (2022, 2023, 2024))  # 2025 never filed: 1 of 3 missing in July → B
    listed = _paid(firm(bureau))
    filed_on_time(listed, (2022, 2023, 2024, 2025))
    abnormal(listed, reason=3, listed_on=date(2026, 6, 10))  # on the list in July → C
    on_serious = _paid(firm(bureau))
    filed_on_time(on_serious, (2022, 2023, 2024, 2025))
    serious(on_serious, listed_on=date(2025, 1, 1))
    revoked = _paid(firm(bureau))
    filed_on_time(revoked, (2022, 2023, 2024, 2025))
    Enterprise.objects.filter(pk=revoked.pk).update(
        status=EnterpriseStatus.LICENCE_REVOKED, status_date=date(2026, 1, 10)
    )
    return Register(scheme, clean, late, listed, on_serious, revoked)


def _classes(run: ClassificationRun) -> dict[int, tuple[str, str]]:
    return {
        row.enterprise_id: (row.risk_class, row.override)
        for row in Classification.objects.filter(run=run)
    }


def _two_months(register: Register) -> tuple[ClassificationRun, ClassificationRun]:
    june = reclassify(JUNE, today=TODAY)
    july = reclassify(JULY, today=TODAY)
    assert (june.status, july.status) == (RunStatus.SUCCEEDED, RunStatus.SUCCEEDED)
    return june, july


# --- classes, distribution, moves and reasons ----------------------------------------------------


def test_two_months_classify_everyone_and_explain_the_moves(register, make_user):
    user = make_user("administrator")
    june = reclassify(JUNE, today=TODAY, triggered_by=user)
    assert june.status == RunStatus.SUCCEEDED
    assert june.as_of == JUNE  # a past month: its first day
    assert june.scheme == register.scheme
    assert june.previous is None
    assert june.counts == {"A": 3, "B": 0, "C": 0, "D": 2}
    assert (june.moves, june.move_reasons) == ({}, {})
    assert _classes(june) == {
        register.clean.pk: ("A", ""),
        register.late.pk: ("A", ""),
        register.listed.pk: ("A", ""),
        register.serious.pk: ("D", Override.SERIOUS_LIST),
        register.revoked.pk: ("D", Override.LICENCE_REVOKED),
    }

    july = reclassify(JULY, as_of=date(2026, 7, 3), today=TODAY, triggered_by=user)
    assert july.status == RunStatus.SUCCEEDED
    assert (july.as_of, july.previous, july.triggered_by) == (date(2026, 7, 3), june, user)
    assert july.counts == {"A": 1, "B": 1, "C": 1, "D": 2}
    assert july.moves == {"A>B": 1, "A>C": 1}
    assert july.move_reasons == {"A>B": {"filing": 1}, "A>C": {"abnormal_list": 1}}
    assert _classes(july)[register.late.pk] == ("B", "")
    assert _classes(july)[register.listed.pk] == ("C", Override.ABNORMAL_LIST)
    late = Classification.objects.get(run=july, enterprise=register.late)
    assert (late.reports_due, late.reports_missing, late.score) == (3, 1, 20.0)
    assert late.paid_in_ratio == 1.0
    assert current_run() == july
    assert failed_since_current() is None
    assert list(
        AuditLog.objects.filter(action="credit.run.succeeded")
        .order_by("pk")
        .values_list("object_id", flat=True)
    ) == [str(june.pk), str(july.pk)]


def test_an_enterprise_history_lists_its_months_newest_first(register):
    june, july = _two_months(register)
    rows = list(enterprise_history(register.late))
    assert [(row.run, row.risk_class, row.run.scheme.version) for row in rows] == [
        (july, "B", 1),
        (june, "A", 1),
    ]
    in_force = current_classification(register.late)
    assert in_force is not None
    assert in_force.risk_class == "B"
    assert in_force == current_classification(register.late.pk)
    assert in_force.run == july


def test_a_move_the_inputs_do_not_explain_is_put_down_to_the_scheme(register):
    reclassify(JUNE, today=TODAY)
    make_scheme({**TEST_DEFINITION, "revoked_class": "C"}, version=2)
    # Nothing changed for the revoked enterprise but the class its override gives.
    july = reclassify(JULY, as_of=JULY, today=TODAY)
    assert july.scheme.version == 2
    assert july.moves["D>C"] == 1
    assert july.move_reasons["D>C"] == {"scheme": 1}
    assert move_reason_label("scheme") == "分类方案调整"
    assert move_reason_label("abnormal_list") == "列入经营异常名录"
    assert move_reason_label("filing") == "年报报送"


def test_a_first_run_without_a_scheme_creates_the_default_one(bureau):
    filed_on_time(firm(bureau), (2023, 2024, 2025))
    assert not CreditScheme.objects.exists()
    run = reclassify(JULY, today=TODAY)
    assert run.status == RunStatus.SUCCEEDED
    assert run.scheme.is_active
    assert run.scheme.version == 1
    assert sum(run.counts.values()) == 1


# --- refusals ------------------------------------------------------------------------------------


def test_a_month_is_classified_once(register):
    reclassify(JUNE, today=TODAY)
    with pytest.raises(ApplicationError, match="2026年6月的信用风险分类已于") as refused:
        reclassify(date(2026, 6, 20), today=TODAY)
    assert refused.value.field == "month"
    assert ClassificationRun.objects.count() == 1


def test_a_second_run_is_refused_while_one_runs(register):
    ClassificationRun.objects.create(
        month=JUNE, as_of=JUNE, scheme=register.scheme, status=RunStatus.RUNNING
    )
    with pytest.raises(ApplicationError, match="正在运行") as refused:
        reclassify(JULY, today=TODAY)
    assert refused.value.field == "month"
    assert ClassificationRun.objects.count() == 1
    assert not Classification.objects.exists()


def test_a_run_left_running_by_a_dead_process_is_marked_failed(register):
    stale = ClassificationRun.objects.create(
        month=JUNE, as_of=JUNE, scheme=register.scheme, status=RunStatus.RUNNING
    )
    ClassificationRun.objects.filter(pk=stale.pk).update(
        started_at=timezone.now() - timedelta(hours=7)
    )
    july = reclassify(JULY, today=TODAY)
    assert july.status == RunStatus.SUCCEEDED
    stale.refresh_from_db()
    assert stale.status == RunStatus.FAILED
    assert "运行中断" in stale.error


@pytest.mark.parametrize(
    ("month", "as_of", "field", "message"),
    [
        (date(2026, 8, 1), None, "month", "尚未开始的月份"),
        (JULY, date(2026, 6, 30), "as_of", "数据截止日须在2026年7月内"),
        (JULY, date(2026, 7, 16), "as_of", "不晚于今天"),
        (JUNE, date(2026, 7, 1), "as_of", "2026-06-01至2026-06-30"),
    ],
)
def test_a_month_or_day_out_of_range_is_refused(register, month, as_of, field, message):
    with pytest.raises(ApplicationError, match=message) as refused:
        reclassify(month, as_of=as_of, today=TODAY)
    assert refused.value.field == field
    assert not ClassificationRun.objects.exists()


# --- failure -------------------------------------------------------------------------------------


def test_a_failed_run_leaves_the_previous_month_in_force(register):
    june = reclassify(JUNE, today=TODAY)
    make_scheme(BAD_DEFINITION, version=2)
    july = reclassify(JULY, today=TODAY)
    assert july.status == RunStatus.FAILED
    assert "no_such_indicator" in july.error
    assert july.finished_at is not None
    assert not Classification.objects.filter(run=july).exists()
    assert current_run() == june
    assert failed_since_current() == july
    in_force = current_classification(register.late)
    assert in_force is not None
    assert in_force.run == june
    assert AuditLog.objects.filter(action="credit.run.failed", object_id=str(july.pk)).exists()
    # Mended, the month runs: a failed run does not count as the month's classes.
    make_scheme(version=3)
    again = reclassify(JULY, today=TODAY)
    assert again.status == RunStatus.SUCCEEDED
    assert again.previous == june
    assert current_run() == again
    assert failed_since_current() is None


# --- re-runs -------------------------------------------------------------------------------------


def test_a_rerun_gives_the_same_classes_and_scores(register):
    _june, july = _two_months(register)
    report = rerun(july)
    assert (report.compared, report.identical, report.different) == (5, 5, 0)
    assert report.same
    assert report.differences == []


def test_a_rerun_reads_the_stored_inputs_not_todays_records(register):
    _june, july = _two_months(register)
    # Later records: the clean enterprise goes on the serious list, the listed one is removed.
    serious(register.clean, listed_on=date(2026, 7, 10))
    AbnormalListing.objects.filter(enterprise=register.listed).update(
        status=ListingStatus.REMOVED, removed_on=date(2026, 7, 12)
    )
    assert rerun(july).same
    # The scheme in force changes too: the run keeps its own version.
    make_scheme({**BAD_DEFINITION}, version=2)
    assert rerun(july).same


def test_a_rerun_reports_a_stored_class_that_differs(register):
    _june, july = _two_months(register)
    Classification.objects.filter(run=july, enterprise=register.clean).update(risk_class="C")
    report = rerun(july)
    assert (report.identical, report.different) == (4, 1)
    (difference,) = report.differences
    assert (difference.enterprise_id, difference.uscc) == (register.clean.pk, register.clean.uscc)
    assert (difference.stored_class, difference.rerun_class) == ("C", "A")
    assert not report.same


def test_a_failed_run_cannot_be_rerun(register):
    make_scheme(BAD_DEFINITION, version=2)
    failed = reclassify(JULY, today=TODAY)
    with pytest.raises(ApplicationError, match="未完成"):
        rerun(failed)


# --- the scheduled step --------------------------------------------------------------------------


def test_the_step_is_registered():
    assert jobs.STEPS[JobName.CREDIT_RECLASSIFICATION] is reclassification_step


def test_the_step_runs_from_the_reclassification_day(register, settings):
    settings.HONGDUN = {**settings.HONGDUN, "CREDIT_RECLASSIFY_DAY": 3}
    step = JobName.CREDIT_RECLASSIFICATION
    early = jobs.run_step(job=step, day=date(2026, 7, 2), commit=True)
    assert early.counts == {"not_due": 1}
    dry = jobs.run_step(job=step, day=date(2026, 7, 3), commit=False)
    assert dry.counts == {"enterprises": 5, "A": 1, "B": 1, "C": 1, "D": 2}
    assert not ClassificationRun.objects.exists()
    done = jobs.run_step(job=step, day=date(2026, 7, 4), commit=True)
    assert done.counts == {"enterprises": 5, "moved": 0, "A": 1, "B": 1, "C": 1, "D": 2}
    run = ClassificationRun.objects.get()
    assert (run.month, run.as_of, run.status) == (JULY, date(2026, 7, 4), RunStatus.SUCCEEDED)
    later = jobs.run_step(job=step, day=date(2026, 7, 20), commit=True)
    assert later.counts == {"already_run": 1}
    assert ClassificationRun.objects.count() == 1


def test_a_short_month_runs_on_its_last_day(register, settings):
    settings.HONGDUN = {**settings.HONGDUN, "CREDIT_RECLASSIFY_DAY": 31}
    step = JobName.CREDIT_RECLASSIFICATION
    assert jobs.run_step(job=step, day=date(2026, 6, 29), commit=False).counts == {"not_due": 1}
    assert jobs.run_step(job=step, day=date(2026, 6, 30), commit=False).counts["enterprises"] == 5


def test_a_failed_scheduled_run_keeps_its_row_and_last_months_classes(register):
    june = reclassify(JUNE, today=TODAY)
    make_scheme(BAD_DEFINITION, version=2)
    step = jobs.run_step(job=JobName.CREDIT_RECLASSIFICATION, day=JULY, commit=True)
    assert step.counts == {"failed": 1}
    assert ScheduledRun.objects.get(pk=step.pk).committed
    failed = ClassificationRun.objects.get(month=JULY)
    assert failed.status == RunStatus.FAILED
    assert "no_such_indicator" in failed.error
    assert current_run() == june
    assert Classification.objects.filter(run=june).count() == 5
    dry = jobs.run_step(job=JobName.CREDIT_RECLASSIFICATION, day=JULY, commit=False)
    assert dry.counts == {"failed": 1}


# --- the command ---------------------------------------------------------------------------------


def _command(*args: str) -> str:
    out = StringIO()
    call_command("credit_reclassify", *args, stdout=out)
    return out.getvalue()


def test_the_command_classifies_a_month_and_reruns_it(register):
    out = _command("--month", "2026-06", "--as-of", "2026-06-01")
    assert "credit_reclassify 2026-06" in out
    assert "classes: A 3, B 0, C 0, D 2" in out
    assert "no earlier month to compare with" in out
    assert "2026-06 classified" in out
    out = _command("--month", "2026-07", "--as-of", "2026-07-01")
    assert "moved since 2026-06: 2" in out
    assert "A>B: 1 (filing 1)" in out
    assert "A>C: 1 (abnormal_list 1)" in out
    out = _command("--rerun", "2026-07")
    assert "5 enterprises, 5 identical, 0 different" in out
    assert "same classes and scores as stored" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "--month must be a month as YYYY-MM"),
        (["--month", "2026-07", "--as-of", "July"], "--as-of must be a day"),
        (["--rerun", "2026-05"], "2026-05 has no completed classification"),
        (["--rerun", "2026-05", "--as-of", "2026-05-01"], "--as-of goes with --month"),
        (["--month", "2026-07", "--as-of", "2026-06-30"], "数据截止日须在2026年7月内"),
    ],
)
def test_the_command_refuses_bad_input(register, args, message):
    with pytest.raises(CommandError, match=message):
        _command(*args)
    assert not ClassificationRun.objects.exists()


def test_the_command_says_when_a_run_failed(register):
    make_scheme(BAD_DEFINITION, version=2)
    with pytest.raises(CommandError, match="failed and wrote nothing"):
        _command("--month", "2026-07", "--as-of", "2026-07-01")
    assert ClassificationRun.objects.get().status == RunStatus.FAILED
