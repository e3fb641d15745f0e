from django.urls import path

from hongdun.core import views

portal_patterns = [path("", views.HomeView.as_view(), name="home")]

backoffice_patterns = [path("", views.StaffDashboardView.as_view(), name="dashboard")]
