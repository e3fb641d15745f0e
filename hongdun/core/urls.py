from django.urls import path

from hongdun.core import calendar_views, views

portal_patterns = [path("", views.HomeView.as_view(), name="home")]

backoffice_patterns = [
    path("", views.StaffDashboardView.as_view(), name="dashboard"),
    path("calendar/", calendar_views.HolidayCalendarView.as_view(), name="holiday-calendar"),
    path(
        "calendar/<int:pk>/delete/",
        calendar_views.HolidayOverrideDeleteView.as_view(),
        name="holiday-delete",
    ),
]
