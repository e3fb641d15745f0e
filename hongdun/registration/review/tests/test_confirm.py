"""The clerk's irreversible actions say what they will do before they are done, and a repeated
request (a double click, a resent form) is told it was already done: no second effect, no 500
(issue 14, item 6). The browser side is in test_confirm_browser.py."""

import html

import pytest

from hongdun.enterprises.models import Enterprise
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.models import ApplicationEvent
from hongdun.registration.review import services
from hongdun.registration.review.presenters import action_confirmations

pytestmark = pytest.mark.django_db


def _url(application, action=""):
    base = f"/staff/registration/{application.pk}/"
    return f"{base}{action}/" if action else base


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [(False, {"accept", "approve"}), (True, {"approve", "refuse", "extend", "require_correction"})],
)
def test_the_page_carries_what_each_action_will_do(login, clerk, establishment, accepted, expected):
    if accepted:
        services.application_accept(clerk=clerk, application=establishment)
    page = html.unescape(login(clerk).get(_url(establishment)).content.decode())
    texts = action_confirmations(establishment)
    offered = [action for action in texts if f"/{establishment.pk}/{action}/" in page]
    assert expected <= set(offered)
    for action in offered:  # every irreversible action on the page asks first
        assert f'data-confirm="{texts[action]}"' in page, action
    for action in texts:
        assert establishment.number in texts[action]
        assert establishment.name in texts[action]
        assert "此操作不可撤销" in texts[action]
    assert "颁发营业执照" in texts["approve"]


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("establishment", "设立登记并颁发营业执照"),
        ("change", "变更登记"),
        ("deregistration", "注销登记"),
    ],
)
def test_approval_says_what_it_does_for_each_kind(establishment, kind, says):
    establishment.kind = kind
    assert says in action_confirmations(establishment)["approve"]


def test_a_second_accept_by_the_same_clerk_is_told_it_is_done(login, clerk, establishment):
    client = login(clerk)
    form = {"expected_status": S.SUBMITTED}
    assert client.post(_url(establishment, "accept"), form).status_code == 302
    again = client.post(_url(establishment, "accept"), form)
    assert again.status_code == 400
    assert "您已办理过这一步" in again.content.decode()
    assert "已受理" in again.content.decode()
    assert ApplicationEvent.objects.filter(application=establishment, action="accept").count() == 1


def test_a_second_approval_issues_no_second_licence(login, clerk, establishment):
    client = login(clerk)
    form = {"expected_status": S.SUBMITTED}
    before = Enterprise.objects.count()
    assert client.post(_url(establishment, "approve"), form).status_code == 302
    again = client.post(_url(establishment, "approve"), form)
    assert again.status_code == 400
    assert "无需重复操作" in again.content.decode()
    assert Enterprise.objects.count() == before + 1
    assert ApplicationEvent.objects.filter(application=establishment, action="approve").count() == 1


def test_another_clerks_decision_is_named(login, clerk, second_clerk, establishment):
    services.application_accept(clerk=second_clerk, application=establishment)
    response = login(clerk).post(_url(establishment, "accept"), {"expected_status": S.SUBMITTED})
    assert response.status_code == 400
    page = response.content.decode()
    assert "该申请刚被登记员乙处理" in page
    assert "您已办理过" not in page
