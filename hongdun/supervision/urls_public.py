"""The public side: list pages per authority with search and the published inspection plans
at /supervision/ (namespace "supervision-public"); public API rows in `api_patterns` (/api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from hongdun.supervision import api_public_lists
from hongdun.supervision.views import public_inspections as inspection_views
from hongdun.supervision.views import public_lists

public_patterns: list[URLPattern] = [
    # The public lists (经营异常名录公示, 严重违法失信名单公示).
    path("abnormal/", public_lists.AbnormalListedView.as_view(), name="abnormal-list"),
    path("abnormal/removed/", public_lists.AbnormalRemovedView.as_view(), name="abnormal-removed"),
    path("serious/", public_lists.SeriousListedView.as_view(), name="serious-list"),
    path("serious/removed/", public_lists.SeriousRemovedView.as_view(), name="serious-removed"),
    # The published inspection plans, their draws and results.
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
api_patterns: list[URLPattern | URLResolver] = [
    path("abnormal-list/", api_public_lists.AbnormalListApi.as_view(), name="abnormal-list"),
    path("serious-list/", api_public_lists.SeriousListApi.as_view(), name="serious-list"),
]
