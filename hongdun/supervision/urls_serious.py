"""The serious-violation list: staff pages at /staff/supervision/serious/ (namespace
"supervision-serious"). The decision notices (PDF) answer staff in reach and the enterprise's
authorised users."""

from django.urls import URLPattern, path

from hongdun.supervision.views import serious as views
from hongdun.supervision.views.serious_pdf import SeriousNoticePdfView

backoffice_patterns: list[URLPattern] = [
    path("", views.SeriousQueueView.as_view(), name="queue"),
    path("export.xlsx", views.SeriousExportView.as_view(), name="export"),
    path("propose/", views.SeriousProposeView.as_view(), name="propose"),
    path("<int:pk>/", views.SeriousDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/<str:action>/",
        views.SeriousActionView.as_view(),
        name="action",
    ),
    path("<int:pk>/notice.pdf", SeriousNoticePdfView.as_view(), name="notice-pdf"),
    path(
        "<int:pk>/removal-notice.pdf",
        SeriousNoticePdfView.as_view(removal=True),
        name="removal-notice-pdf",
    ),
]
