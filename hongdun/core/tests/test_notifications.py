"""The platform's notices: `notify` writes the in-site notice in the caller's transaction and mails
after commit; the list and the unread badge show each user only their own."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction

from hongdun.accounts.roles import Role
from hongdun.core.models import Notification
from hongdun.core.notification_selectors import notification_unread_count
from hongdun.core.notification_services import notification_mark_read, notify

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


class RollbackError(Exception):
    """Raised inside a transaction to undo it, as a failing service would."""


@pytest.fixture
def applicant(make_user):
    return make_user(Role.APPLICANT, email="applicant@example.invalid", full_name="申报人甲")


@pytest.fixture
def other_applicant(make_user):
    return make_user(Role.APPLICANT, email="other@example.invalid")


def html(response):
    return response.content.decode()


# --- notify ---------------------------------------------------------------------------------------


def test_notify_writes_the_notice_and_mails_it_after_commit(
    applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notice = notify(recipient=applicant, title="名称已保留", body="保留期至…", url="/names/1/")
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert Notification.objects.get() == notice
    assert (notice.user, notice.title, notice.url, notice.read_at) == (
        applicant,
        "名称已保留",
        "/names/1/",
        None,
    )
    assert [m.to for m in mail.outbox] == [["applicant@example.invalid"]]
    assert mail.outbox[0].subject == "名称已保留"
    assert mail.outbox[0].body == "保留期至…\n\n/names/1/"


def test_nothing_is_noticed_or_mailed_when_the_transaction_rolls_back(
    applicant, django_capture_on_commit_callbacks
):
    def decide_then_fail() -> None:
        with transaction.atomic():
            notify(recipient=applicant, title="准予设立登记", body="…")
            raise RollbackError

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RollbackError),
    ):
        decide_then_fail()
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "send", "mailed"),
    [
        ("someone@example.invalid", True, 1),
        ("someone@example.invalid", False, 0),  # the caller asked for the in-site notice only
        ("", True, 0),  # no address on the account
    ],
)
def test_mail_goes_only_to_a_known_address_when_asked(
    make_user, django_capture_on_commit_callbacks, email, send, mailed
):
    recipient = make_user(Role.APPLICANT, email=email)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=recipient, title="通知", email=send)
    assert Notification.objects.filter(user=recipient).count() == 1
    assert len(mail.outbox) == mailed


def test_a_long_title_and_link_are_cut_to_fit(applicant):
    notice = notify(recipient=applicant, title="长" * 250, url="/" + "a" * 400, email=False)
    notice.refresh_from_db()
    assert len(notice.title) == 200
    assert len(notice.url) == 300


def test_a_mail_outage_does_not_break_the_notice(
    applicant, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard port: refused at once
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=applicant, title="审核通过")
    assert Notification.objects.filter(user=applicant, title="审核通过").exists()


def test_notifications_are_read_by_their_owner(applicant, other_applicant):
    notice = notify(recipient=applicant, title="名称已保留", body="…", email=False)
    assert notification_unread_count(user=applicant) == 1
    assert notification_unread_count(user=other_applicant) == 0
    with pytest.raises(PermissionDenied):
        notification_mark_read(user=other_applicant, notification=notice)
    notification_mark_read(user=applicant, notification=notice)
    assert notification_unread_count(user=applicant) == 0


# --- pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/notifications/", "/notifications/unread/"])
def test_anonymous_users_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


def test_notifications_show_the_unread_count_and_are_read_on_opening(login, applicant):
    notify(recipient=applicant, title="名称已保留：沃德", body="保留期至……", url="/names/")
    notify(recipient=applicant, title="第二条", body="", url="javascript:alert(1)")
    client = login(applicant)
    badge = html(client.get("/notifications/unread/", headers=HX))
    assert 'data-testid="unread-count"' in badge
    assert ">2<" in badge
    page = html(client.get("/notifications/"))
    assert page.count('data-testid="notification"') == 2
    assert page.count("notice unread") == 2
    assert 'href="/names/"' in page
    assert "javascript:" not in page
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert html(client.get("/notifications/unread/", headers=HX)).strip() == ""
    assert html(client.get("/notifications/")).count("notice unread") == 0


def test_notifications_are_private(login, applicant, other_applicant):
    notify(recipient=applicant, title="只给申报人甲", body="")
    page = html(login(other_applicant).get("/notifications/"))
    assert "只给申报人甲" not in page
    assert 'data-testid="no-notifications"' in page
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REGISTRAR, Role.PERSONNEL, None])
def test_every_signed_in_user_has_a_notice_page(login, role_users, role):
    user = role_users[role] if role else role_users["no_role"]
    notify(recipient=user, title="给每个人的通知", email=False)
    response = login(user).get("/notifications/")
    assert response.status_code == 200
    assert "给每个人的通知" in html(response)
