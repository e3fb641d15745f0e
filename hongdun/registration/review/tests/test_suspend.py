"""中止审查 and 恢复审查 (实施细则第十九条第二款): a lawsuit or arbitration about the
materials stops the review clock; on resumption the decision date moves on by the working days
spent suspended.
Only a registrar in scope, only from the right state, never without a reason (and, to suspend, the
proceedings); each step is audited, logged and told to the applicant."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.core.workdays import add_working_days
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.models import ApplicationEvent
from hongdun.registration.review import services
from hongdun.registration.review.tests.conftest import (
    TODAY,
    action_url,
    detail_url,
    make_application,
)

pytestmark = pytest.mark.django_db

CASE = "(2026)内0203民初1234号"
WHY = "股东对出资份额的归属提起诉讼，影响本次设立登记。"


@pytest.fixture
def accepted(clerk, establishment):
    """Received and accepted on Friday 27 November 2026: due Wednesday 2 December."""
    return services.application_accept(clerk=clerk, application=establishment)


def test_suspend_stops_the_clock_and_tells_the_applicant(
    clerk, accepted, django_capture_on_commit_callbacks
):
    assert accepted.decision_due == date(2026, 12, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = services.application_suspend(
            clerk=clerk, application=accepted, reason=WHY, basis=CASE, as_of=date(2026, 11, 30)
        )
    done.refresh_from_db()
    assert done.status == S.SUSPENDED
    assert (done.suspended_on, done.suspension_basis, done.suspension_reason) == (
        date(2026, 11, 30),
        CASE,
        WHY,
    )
    assert done.decision_due == date(2026, 12, 2)  # unchanged until the review resumes
    event = ApplicationEvent.objects.filter(application=done).latest("id")
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "suspend",
        S.ACCEPTED,
        S.SUSPENDED,
        clerk,
    )
    assert CASE in event.note
    assert WHY in event.note
    audit = AuditLog.objects.get(action="registration.suspend")
    assert audit.before is not None
    assert audit.after is not None
    assert (audit.before["status"], audit.after["status"]) == (S.ACCEPTED, S.SUSPENDED)
    assert audit.after["suspension_basis"] == CASE
    notice = Notification.objects.filter(user=done.applicant).latest("id")
    assert notice.title.startswith("中止审查")
    assert CASE in notice.body
    assert "不计入审查期限" in notice.body
    assert [m.to for m in mail.outbox] == [["applicant@example.invalid"]]
    assert mail.outbox[0].subject == notice.title


@pytest.mark.parametrize(
    ("due", "suspended_on", "resumed_on", "days", "new_due"),
    [
        # Accepted Fri 27 Nov (due Wed 2 Dec), suspended Fri, resumed Mon: the weekend is not
        # counted, Monday is: one working day more.
        (date(2026, 12, 2), date(2026, 11, 27), date(2026, 11, 30), 1, date(2026, 12, 3)),
        # Suspended Mon 30 Nov with two working days left (Tue, Wed), resumed Thu 3 Dec: the
        # two days are left again after Thursday (Fri 4, Mon 7 Dec).
        (date(2026, 12, 2), date(2026, 11, 30), date(2026, 12, 3), 3, date(2026, 12, 7)),
        # Suspended and resumed the same day: nothing to give back.
        (date(2026, 12, 2), date(2026, 12, 1), date(2026, 12, 1), 0, date(2026, 12, 2)),
        # Accepted Mon 28 Sep (due Thu 8 Oct, after the National Day holiday 1-7 Oct), suspended
        # Tue 29 Sep, resumed Fri 9 Oct: 30 Sep, 8 and 9 Oct are the working days between; the
        # new date counts Sat 10 Oct (a make-up working day, 调休) and lands on Mon 12 Oct.
        (date(2026, 10, 8), date(2026, 9, 29), date(2026, 10, 9), 3, date(2026, 10, 12)),
    ],
)
def test_resume_moves_the_deadline_on_by_the_working_days_suspended(
    clerk, applicant, kundulun, due, suspended_on, resumed_on, days, new_due
):
    application = make_application(
        applicant=applicant,
        authority=kundulun,
        kind="change",
        enterprise=_enterprise(kundulun),
        status=S.ACCEPTED,
        decision_due=due,
    )
    services.application_suspend(
        clerk=clerk, application=application, reason=WHY, basis=CASE, as_of=suspended_on
    )
    done = services.application_resume(
        clerk=clerk, application=application, reason="诉讼已撤回。", as_of=resumed_on
    )
    assert done.status == S.ACCEPTED
    assert done.decision_due == new_due == add_working_days(due, days)
    assert done.suspended_on is None
    event = ApplicationEvent.objects.filter(application=done).latest("id")
    assert (event.action, event.from_status, event.to_status) == ("resume", S.SUSPENDED, S.ACCEPTED)
    assert f"顺延{days}个工作日" in event.note
    audit = AuditLog.objects.get(action="registration.resume")
    assert audit.after is not None
    assert audit.after["suspended_working_days"] == days
    assert audit.after["decision_due"] == new_due.isoformat()


def test_resume_tells_the_applicant_the_new_deadline(
    clerk, accepted, django_capture_on_commit_callbacks
):
    services.application_suspend(
        clerk=clerk, application=accepted, reason=WHY, basis=CASE, as_of=TODAY
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_resume(
            clerk=clerk, application=accepted, reason="诉讼已终结。", as_of=date(2026, 11, 30)
        )
    notice = Notification.objects.filter(user=accepted.applicant).latest("id")
    assert notice.title.startswith("恢复审查")
    assert "2026-12-03" in notice.body
    assert "1个工作日" in notice.body
    assert notice.url == f"/registration/{accepted.pk}/"
    assert [m.subject for m in mail.outbox] == [notice.title]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"reason": "", "basis": CASE}, "reason", "请填写理由"),
        ({"reason": "   ", "basis": CASE}, "reason", "请填写理由"),
        ({"reason": None, "basis": CASE}, "reason", "请填写理由"),
        ({"reason": WHY, "basis": ""}, "basis", "请填写中止依据"),
        ({"reason": WHY, "basis": None}, "basis", "请填写中止依据"),
        ({"reason": WHY, "basis": "案" * 201}, "basis", "最多 200 个字"),
        ({"reason": WHY, "basis": ["x"]}, "basis", "必须是文字"),
        ({"reason": "长" * 2001, "basis": CASE}, "reason", "最多 2000 个字"),
    ],
)
def test_bad_suspensions_change_nothing(clerk, accepted, kwargs, field, message):
    with pytest.raises(ApplicationError, match=message) as caught:
        services.application_suspend(clerk=clerk, application=accepted, **kwargs)
    assert caught.value.field == field
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED
    assert accepted.suspended_on is None
    assert not ApplicationEvent.objects.filter(application=accepted, action="suspend").exists()


def test_a_resumption_needs_a_reason(clerk, accepted):
    services.application_suspend(clerk=clerk, application=accepted, reason=WHY, basis=CASE)
    with pytest.raises(ApplicationError, match="请填写理由") as caught:
        services.application_resume(clerk=clerk, application=accepted, reason=" ")
    assert caught.value.field == "reason"
    accepted.refresh_from_db()
    assert accepted.status == S.SUSPENDED


@pytest.mark.parametrize(
    "who", ["owner", "other_applicant", "outsider_clerk", "supervisor", "personnel", "leader"]
)
def test_only_a_registrar_in_scope_may_suspend_or_resume(
    role_users, applicant, other_applicant, outsider_clerk, supervisor, clerk, accepted, who
):
    user = {
        "owner": applicant,
        "other_applicant": other_applicant,
        "outsider_clerk": outsider_clerk,
        "supervisor": supervisor,
        "personnel": role_users[Role.PERSONNEL],
        "leader": role_users[Role.LEADER],
    }[who]
    with pytest.raises(PermissionDenied):
        services.application_suspend(clerk=user, application=accepted, reason=WHY, basis=CASE)
    services.application_suspend(clerk=clerk, application=accepted, reason=WHY, basis=CASE)
    with pytest.raises(PermissionDenied):
        services.application_resume(clerk=user, application=accepted, reason="诉讼已终结。")
    accepted.refresh_from_db()
    assert accepted.status == S.SUSPENDED
    assert [e.actor for e in ApplicationEvent.objects.filter(application=accepted)] == [
        clerk,
        clerk,
    ]


def test_a_suspended_file_cannot_be_decided_until_resumed(clerk, accepted):
    services.application_suspend(clerk=clerk, application=accepted, reason=WHY, basis=CASE)
    for name, kwargs in [
        ("application_approve", {}),
        ("application_refuse", {"reason": "x"}),
        ("application_extend", {"notice": "x"}),
        ("application_suspend", {"reason": WHY, "basis": CASE}),
    ]:
        with pytest.raises(ApplicationError) as caught:
            getattr(services, name)(clerk=clerk, application=accepted, **kwargs)
        assert caught.value.field == "status", name
    accepted.refresh_from_db()
    assert accepted.status == S.SUSPENDED


# --- pages -------------------------------------------------------------------------------------


def test_anonymous_users_cannot_suspend_or_resume(client, accepted):
    for name in ("suspend", "resume"):
        response = client.post(
            action_url(accepted, name), {"suspend-reason": WHY, "suspend-basis": CASE}
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED


def test_other_users_cannot_suspend_through_the_page(login, accepted, role_users, applicant):
    for user, code in [
        (applicant, 403),
        (role_users[Role.SUPERVISOR], 403),
        (role_users[Role.PERSONNEL], 403),
        (role_users["out_of_scope_registrar"], 404),
    ]:
        response = login(user).post(
            action_url(accepted, "suspend"),
            {"expected_status": "accepted", "suspend-reason": WHY, "suspend-basis": CASE},
        )
        assert response.status_code == code, user
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED


def test_suspend_and_resume_through_the_pages(login, clerk, accepted):
    client = login(clerk)
    html = client.get(detail_url(accepted)).content.decode()
    assert 'data-testid="suspend-form"' in html
    assert 'data-testid="resume-form"' not in html
    # missing basis and reason: both fields named, nothing changes
    response = client.post(
        action_url(accepted, "suspend"),
        {"expected_status": "accepted", "suspend-reason": " ", "suspend-basis": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="suspend-basis-error"' in html
    assert "请填写中止依据" in html
    assert 'data-testid="suspend-reason-error"' in html
    assert "请填写理由" in html
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED
    response = client.post(
        action_url(accepted, "suspend"),
        {"expected_status": "accepted", "suspend-reason": WHY, "suspend-basis": CASE},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "已中止审查" in html
    assert 'data-testid="suspension"' in html
    assert CASE in html
    assert 'data-testid="resume-form"' in html
    assert 'data-testid="suspend-form"' not in html
    accepted.refresh_from_db()
    assert accepted.status == S.SUSPENDED
    # the applicant's page says so, with the proceedings, instead of a deadline that stands still
    portal = login(accepted.applicant).get(f"/registration/{accepted.pk}/").content.decode()
    assert 'data-testid="suspension"' in portal
    assert CASE in portal
    assert "中止期间不计入审查期限" in portal
    client = login(clerk)
    # resuming without a reason is refused with the field named
    response = client.post(
        action_url(accepted, "resume"), {"expected_status": "suspended", "resume-reason": ""}
    )
    assert response.status_code == 400
    assert 'data-testid="resume-reason-error"' in response.content.decode()
    response = client.post(
        action_url(accepted, "resume"),
        {"expected_status": "suspended", "resume-reason": "诉讼已终结。"},
        follow=True,
    )
    assert "已恢复审查" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED
    # a stale page (still showing "suspended") is told what happened
    response = client.post(
        action_url(accepted, "resume"), {"expected_status": "suspended", "resume-reason": "再恢复"}
    )
    assert response.status_code == 400
    assert "当前状态为“已受理”" in response.content.decode()


def test_the_missing_field_is_named_in_english_too(login, clerk, accepted):
    client = login(clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        action_url(accepted, "suspend"),
        {"expected_status": "accepted", "suspend-reason": WHY, "suspend-basis": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the grounds for suspension" in html
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED


def test_the_queue_shows_a_suspended_file_as_suspended_not_overdue(
    login, clerk, applicant, kundulun, monkeypatch
):
    from hongdun.registration.review import selectors

    real_localdate = timezone.localdate

    def next_week(value=None, timezone=None):
        return real_localdate(value, timezone) if value is not None else date(2026, 12, 9)

    monkeypatch.setattr(selectors.timezone, "localdate", next_week)
    late = {
        status: make_application(
            applicant=applicant,
            authority=kundulun,
            kind="change",
            enterprise=_enterprise(kundulun),
            status=status,
            decision_due=date(2026, 12, 2),  # a week ago
            submitted_on=TODAY,
        )
        for status in (S.ACCEPTED, S.SUSPENDED)
    }
    html = login(clerk).get("/staff/registration/").content.decode()
    rows = {
        status: html.split(application.number, 1)[1].split("</tr>", 1)[0]
        for status, application in late.items()
    }
    assert 'data-level="overdue"' in rows[S.ACCEPTED]
    assert 'data-level="suspended"' in rows[S.SUSPENDED]
    assert "中止审查" in rows[S.SUSPENDED]  # the state
    assert "期限暂停" in rows[S.SUSPENDED]
    assert "超期" not in rows[S.SUSPENDED]


@pytest.mark.parametrize("deadline", ["overdue", "today", "soon", "ok"])
def test_deadline_filters_leave_suspended_files_out(clerk, applicant, kundulun, deadline):
    """Overdue, due and early all describe a running clock; a suspended file has none."""
    from hongdun.registration.review.selectors import review_queue

    today = date(2026, 12, 9)
    files = {
        (status, due): make_application(
            applicant=applicant,
            authority=kundulun,
            kind="change",
            enterprise=_enterprise(kundulun),
            status=status,
            decision_due=due,
            submitted_on=TODAY,
        )
        for status in (S.ACCEPTED, S.SUSPENDED)
        for due in (date(2026, 12, 2), date(2026, 12, 31))  # a week late, three weeks early
    }
    listed = set(review_queue(user=clerk, filters={"deadline": deadline}, today=today))
    assert not {a for (status, _due), a in files.items() if status == S.SUSPENDED} & listed
    late, early = files[(S.ACCEPTED, date(2026, 12, 2))], files[(S.ACCEPTED, date(2026, 12, 31))]
    assert (late in listed) == (deadline != "ok")
    assert (early in listed) == (deadline == "ok")
    # Without a deadline filter the suspended files are listed as usual.
    everything = set(review_queue(user=clerk, filters={}, today=today))
    assert set(files.values()) <= everything


_names = iter("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 10)


def _enterprise(authority):
    from hongdun.enterprises.tests.factories import register

    return register(f"包头市中止{next(_names)}机械有限公司", authority, trade_name="中止")
