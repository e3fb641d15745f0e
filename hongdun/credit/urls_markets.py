"""文明诚信市场: staff pages of markets, stalls, checklists and evaluations
(/staff/credit/markets/) and the public list of titled markets (/credit/markets/)."""

from django.urls import URLPattern, URLResolver, path

from hongdun.credit.views import markets as views

backoffice_patterns: list[URLPattern | URLResolver] = [
    # The markets register and each market's stalls.
    path("", views.MarketListView.as_view(), name="list"),
    path("export.xlsx", views.MarketExportView.as_view(), name="export"),
    path("new/", views.MarketCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MarketDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MarketEditView.as_view(), name="edit"),
    path("<int:pk>/active/", views.MarketActiveView.as_view(), name="active"),
    path("<int:pk>/stalls/new/", views.StallCreateView.as_view(), name="stall-create"),
    path("<int:pk>/stalls/export.xlsx", views.StallExportView.as_view(), name="stall-export"),
    path("<int:pk>/stalls/import/", views.StallImportView.as_view(), name="stall-import"),
    path("stalls/<int:pk>/edit/", views.StallEditView.as_view(), name="stall-edit"),
    path("stalls/<int:pk>/active/", views.StallActiveView.as_view(), name="stall-active"),
    # Evaluations, their decision and the title.
    path(
        "<int:pk>/evaluations/new/",
        views.EvaluationCreateView.as_view(),
        name="evaluation-create",
    ),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluations"),
    path("evaluations/<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation"),
    path(
        "evaluations/<int:pk>/<slug:action>/",
        views.EvaluationActionView.as_view(),
        name="evaluation-action",
    ),
    # The yearly checklists (city-wide).
    path("checklists/", views.ChecklistListView.as_view(), name="checklists"),
    path("checklists/new/", views.ChecklistCreateView.as_view(), name="checklist-new"),
    path("checklists/new/blank/", views.ChecklistBlankView.as_view(), name="checklist-new-blank"),
    path("checklists/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist"),
    path("checklists/<int:pk>/edit/", views.ChecklistEditView.as_view(), name="checklist-edit"),
    path(
        "checklists/<int:pk>/delete/",
        views.ChecklistDeleteView.as_view(),
        name="checklist-delete",
    ),
]
public_patterns: list[URLPattern | URLResolver] = [
    path("", views.PublicMarketListView.as_view(), name="list"),
]
