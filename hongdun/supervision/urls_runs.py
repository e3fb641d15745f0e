"""The scheduled runs' log: staff pages at /staff/supervision/runs/ ("supervision-runs")."""

from django.urls import URLPattern, path

from hongdun.supervision.views import runs as views

backoffice_patterns: list[URLPattern] = [
    path("", views.RunListView.as_view(), name="list"),
    path("run/", views.RunDayView.as_view(), name="run"),
    path("<int:pk>/", views.RunDetailView.as_view(), name="detail"),
]
