"""Reading a user's own notices (an anonymous visitor has none)."""

from typing import Any

from django.db.models import QuerySet

from hongdun.core.models import Notification


def notification_list_for_user(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(user_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_unread_count(*, user: Any) -> int:
    return notification_list_for_user(user=user, unread_only=True).count()
