"""The scheduled runs' staff pages: role × scope, the run detail, the web run (dry, then commit)."""

from datetime import date

import pytest

from hongdun.accounts.roles import Role
from hongdun.enterprises.tests.factories import register
from hongdun.supervision import jobs
from hongdun.supervision.choices import JobName, ListingSource, ListingStatus
from hongdun.supervision.models import AbnormalListing, ScheduledRun

LIST = "/staff/supervision/runs/"
RUN = "/staff/supervision/runs/run/"


@pytest.fixture
def users(role_users, make_user, bureau):
    return {
        **role_users,
        "city_supervisor": make_user(Role.SUPERVISOR, bureau["baotou"]),
        "jiuyuan_supervisor": make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
    }


@pytest.fixture
def proposed_run(bureau):
    """A committed July run that proposed one Kundulun and one Jiuyuan enterprise."""
    kundulun = register("包头市昆区未报有限公司", bureau["kundulun"], trade_name="昆区未报")
    jiuyuan = register("包头市九原未报有限公司", bureau["jiuyuan"], trade_name="九原未报")
    run = jobs.run_step(job=JobName.JULY_PROPOSALS, day=date(2026, 7, 1), commit=True)
    return run, kundulun, jiuyuan


def test_anonymous_goes_to_the_login_page(client, proposed_run):
    run, _k, _j = proposed_run
    for path in (LIST, f"{LIST}{run.pk}/", RUN):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login" in response["Location"], path
    response = client.post(RUN, {"day": "2026-07-01", "action": "commit"})
    assert response.status_code == 302
    assert ScheduledRun.objects.count() == 1


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.PERSONNEL, Role.DISCIPLINE, "no_role"])
def test_wrong_roles_get_403(login, users, proposed_run, role):
    run, _k, _j = proposed_run
    client = login(users[role])
    for path in (LIST, f"{LIST}{run.pk}/", RUN):
        assert client.get(path).status_code == 403, path
    assert client.post(RUN, {"day": "2026-07-01", "action": "commit"}).status_code == 403


def test_list_and_detail_show_the_entries_in_reach(login, users, proposed_run):
    run, kundulun, jiuyuan = proposed_run
    client = login(users[Role.SUPERVISOR])  # Kundulun
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert f'data-run="{run.pk}"' in listing.text
    assert "proposed=2" in listing.text
    assert "定时任务" in listing.text  # cron runs have no person
    assert 'data-testid="run-day-link"' not in listing.text
    detail = client.get(f"{LIST}{run.pk}/")
    assert detail.status_code == 200
    assert kundulun.name in detail.text
    assert jiuyuan.name not in detail.text  # out of the reader's reach
    # the Jiuyuan registrar reads the run, and only its own district's entry
    other = login(users["out_of_scope_registrar"]).get(f"{LIST}{run.pk}/")
    assert other.status_code == 200
    assert jiuyuan.name in other.text
    assert kundulun.name not in other.text
    assert login(users[Role.SUPERVISOR]).get(f"{LIST}999999/").status_code == 404


def test_detail_shows_the_decision_and_who_decided(login, users, proposed_run):
    run, kundulun, _j = proposed_run
    decider = users[Role.SUPERVISOR]
    AbnormalListing.objects.filter(enterprise=kundulun).update(
        status=ListingStatus.LISTED, listed_on=date(2026, 7, 10), decided_by=decider
    )
    text = login(users[Role.ADMINISTRATOR]).get(f"{LIST}{run.pk}/").text
    assert "已列入" in text
    assert decider.username in text
    assert "2026-07-10" in text


@pytest.mark.parametrize(
    "who", [Role.SUPERVISOR, "jiuyuan_supervisor", Role.REGISTRAR, Role.LEADER]
)
def test_running_is_for_the_city_bureau_only(login, users, bureau, who):
    register("包头市某未报有限公司", bureau["kundulun"], trade_name="某未报")
    client = login(users[who])
    assert client.get(RUN).status_code == 403
    assert client.post(RUN, {"day": "2026-07-01", "action": "commit"}).status_code == 403
    assert not ScheduledRun.objects.exists()
    assert not AbnormalListing.objects.exists()


@pytest.mark.parametrize("who", ["city_supervisor", Role.ADMINISTRATOR])
def test_preview_then_commit(login, users, bureau, who):
    enterprise = register("包头市某未报有限公司", bureau["kundulun"], trade_name="某未报")
    user = users[who]
    client = login(user)
    assert client.get(LIST).text.count('data-testid="run-day-link"') == 1
    page = client.get(RUN)
    assert page.status_code == 200
    assert 'name="day"' in page.text
    preview = client.post(
        RUN, {"day": "2026-07-01", "steps": ["july_proposals"], "action": "preview"}
    )
    assert preview.status_code == 200
    assert 'data-job="july_proposals"' in preview.text
    assert "proposed=1" in preview.text
    assert 'data-job="three_year_reminders"' not in preview.text
    assert not AbnormalListing.objects.exists()
    dry = ScheduledRun.objects.get()
    assert not dry.committed
    assert dry.triggered_by == user
    done = client.post(RUN, {"day": "2026-07-01", "steps": ["july_proposals"], "action": "commit"})
    assert done.status_code == 302
    assert done["Location"] == LIST
    row = AbnormalListing.objects.get()
    assert row.enterprise == enterprise
    assert row.source == ListingSource.SCHEDULED
    assert row.proposed_by_run is not None
    assert row.proposed_by_run.triggered_by == user
    assert row.proposed_by_run.committed
    # all steps when none is chosen
    client.post(RUN, {"day": "2026-07-01", "action": "commit"})
    assert ScheduledRun.objects.filter(committed=True).count() == 1 + len(jobs.STEPS)


@pytest.mark.parametrize(
    "data",
    [
        {"day": "2026-02-30", "action": "preview"},
        {"day": "", "action": "commit"},
        {"day": "tomorrow", "action": "commit"},
        {"day": "2026-07-01", "steps": ["drop_tables"], "action": "commit"},
    ],
)
def test_bad_input_is_refused_with_a_message(login, users, data):
    response = login(users[Role.ADMINISTRATOR]).post(RUN, data)
    assert response.status_code == 400
    assert "运行日期" in response.text or "步骤" in response.text
    assert not ScheduledRun.objects.exists()


def test_a_failing_step_is_reported_not_a_500(login, users, bureau, monkeypatch):
    def broken(**_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(jobs.STEPS, JobName.THREE_YEAR_REMINDERS, broken)
    response = login(users[Role.ADMINISTRATOR]).post(RUN, {"day": "2026-07-01", "action": "commit"})
    assert response.status_code == 503
    assert "运行中断" in response.text
    assert list(ScheduledRun.objects.values_list("job", flat=True)) == [JobName.JULY_PROPOSALS]


def test_csrf_is_required(users, bureau):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(
        users[Role.ADMINISTRATOR], backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.post(RUN, {"day": "2026-07-01", "action": "commit"}).status_code == 403
    assert not ScheduledRun.objects.exists()
