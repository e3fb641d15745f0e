"""The annual reports on the public record: every filed version, and hidden section-7 figures
never leaving the server (page, API, PDF) for anyone but the enterprise and authorised staff."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hongdun.accounts.roles import Role
from hongdun.disclosure.choices import ReportForm
from hongdun.disclosure.tests.factories_page import FIGURES, report
from hongdun.enterprises.choices import EnterpriseType
from hongdun.enterprises.public_cache import public_cache_reset
from hongdun.enterprises.tests.factories import register
from hongdun.enterprises.tests.factories_page import populate
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.testing.pdf import pdf_text
from hongdun.testing.query_counts import query_baseline

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent

PUBLISHED = ["employees", "total_revenue"]
HIDDEN = [name for name in FIGURES if name not in PUBLISHED and FIGURES[name]]


def digits(value: object) -> str:
    return str(value).lstrip("-").replace(".", "")


def plain(text: str) -> str:
    """Text without thousands separators, dots and white space, to find a number however shown."""
    return re.sub(r"[\s,.]", "", text)


@pytest.fixture
def enterprise(bureau):
    return register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光")


@pytest.fixture
def filed(enterprise):
    report(
        enterprise,
        2024,
        submitted=["2025-03-01T10:00:00", "2025-05-20T15:30:00"],
        public_figures=PUBLISHED,
    )
    return enterprise


@pytest.fixture
def authorised_user(make_user, enterprise):
    user = make_user(Role.APPLICANT)
    EnterpriseAuthorisation.objects.create(
        enterprise=enterprise, user=user, basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE
    )
    return user


def outputs(client: Client, enterprise, tmp_path) -> dict[str, str]:
    page = client.get(f"/enterprises/{enterprise.uscc}/")
    pdf = client.get(f"/enterprises/{enterprise.uscc}/report.pdf")
    api = client.get(f"/api/v1/enterprises/{enterprise.uscc}/")
    reports = client.get(f"/api/v1/enterprises/{enterprise.uscc}/annual-reports/")
    assert page.status_code == pdf.status_code == api.status_code == reports.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    return {
        "page": page.content.decode(),
        "pdf": pdf_text(pdf.content, tmp_path),
        "api": api.content.decode(),
        "annual-reports api": reports.content.decode(),
    }


OUTSIDERS = [None, Role.APPLICANT, "out_of_scope_registrar", Role.PERSONNEL, "no_role"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_hidden_figures_never_reach_outsiders(role_users, login, filed, tmp_path, who):
    client = login(role_users[who] if who else None)
    for where, text in outputs(client, filed, tmp_path).items():
        flat = plain(text)
        for name in HIDDEN:
            assert digits(FIGURES[name]) not in flat, (where, name)
        # The published ones are there (the correction's employees: 37 + 1).
        assert digits(FIGURES["total_revenue"]) in flat, where
    page = outputs(client, filed, tmp_path)["page"]
    assert page.count("企业选择不公示") == 2 * len(HIDDEN) + 2  # guarantees (0.00) is hidden too


@pytest.mark.parametrize("who", ["authorised", Role.SUPERVISOR, Role.REGISTRAR, Role.ADMINISTRATOR])
def test_the_enterprise_and_authorised_staff_see_every_figure(
    role_users, login, filed, authorised_user, tmp_path, who
):
    client = login(authorised_user if who == "authorised" else role_users[who])
    seen = outputs(client, filed, tmp_path)
    for where in ("page", "pdf"):
        flat = plain(seen[where])
        for name in HIDDEN:
            assert digits(FIGURES[name]) in flat, (where, name)
    # The public API stays public whoever calls it (it takes no credentials).
    assert digits(FIGURES["total_assets"]) not in plain(seen["annual-reports api"])


def test_a_revoked_authorisation_no_longer_shows_hidden_figures(
    login, filed, authorised_user, tmp_path
):
    from django.utils import timezone

    EnterpriseAuthorisation.objects.filter(user=authorised_user).update(revoked_at=timezone.now())
    page = login(authorised_user).get(f"/enterprises/{filed.uscc}/").content.decode()
    assert digits(FIGURES["total_assets"]) not in plain(page)


def test_api_leaves_hidden_figures_out_instead_of_null(client, filed):
    data = client.get(f"/api/v1/enterprises/{filed.uscc}/annual-reports/").json()
    assert [r["year"] for r in data] == [2024]
    first, correction = data[0]["versions"]
    assert (first["number"], first["is_correction"]) == (1, False)
    assert (correction["number"], correction["is_correction"]) == (2, True)
    assert first["submitted_at"].startswith("2025-03-01T10:00")
    assert correction["submitted_at"].startswith("2025-05-20T15:30")
    assert correction["correction_note"] == "更正从业人数"
    assert first["figures"] == {"employees": 37, "total_revenue": "555444333.21"}
    assert correction["figures"]["employees"] == 38
    assert set(first["not_published"]) == set(FIGURES) - set(PUBLISHED)
    for name in first["not_published"]:
        assert name not in first["figures"]
    assert first["contributions"][0]["investor_name"] == "张晓东"
    # The same data under the detail's sections.
    detail = client.get(f"/api/v1/enterprises/{filed.uscc}/").json()
    assert detail["sections"]["annual_reports"] == data


def test_page_lists_every_version_with_its_date(client, filed, enterprise):
    report(enterprise, 2023, submitted=["2024-08-02T09:00:00"], filed_late=True)
    page = client.get(f"/enterprises/{filed.uscc}/").content.decode()
    assert page.index("2024年度报告") < page.index("2023年度报告")
    assert "首次报送（2025-03-01）" in page
    assert "第 1 次更正（2025-05-20 报送）" in page
    assert "更正从业人数" in page
    assert "逾期报送" in page


def test_drafts_and_unsubmitted_reports_are_never_shown(client, enterprise):
    report(enterprise, 2024, public_figures=list(FIGURES), draft={"total_assets": 31415926})
    report(enterprise, 2023, submitted=[])
    page = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    assert "31415926" not in plain(page)
    assert "2023年度报告" not in page
    data = client.get(f"/api/v1/enterprises/{enterprise.uscc}/annual-reports/").json()
    assert [(r["year"], len(r["versions"])) for r in data] == [(2024, 1)]


def test_an_individual_business_unpublished_report_shows_only_that_it_was_filed(
    make_user, login, bureau, tmp_path
):
    shop = register(
        "包头市昆都仑区红光五金店",
        bureau["kundulun"],
        trade_name="红光",
        enterprise_type=EnterpriseType.INDIVIDUAL_BUSINESS,
        registered_capital=None,
    )
    report(
        shop,
        2024,
        form=ReportForm.INDIVIDUAL_BUSINESS,
        whole_report_public=False,
        public_figures=["employees", "total_revenue", "total_tax"],
    )
    client = login(None)
    page = client.get(f"/enterprises/{shop.uscc}/").content.decode()
    assert "该个体工商户选择不公示年度报告内容" in page
    assert "已于 2025-03-01 报送" in page
    assert "0472-5123456" not in page
    assert digits(FIGURES["total_revenue"]) not in plain(page)
    data = client.get(f"/api/v1/enterprises/{shop.uscc}/annual-reports/").json()
    assert data[0]["contents_shown"] is False
    assert set(data[0]["versions"][0]) == {"number", "is_correction", "submitted_at"}
    pdf = pdf_text(client.get(f"/enterprises/{shop.uscc}/report.pdf").content, tmp_path)
    assert "该个体工商户选择不公示年度报告内容" in pdf
    assert digits(FIGURES["total_revenue"]) not in plain(pdf)

    owner = make_user(Role.APPLICANT)
    EnterpriseAuthorisation.objects.create(
        enterprise=shop, user=owner, basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE
    )
    own = login(owner).get(f"/enterprises/{shop.uscc}/").content.decode()
    assert "0472-5123456" in own
    assert digits(FIGURES["total_revenue"]) in plain(own)


def test_the_section_is_present_and_empty_without_reports(client, enterprise):
    page = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    assert 'data-section="annual_reports"' in page
    assert "暂无年度报告信息。" in page
    data = client.get(f"/api/v1/enterprises/{enterprise.uscc}/annual-reports/").json()
    assert data == []


def test_unknown_and_malformed_codes(client):
    assert client.get("/api/v1/enterprises/91350100M000100Y43/annual-reports/").status_code == 404
    bad = client.get("/api/v1/enterprises/91150203MA0000000X/annual-reports/")
    assert bad.status_code == 400
    assert bad.json()["field"] == "uscc"


def test_query_count_does_not_grow_with_rows(client, bureau):
    full = register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光")
    populate(full)
    many = register("包头市红星机械设备有限公司", bureau["kundulun"], trade_name="红星")
    populate(many, 6)
    for enterprise in (full, many):
        report(enterprise, 2023, submitted=["2024-03-01T10:00:00"])
        report(enterprise, 2024, submitted=["2025-03-01T10:00:00", "2025-04-01T10:00:00"])
    report(many, 2022, submitted=["2023-03-01T10:00:00", "2023-04-01T10:00:00"])
    # Warm the per-process caches (the frame, each code's id: public_frame).
    client.get(f"/enterprises/{full.uscc}/")
    client.get(f"/enterprises/{many.uscc}/")
    # The render itself, not the public-record cache (test_pagecache.py covers that).
    public_cache_reset()
    with query_baseline(HERE, "public_record.page"):
        assert client.get(f"/enterprises/{full.uscc}/").status_code == 200
    public_cache_reset()
    with CaptureQueriesContext(connection) as few:
        client.get(f"/enterprises/{full.uscc}/")
    with CaptureQueriesContext(connection) as more:
        client.get(f"/enterprises/{many.uscc}/")
    assert len(more.captured_queries) == len(few.captured_queries)
    public_cache_reset()
    with query_baseline(HERE, "public_record.api"):
        assert client.get(f"/api/v1/enterprises/{many.uscc}/").status_code == 200
