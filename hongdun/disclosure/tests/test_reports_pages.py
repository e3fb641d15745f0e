"""The portal's annual-report pages, the supervisor's paper filing page and the filing API:
behaviour and the security matrix (anonymous, wrong role, another enterprise's user, the right
user)."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.disclosure.models import AnnualReport, AnnualReportVersion
from hongdun.disclosure.services import annual_report_submit
from hongdun.disclosure.tests.factories_reports import authorise, company, complete_content
from hongdun.testing.pdf import pdf_text
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db


def form_data(content, **extra):
    data = {k: v for k, v in content.values.items() if k not in ("public_figures",)}
    data = {k: ("yes" if v is True else v) for k, v in data.items() if v is not False}
    data["public_figures"] = content.values.get("public_figures", [])
    for section in ("contributions", "investments", "equity_transfers", "websites"):
        for n, row in enumerate(getattr(content, section) or []):
            for key, value in row.items():
                data[f"{section}-{n}-{key}"] = value
    for key, value in (content.social_insurance or {}).items():
        data[f"social_insurance-{key}"] = value
    data.update(extra)
    return data


@pytest.fixture
def other_filer(make_user, bureau):
    """An applicant authorised for another enterprise only."""
    user = make_user(Role.APPLICANT)
    authorise(user, company(bureau["kundulun"], name="包头市他家钢材有限公司"))
    return user


@pytest.fixture
def filed(open_window, filer, report_enterprise):
    return annual_report_submit(
        user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
    )


def test_list_shows_each_year_and_its_state(login, open_window, filer, report_enterprise, filed):
    response = login(filer).get("/enterprise/annual-reports/")
    body = response.content.decode()
    assert response.status_code == 200
    assert report_enterprise.name in body
    assert f'data-year="{open_window}" data-state="filed"' in body
    assert f'data-year="{open_window - 1}" data-state="late"' in body
    assert f'data-year="{open_window + 1}" data-state="not_due"' in body


def test_form_is_prefilled_from_the_register(login, open_window, filer, report_enterprise):
    response = login(filer).get(
        f"/enterprise/annual-reports/{report_enterprise.uscc}/{open_window}/edit/"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="王建国"' in body
    assert report_enterprise.address in body
    for section in ("contact", "investments", "contributions", "transfers", "websites", "figures"):
        assert f'data-testid="section-{section}"' in body
    assert 'data-testid="section-social-insurance"' in body


def test_save_submit_receipt_correct_through_the_pages(
    login, open_window, filer, report_enterprise, tmp_path
):
    client = login(filer)
    base = f"/enterprise/annual-reports/{report_enterprise.uscc}/{open_window}"
    content = complete_content(total_assets="5000100")
    # live check: the arithmetic warning, and an error for text in a number field
    checked = client.post(f"{base}/check/", form_data(content, employees="二十")).content.decode()
    assert 'data-code="balance_sheet"' in checked
    assert 'data-field="employees" data-severity="error"' in checked
    # refused submit: 400, nothing filed, all problems shown
    response = client.post(f"{base}/edit/", form_data(content, employees="二十", action="submit"))
    assert response.status_code == 400
    assert 'data-field="employees"' in response.content.decode()
    assert not AnnualReportVersion.objects.exists()
    # draft, then submit
    response = client.post(f"{base}/edit/", form_data(content, action="save"))
    assert response.status_code == 302
    assert AnnualReportVersion.objects.get().status == "draft"
    response = client.post(f"{base}/edit/", form_data(content, action="submit"))
    assert response.status_code == 302
    assert response.url == f"{base}/versions/1/receipt/"
    receipt = client.get(response.url).content.decode()
    assert f"NB{open_window}-{report_enterprise.uscc}-01" in receipt
    pdf = client.get(f"{base}/versions/1/receipt.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert f"NB{open_window}-{report_enterprise.uscc}-01" in text
    assert report_enterprise.name in text
    # correction with a note
    response = client.post(
        f"{base}/edit/", form_data(content, total_assets="5000000", action="correct", note="")
    )
    assert response.status_code == 400
    response = client.post(
        f"{base}/edit/",
        form_data(content, total_assets="5000000", action="correct", note="资产总额更正"),
    )
    assert response.status_code == 302
    detail = client.get(f"{base}/").content.decode()
    assert detail.count('data-testid="version-row"') == 2
    assert 'data-state="corrected"' in detail
    report = AnnualReport.objects.get()
    assert report.current_version is not None
    assert report.current_version.number == 2


def test_after_the_window_the_page_says_to_file_on_paper(login, filer, report_enterprise):
    year = timezone.localdate().year - 2
    client = login(filer)
    body = client.get(
        f"/enterprise/annual-reports/{report_enterprise.uscc}/{year}/"
    ).content.decode()
    assert 'data-testid="late-notice"' in body
    response = client.get(f"/enterprise/annual-reports/{report_enterprise.uscc}/{year}/edit/")
    assert response.status_code == 302


def test_api_files_and_corrects(login, open_window, filer, report_enterprise):
    client = login(filer)
    content = complete_content()
    payload = {
        "enterprise": report_enterprise.uscc,
        "year": open_window,
        **content.values,
        "contributions": content.contributions,
        "websites": content.websites,
        "social_insurance": content.social_insurance,
    }
    response = client.post("/api/v1/annual-reports/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["draft"]["employees"] == 25
    # text in a number field: 400 naming the field, with every problem
    response = client.patch(
        f"/api/v1/annual-reports/{pk}/",
        {"total_assets": "很多", "employees": "-1"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "employees" or response.json()["field"] == "total_assets"
    assert {p["field"] for p in response.json()["problems"]} >= {"total_assets", "employees"}
    response = client.post(f"/api/v1/annual-reports/{pk}/check")
    assert response.status_code == 200
    assert response.json() == []
    response = client.post(
        f"/api/v1/annual-reports/{pk}/submit", {}, content_type="application/json"
    )
    assert response.status_code == 200
    assert len(response.json()["versions"]) == 1
    assert response.json()["first_submitted_at"]
    response = client.patch(
        f"/api/v1/annual-reports/{pk}/", {"total_tax": "1"}, content_type="application/json"
    )
    assert response.status_code == 200
    response = client.post(
        f"/api/v1/annual-reports/{pk}/submit", {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "note"
    response = client.post(
        f"/api/v1/annual-reports/{pk}/submit", {"note": "纳税总额"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert [v["number"] for v in response.json()["versions"]] == [1, 2]
    listing = client.get("/api/v1/annual-reports/").json()
    assert [row["id"] for row in listing] == [pk]


def test_api_refuses_a_late_report_with_the_field(login, filer, report_enterprise):
    response = login(filer).post(
        "/api/v1/annual-reports/",
        {"enterprise": report_enterprise.uscc, "year": timezone.localdate().year - 2},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "year"


def test_api_another_enterprise_is_not_found(login, open_window, other_filer, report_enterprise):
    response = login(other_filer).post(
        "/api/v1/annual-reports/",
        {"enterprise": report_enterprise.uscc, "year": open_window},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not AnnualReport.objects.exists()


def test_paper_filing_page_records_a_late_report(login, report_enterprise, bureau, make_user):
    supervisor = make_user(Role.SUPERVISOR, bureau["kundulun"])
    year = timezone.localdate().year - 2
    client = login(supervisor)
    page = client.get(
        f"/staff/disclosure/annual-reports/paper/?uscc={report_enterprise.uscc}&year={year}"
    )
    assert page.status_code == 200
    assert 'value="王建国"' in page.content.decode()
    response = client.post(
        "/staff/disclosure/annual-reports/paper/",
        form_data(complete_content(), uscc=report_enterprise.uscc, year=year),
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert report.filed_late is True
    assert report.current_version is not None
    assert report.current_version.channel == "paper"


# --- the security matrix ----------------------------------------------------------------------


@dataclass(frozen=True)
class Page(ScopedPage):
    """A page addressed by the enterprise's USCC and the report year (record: a report or an
    enterprise)."""

    def url(self, record):
        enterprise = getattr(record, "enterprise", record)
        return self.path.format(pk=record.pk, uscc=enterprise.uscc, year=getattr(record, "year", 0))


def _filer_case(filed, filer, other_filer, role_users, *, marker):
    """The filer's own report in scope, another enterprise's filer out of scope; the supervisor
    and a user without a role have no business with the portal's reports."""
    return ScopeCase(
        record=filed.report,
        marker=marker,
        in_scope=filer,
        out_of_scope=other_filer,
        wrong_roles=[role_users[Role.SUPERVISOR], role_users["no_role"]],
    )


class TestPortalPages(ScopedViewSuite):
    pages = (
        Page("list", "/enterprise/annual-reports/", lists=True),
        Page("detail", "/enterprise/annual-reports/{uscc}/{year}/"),
        Page("edit", "/enterprise/annual-reports/{uscc}/{year}/edit/"),
        Page(
            "check",
            "/enterprise/annual-reports/{uscc}/{year}/check/",
            method="post",
            shows_marker=False,
        ),
        Page("version", "/enterprise/annual-reports/{uscc}/{year}/versions/1/"),
        Page("receipt", "/enterprise/annual-reports/{uscc}/{year}/versions/1/receipt/"),
        Page(
            "receipt-pdf",
            "/enterprise/annual-reports/{uscc}/{year}/versions/1/receipt.pdf",
            shows_marker=False,
        ),
        Page(
            "discard",
            "/enterprise/annual-reports/{uscc}/{year}/discard/",
            method="post",
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, filed, filer, other_filer, role_users, report_enterprise):
        return _filer_case(filed, filer, other_filer, role_users, marker=report_enterprise.name)


class TestApi(ScopedViewSuite):
    anonymous = 403
    pages = (
        Page("list", "/api/v1/annual-reports/", lists=True),
        Page("detail", "/api/v1/annual-reports/{pk}/"),
        Page(
            "submit",
            "/api/v1/annual-reports/{pk}/submit",
            method="post",
            shows_marker=False,
            ok_status=400,
        ),
    )

    @pytest.fixture
    def scope_case(self, filed, filer, other_filer, role_users, report_enterprise):
        return _filer_case(filed, filer, other_filer, role_users, marker=report_enterprise.uscc)


class TestPaperFilingPage(ScopedViewSuite):
    pages = (Page("paper", "/staff/disclosure/annual-reports/paper/?uscc={uscc}&year=2020"),)

    @pytest.fixture
    def scope_case(self, report_enterprise, role_users, make_user, bureau):
        return ScopeCase(
            record=report_enterprise,
            marker=report_enterprise.name,
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
            # registrars read reports but do not record them; applicants are not staff
            wrong_roles=[role_users[Role.REGISTRAR], role_users[Role.APPLICANT]],
        )


def test_individual_business_short_form_page(login, open_window, individual_business, make_user):
    user = make_user(Role.APPLICANT)
    authorise(user, individual_business)
    client = login(user)
    base = f"/enterprise/annual-reports/{individual_business.uscc}/{open_window}"
    body = client.get(f"{base}/edit/").content.decode()
    assert 'data-testid="section-publicity"' in body
    assert 'data-testid="section-contributions"' not in body
    assert 'data-testid="input-total_assets"' not in body
    assert 'data-testid="input-total_revenue"' in body
    response = client.post(
        f"{base}/edit/",
        {
            "address": "包头市昆都仑区阿尔丁大街5号",
            "phone": "13800000000",
            "operating_status": "operating",
            "capital_amount": "50000",
            "employees": "3",
            "total_revenue": "120000",
            "total_tax": "0",
            "public_figures": ["employees"],
            "whole_report_public": "no",
            "websites-0-kind": "website",
            "websites-0-name": "",
            "websites-0-url": "",
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = AnnualReport.objects.get()
    assert report.form == "individual_business"
    assert report.whole_report_public is False
