"""The URL patterns of a register's record pages, under the register's namespace."""

from django.urls import URLPattern, path

from hongdun.core.backoffice import views
from hongdun.core.backoffice.records import Register

PAGES = (
    ("<slug:slug>/", views.RecordListView, "list"),
    ("<slug:slug>/export.xlsx", views.RecordExportView, "export"),
    ("<slug:slug>/new/", views.RecordCreateView, "create"),
    ("<slug:slug>/<int:pk>/", views.RecordDetailView, "detail"),
    ("<slug:slug>/<int:pk>/edit/", views.RecordUpdateView, "update"),
    ("<slug:slug>/<int:pk>/delete/", views.RecordDeleteView, "delete"),
    ("<slug:slug>/<int:pk>/history/", views.RecordHistoryView, "history"),
)


def record_patterns(register: Register) -> list[URLPattern]:
    """list, export, create, detail, update, delete and history of every record type (`slug`)."""
    return [path(route, view.as_view(register=register), name=name) for route, view, name in PAGES]
