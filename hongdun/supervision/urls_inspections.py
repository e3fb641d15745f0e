"""Random inspections (双随机一公开): staff pages at /staff/supervision/inspections/ (namespace
"supervision-inspections"): plans, draws, rosters, results, recorded relations."""

from django.urls import URLPattern, path

backoffice_patterns: list[URLPattern] = []

# --- inspection results, reassignment and recorded relations (lane "results") -------------------
# Views: views/inspection_results.py and views/relations.py.
from hongdun.supervision.views import inspection_results as result_views  # noqa: E402
from hongdun.supervision.views import relations as relation_views  # noqa: E402

backoffice_patterns += [
    path("results/", result_views.ResultsIndexView.as_view(), name="results"),
    path(
        "results/plans/<int:pk>/",
        result_views.PlanResultsView.as_view(),
        name="results-plan",
    ),
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
