"""Answering and closing a question cannot be taken back: the page asks first, and a repeated
request is told the question is already done, with no second notice (issue 14, item 6)."""

import html

import pytest

from hongdun.consultation.models import QuestionStatus
from hongdun.core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(ask, bureau, make_user):
    asker = make_user("applicant", email="asker@example.invalid")
    return ask(user=asker, authority=bureau["kundulun"])


def test_the_page_says_what_answering_and_closing_will_do(login, role_users, question):
    page = html.unescape(
        login(role_users["registrar"]).get(f"/staff/consultation/{question.pk}/").content.decode()
    )
    assert f"将答复咨询 {question.number}“{question.title}”并通知提问人" in page
    assert f"将关闭咨询 {question.number}“{question.title}”" in page


@pytest.mark.parametrize(
    ("action", "data", "status"),
    [
        ("close", {"reason": "与登记无关。"}, QuestionStatus.CLOSED),
        ("answer", {"answer": "二十日内申请。"}, QuestionStatus.ANSWERED),
    ],
)
def test_a_repeated_request_is_told_and_changes_nothing(
    login, role_users, question, action, data, status, django_capture_on_commit_callbacks
):
    client = login(role_users["registrar"])
    url = f"/staff/consultation/{question.pk}/{action}/"
    notices = Notification.objects.filter(user=question.asker).count()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
        again = client.post(url, data, follow=True)
    assert again.status_code == 200
    page = again.content.decode()
    assert f"该咨询已{status.label}，不能再办理。" in page
    question.refresh_from_db()
    assert question.status == status
    assert Notification.objects.filter(user=question.asker).count() == notices + 1
