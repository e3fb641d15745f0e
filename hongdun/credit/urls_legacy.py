"""Staff pages of the legacy 2008 classes (/staff/credit/legacy/, namespace "credit-legacy"):
the list with filters and Excel export, one row with its history, the import and its template.
Internal only, kept apart from the risk classes."""

from django.urls import URLPattern, URLResolver, path

from hongdun.credit.views import legacy as views

backoffice_patterns: list[URLPattern | URLResolver] = [
    path("", views.LegacyListView.as_view(), name="list"),
    path("export.xlsx", views.LegacyExportView.as_view(), name="export"),
    path("import/", views.LegacyImportView.as_view(), name="import"),
    path("import/template.xlsx", views.LegacyTemplateView.as_view(), name="template"),
    path("<int:pk>/", views.LegacyDetailView.as_view(), name="detail"),
    path("<int:pk>/delete/", views.LegacyDeleteView.as_view(), name="delete"),
]
