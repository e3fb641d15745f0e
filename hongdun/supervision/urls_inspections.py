"""Random inspections (双随机一公开): staff pages at /staff/supervision/inspections/ (namespace
"supervision-inspections"): plans, draws, rosters, results, recorded relations."""

from django.urls import URLPattern, path

from hongdun.supervision.views import inspection_results as result_views
from hongdun.supervision.views import inspections as views
from hongdun.supervision.views import relations as relation_views

backoffice_patterns: list[URLPattern] = [
    # Plans, draws and the rosters.
    path("", views.PlanListView.as_view(), name="plans"),
    path("new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan-edit"),
    path("<int:pk>/draw/", views.PlanDrawView.as_view(), name="plan-draw"),
    path("<int:pk>/publish/", views.PlanPublishView.as_view(), name="plan-publish"),
    path("<int:pk>/population/", views.PopulationView.as_view(), name="population"),
    path("inspectors/", views.InspectorRosterView.as_view(), name="inspectors"),
    # Results, their publication, reassignment and the recorded relations.
    path("results/", result_views.ResultsIndexView.as_view(), name="results"),
    path("results/plans/<int:pk>/", result_views.PlanResultsView.as_view(), name="results-plan"),
    path(
        "results/plans/<int:pk>/export.xlsx",
        result_views.PlanResultsExportView.as_view(),
        name="results-export",
    ),
    path(
        "results/plans/<int:pk>/publish/",
        result_views.PlanResultsPublishView.as_view(),
        name="results-publish",
    ),
    path("results/tasks/<int:pk>/", result_views.ResultEntryView.as_view(), name="result-entry"),
    path(
        "results/tasks/<int:pk>/reassign/",
        result_views.TaskReassignView.as_view(),
        name="task-reassign",
    ),
    path("relations/", relation_views.RelationListView.as_view(), name="relations"),
    path("relations/new/", relation_views.RelationCreateView.as_view(), name="relation-add"),
    path("relations/<int:pk>/end/", relation_views.RelationEndView.as_view(), name="relation-end"),
]
