"""URLs of the public record's annual-reports part (lane "page" of issue 9)."""

from django.urls import path

from hongdun.disclosure import api_page

api_patterns = [
    path(
        "enterprises/<str:code>/annual-reports/",
        api_page.EnterpriseAnnualReportsApi.as_view(),
        name="enterprise-annual-reports",
    ),
]
