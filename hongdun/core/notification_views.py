"""The user's notices (/notifications/) and the unread count in the header (htmx)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from hongdun.core.notification_selectors import (
    notification_list_for_user,
    notification_unread_count,
)
from hongdun.core.notification_services import notification_mark_read

PAGE_SIZE = 20


class NotificationListView(LoginRequiredMixin, View):
    """The user's notices, newest first; the ones shown are marked read by opening the page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(notification_list_for_user(user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        unread = {notice.pk for notice in page if notice.read_at is None}
        for notice in page:
            if notice.pk in unread:
                notification_mark_read(user=request.user, notification=notice)
        return render(request, "core/notifications.html", {"page": page, "unread": unread})


class NotificationBadgeView(LoginRequiredMixin, View):
    """htmx: the unread count shown next to 通知 in the header."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "core/includes/unread_badge.html",
            {"count": notification_unread_count(user=request.user)},
        )
