"""The supervision sections of the enterprise's public record: what the public sees (listed and
removed entries, published inspection results; never candidates, dismissed proposals,
unpublished results, ID numbers or phones), the API's values and schema, the list marks at the
top of the page and on search rows, and the exact cache (ADR 0018)."""

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.pdf import public_report_html
from hongdun.enterprises.public_sections import public_sections, registered_sources
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionResult,
    ListingStatus,
    RemovalGround,
    SeriousGround,
)
from hongdun.supervision.models import AbnormalListing, InspectionTask, SeriousListing
from hongdun.supervision.standing import refresh_standing
from hongdun.supervision.tests.factories_public import (
    INSPECTOR_PHONE,
    LEGAL_REP_ID,
    abnormal,
    inspection,
    serious,
)

pytestmark = pytest.mark.django_db

ENTERPRISE_ID_NUMBER = "150203198001011234"  # the register factory's legal representative


@pytest.fixture
def enterprise(bureau):
    return register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光")


def section_html(client: Client, enterprise: Enterprise, key: str) -> str:
    body = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    match = re.search(
        rf'<section id="section-{key}" data-section="{key}">(.*?)</section>', body, re.S
    )
    assert match is not None, key
    return match.group(1)


def api_sections(client: Client, enterprise: Enterprise) -> dict:
    response = client.get(f"/api/v1/enterprises/{enterprise.uscc}/")
    assert response.status_code == 200
    return response.json()["sections"]


def test_the_sections_replace_the_placeholders_in_order():
    sections = {s.key: s for s in public_sections()}
    for key, order in [
        ("abnormal_operations", 90),
        ("serious_violations", 95),
        ("inspections", 100),
    ]:
        assert sections[key].order == order
        assert sections[key].template.startswith("supervision/public/sections/")
        assert sections[key].sources


def test_abnormal_section_shows_listed_and_removed_but_never_candidates_or_dismissed(
    client, enterprise
):
    listed = abnormal(enterprise, reason=AbnormalReason.NOT_FILED, listed_on=date(2025, 7, 10))
    removed = abnormal(
        enterprise,
        status=ListingStatus.REMOVED,
        reason=AbnormalReason.UNREACHABLE,
        listed_on=date(2023, 5, 4),
        removed_on=date(2024, 2, 6),
    )
    abnormal(
        enterprise, status=ListingStatus.PROPOSED, reason=AbnormalReason.IMMEDIATE_NOT_PUBLISHED
    )
    abnormal(enterprise, status=ListingStatus.DISMISSED, reason=AbnormalReason.FALSE_INFORMATION)
    html = section_html(client, enterprise, "abnormal_operations")
    assert html.count('data-testid="abnormal-entry"') == 2
    for text in [
        str(AbnormalReason.NOT_FILED.label),
        str(AbnormalReason.UNREACHABLE.label),
        "2025-07-10",
        "2023-05-04",
        "2024-02-06",
        listed.document_number,
        removed.removal_document_number,
        str(RemovalGround.REPORT_FILED.label),
        "昆都仑区分局",
    ]:
        assert text in html, text
    for text in [
        str(AbnormalReason.IMMEDIATE_NOT_PUBLISHED.label),
        str(AbnormalReason.FALSE_INFORMATION.label),
        "经核实已按期公示",
    ]:
        assert text not in html, text

    rows = api_sections(client, enterprise)["abnormal_operations"]
    assert [row["reason"] for row in rows] == [1, 4]  # newest listing first
    assert rows[0] == {
        "reason": 1,
        "reason_label": str(AbnormalReason.NOT_FILED.label),
        "listed_on": "2025-07-10",
        "authority": listed.authority.name,
        "document_number": listed.document_number,
        "removed": False,
        "removal_ground": "",
        "removal_ground_label": "",
        "removed_on": None,
        "removal_authority": "",
        "removal_document_number": "",
    }
    assert rows[1]["removed"] is True
    assert rows[1]["removed_on"] == "2024-02-06"
    assert rows[1]["removal_ground"] == RemovalGround.REPORT_FILED
    assert rows[1]["removal_authority"] == removed.authority.name


def test_serious_section_shows_listed_and_removed_without_the_legal_representative(
    client, enterprise
):
    serious(enterprise, ground=SeriousGround.SERIOUS_PENALTY, listed_on=date(2025, 8, 1))
    serious(
        enterprise,
        status=ListingStatus.REMOVED,
        ground=SeriousGround.FRAUDULENT_REGISTRATION,
        listed_on=date(2019, 3, 1),
        removed_on=date(2024, 3, 1),
    )
    serious(enterprise, status=ListingStatus.PROPOSED, ground=SeriousGround.ABNORMAL_THREE_YEARS)
    serious(enterprise, status=ListingStatus.DISMISSED, ground=SeriousGround.OTHER)
    html = section_html(client, enterprise, "serious_violations")
    assert html.count('data-testid="serious-entry"') == 2
    assert str(SeriousGround.SERIOUS_PENALTY.label) in html
    assert str(SeriousGround.FRAUDULENT_REGISTRATION.label) in html
    assert "届满5年未再发生违法行为" in html
    assert "2024-03-01" in html
    assert str(SeriousGround.ABNORMAL_THREE_YEARS.label) not in html
    assert str(SeriousGround.OTHER.label) not in html
    assert "不符合列入条件" not in html
    rows = api_sections(client, enterprise)["serious_violations"]
    assert [row["ground"] for row in rows] == ["serious_penalty", "fraudulent_registration"]
    assert rows[1]["removed"] is True
    assert rows[1]["removal_reason"] == "届满5年未再发生违法行为"
    assert "legal_rep_id_number" not in rows[0]
    assert "legal_rep_name" not in rows[0]


def test_inspection_section_shows_published_results_only(client, enterprise):
    inspection(enterprise, result=InspectionResult.PROBLEMS)
    inspection(enterprise, published=False, result=InspectionResult.NOT_FOUND)
    html = section_html(client, enterprise, "inspections")
    assert html.count('data-testid="inspection-entry"') == 1
    assert str(InspectionResult.PROBLEMS.label) in html
    assert str(InspectionResult.NOT_FOUND.label) not in html
    assert "双随机抽查" in html
    assert "2025-09-03" in html
    assert "昆都仑区分局" in html
    assert "检查情况仅内部可见" not in html
    rows = api_sections(client, enterprise)["inspections"]
    assert len(rows) == 1
    assert rows[0]["result"] == "problems"
    assert rows[0]["inspected_on"] == "2025-09-03"
    assert rows[0]["authority"] == enterprise.registration_authority.name


def test_empty_sections_say_so(client, enterprise):
    assert "暂无列入经营异常名录信息" in section_html(client, enterprise, "abnormal_operations")
    assert "暂无列入严重违法失信名单信息" in section_html(client, enterprise, "serious_violations")
    assert "暂无抽查检查结果信息" in section_html(client, enterprise, "inspections")
    sections = api_sections(client, enterprise)
    assert sections["abnormal_operations"] == []
    assert sections["serious_violations"] == []
    assert sections["inspections"] == []


def test_no_id_number_or_phone_reaches_the_page_the_pdf_or_the_api(client, enterprise):
    abnormal(enterprise)
    serious(enterprise)
    inspection(enterprise)
    page = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    api = client.get(f"/api/v1/enterprises/{enterprise.uscc}/").content.decode()
    pdf_html = public_report_html(enterprise, client.get("/").wsgi_request.user)
    assert "列入严重违法失信名单信息" in pdf_html
    assert "包市监严列" in pdf_html
    for text in (page, api, pdf_html):
        assert LEGAL_REP_ID not in text
        assert ENTERPRISE_ID_NUMBER not in text
        assert INSPECTOR_PHONE not in text


def test_the_list_marks_head_the_page_and_the_search_rows(client, enterprise, bureau):
    other = register("包头市蓝天商贸有限公司", bureau["kundulun"], trade_name="蓝天")
    abnormal(enterprise)
    serious(enterprise)
    page = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    assert 'data-testid="on-abnormal-list"' in page
    assert 'data-testid="on-serious-list"' in page
    clean = client.get(f"/enterprises/{other.uscc}/").content.decode()
    assert 'data-testid="list-marks"' not in clean
    results = client.get("/enterprises/", {"q": "红光"}).content.decode()
    assert 'data-testid="result-abnormal-mark"' in results
    assert 'data-testid="result-serious-mark"' in results
    results = client.get("/enterprises/", {"q": "蓝天"}).content.decode()
    assert 'data-testid="result-abnormal-mark"' not in results


def test_a_removed_entry_leaves_no_mark(client, enterprise):
    abnormal(enterprise, status=ListingStatus.REMOVED, removed_on=date(2026, 1, 5))
    page = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    assert 'data-testid="list-marks"' not in page
    assert "2026-01-05" in page  # still on the record as a removed entry


def test_the_api_schema_describes_the_sections(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    abnormal_fields = components["PublicAbnormalEntry"]["properties"]
    assert {"reason_label", "listed_on", "authority", "removed_on", "removal_authority"} <= set(
        abnormal_fields
    )
    assert "ground_label" in components["PublicSeriousEntry"]["properties"]
    assert "result_label" in components["PublicInspection"]["properties"]
    sections = components["PublicSections"]["properties"]
    for key in ("abnormal_operations", "serious_violations", "inspections"):
        assert sections[key]["type"] == "array", key


def test_every_model_the_sections_read_is_a_source():
    sources = registered_sources()
    assert "enterprise_id" in sources["supervision.AbnormalListing"]
    assert "enterprise_id" in sources["supervision.SeriousListing"]
    assert "enterprise_id" in sources["supervision.InspectionTask"]
    assert None in sources["supervision.InspectionPlan"]
    assert None in sources["orgs.Unit"]


# --- the cache: render, write, render again -------------------------------------------------------


def page(client: Client, enterprise: Enterprise) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/enterprises/{enterprise.uscc}/")
    assert response.status_code == 200
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return text, len(queries)


def _list_abnormal(enterprise: Enterprise) -> str:
    row = abnormal(enterprise, status=ListingStatus.PROPOSED)
    row.status = ListingStatus.LISTED
    row.listed_on = date(2025, 7, 11)
    row.document_number = "包市监异列〔2025〕777号"
    row.save()
    refresh_standing([enterprise.pk])
    return "〔2025〕777号"


def _remove_abnormal(enterprise: Enterprise) -> str:
    row = AbnormalListing.objects.get(enterprise=enterprise, status=ListingStatus.LISTED)
    row.status = ListingStatus.REMOVED
    row.removed_on = date(2026, 3, 9)
    row.removal_ground = RemovalGround.REPORT_FILED
    row.save()
    refresh_standing([enterprise.pk])
    return "2026-03-09"


def _list_serious(enterprise: Enterprise) -> str:
    row = serious(enterprise, status=ListingStatus.PROPOSED)
    row.status = ListingStatus.LISTED
    row.listed_on = date(2025, 8, 2)
    row.document_number = "包市监严列〔2025〕888号"
    row.save()
    refresh_standing([enterprise.pk])
    return "〔2025〕888号"


def _remove_serious(enterprise: Enterprise) -> str:
    row = SeriousListing.objects.get(enterprise=enterprise, status=ListingStatus.LISTED)
    row.status = ListingStatus.REMOVED
    row.removed_on = date(2026, 4, 10)
    row.removal_reason = "信用修复完成"
    row.save()
    refresh_standing([enterprise.pk])
    return "信用修复完成"


def _publish_result(enterprise: Enterprise) -> str:
    task = inspection(enterprise, published=False, result=InspectionResult.NOT_FOUND)
    from django.utils import timezone

    task.published_at = timezone.now()
    task.save()
    return str(InspectionResult.NOT_FOUND.label)


def _rename_plan_unit(enterprise: Enterprise) -> str:
    unit = Unit.objects.get(pk=enterprise.registration_authority_id)
    unit.name = "包头市昆都仑区市场监督管理检查局"
    unit.save()
    return "包头市昆都仑区市场监督管理检查局"


WRITES: dict[str, tuple[Callable[[Enterprise], object] | None, Callable[[Enterprise], str]]] = {
    "abnormal listed": (None, _list_abnormal),
    "abnormal removed": (abnormal, _remove_abnormal),
    "serious listed": (None, _list_serious),
    "serious removed": (serious, _remove_serious),
    "inspection published": (None, _publish_result),
    "authority renamed": (inspection, _rename_plan_unit),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_a_listing_decision_shows_on_the_next_request(
    client, enterprise, django_capture_on_commit_callbacks, write
):
    prepare, change = WRITES[write]
    if prepare is not None:
        with django_capture_on_commit_callbacks(execute=True):
            prepare(enterprise)
    before, _ = page(client, enterprise)
    _again, cached = page(client, enterprise)
    assert cached == 0  # served from the caches, without a query
    with django_capture_on_commit_callbacks(execute=True):
        expected = change(enterprise)
    after, queries = page(client, enterprise)
    assert expected not in before
    assert expected in after
    assert queries > 1


def test_the_list_mark_follows_a_listing_and_its_removal(
    client, enterprise, django_capture_on_commit_callbacks
):
    before, _ = page(client, enterprise)
    assert 'data-testid="on-abnormal-list"' not in before
    with django_capture_on_commit_callbacks(execute=True):
        _list_abnormal(enterprise)
    listed, _ = page(client, enterprise)
    assert 'data-testid="on-abnormal-list"' in listed
    with django_capture_on_commit_callbacks(execute=True):
        _remove_abnormal(enterprise)
    removed, _ = page(client, enterprise)
    assert 'data-testid="on-abnormal-list"' not in removed


def test_the_api_value_follows_a_listing(client, enterprise, django_capture_on_commit_callbacks):
    url = f"/api/v1/enterprises/{enterprise.uscc}/"
    assert client.get(url).json()["sections"]["abnormal_operations"] == []
    with django_capture_on_commit_callbacks(execute=True):
        _list_abnormal(enterprise)
    rows = client.get(url).json()["sections"]["abnormal_operations"]
    assert [row["document_number"] for row in rows] == ["包市监异列〔2025〕777号"]


def test_an_unpublished_result_entered_later_changes_nothing_public(
    client, enterprise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = inspection(enterprise, published=False)
    before, _ = page(client, enterprise)
    with django_capture_on_commit_callbacks(execute=True):
        InspectionTask.objects.filter(pk=task.pk).get().save()
    after, _ = page(client, enterprise)
    assert "暂无抽查检查结果信息" in before
    assert "暂无抽查检查结果信息" in after
