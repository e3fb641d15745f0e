"""Asking, deadlines in working days, the rate limit, the registrars' transitions with their
scope, publishing as a FAQ, and who is told what."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hongdun.consultation.models import Faq, FaqCategory, FaqSource, QuestionStatus
from hongdun.consultation.selectors import (
    QueueFilters,
    deadline_level,
    question_deadline,
    question_queue,
)
from hongdun.consultation.services import (
    answer_due_date,
    personal_data_found,
    question_answer,
    question_claim,
    question_close,
    question_publish_as_faq,
    question_rate_check,
    question_reassign,
    question_release,
)
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, HolidayOverride, Notification
from hongdun.core.workdays import add_working_days

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("asked", "due"),
    [
        (D(2026, 11, 27), D(2026, 12, 4)),  # Friday: the next five weekdays
        (D(2026, 9, 30), D(2026, 10, 13)),  # over National Day, counting make-up Sat 10 Oct
        (D(2026, 2, 13), D(2026, 2, 27)),  # make-up Sat 14 Feb, Spring Festival, then 24-27
        (D(2025, 1, 24), D(2025, 2, 7)),  # make-up Sun 26 Jan, Mon 27, festival, then 5-7 Feb
        (D(2026, 11, 28), D(2026, 12, 4)),  # asked on a Saturday: Monday is day one
    ],
)
def test_answer_due_in_five_working_days(asked, due):
    assert answer_due_date(asked) == due


def test_the_deadline_follows_the_setting_and_the_overrides(settings):
    settings.HONGDUN = {**settings.HONGDUN, "CONSULTATION_ANSWER_WORKING_DAYS": 2}
    assert answer_due_date(D(2026, 11, 27)) == D(2026, 12, 1)
    HolidayOverride.objects.create(date=D(2026, 11, 30), kind="holiday", name="test")
    assert answer_due_date(D(2026, 11, 27)) == D(2026, 12, 2)


@pytest.mark.parametrize(
    ("days_left", "level"), [(-3, "late"), (-1, "late"), (0, "warn"), (1, "warn"), (2, "ok")]
)
def test_deadline_colour(days_left, level):
    assert deadline_level(days_left) == level


def test_submit_sets_city_authority_due_date_and_audit(
    ask, bureau, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(email="asker@example.invalid")
    assert question.authority == bureau["baotou"]
    assert question.authority_chosen is False
    assert question.status == QuestionStatus.PENDING
    assert question.due_date == answer_due_date(timezone.localtime(question.created_at).date())
    assert AuditLog.objects.filter(action="consultation.ask", object_id=str(question.pk)).exists()
    assert [m.to for m in mail.outbox] == [["asker@example.invalid"]]
    assert question.number in mail.outbox[0].subject


def test_submit_with_a_chosen_authority(ask, bureau):
    question = ask(authority=bureau["kundulun"])
    assert question.authority == bureau["kundulun"]
    assert question.authority_chosen is True


def test_submit_refuses_a_unit_that_is_not_an_authority(ask, bureau):
    with pytest.raises(ApplicationError) as error:
        ask(authority=bureau["personnel-office"])
    assert error.value.field == "authority"


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "   "), ("title", "长" * 101), ("body", ""), ("body", "长" * 2001)],
)
def test_submit_validates_text(ask, field, value):
    with pytest.raises(ApplicationError) as error:
        ask(**{field: value})
    assert error.value.field == field


def test_rate_limit_per_address(ask, settings):
    settings.HONGDUN = {**settings.HONGDUN, "CONSULTATION_LIMIT_PER_ADDRESS": (2, 3600)}
    ask(client_address="10.1.1.1")
    ask(client_address="10.1.1.1")
    with pytest.raises(ApplicationError) as error:
        ask(client_address="10.1.1.1")
    assert "同一网络地址每 1 小时内最多提交 2 个问题" in error.value.message
    ask(client_address="10.1.1.2")  # another address is not held back


def test_rate_limit_per_account(ask, settings, make_user):
    settings.HONGDUN = {**settings.HONGDUN, "CONSULTATION_LIMIT_PER_ACCOUNT": (1, 86400)}
    user = make_user("applicant")
    ask(user=user, client_address="10.2.0.1")
    with pytest.raises(ApplicationError) as error:
        ask(user=user, client_address="10.2.0.2")  # a new address does not reset the account
    assert "同一账号每 1 天内最多提交 1 个问题" in error.value.message
    ask(user=make_user("applicant"), client_address="10.2.0.3")


def test_rate_check_counts_in_the_cache_window(settings):
    settings.HONGDUN = {**settings.HONGDUN, "CONSULTATION_LIMIT_PER_ADDRESS": (1, 60)}
    question_rate_check(user=None, client_address="10.3.0.1")
    with pytest.raises(ApplicationError) as error:
        question_rate_check(user=None, client_address="10.3.0.1")
    assert "1 分钟" in error.value.message


# --- staff transitions ---


def test_claim_answer_notifies_logged_in_asker_and_mails_the_given_address(
    ask, role_users, make_user, django_capture_on_commit_callbacks
):
    asker = make_user("applicant", email="account@example.invalid")
    question = ask(
        user=asker, authority=role_users["registrar"].unit, email="other@example.invalid"
    )
    mail.outbox.clear()
    registrar = role_users["registrar"]
    question = question_claim(user=registrar, question=question)
    assert question.status == QuestionStatus.CLAIMED
    assert question.assignee == registrar
    with django_capture_on_commit_callbacks(execute=True):
        question = question_answer(user=registrar, question=question, answer="公示期为20日。")
    assert question.status == QuestionStatus.ANSWERED
    notice = Notification.objects.get(user=asker, title__contains="已答复")
    assert notice.url == f"/consultation/q/{question.token}/"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "account@example.invalid",
        "other@example.invalid",
    ]
    assert "公示期为20日。" in mail.outbox[0].body
    actions = list(
        AuditLog.objects.filter(object_id=str(question.pk)).values_list("action", flat=True)
    )
    assert {"consultation.claim", "consultation.answer"} <= set(actions)


def test_anonymous_asker_is_mailed_only(ask, role_users, django_capture_on_commit_callbacks):
    question = ask(authority=role_users["registrar"].unit, email="anon@example.invalid")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        question_answer(user=role_users["registrar"], question=question, answer="答复。")
    assert [m.to for m in mail.outbox] == [["anon@example.invalid"]]
    assert Notification.objects.count() == 0


def test_claimed_by_another_cannot_be_answered_or_claimed(ask, role_users, make_user, bureau):
    question = ask(authority=bureau["kundulun"])
    first = role_users["registrar"]
    second = make_user("registrar", bureau["kundulun"])
    question_claim(user=first, question=question)
    with pytest.raises(ApplicationError):
        question_claim(user=second, question=question)
    with pytest.raises(ApplicationError) as error:
        question_answer(user=second, question=question, answer="x")
    assert error.value.field == "answer"
    with pytest.raises(ApplicationError):
        question_release(user=second, question=question)
    question = question_release(user=first, question=question)
    assert question.status == QuestionStatus.PENDING
    assert question.assignee is None
    question_answer(user=second, question=question, answer="由第二位登记员答复。")


@pytest.mark.parametrize("role", ["out_of_scope_registrar", "supervisor", "applicant", "leader"])
def test_out_of_scope_or_wrong_role_cannot_act(ask, role_users, bureau, role):
    question = ask(authority=bureau["kundulun"])
    with pytest.raises(PermissionDenied):
        question_claim(user=role_users[role], question=question)
    with pytest.raises(PermissionDenied):
        question_answer(user=role_users[role], question=question, answer="x")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_city_questions_belong_to_city_registrars(ask, role_users, registrar_city):
    question = ask()  # no authority chosen
    assert question_queue(user=registrar_city).filter(pk=question.pk).exists()
    assert not question_queue(user=role_users["registrar"]).filter(pk=question.pk).exists()
    with pytest.raises(PermissionDenied):
        question_claim(user=role_users["registrar"], question=question)


def test_answered_question_cannot_change_again(ask, role_users, bureau):
    question = ask(authority=bureau["kundulun"])
    registrar = role_users["registrar"]
    question_answer(user=registrar, question=question, answer="答复。")
    for action in (
        lambda: question_claim(user=registrar, question=question),
        lambda: question_answer(user=registrar, question=question, answer="again"),
        lambda: question_close(user=registrar, question=question, reason="x"),
        lambda: question_reassign(user=registrar, question=question, authority=bureau["donghe"]),
    ):
        with pytest.raises(ApplicationError):
            action()


def test_answer_needs_text(ask, role_users, bureau):
    question = ask(authority=bureau["kundulun"])
    with pytest.raises(ApplicationError) as error:
        question_answer(user=role_users["registrar"], question=question, answer=" \x00 ")
    assert error.value.field == "answer"


def test_reassign_to_a_registrar_and_transfer_to_another_authority(
    ask, role_users, bureau, make_user
):
    question = ask(authority=bureau["kundulun"])
    registrar = role_users["registrar"]
    colleague = make_user("registrar", bureau["kundulun"])
    question = question_reassign(user=registrar, question=question, assignee=colleague)
    assert question.status == QuestionStatus.CLAIMED
    assert question.assignee == colleague
    assert Notification.objects.filter(user=colleague, title__contains="转派").exists()
    # Another authority's registrar is refused as assignee while the question stays here.
    jiuyuan = role_users["out_of_scope_registrar"]
    with pytest.raises(ApplicationError) as error:
        question_reassign(user=registrar, question=question, assignee=jiuyuan)
    assert error.value.field == "assignee"
    # Transfer (转办) to Jiuyuan: back to pending there, out of Kundulun's queue, deadline kept.
    due = question.due_date
    question = question_reassign(user=registrar, question=question, authority=bureau["jiuyuan"])
    assert question.status == QuestionStatus.PENDING
    assert question.assignee is None
    assert question.due_date == due
    assert not question_queue(user=registrar).filter(pk=question.pk).exists()
    assert question_queue(user=jiuyuan).filter(pk=question.pk).exists()


def test_reassign_needs_a_target_and_an_authority(ask, role_users, bureau):
    question = ask(authority=bureau["kundulun"])
    with pytest.raises(ApplicationError):
        question_reassign(user=role_users["registrar"], question=question)
    with pytest.raises(ApplicationError) as error:
        question_reassign(
            user=role_users["registrar"], question=question, authority=bureau["personnel-office"]
        )
    assert error.value.field == "authority"


def test_close_needs_a_reason_and_tells_the_asker(
    ask, role_users, bureau, django_capture_on_commit_callbacks
):
    question = ask(authority=bureau["kundulun"], email="anon@example.invalid")
    mail.outbox.clear()
    with pytest.raises(ApplicationError) as error:
        question_close(user=role_users["registrar"], question=question, reason="")
    assert error.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        question = question_close(
            user=role_users["registrar"], question=question, reason="重复提问。"
        )
    assert question.status == QuestionStatus.CLOSED
    assert "重复提问。" in mail.outbox[0].body


# --- queue ---


def test_queue_sorted_by_deadline_filtered_and_coloured(ask, role_users, bureau):
    today = D(2026, 11, 27)
    registrar = role_users["registrar"]
    rows = {}
    for name, days in (("later", 4), ("overdue", -2), ("today", 0), ("soon", 1)):
        q = ask(authority=bureau["kundulun"], title=name)
        q.due_date = add_working_days(today, days)
        q.save()
        rows[name] = q
    answered = ask(authority=bureau["kundulun"], title="answered")
    answered = question_answer(user=registrar, question=answered, answer="ok")
    other_category = ask(authority=bureau["kundulun"], title="names", category="name")
    other_category.due_date = add_working_days(today, 3)
    other_category.save()

    queue = list(question_queue(user=registrar, today=today))
    assert [q.title for q in queue] == ["overdue", "today", "soon", "names", "later"]
    levels = {q.title: question_deadline(q, today=today)["level"] for q in queue}
    assert levels == {
        "overdue": "late",
        "today": "warn",
        "soon": "warn",
        "names": "ok",
        "later": "ok",
    }
    assert question_deadline(rows["overdue"], today=today)["overdue_by"] == 2

    overdue = question_queue(user=registrar, filters=QueueFilters(overdue=True), today=today)
    assert [q.title for q in overdue] == ["overdue"]
    by_category = question_queue(
        user=registrar,
        filters=QueueFilters(category=FaqCategory.objects.get(code="name").pk),
        today=today,
    )
    assert [q.title for q in by_category] == ["names"]
    done = question_queue(user=registrar, filters=QueueFilters(status="answered"), today=today)
    assert [q.title for q in done] == ["answered"]
    assert question_deadline(answered, today=today) == {}
    question_claim(user=registrar, question=rows["soon"])
    mine = question_queue(user=registrar, filters=QueueFilters(mine=True), today=today)
    assert [q.title for q in mine] == ["soon"]


# --- publish as FAQ ---


def test_publish_as_faq(ask, role_users, bureau, faqs):
    question = ask(authority=bureau["kundulun"])
    registrar = role_users["registrar"]
    question_answer(user=registrar, question=question, answer="自公示期届满之日起20日内申请。")
    category = FaqCategory.objects.get(code="deregistration")
    faq = question_publish_as_faq(
        user=registrar,
        question=question,
        category=category,
        title="简易注销公示期满后多久内要申请注销？",
        body="自公示期届满之日起20日内申请。",
    )
    assert faq.source == FaqSource.ANSWER
    assert faq.is_published
    question.refresh_from_db()
    assert question.faq == faq
    with pytest.raises(ApplicationError):
        question_publish_as_faq(
            user=registrar, question=question, category=category, title="再次", body="再次"
        )
    assert Faq.objects.filter(source=FaqSource.ANSWER).count() == 1


def test_only_answered_questions_are_published(ask, role_users, bureau, faqs):
    question = ask(authority=bureau["kundulun"])
    with pytest.raises(ApplicationError):
        question_publish_as_faq(
            user=role_users["registrar"],
            question=question,
            category=FaqCategory.objects.first(),
            title="t",
            body="b",
        )


@pytest.mark.parametrize(
    ("field", "title", "body"),
    [
        ("title", "张三问：注销", "答复"),  # the asker's name
        ("body", "注销", "请联系 asker@example.invalid"),
        ("body", "注销", "电话 13800138000"),
        ("body", "注销", "电话 0472-5123456"),
        ("title", "150203199001011234 能注销吗", "答复"),
    ],
)
def test_publishing_refuses_personal_data(ask, role_users, bureau, faqs, field, title, body):
    question = ask(authority=bureau["kundulun"], asker_name="张三", email="asker@example.invalid")
    question_answer(user=role_users["registrar"], question=question, answer="答复")
    with pytest.raises(ApplicationError) as error:
        question_publish_as_faq(
            user=role_users["registrar"],
            question=question,
            category=FaqCategory.objects.first(),
            title=title,
            body=body,
        )
    assert error.value.field == field
    assert Faq.objects.filter(source=FaqSource.ANSWER).count() == 0


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("注册资本 5000000 元", ""),
        ("2026年11月27日", ""),
        ("联系 a.b@c.cn", "电子邮箱"),
        ("手机13912345678", "电话号码"),
        ("身份证 15020319900101123X", "身份证号码"),
    ],
)
def test_personal_data_found(text, found):
    assert personal_data_found(text) == found


def test_number_uses_the_local_date(ask):
    question = ask()
    # 2026-11-27 16:30 UTC is 2026-11-28 00:30 in Shanghai.
    question.created_at = datetime.datetime(2026, 11, 27, 16, 30, tzinfo=datetime.UTC)
    assert question.number == f"ZX20261128{question.pk:06d}"


def test_consultation_notifies_through_the_platform_without_namecheck(
    ask, role_users, bureau, make_user, django_capture_on_commit_callbacks
):
    """A register other than namecheck tells a colleague through core's notify: the in-site
    notice and, after commit, the e-mail; and the app imports nothing of namecheck to do so."""
    import ast
    from pathlib import Path

    import hongdun.consultation

    question = ask(authority=bureau["kundulun"])
    colleague = make_user("registrar", bureau["kundulun"], email="colleague@example.invalid")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        question_reassign(user=role_users["registrar"], question=question, assignee=colleague)
    notice = Notification.objects.get(user=colleague)
    assert question.number in notice.title
    assert notice.url == f"/staff/consultation/{question.pk}/"
    assert [m.to for m in mail.outbox] == [["colleague@example.invalid"]]
    package = Path(hongdun.consultation.__file__).parent
    imported = {
        node.module
        for path in package.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "hongdun.core.notification_services" in imported
    assert not {name for name in imported if name.startswith("hongdun.namecheck")}
