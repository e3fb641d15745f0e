"""The public side: list pages per authority with search and the published inspection plans
at /supervision/ (namespace "supervision-public"); public API rows in `api_patterns` (/api/v1/)."""

from django.urls import URLPattern, path

public_patterns: list[URLPattern] = []
api_patterns: list[URLPattern] = []

# --- published inspection plans and results (lane "results"; views/public_inspections.py) --------
from hongdun.supervision.views import public_inspections as inspection_views  # noqa: E402

public_patterns += [
    path("inspections/", inspection_views.PublicPlanListView.as_view(), name="inspection-plans"),
    path(
        "inspections/algorithm/",
        inspection_views.PublicAlgorithmView.as_view(),
        name="inspection-algorithm",
    ),
    path(
        "inspections/<int:pk>/",
        inspection_views.PublicPlanDetailView.as_view(),
        name="inspection-plan",
    ),
]
