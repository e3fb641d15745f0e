"""Back-office URLs of the workforce figures (mounted at /staff/workforce/figures/)."""

from django.urls import path

from hongdun.reporting.workforce import figure_views

app_name = "workforce-figures"

backoffice_patterns = [
    path("", figure_views.FigureIndexView.as_view(), name="index"),
    path("pillar/<int:number>/", figure_views.FigurePillarView.as_view(), name="pillar"),
    path("export.xlsx", figure_views.FigureExportView.as_view(), name="export"),
    path("report/", figure_views.YearlyReportView.as_view(), name="report"),
    path("snapshots/", figure_views.SnapshotListView.as_view(), name="snapshots"),
    path("snapshots/new/", figure_views.SnapshotCreateView.as_view(), name="snapshot-create"),
]
