"""The public record `/enterprises/<uscc>/`: every registered section, with rows and empty, the
change record from history, the PDF, the API's sections, and a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.enterprises.choices import MemberRole
from hongdun.enterprises.public_sections import (
    PublicSection,
    public_sections,
    register_public_section,
)
from hongdun.enterprises.services import enterprise_rename
from hongdun.enterprises.tests import factories_page as facts
from hongdun.enterprises.tests.factories import register
from hongdun.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db

PERSON_ID = "150203198001019999"
OFFICER_ID = "150203197505058888"
PARENT_USCC = "91150203MA0000001K"

SECTION_KEYS = [
    "basic",
    "investors",
    "officers",
    "branches",
    "liquidation",
    "changes",
    "annual_reports",
    "immediate_disclosures",
    "licences",
    "penalties",
    "abnormal_operations",
    "serious_violations",
    "inspections",
    "contract_credit",
]
EMPTY_MESSAGES = {
    "investors": "暂无股东及出资信息。",
    "officers": "暂无主要人员信息。",
    "branches": "暂无分支机构信息。",
    "liquidation": "暂无清算组信息。",
    "changes": "暂无变更记录。",
    "annual_reports": "暂无年度报告信息。",
    "licences": "暂无行政许可信息。",
    "penalties": "暂无行政处罚信息。",
    "abnormal_operations": "暂无列入经营异常名录信息。",
    "serious_violations": "暂无列入严重违法失信名单信息。",
    "inspections": "暂无抽查检查结果信息。",
    "contract_credit": "暂无守合同重信用信息。",
}


@pytest.fixture
def bare(bureau):
    return register("包头市青山区鹿城商贸有限公司", bureau["kundulun"], trade_name="鹿城")


@pytest.fixture
def full(bureau):
    enterprise = register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光")
    facts.populate(enterprise, person_id=PERSON_ID, officer_id=OFFICER_ID, parent_uscc=PARENT_USCC)
    return enterprise


def section_html(page: str, key: str) -> str:
    start = page.index(f'data-section="{key}"')
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def test_every_registered_section_is_on_the_page_in_order(client, bare):
    assert [s.key for s in public_sections()] == SECTION_KEYS
    page = client.get(f"/enterprises/{bare.uscc}/").content.decode()
    positions = [page.index(f'data-section="{key}"') for key in SECTION_KEYS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("key", list(EMPTY_MESSAGES))
def test_each_section_says_so_when_empty(client, bare, key):
    page = client.get(f"/enterprises/{bare.uscc}/").content.decode()
    assert EMPTY_MESSAGES[key] in section_html(page, key)


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("basic", ["包头市红光机械设备有限公司", "1,000,000.00"]),
        (
            "investors",
            ["张晓东0", "600,000.00", "200,000.00", "货币", "2035-12-31", "股东（自然人）"],
        ),
        ("investors", ["包头市母公司有限公司", PARENT_USCC, "400,000.00"]),
        ("officers", ["李明0", "董事长（执行董事）"]),
        ("branches", ["包头市红光机械设备有限公司第0分公司", "2020-01-01"]),
        ("liquidation", ["王清0", "清算组负责人"]),
    ],
)
def test_each_section_shows_its_rows(client, full, key, shown):
    part = section_html(client.get(f"/enterprises/{full.uscc}/").content.decode(), key)
    for text in shown:
        assert text in part, text
    assert "暂无" not in part


def test_natural_persons_id_numbers_are_never_public(client, full, tmp_path):
    page = client.get(f"/enterprises/{full.uscc}/").content.decode()
    api = client.get(f"/api/v1/enterprises/{full.uscc}/").content.decode()
    pdf = pdf_text(client.get(f"/enterprises/{full.uscc}/report.pdf").content, tmp_path)
    for text in (page, api, pdf):
        assert PERSON_ID not in text
        assert OFFICER_ID not in text
        assert "13800000000" not in text  # the liquidation member's phone
        assert PARENT_USCC in text  # a legal entity's code is public


def test_api_carries_every_section_under_its_key(client, full):
    data = client.get(f"/api/v1/enterprises/{full.uscc}/").json()
    sections = data["sections"]
    assert set(sections) == set(SECTION_KEYS) - {"basic"}
    person, parent = sections["investors"]
    assert person["name"] == "张晓东0"
    assert person["id_number"] == ""
    assert person["contributions"][0]["subscribed_amount"] == "600000.00"
    assert person["subscribed_total"] == "600000.00"
    assert parent["id_number"] == PARENT_USCC
    assert sections["officers"] == [{"name": "李明0", "posts": ["董事长（执行董事）"]}]
    assert sections["branches"][0]["recorded_on"] == "2020-01-01"
    assert sections["liquidation"][0]["is_leader"] is True
    for key in ("licences", "penalties", "abnormal_operations", "inspections"):
        assert sections[key] == []


def test_the_schema_documents_the_sections(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    sections = components["PublicSections"]["properties"]
    assert set(sections) == set(SECTION_KEYS) - {"basic"}
    assert "/api/v1/enterprises/{code}/annual-reports/" in schema["paths"]
    assert "/api/v1/enterprises/people/" in schema["paths"]


def test_change_record_after_a_rename_an_officer_change_and_a_new_investor(client, bare):
    old = facts.officer(bare, "李明", is_director=True, is_chair=True)
    facts.investor(bare, "张晓东")
    enterprise_rename(
        acting_user=None,
        enterprise=bare,
        name="包头市青山区紫金商贸有限公司",
        trade_name="紫金",
        effective_on=date(2019, 6, 1),
    )
    facts.remove(old, on=date(2021, 3, 4))
    facts.officer(bare, "赵刚", on=date(2021, 3, 4), is_director=True, is_chair=True)
    facts.investor(
        bare, "孙丽", on=date(2022, 7, 8), subscribed=Decimal("100000.00"), paid=Decimal("0")
    )
    data = client.get(f"/api/v1/enterprises/{bare.uscc}/").json()
    rows = [(e["on"], e["item"], e["before"], e["after"]) for e in data["sections"]["changes"]]
    assert rows == [
        (
            "2022-07-08",
            "投资人（股权）变更",
            "张晓东（认缴 600,000.00 元）",
            "张晓东（认缴 600,000.00 元）；孙丽（认缴 100,000.00 元）",
        ),
        ("2021-03-04", "主要人员变更", "李明（董事长（执行董事））", "赵刚（董事长（执行董事））"),
        ("2019-06-01", "名称变更", "包头市青山区鹿城商贸有限公司", "包头市青山区紫金商贸有限公司"),
    ]
    page = section_html(client.get(f"/enterprises/{bare.uscc}/").content.decode(), "changes")
    assert "主要人员变更" in page
    assert "包头市青山区鹿城商贸有限公司" in page


def test_change_record_shows_capital_address_and_legal_representative(client, bare):
    from hongdun.enterprises.services import history_stamp

    bare.registered_capital = Decimal("5000000.00")
    bare.address = "包头市青山区幸福路2号"
    bare.legal_rep_name = "钱进"
    history_stamp(bare, on=date(2023, 2, 1))
    bare.save()
    data = client.get(f"/api/v1/enterprises/{bare.uscc}/").json()
    items = {e["item"]: (e["before"], e["after"]) for e in data["sections"]["changes"]}
    assert items["注册资本变更"] == ("1,000,000.00 元", "5,000,000.00 元")
    assert items["住所变更"][1] == "包头市青山区幸福路2号"
    assert items["法定代表人变更"] == ("测试人", "钱进")


def test_first_recording_of_facts_is_not_a_change(client, bare):
    facts.investor(bare, "张晓东", on=date(2024, 5, 5))  # recorded late, from nothing
    data = client.get(f"/api/v1/enterprises/{bare.uscc}/").json()
    assert data["sections"]["changes"] == []


def test_the_pdf_has_every_section(client, full, tmp_path):
    response = client.get(f"/enterprises/{full.uscc}/report.pdf")
    assert response.status_code == 200
    assert (
        "企业信用信息公示报告" in response["Content-Disposition"]
        or full.uscc in response["Content-Disposition"]
    )
    text = pdf_text(response.content, tmp_path)
    assert "企业信用信息公示报告" in text
    for title in (
        "基础信息",
        "股东及出资信息",
        "主要人员信息",
        "分支机构信息",
        "变更记录",
        "企业年度报告信息",
        "行政许可信息",
        "行政处罚信息",
        "列入经营异常名录信息",
        "列入严重违法失信名单信息",
        "抽查检查结果信息",
    ):
        assert title in text, title
    assert "张晓东0" in text
    assert "暂无行政处罚信息" in text


def test_unknown_code_is_404_and_malformed_is_400_for_page_and_pdf(client):
    assert client.get("/enterprises/91350100M000100Y43/").status_code == 404
    assert client.get("/enterprises/91350100M000100Y43/report.pdf").status_code == 404
    assert client.get("/enterprises/91150203MA0000000X/report.pdf").status_code == 400


def test_a_section_registered_again_replaces_the_placeholder(client, bare):
    original = next(s for s in public_sections() if s.key == "penalties")
    replacement = PublicSection(
        key="penalties",
        title="行政处罚信息",
        order=original.order,
        template="enterprises/public/sections/placeholder.html",
        context=lambda enterprise, viewer: {"empty_message": "处罚记录由执法系统提供"},
        api=lambda enterprise, viewer: [{"number": "包市监罚〔2026〕1号"}],
    )
    register_public_section(replacement)
    try:
        page = client.get(f"/enterprises/{bare.uscc}/").content.decode()
        assert "处罚记录由执法系统提供" in section_html(page, "penalties")
        api = client.get(f"/api/v1/enterprises/{bare.uscc}/").json()
        assert api["sections"]["penalties"] == [{"number": "包市监罚〔2026〕1号"}]
    finally:
        register_public_section(original)


def test_investor_roles_are_labelled(client, bare):
    facts.investor(bare, "周发起", role=MemberRole.PROMOTER)
    part = section_html(client.get(f"/enterprises/{bare.uscc}/").content.decode(), "investors")
    assert "发起人（自然人）" in part
