from django.urls import path

from hongdun.core import calendar_views

backoffice_patterns = [
    path("calendar/", calendar_views.HolidayCalendarView.as_view(), name="holiday-calendar"),
    path(
        "calendar/<int:pk>/delete/",
        calendar_views.HolidayOverrideDeleteView.as_view(),
        name="holiday-delete",
    ),
]
