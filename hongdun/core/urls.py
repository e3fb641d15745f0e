from django.urls import path

from hongdun.core import calendar_views, notification_views, verification_views

# The platform's public pages; config/urls.py mounts them at the site root in the namespace `core`
# next to the portal's front page (reporting).
portal_patterns = [
    path("verify/", verification_views.DocumentVerifyView.as_view(), name="verify"),
]

# The user's in-site notices, mounted at /notifications/ (namespace "notifications").
notification_patterns = [
    path("", notification_views.NotificationListView.as_view(), name="list"),
    path("unread/", notification_views.NotificationBadgeView.as_view(), name="unread-badge"),
]

backoffice_patterns = [
    path("calendar/", calendar_views.HolidayCalendarView.as_view(), name="holiday-calendar"),
    path(
        "calendar/<int:pk>/delete/",
        calendar_views.HolidayOverrideDeleteView.as_view(),
        name="holiday-delete",
    ),
]
