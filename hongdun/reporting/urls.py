"""Pages and endpoints of the reporting layer; config/urls.py mounts them under the namespaces the
templates already use (`core:home`, `backoffice:dashboard`, `workforce-figures:…`, `api:…`)."""

from django.urls import path

from hongdun.reporting import views
from hongdun.reporting.workforce import api as workforce_api

portal_patterns = [path("", views.HomeView.as_view(), name="home")]

backoffice_patterns = [path("", views.StaffDashboardView.as_view(), name="dashboard")]

# Mounted before the workforce records' API, whose `workforce/<slug>/<pk>/` would otherwise
# take `workforce/figures/1/` for record 1 of a kind called "figures".
api_patterns = [
    path(
        "workforce/figures/<int:number>/",
        workforce_api.WorkforceFigureApi.as_view(),
        name="workforce-figures",
    ),
]
