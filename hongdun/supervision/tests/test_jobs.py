"""The scheduled steps (hongdun/supervision/jobs.py) on small crafted registers."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from hongdun.core.models import AuditLog, Notification
from hongdun.disclosure.tests.factories_progress import authorise, leave_register, report
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.supervision import jobs
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionResult,
    JobName,
    ListingSource,
    ListingStatus,
    SeriousGround,
)
from hongdun.supervision.engine.deadlines import (
    listing_decision_due,
    serious_decision_due,
    serious_mark,
    years_after,
)
from hongdun.supervision.models import (
    AbnormalListing,
    InspectionTask,
    ScheduledRun,
    SeriousListing,
)
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.tests.factories_jobs import abnormal, inspection_plan, serious, task

JULY = date(2026, 7, 1)
OLD = date(2015, 3, 1)  # the factory's default establishment day


@dataclass
class JulyRegister:
    on_time: Enterprise
    filed_late: Enterprise
    never: Enterprise
    draft_only: Enterprise
    established_last_day: Enterprise  # 31 December 2025: owes 2025
    established_this_year: Enterprise
    deregistered_before: Enterprise
    deregistered_during: Enterprise  # owed it, but is no longer on the register
    revoked_during: Enterprise  # 吊销 during the window: owed it and can still be listed
    revoked_before: Enterprise  # 吊销 before the window opened: did not owe it
    already_listed: Enterprise  # an open reason-1 entry (an earlier year)
    already_proposed: Enterprise  # a clerk's open reason-1 candidate for 2025
    other_reason: Enterprise  # listed for reason 4 only
    removed_earlier: Enterprise  # a reason-1 entry for 2022, removed
    out_of_city: Enterprise  # another district, never filed

    def expected(self) -> set[int]:
        return {
            e.pk
            for e in (
                self.never,
                self.draft_only,
                self.established_last_day,
                self.revoked_during,
                self.other_reason,
                self.removed_earlier,
                self.out_of_city,
            )
        }


@pytest.fixture
def july_register(bureau) -> JulyRegister:
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    made = JulyRegister(
        **{
            name: register(
                f"包头市{label}商贸有限公司", kundulun, trade_name=label, established_on=on
            )
            for name, label, on in (
                ("on_time", "按时", OLD),
                ("filed_late", "逾期", OLD),
                ("never", "未报", OLD),
                ("draft_only", "草稿", OLD),
                ("established_last_day", "年末", date(2025, 12, 31)),
                ("established_this_year", "新设", date(2026, 1, 1)),
                ("deregistered_before", "早销", OLD),
                ("deregistered_during", "中销", OLD),
                ("revoked_during", "中吊", OLD),
                ("revoked_before", "早吊", OLD),
                ("already_listed", "已列", OLD),
                ("already_proposed", "待定", OLD),
                ("other_reason", "失联", OLD),
                ("removed_earlier", "已移", OLD),
            )
        },
        out_of_city=register("包头市九原未报有限公司", jiuyuan, trade_name="九原未报"),
    )
    report(made.on_time, filed_on=date(2026, 3, 10))
    report(made.filed_late, filed_on=date(2026, 7, 1), late=True)
    report(made.draft_only, filed_on=None)
    report(made.never, year=2024, filed_on=date(2025, 3, 1))  # another year does not count
    leave_register(made.deregistered_before, EnterpriseStatus.DEREGISTERED, date(2025, 11, 1))
    leave_register(made.deregistered_during, EnterpriseStatus.DEREGISTERED, date(2026, 3, 1))
    leave_register(made.revoked_during, EnterpriseStatus.LICENCE_REVOKED, date(2026, 3, 1))
    leave_register(made.revoked_before, EnterpriseStatus.LICENCE_REVOKED, date(2025, 10, 1))
    abnormal(made.already_listed, listed_on=date(2024, 7, 20), report_year=2023)
    abnormal(made.already_proposed, status=ListingStatus.PROPOSED, report_year=2025)
    abnormal(made.other_reason, reason=AbnormalReason.UNREACHABLE, facts="退信")
    abnormal(made.removed_earlier, status=ListingStatus.REMOVED, report_year=2022)
    return made


def _run(job: str, day: date, *, commit: bool = True) -> ScheduledRun:
    return jobs.run_step(job=job, day=day, commit=commit)


def _scheduled_enterprises() -> set[int]:
    return set(
        AbnormalListing.objects.filter(
            source=ListingSource.SCHEDULED, proposed_by_run__isnull=False
        ).values_list("enterprise_id", flat=True)
    )


# --- july_proposals -------------------------------------------------------------------------------


def test_july_proposals_propose_exactly_the_non_filers(july_register):
    run = _run(JobName.JULY_PROPOSALS, JULY)
    assert run.committed
    assert run.counts == {"proposed": 7, "report_year": 2025}
    assert _scheduled_enterprises() == july_register.expected()
    rules = supervision_rules()
    due = listing_decision_due(rules, date(2026, 6, 30), add_working_days)
    rows = AbnormalListing.objects.filter(proposed_by_run=run)
    for row in rows.select_related("enterprise"):
        assert row.reason == AbnormalReason.NOT_FILED
        assert row.status == ListingStatus.PROPOSED
        assert row.source == ListingSource.SCHEDULED
        assert row.report_year == 2025
        assert row.basis_on == date(2026, 6, 30)
        assert row.decision_due_on == due
        assert row.authority_id == row.enterprise.registration_authority_id
        assert row.history.count() == 1  # its creation is in the history
        assert row.history.first().history_type == "+"
    audit = AuditLog.objects.get(action="supervision.run.july_proposals")
    assert audit.object_id == str(run.pk)
    assert audit.after is not None
    assert audit.after["counts"]["proposed"] == 7


def test_july_proposals_same_day_twice_proposes_nothing_more(july_register):
    _run(JobName.JULY_PROPOSALS, JULY)
    before = AbnormalListing.objects.count()
    second = _run(JobName.JULY_PROPOSALS, JULY)
    assert second.counts["proposed"] == 0
    assert AbnormalListing.objects.count() == before


def test_july_proposals_dry_run_counts_and_writes_nothing(july_register):
    before = AbnormalListing.objects.count()
    dry = _run(JobName.JULY_PROPOSALS, JULY, commit=False)
    assert dry.counts == {"proposed": 7, "report_year": 2025}
    assert not dry.committed
    assert AbnormalListing.objects.count() == before
    assert not AuditLog.objects.filter(action__startswith="supervision.run.").exists()
    # a dry run does not count as the year's run: the commit still proposes
    assert _run(JobName.JULY_PROPOSALS, JULY).counts["proposed"] == 7


def test_july_proposals_not_before_the_proposal_day(july_register):
    run = _run(JobName.JULY_PROPOSALS, date(2026, 6, 30))
    assert run.counts == {"proposed": 0, "not_due": 1}
    assert not _scheduled_enterprises()


def test_july_proposals_catch_up_on_a_later_day(july_register):
    run = _run(JobName.JULY_PROPOSALS, date(2026, 9, 15))
    assert run.counts["proposed"] == 7
    assert _scheduled_enterprises() == july_register.expected()
    # the basis and deadline are the window's, not the late run's
    assert set(
        AbnormalListing.objects.filter(proposed_by_run=run).values_list("basis_on", flat=True)
    ) == {date(2026, 6, 30)}


def test_july_proposals_once_a_year_a_dismissed_candidate_is_not_proposed_again(july_register):
    _run(JobName.JULY_PROPOSALS, JULY)
    AbnormalListing.objects.filter(enterprise=july_register.never).update(
        status=ListingStatus.DISMISSED, dismissed_reason="纸质年报已报送"
    )
    later = _run(JobName.JULY_PROPOSALS, date(2026, 7, 2))
    assert later.counts == {"proposed": 0, "report_year": 2025, "already_run": 1}
    assert not AbnormalListing.objects.filter(
        enterprise=july_register.never, status__in=(ListingStatus.PROPOSED, ListingStatus.LISTED)
    ).exists()
    # next year's run proposes the 2026 non-filers again
    next_year = _run(JobName.JULY_PROPOSALS, date(2027, 7, 1))
    assert next_year.counts["report_year"] == 2026
    assert next_year.counts["proposed"] > 0


# --- three_year_reminders -------------------------------------------------------------------------


@pytest.fixture
def reminder_case(bureau, make_user):
    kundulun = bureau["kundulun"]
    due = register("包头市届满商贸有限公司", kundulun, trade_name="届满")
    early = register("包头市未届商贸有限公司", kundulun, trade_name="未届")
    reminded = register("包头市已提醒商贸有限公司", kundulun, trade_name="已提醒")
    removed = register("包头市已移出商贸有限公司", kundulun, trade_name="已移出")
    nobody = register("包头市无人商贸有限公司", kundulun, trade_name="无人")
    gone = register("包头市注销商贸有限公司", kundulun, trade_name="注销")
    day = date(2026, 5, 21)
    mark_listed = years_after(day + timedelta(days=60), -3)  # the reminder falls on `day`
    users = [make_user(None), make_user(None)]
    for user in users:
        authorise(due, user)
    authorise(early, make_user(None))
    revoked = make_user(None)
    from django.utils import timezone

    authorise(due, revoked, revoked_at=timezone.now())
    listings = {
        "due": abnormal(due, listed_on=mark_listed),
        "due_reason_4": abnormal(
            due, reason=AbnormalReason.UNREACHABLE, listed_on=mark_listed - timedelta(days=40)
        ),
        "early": abnormal(early, listed_on=mark_listed + timedelta(days=1)),
        "reminded": abnormal(
            reminded, listed_on=mark_listed, three_year_reminder_sent_on=date(2026, 5, 1)
        ),
        "removed": abnormal(removed, listed_on=mark_listed, status=ListingStatus.REMOVED),
        "nobody": abnormal(nobody, listed_on=mark_listed),
        "gone": abnormal(gone, listed_on=mark_listed),
    }
    leave_register(gone, EnterpriseStatus.DEREGISTERED, date(2026, 1, 5))
    return day, listings, users, revoked


def test_three_year_reminders(reminder_case):
    day, listings, users, revoked = reminder_case
    dry = _run(JobName.THREE_YEAR_REMINDERS, day, commit=False)
    assert dry.counts == {"listings": 3, "notices": 4}
    assert not Notification.objects.exists()
    run = _run(JobName.THREE_YEAR_REMINDERS, day)
    assert run.counts == {"listings": 3, "notices": 4}
    sent = set(
        AbnormalListing.objects.filter(three_year_reminder_sent_on=day).values_list("pk", flat=True)
    )
    assert sent == {listings[k].pk for k in ("due", "due_reason_4", "nobody")}
    notices = Notification.objects.all()
    assert {n.user_id for n in notices} == {u.pk for u in users}
    assert not notices.filter(user=revoked).exists()
    assert all("届满3年" in n.title and "届满商贸" in n.body for n in notices)
    assert listings["due"].history.count() == 2  # created, then reminded
    again = _run(JobName.THREE_YEAR_REMINDERS, day)
    assert again.counts == {"listings": 0, "notices": 0}
    assert Notification.objects.count() == 4
    # the next day the entry listed a day later comes due, and only it
    assert _run(JobName.THREE_YEAR_REMINDERS, day + timedelta(days=1)).counts == {
        "listings": 1,
        "notices": 1,
    }


def test_three_year_reminder_not_before_its_day(reminder_case):
    day, _listings, _users, _revoked = reminder_case
    assert _run(JobName.THREE_YEAR_REMINDERS, day - timedelta(days=1)).counts == {
        "listings": 1,  # only the reason-4 entry listed 40 days earlier
        "notices": 2,
    }


# --- serious_escalations --------------------------------------------------------------------------


@pytest.fixture
def escalation_case(bureau):
    kundulun = bureau["kundulun"]
    day = date(2026, 7, 20)
    names = ("reached", "two_entries", "not_yet", "escalated", "open_serious", "removed", "gone")
    made = {
        name: register(
            f"包头市{name}商贸有限公司", kundulun, trade_name=name, legal_rep_name="张三"
        )
        for name in names
    }
    listings = {
        "reached": abnormal(made["reached"], listed_on=date(2023, 7, 20)),
        "two_a": abnormal(made["two_entries"], listed_on=date(2023, 5, 4)),
        "two_b": abnormal(
            made["two_entries"], reason=AbnormalReason.UNREACHABLE, listed_on=date(2023, 3, 1)
        ),
        "not_yet": abnormal(made["not_yet"], listed_on=date(2023, 7, 21)),
        "escalated": abnormal(made["escalated"], listed_on=date(2022, 1, 10)),
        "open_serious": abnormal(made["open_serious"], listed_on=date(2022, 1, 10)),
        "removed": abnormal(
            made["removed"], listed_on=date(2022, 1, 10), status=ListingStatus.REMOVED
        ),
        "gone": abnormal(made["gone"], listed_on=date(2022, 1, 10)),
    }
    dismissed = serious(
        made["escalated"],
        listed_on=None,
        status=ListingStatus.DISMISSED,
        ground=SeriousGround.ABNORMAL_THREE_YEARS,
        removal_eligible_on=None,
    )
    SeriousListing.objects.filter(pk=dismissed.pk).update(abnormal_listing=listings["escalated"])
    serious(
        made["open_serious"],
        listed_on=None,
        status=ListingStatus.PROPOSED,
        ground=SeriousGround.ABNORMAL_THREE_YEARS,
        removal_eligible_on=None,
    )
    leave_register(made["gone"], EnterpriseStatus.DEREGISTERED, date(2025, 1, 5))
    return day, made, listings


def test_serious_escalations(escalation_case):
    day, _made, listings = escalation_case
    assert _run(JobName.SERIOUS_ESCALATIONS, day, commit=False).counts == {"proposed": 2}
    run = _run(JobName.SERIOUS_ESCALATIONS, day)
    assert run.counts == {"proposed": 2}
    rows = {
        row.abnormal_listing_id: row for row in SeriousListing.objects.filter(proposed_by_run=run)
    }
    # the enterprise with two entries at the mark is proposed once, from its earliest listing
    assert set(rows) == {listings["reached"].pk, listings["two_b"].pk}
    rules = supervision_rules()
    for listing_key in ("reached", "two_b"):
        row = rows[listings[listing_key].pk]
        mark = serious_mark(rules, listings[listing_key].listed_on)
        assert row.basis_on == mark
        assert row.decision_due_on == serious_decision_due(rules, mark, add_working_days)
        assert row.ground == SeriousGround.ABNORMAL_THREE_YEARS
        assert row.status == ListingStatus.PROPOSED
        assert row.legal_rep_name == "张三"
        assert row.legal_rep_id_number == row.enterprise.legal_rep_id_number
        assert row.authority_id == row.enterprise.registration_authority_id
        assert row.history.get().history_type == "+"
    assert _run(JobName.SERIOUS_ESCALATIONS, day).counts == {"proposed": 0}
    # a day later the entry listed a day later reaches its mark
    assert _run(JobName.SERIOUS_ESCALATIONS, day + timedelta(days=1)).counts == {"proposed": 1}


def test_serious_mark_of_29_february(bureau):
    enterprise = register("包头市闰日商贸有限公司", bureau["kundulun"], trade_name="闰日")
    abnormal(enterprise, listed_on=date(2024, 2, 29))
    assert _run(JobName.SERIOUS_ESCALATIONS, date(2027, 2, 27)).counts == {"proposed": 0}
    run = _run(JobName.SERIOUS_ESCALATIONS, date(2027, 2, 28))
    assert run.counts == {"proposed": 1}
    assert SeriousListing.objects.get(proposed_by_run=run).basis_on == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("day", "years", "start"),
    [
        (date(2026, 7, 20), 3, date(2023, 7, 20)),
        (date(2027, 2, 28), 3, date(2024, 2, 29)),
        (date(2028, 2, 29), 3, date(2025, 2, 28)),
        (date(2028, 2, 29), 4, date(2024, 2, 29)),
        (date(2027, 3, 1), 3, date(2024, 3, 1)),
    ],
)
def test_latest_start(day, years, start):
    assert jobs.latest_start(day, years) == start
    assert years_after(start, years) <= day < years_after(start + timedelta(days=1), years)


# --- serious_removals_due -------------------------------------------------------------------------


def test_serious_removals_due(bureau):
    kundulun = bureau["kundulun"]
    names = ("due", "later", "newer_serious", "newer_abnormal", "removed")
    made = {n: register(f"包头市{n}贸易有限公司", kundulun, trade_name=n) for n in names}
    due = serious(made["due"])
    serious(made["later"], removal_eligible_on=date(2026, 3, 2))
    serious(made["newer_serious"])
    serious(
        made["newer_serious"],
        listed_on=date(2023, 5, 1),
        removal_eligible_on=date(2028, 5, 1),
        ground=SeriousGround.OTHER,
    )
    serious(made["newer_abnormal"])
    abnormal(made["newer_abnormal"], listed_on=date(2022, 7, 20))
    serious(made["removed"], status=ListingStatus.REMOVED)
    day = date(2026, 3, 1)
    assert _run(JobName.SERIOUS_REMOVALS_DUE, day, commit=False).counts == {"due": 1}
    assert not SeriousListing.objects.filter(removal_proposed_by_run__isnull=False).exists()
    run = _run(JobName.SERIOUS_REMOVALS_DUE, day)
    assert run.counts == {"due": 1}
    assert list(SeriousListing.objects.filter(removal_proposed_by_run=run)) == [due]
    assert due.history.count() == 2
    assert _run(JobName.SERIOUS_REMOVALS_DUE, day).counts == {"due": 0}
    assert _run(JobName.SERIOUS_REMOVALS_DUE, day + timedelta(days=1)).counts == {"due": 1}


# --- inspection_results_due -----------------------------------------------------------------------


def test_inspection_results_due(bureau, monkeypatch):
    kundulun = bureau["kundulun"]
    plan = inspection_plan(kundulun)
    made = [register(f"包头市抽查{i}有限公司", kundulun, trade_name=f"抽查{i}") for i in range(5)]
    due = task(plan, made[0])
    due_problems = task(
        plan, made[1], result=InspectionResult.PROBLEMS, publish_due_on=date(2026, 6, 20)
    )
    task(plan, made[2], result=InspectionResult.PENDING, publish_due_on=None)
    task(plan, made[3], publish_due_on=date(2026, 7, 2))
    task(plan, made[4], published=True)
    invalidated: list[set[int]] = []
    monkeypatch.setattr(jobs, "public_cache_invalidate", lambda ids: invalidated.append(set(ids)))
    day = date(2026, 7, 1)
    assert _run(JobName.INSPECTION_RESULTS_DUE, day, commit=False).counts == {
        "published": 2,
        "enterprises": 2,
    }
    assert not invalidated
    run = _run(JobName.INSPECTION_RESULTS_DUE, day)
    assert run.counts == {"published": 2, "enterprises": 2}
    published = InspectionTask.objects.filter(
        published_at__isnull=False, published_at__gt=run.started_at
    )
    assert set(published) == {due, due_problems}
    assert invalidated == [{made[0].pk, made[1].pk}]
    assert due.history.count() == 2
    assert _run(JobName.INSPECTION_RESULTS_DUE, day).counts == {"published": 0, "enterprises": 0}


def test_public_cache_is_invalidated_after_commit(bureau, django_capture_on_commit_callbacks):
    from hongdun.enterprises import public_cache

    plan = inspection_plan(bureau["kundulun"])
    enterprise = register("包头市缓存有限公司", bureau["kundulun"], trade_name="缓存")
    task(plan, enterprise)
    before = public_cache.public_cache_generation(enterprise.pk)
    with django_capture_on_commit_callbacks(execute=True):
        _run(JobName.INSPECTION_RESULTS_DUE, date(2026, 7, 1))
    assert public_cache.public_cache_generation(enterprise.pk) != before


# --- the runner -----------------------------------------------------------------------------------


def test_a_committed_step_needs_its_run(db):
    with pytest.raises(ValueError, match="ScheduledRun"):
        jobs.july_proposals(day=JULY, run=None, commit=True)
    # a dry run without a log row is allowed
    assert jobs.july_proposals(day=JULY, run=None, commit=False) == {
        "proposed": 0,
        "report_year": 2025,
    }


def test_unknown_step_is_refused(db):
    with pytest.raises(ValueError, match="unknown step"):
        jobs.run_day(day=JULY, commit=False, only=["nonsense"])


def test_run_day_runs_every_step_in_order(july_register):
    runs = jobs.run_day(day=JULY, commit=True)
    assert [run.job for run in runs] == [job for job in JobName.values if job in jobs.STEPS]
    assert all(run.committed and run.finished_at for run in runs)
    again = jobs.run_day(day=JULY, commit=True)
    assert all(
        not any(v for k, v in run.counts.items() if k not in {"report_year", "already_run"})
        for run in again
    )


def test_a_crash_leaves_no_half_step_and_a_rerun_completes_it(
    escalation_case, july_register, monkeypatch
):
    day = date(2026, 7, 20)
    real = jobs.STEPS[JobName.SERIOUS_ESCALATIONS]

    def crashing(*, day, run, commit):
        real(day=day, run=run, commit=commit)
        # written (the two escalation cases and the July register's reason-4 entry), then:
        assert SeriousListing.objects.filter(proposed_by_run=run).count() == 3
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs.STEPS, JobName.SERIOUS_ESCALATIONS, crashing)
    with pytest.raises(RuntimeError, match="disk full"):
        jobs.run_day(day=day, commit=True)
    # the steps before it are done, the crashed one left nothing (not even its log row)
    assert set(ScheduledRun.objects.values_list("job", flat=True)) == {
        JobName.JULY_PROPOSALS,
        JobName.THREE_YEAR_REMINDERS,
    }
    assert not SeriousListing.objects.filter(source=ListingSource.SCHEDULED).exists()
    # the July step ran: the crafted register's non-filers, and the escalation case's one
    # enterprise without an open reason-1 entry (its entry was removed)
    _day, made, _listings = escalation_case
    assert _scheduled_enterprises() == july_register.expected() | {made["removed"].pk}
    monkeypatch.setitem(jobs.STEPS, JobName.SERIOUS_ESCALATIONS, real)
    runs = {run.job: run for run in jobs.run_day(day=day, commit=True)}
    assert runs[JobName.JULY_PROPOSALS].counts["proposed"] == 0
    assert runs[JobName.SERIOUS_ESCALATIONS].counts == {"proposed": 3}
    assert SeriousListing.objects.filter(source=ListingSource.SCHEDULED).count() == 3


# --- manage.py run_scheduled ----------------------------------------------------------------------


def test_command_dry_run_then_commit(july_register, capsys):
    from django.core.management import call_command

    call_command("run_scheduled", "--date", "2026-07-01", "--only", "july_proposals")
    out = capsys.readouterr().out
    assert "2026-07-01 (dry run)" in out
    assert "[1/1] july_proposals: would do proposed=7, report_year=2025" in out
    assert "add --commit" in out
    assert not _scheduled_enterprises()
    dry = ScheduledRun.objects.get()
    assert not dry.committed
    assert dry.triggered_by is None
    call_command("run_scheduled", "--date", "2026-07-01", "--commit")
    out = capsys.readouterr().out
    steps = len(jobs.STEPS)  # supervision's five and those other apps register
    assert f"[1/{steps}] july_proposals: did proposed=7" in out
    assert f"[5/{steps}] inspection_results_due: did published=0" in out
    assert f"{steps} step(s) committed" in out
    assert _scheduled_enterprises() == july_register.expected()


def test_command_defaults_to_today_in_china_time(db, capsys, monkeypatch):
    from django.core.management import call_command
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 7, 1))
    call_command("run_scheduled", "--only", "serious_removals_due")
    assert "run_scheduled 2026-07-01 (dry run)" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["2026-13-01", "yesterday", "2026/07/01"])
def test_command_refuses_a_bad_date(db, text):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--date must be a day as YYYY-MM-DD"):
        call_command("run_scheduled", "--date", text)
    assert not ScheduledRun.objects.exists()


def test_command_reports_a_failed_step(db, monkeypatch, capsys):
    from django.core.management import CommandError, call_command

    def broken(**_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(jobs.STEPS, JobName.SERIOUS_ESCALATIONS, broken)
    with pytest.raises(CommandError, match="step serious_escalations failed and was rolled back"):
        call_command("run_scheduled", "--date", "2026-07-01", "--commit")
    assert f"[2/{len(jobs.STEPS)}] three_year_reminders" in capsys.readouterr().out
    assert ScheduledRun.objects.count() == 2
