"""Telling a user something (站内通知 and e-mail): the one way any app notifies.

The notice is a row written in the caller's transaction, so it exists exactly when the change it
reports does; the e-mail leaves only once that transaction has committed, so a rolled-back
decision never reaches anyone's mailbox.
"""

import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.core.models import Notification

logger = logging.getLogger(__name__)

TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length or 200
URL_MAX_LENGTH = Notification._meta.get_field("url").max_length or 300


def notify(
    *, recipient: User, title: str, body: str = "", url: str = "", email: bool = True
) -> Notification:
    """An in-site notice to `recipient`, and the same by e-mail after commit when they have an
    address. `url` is a site-relative link to the thing the notice is about."""
    notice = Notification(
        user=recipient, title=title[:TITLE_MAX_LENGTH], body=body, url=url[:URL_MAX_LENGTH]
    )
    notice.full_clean()
    notice.save()
    address = recipient.email
    if email and address:

        def deliver() -> None:
            text = f"{body}\n\n{url}" if url else body
            try:
                send_mail(title, text, None, [address])
            except Exception:  # a mail outage must not undo or break the notice
                logger.exception("could not e-mail notification %s", notice.pk)

        transaction.on_commit(deliver)
    return notice


def notification_mark_read(
    *, user: AbstractBaseUser | AnonymousUser, notification: Notification
) -> Notification:
    """Mark one of the user's own notices read; anyone else's is refused."""
    if notification.user_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
