"""Staff transitions: allowed only from the right state, for a registrar in scope; each one writes
an event, the audit log and the applicant's notices (site + e-mail)."""

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.core.workdays import add_working_days
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.models import ApplicationEvent, CorrectionItem
from hongdun.registration.review import services
from hongdun.registration.review.tests.conftest import TODAY, make_application

pytestmark = pytest.mark.django_db(transaction=False)


def test_accept_starts_the_three_working_day_clock(
    clerk, establishment, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = services.application_accept(clerk=clerk, application=establishment)
    assert done.status == S.ACCEPTED
    # received Friday 2026-11-27: due the third working day after, Wednesday 2 December
    assert done.decision_due == date(2026, 12, 2) == add_working_days(TODAY, 3)
    event = ApplicationEvent.objects.get(application=done)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "accept",
        S.SUBMITTED,
        S.ACCEPTED,
        clerk,
    )
    audit = AuditLog.objects.get(action="registration.accept")
    assert audit.before is not None
    assert audit.after is not None
    assert audit.before["status"] == S.SUBMITTED
    assert audit.after["status"] == S.ACCEPTED
    notice = Notification.objects.filter(user=establishment.applicant).latest("id")
    assert "已受理" in notice.title
    assert "2026-12-02" in notice.body
    assert [m.to for m in mail.outbox if "已受理" in m.subject] == [["applicant@example.invalid"]]


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("application_accept", {}),
        ("application_require_correction", {"items": [{"message": "章程未签字。"}]}),
        ("application_approve", {}),
        ("application_refuse", {"reason": "理由"}),
        ("application_refer_elsewhere", {"reason": "住所不在本机关辖区。"}),
        ("application_extend", {"notice": "情形复杂。"}),
        ("application_suspend", {"reason": "股权归属涉诉。", "basis": "(2026)内0203民初1号"}),
        ("application_resume", {"reason": "诉讼已终结。"}),
    ],
)
@pytest.mark.parametrize("who", ["applicant", "other_applicant", "outsider_clerk", "supervisor"])
def test_only_a_registrar_in_scope_may_act(request, establishment, action, kwargs, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        getattr(services, action)(clerk=user, application=establishment, **kwargs)
    establishment.refresh_from_db()
    assert establishment.status == S.SUBMITTED
    assert not ApplicationEvent.objects.filter(application=establishment).exists()


def test_a_city_registrar_may_act_in_a_district(city_clerk, establishment):
    assert (
        services.application_accept(clerk=city_clerk, application=establishment).status
        == S.ACCEPTED
    )


# From which states each action may start (实施细则第十八、十九条; the transition table).
ALLOWED_FROM = {
    "application_accept": {S.SUBMITTED},
    "application_require_correction": {S.SUBMITTED, S.ACCEPTED},
    "application_refuse": {S.ACCEPTED},
    "application_refer_elsewhere": {S.SUBMITTED},
    "application_extend": {S.ACCEPTED},
    "application_suspend": {S.ACCEPTED},
    "application_resume": {S.SUSPENDED},
}
KWARGS: dict[str, dict[str, Any]] = {
    "application_accept": {},
    "application_require_correction": {"items": [{"message": "章程未签字。"}]},
    "application_refuse": {"reason": "理由"},
    "application_refer_elsewhere": {"reason": "不属本机关管辖。"},
    "application_extend": {"notice": "情形复杂。"},
    "application_suspend": {"reason": "股权归属涉诉。", "basis": "(2026)内0203民初1号"},
    "application_resume": {"reason": "诉讼已终结。"},
}
STATES = [
    S.DRAFT,
    S.NOTICE,
    S.SUBMITTED,
    S.ACCEPTED,
    S.SUSPENDED,
    S.CORRECTION_REQUIRED,
    S.SUPERSEDED,
    S.APPROVED,
    S.REFUSED,
    S.NOT_COMPETENT,
    S.WITHDRAWN,
]


@pytest.mark.parametrize("action", sorted(ALLOWED_FROM))
@pytest.mark.parametrize("state", STATES)
def test_actions_only_from_their_states(clerk, applicant, kundulun, action, state):
    extra: dict[str, Any] = {"decision_reason": "既有理由"} if state == S.REFUSED else {}
    if state in (S.APPROVED, S.REFUSED):
        extra["decided_at"] = "2026-11-26T10:00:00+08:00"
    application = make_application(
        applicant=applicant,
        authority=kundulun,
        kind="change",
        status=state,
        enterprise=_enterprise(kundulun),
        **extra,
    )
    if state in ALLOWED_FROM[action]:
        done = getattr(services, action)(clerk=clerk, application=application, **KWARGS[action])
        assert done.status != state or action == "application_extend"
    else:
        with pytest.raises(ApplicationError) as caught:
            getattr(services, action)(clerk=clerk, application=application, **KWARGS[action])
        assert caught.value.field == "status"
        application.refresh_from_db()
        assert application.status == state


def _enterprise(authority):
    from hongdun.enterprises.tests.factories import register

    return register(f"包头市测试{next(_names)}机械有限公司", authority, trade_name="测试")


_names = iter("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 10)


def test_correction_lists_every_item_at_once(
    clerk, establishment, django_capture_on_commit_callbacks
):
    items = [
        {"message": "公司章程未经全体股东签署。", "field": "materials", "rule": "M4"},
        {"message": "住所使用证明已过期，请提交有效的租赁合同。", "field": "address"},
        {"message": "  "},  # blank lines are ignored
        {"message": "公司章程未经全体股东签署。", "field": "materials"},  # duplicate
    ]
    with django_capture_on_commit_callbacks(execute=True):
        done = services.application_require_correction(
            clerk=clerk, application=establishment, items=items
        )
    assert done.status == S.CORRECTION_REQUIRED
    assert list(
        CorrectionItem.objects.filter(application=done).values_list("message", "field", "rule")
    ) == [
        ("公司章程未经全体股东签署。", "materials", "M4"),
        ("住所使用证明已过期，请提交有效的租赁合同。", "address", ""),
    ]
    notice = Notification.objects.filter(user=done.applicant).latest("id")
    assert "1. 公司章程未经全体股东签署。" in notice.body
    assert "2. 住所使用证明已过期" in notice.body
    assert any("需要补正" in m.subject for m in mail.outbox)
    # a one-time list: nothing can be added afterwards
    with pytest.raises(ApplicationError):
        services.application_require_correction(
            clerk=clerk, application=done, items=[{"message": "再补一项"}]
        )
    assert CorrectionItem.objects.filter(application=done).count() == 2


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "请至少列出一项"),
        ([{"message": ""}, {"message": "   "}], "请至少列出一项"),
        ([{"message": "长" * 1001}], "最多 1000 个字"),
        ([{"message": f"第{i}项"} for i in range(51)], "最多 50 项"),
        ([{"message": 42}], "必须是文字"),
    ],
)
def test_bad_correction_lists_change_nothing(clerk, establishment, items, message):
    with pytest.raises(ApplicationError, match=message) as caught:
        services.application_require_correction(clerk=clerk, application=establishment, items=items)
    assert caught.value.field == "items"
    establishment.refresh_from_db()
    assert establishment.status == S.SUBMITTED
    assert not CorrectionItem.objects.exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "请填写理由"),
        ("   ", "请填写理由"),
        (None, "请填写理由"),
        ("长" * 2001, "最多 2000 个字"),
        (["x"], "必须是文字"),
    ],
)
def test_a_refusal_needs_a_reason(clerk, establishment, reason, message):
    services.application_accept(clerk=clerk, application=establishment)
    with pytest.raises(ApplicationError, match=message) as caught:
        services.application_refuse(clerk=clerk, application=establishment, reason=reason)
    assert caught.value.field == "reason"
    establishment.refresh_from_db()
    assert establishment.status == S.ACCEPTED
    assert not establishment.issued_documents.exists()


def test_refusal_issues_the_notice(
    clerk, establishment, django_capture_on_commit_callbacks, tmp_path
):
    from hongdun.testing.pdf import pdf_text

    services.application_accept(clerk=clerk, application=establishment)
    reason = "经营范围含须经登记前批准的项目，未提交批准文件。😀 <b>x</b>"
    with django_capture_on_commit_callbacks(execute=True):
        done = services.application_refuse(clerk=clerk, application=establishment, reason=reason)
    assert done.status == S.REFUSED
    assert done.decision_reason == reason
    assert done.decided_by == clerk
    (document,) = done.issued_documents.all()
    assert document.kind == "refusal_notice"
    data = document.file.open("rb").read()
    text = pdf_text(data, tmp_path)
    assert "不予登记通知书" in text
    assert "经营范围含须经登记前批准的项目" in text
    assert "行政复议" in text
    notice = Notification.objects.filter(user=done.applicant).latest("id")
    assert notice.title.startswith("不予登记")
    assert reason in notice.body
    assert any(m.subject.startswith("不予登记") for m in mail.outbox)


def test_extension_only_once_with_written_notice(
    clerk, establishment, django_capture_on_commit_callbacks
):
    accepted = services.application_accept(clerk=clerk, application=establishment)
    with pytest.raises(ApplicationError) as caught:
        services.application_extend(clerk=clerk, application=accepted, notice=" ")
    assert caught.value.field == "notice"
    with django_capture_on_commit_callbacks(execute=True):
        extended = services.application_extend(
            clerk=clerk, application=accepted, notice="涉及多个股东的股权代持问题，需进一步核实。"
        )
    assert extended.decision_due == add_working_days(date(2026, 12, 2), 3) == date(2026, 12, 7)
    assert extended.extension_notice.startswith("涉及多个股东")
    assert "2026-12-07" in Notification.objects.filter(user=extended.applicant).latest("id").body
    with pytest.raises(ApplicationError, match="只能延长一次"):
        services.application_extend(clerk=clerk, application=extended, notice="再延长")


def test_a_clerk_who_saw_an_old_state_is_told_who_acted(clerk, second_clerk, establishment):
    services.application_accept(clerk=clerk, application=establishment)
    with pytest.raises(ApplicationError) as caught:
        services.application_accept(
            clerk=second_clerk, application=establishment, expected_status=S.SUBMITTED
        )
    assert "登记员甲" in caught.value.message
    assert "已受理" in caught.value.message
    assert ApplicationEvent.objects.filter(application=establishment).count() == 1


@pytest.mark.parametrize(
    ("steps", "subject"),
    [
        ([("application_accept", {})], "申请已受理"),
        (
            [("application_require_correction", {"items": [{"message": "章程未签字。"}]})],
            "申请需要补正",
        ),
        (
            [("application_refer_elsewhere", {"reason": "住所不在本机关辖区。"})],
            "请向有关机关另行申请",
        ),
        (
            [("application_accept", {}), ("application_extend", {"notice": "情形复杂。"})],
            "审查期限延长告知",
        ),
        (
            [("application_accept", {}), ("application_refuse", {"reason": "材料虚假。"})],
            "不予登记",
        ),
        ([("application_accept", {}), ("application_approve", {"as_of": TODAY})], "准予设立登记"),
        (
            [
                ("application_accept", {}),
                ("application_suspend", {"reason": "股权涉诉。", "basis": "(2026)内0203民初1号"}),
            ],
            "中止审查",
        ),
        (
            [
                ("application_accept", {}),
                ("application_suspend", {"reason": "股权涉诉。", "basis": "(2026)内0203民初1号"}),
                ("application_resume", {"reason": "诉讼已终结。"}),
            ],
            "恢复审查",
        ),
    ],
)
def test_every_decision_reaches_the_applicant_in_the_site_and_by_mail(
    clerk, establishment, django_capture_on_commit_callbacks, steps, subject
):
    for action, kwargs in steps:
        before = Notification.objects.filter(user=establishment.applicant).count()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            getattr(services, action)(clerk=clerk, application=establishment, **kwargs)
        assert Notification.objects.filter(user=establishment.applicant).count() == before + 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["applicant@example.invalid"]
    notice = Notification.objects.filter(user=establishment.applicant).latest("id")
    assert notice.title.startswith(subject)
    assert notice.url == f"/registration/{establishment.pk}/"
    assert mail.outbox[0].subject == notice.title
