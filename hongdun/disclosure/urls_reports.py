"""URLs of annual-report filing (lane "reports"): the portal under /enterprise/annual-reports/,
the supervisor's paper filing under /staff/disclosure/annual-reports/, and the filing API."""

from django.urls import URLPattern, URLResolver, path

from hongdun.disclosure import api_reports
from hongdun.disclosure.views import portal_reports as portal
from hongdun.disclosure.views import staff_reports as staff

# Mounted at /enterprise/annual-reports/ (namespace "annual-reports").
portal_patterns: list[URLPattern | URLResolver] = [
    path("", portal.ReportListView.as_view(), name="list"),
    path("<str:uscc>/<int:year>/", portal.ReportDetailView.as_view(), name="detail"),
    path("<str:uscc>/<int:year>/edit/", portal.ReportEditView.as_view(), name="edit"),
    path("<str:uscc>/<int:year>/check/", portal.ReportCheckView.as_view(), name="check"),
    path("<str:uscc>/<int:year>/discard/", portal.ReportDiscardView.as_view(), name="discard"),
    path(
        "<str:uscc>/<int:year>/versions/<int:number>/",
        portal.VersionView.as_view(),
        name="version",
    ),
    path(
        "<str:uscc>/<int:year>/versions/<int:number>/receipt/",
        portal.ReceiptView.as_view(),
        name="receipt",
    ),
    path(
        "<str:uscc>/<int:year>/versions/<int:number>/receipt.pdf",
        portal.ReceiptPdfView.as_view(),
        name="receipt-pdf",
    ),
]

# Mounted at /staff/disclosure/annual-reports/ (namespace "backoffice-annual-reports").
backoffice_patterns: list[URLPattern | URLResolver] = [
    path("paper/", staff.PaperFilingView.as_view(), name="paper"),
]

# Under /api/v1/ (namespace "api").
api_patterns: list[URLPattern | URLResolver] = [
    path("annual-reports/", api_reports.ReportListCreateApi.as_view(), name="annual-reports"),
    path("annual-reports/<int:pk>/", api_reports.ReportDetailApi.as_view(), name="annual-report"),
    path(
        "annual-reports/<int:pk>/check",
        api_reports.ReportCheckApi.as_view(),
        name="annual-report-check",
    ),
    path(
        "annual-reports/<int:pk>/submit",
        api_reports.ReportSubmitApi.as_view(),
        name="annual-report-submit",
    ),
]
