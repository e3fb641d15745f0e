from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from hongdun.accounts import urls as accounts_urls
from hongdun.consultation import urls as consultation_urls
from hongdun.core import urls as core_urls
from hongdun.credit import urls_classes as credit_class_urls
from hongdun.credit import urls_contract as contract_credit_urls
from hongdun.credit import urls_legacy as credit_legacy_urls
from hongdun.credit import urls_markets as market_urls
from hongdun.disclosure import urls_immediate as immediate_disclosure_urls
from hongdun.disclosure import urls_page as disclosure_page_urls
from hongdun.disclosure import urls_progress as disclosure_progress_urls
from hongdun.disclosure import urls_reports as disclosure_report_urls
from hongdun.enterprises import urls as enterprise_urls
from hongdun.namecheck import urls as namecheck_urls
from hongdun.registration import urls as registration_urls
from hongdun.registration.review import urls as regreview_urls
from hongdun.reporting import urls as reporting_urls
from hongdun.reporting.workforce import figure_urls as workforce_figure_urls
from hongdun.supervision import urls_abnormal as abnormal_urls
from hongdun.supervision import urls_inspections as inspection_urls
from hongdun.supervision import urls_public as supervision_public_urls
from hongdun.supervision import urls_runs as supervision_run_urls
from hongdun.supervision import urls_serious as serious_urls
from hongdun.workforce import urls as workforce_urls
from hongdun.workforce.excel import urls as workforce_excel_urls

# One behaviour for refusals and failures everywhere (hongdun.core.errors).
handler400 = "hongdun.core.errors.bad_request"
handler403 = "hongdun.core.errors.permission_denied"
handler404 = "hongdun.core.errors.page_not_found"
handler500 = "hongdun.core.errors.server_error"

urlpatterns = [
    # Immediate disclosures: portal, staff list and public API, each under its own namespace.
    path("", include(immediate_disclosure_urls)),
    # The portal's front page keeps its historical name `core:home` (templates, LOGIN_REDIRECT_URL).
    path("", include((reporting_urls.portal_patterns + core_urls.portal_patterns, "core"))),
    path("accounts/", include((accounts_urls.portal_patterns, "accounts"))),
    path("enterprises/", include((enterprise_urls.portal_patterns, "enterprises"))),
    path("names/", include((namecheck_urls.portal_patterns, "namecheck"))),
    path("consultation/", include((consultation_urls.portal_patterns, "consultation"))),
    path("registration/", include((registration_urls.portal_patterns, "registration"))),
    path(
        "enterprise/annual-reports/",
        include((disclosure_report_urls.portal_patterns, "annual-reports")),
    ),
    path(
        "staff/disclosure/annual-reports/",
        include((disclosure_report_urls.backoffice_patterns, "backoffice-annual-reports")),
    ),
    # The supervision registers (issue 10): public lists and inspections, the enterprise's own
    # listings, and the staff pages of each register.
    path("supervision/", include((supervision_public_urls.public_patterns, "supervision-public"))),
    path("enterprise/abnormal-list/", include((abnormal_urls.portal_patterns, "portal-abnormal"))),
    path(
        "staff/supervision/abnormal/",
        include((abnormal_urls.backoffice_patterns, "supervision-abnormal")),
    ),
    path(
        "staff/supervision/serious/",
        include((serious_urls.backoffice_patterns, "supervision-serious")),
    ),
    path(
        "staff/supervision/runs/",
        include((supervision_run_urls.backoffice_patterns, "supervision-runs")),
    ),
    path(
        "staff/supervision/inspections/",
        include((inspection_urls.backoffice_patterns, "supervision-inspections")),
    ),
    # The credit registers (issue 11): risk classes are staff-only; 守合同重信用 and 文明诚信市场
    # have public lists, and 守重 an enterprise's own applications.
    path(
        "staff/credit/classes/",
        include((credit_class_urls.backoffice_patterns, "credit-classes")),
    ),
    path(
        "staff/credit/legacy/",
        include((credit_legacy_urls.backoffice_patterns, "credit-legacy")),
    ),
    path(
        "staff/credit/contract/",
        include((contract_credit_urls.backoffice_patterns, "credit-contract")),
    ),
    path(
        "enterprise/contract-credit/",
        include((contract_credit_urls.portal_patterns, "portal-contract-credit")),
    ),
    path(
        "credit/contract/",
        include((contract_credit_urls.public_patterns, "credit-contract-public")),
    ),
    path("staff/credit/markets/", include((market_urls.backoffice_patterns, "credit-markets"))),
    path("credit/markets/", include((market_urls.public_patterns, "credit-markets-public"))),
    path("notifications/", include((core_urls.notification_patterns, "notifications"))),
    # One namespace for the workbench (reporting) and the platform's own pages (core).
    path(
        "staff/",
        include((reporting_urls.backoffice_patterns + core_urls.backoffice_patterns, "backoffice")),
    ),
    path(
        "staff/enterprises/",
        include((enterprise_urls.backoffice_patterns, "backoffice-enterprises")),
    ),
    path(
        "staff/disclosure/progress/",
        include((disclosure_progress_urls.backoffice_patterns, "disclosure-progress")),
    ),
    path("staff/names/", include((namecheck_urls.backoffice_patterns, "backoffice-names"))),
    # Before "staff/workforce/", whose record pages take a slug in the same position.
    path(
        "staff/workforce/excel/",
        include((workforce_excel_urls.backoffice_patterns, "workforce-excel")),
    ),
    path(
        "staff/consultation/",
        include((consultation_urls.backoffice_patterns, "backoffice-consultation")),
    ),
    path(
        "staff/authorisations/",
        include((registration_urls.backoffice_patterns, "backoffice-authorisations")),
    ),
    path(
        "staff/workforce/figures/",
        include((workforce_figure_urls.backoffice_patterns, "workforce-figures")),
    ),
    path(
        "staff/workforce/",
        include((workforce_urls.backoffice_patterns, "backoffice-workforce")),
    ),
    path("captcha/", include("captcha.urls")),
    path(
        "staff/registration/",
        include((regreview_urls.backoffice_patterns, "backoffice-registration")),
    ),
    path("documents/", include((regreview_urls.document_patterns, "regdocs"))),
    path(
        "api/v1/",
        include(
            (
                reporting_urls.api_patterns  # first: see its comment
                + enterprise_urls.api_patterns
                + disclosure_page_urls.api_patterns
                + namecheck_urls.api_patterns
                + registration_urls.api_patterns
                + workforce_urls.api_patterns
                + disclosure_report_urls.api_patterns
                + supervision_public_urls.api_patterns,
                "api",
            )
        ),
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
