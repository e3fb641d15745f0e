from django.urls import path

from hongdun.enterprises import api
from hongdun.enterprises.views import backoffice, portal

portal_patterns = [
    path("", portal.EnterpriseSearchView.as_view(), name="search"),
    path("<str:code>/", portal.EnterpriseDetailView.as_view(), name="detail"),
    path("<str:code>/report.pdf", portal.EnterpriseReportPdfView.as_view(), name="report-pdf"),
]

backoffice_patterns = [
    path("", backoffice.StaffEnterpriseListView.as_view(), name="list"),
    path("<int:pk>/", backoffice.StaffEnterpriseDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/revoke-registration/",
        backoffice.StaffRegistrationRevokeView.as_view(),
        name="revoke-registration",
    ),
]

api_patterns = [
    path("enterprises/", api.EnterpriseSearchApi.as_view(), name="enterprise-search"),
    # Before the detail pattern, which would take "people" for a code.
    path("enterprises/people/", api.PersonSearchApi.as_view(), name="enterprise-people"),
    path("enterprises/<str:code>/", api.EnterpriseDetailApi.as_view(), name="enterprise-detail"),
]
