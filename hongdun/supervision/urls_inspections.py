"""Random inspections (双随机一公开): staff pages at /staff/supervision/inspections/ (namespace
"supervision-inspections"): plans, draws, rosters, results, recorded relations."""

from django.urls import URLPattern, path

from hongdun.supervision.views import inspections as views

backoffice_patterns: list[URLPattern] = [
    path("", views.PlanListView.as_view(), name="plans"),
    path("new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan-edit"),
    path("<int:pk>/draw/", views.PlanDrawView.as_view(), name="plan-draw"),
    path("<int:pk>/publish/", views.PlanPublishView.as_view(), name="plan-publish"),
    path("<int:pk>/population/", views.PopulationView.as_view(), name="population"),
    path("inspectors/", views.InspectorRosterView.as_view(), name="inspectors"),
]
