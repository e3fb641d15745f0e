"""Staff pages of the risk classes (/staff/credit/classes/, namespace "credit-classes"):
distribution per unit subtree, the list of current classes and its Excel export, an
enterprise's classes over time with explanations, the runs and re-runs, the scheme versions.
Internal only: nothing here is public (docs/rules/credit.md §8)."""

from django.urls import URLPattern, URLResolver, path

from hongdun.credit.views import classes, schemes

backoffice_patterns: list[URLPattern | URLResolver] = [
    path("", classes.DistributionView.as_view(), name="distribution"),
    path("list/", classes.ClassListView.as_view(), name="list"),
    path("list/export.xlsx", classes.ClassExportView.as_view(), name="export"),
    path("enterprises/<int:pk>/", classes.EnterpriseClassesView.as_view(), name="enterprise"),
    path("runs/", schemes.RunListView.as_view(), name="runs"),
    path("runs/reclassify/", schemes.ReclassifyView.as_view(), name="reclassify"),
    path("runs/<int:pk>/", schemes.RunDetailView.as_view(), name="run"),
    path("runs/<int:pk>/rerun/", schemes.RunRerunView.as_view(), name="rerun"),
    path("schemes/", schemes.SchemeListView.as_view(), name="schemes"),
    path("schemes/new/", schemes.SchemeCreateView.as_view(), name="scheme-create"),
    path("schemes/<int:pk>/", schemes.SchemeDetailView.as_view(), name="scheme"),
    path(
        "schemes/<int:pk>/activate/", schemes.SchemeActivateView.as_view(), name="scheme-activate"
    ),
]
