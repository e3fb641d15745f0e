"""Staff pages of annual-report filing progress, mounted at /staff/disclosure/progress/ under the
namespace "disclosure-progress"."""

from django.urls import path

from hongdun.disclosure.views import backoffice_progress as views

backoffice_patterns = [
    path("", views.FilingProgressView.as_view(), name="progress"),
    path("not-filed/", views.NotFiledListView.as_view(), name="not-filed"),
    path("not-filed/export.xlsx", views.NotFiledExportView.as_view(), name="not-filed-export"),
]
