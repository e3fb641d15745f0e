"""The business licence and the refusal notice as PDF: real A4 documents with the CJK fonts
embedded, the registered facts in their text, and a QR code that encodes the public page."""

import re
from datetime import date
from decimal import Decimal

import pytest

from hongdun.enterprises.tests.factories import register
from hongdun.registration.review.pdf import (
    RefusalFacts,
    amount_in_words,
    licence_facts,
    licence_pdf,
    public_enterprise_url,
    refusal_notice_pdf,
)
from hongdun.testing.pdf import (
    expected_modules,
    pdf_images,
    pdf_text,
    qr_modules,
)

NAME = "包头市沃动机械有限公司"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1000000", "壹佰万元整"),
        ("10050.5", "壹万零伍拾元伍角"),
        ("0", "零元整"),
        ("10", "壹拾元整"),
        ("1010", "壹仟零壹拾元整"),
        ("10001", "壹万零壹元整"),
        ("105000", "壹拾万伍仟元整"),
        ("1000500", "壹佰万零伍佰元整"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100000001", "壹亿零壹元整"),
        ("30000000.00", "叁仟万元整"),
        ("12.05", "壹拾贰元零伍分"),
        ("0.05", "伍分"),
        ("0.5", "伍角"),
        ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        ("0.005", "壹分"),
    ],
)
def test_capital_in_capital_numerals(amount, words):
    assert amount_in_words(Decimal(amount)) == words


@pytest.mark.parametrize(
    ("amount", "message"), [("-1", "negative"), ("10000000000000000", "too large")]
)
def test_amounts_out_of_range_are_refused(amount, message):
    with pytest.raises(ValueError, match=message):
        amount_in_words(Decimal(amount))


@pytest.fixture
def enterprise(bureau):
    return register(
        NAME,
        bureau["kundulun"],
        trade_name="沃动",
        established_on=date(2026, 11, 27),
        legal_rep_name="贺明远",
        registered_capital=Decimal("1000000.00"),
        address="内蒙古自治区包头市昆都仑区钢铁大街66号",
        business_scope=("一般项目：机械设备销售", "五金产品零售"),
    )


@pytest.fixture
def facts(enterprise):
    return licence_facts(enterprise, issued_on=date(2026, 11, 27))


@pytest.fixture
def licence(facts):
    return licence_pdf(facts)


def test_the_licence_is_an_a4_landscape_pdf(licence, tmp_path):
    import subprocess

    assert licence.startswith(b"%PDF-")
    path = tmp_path / "licence.pdf"
    path.write_bytes(licence)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()  # noqa: S603,S607
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    # A4 landscape is 842 × 595 points; a licence fits on one page.
    assert "841.89 x 595.276" in size or "842 x 595" in size, size
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info


def test_the_licence_shows_every_registered_fact(licence, enterprise, tmp_path):
    text = pdf_text(licence, tmp_path)
    for fact in (
        "营业执照",
        "统一社会信用代码",
        enterprise.uscc,
        NAME,
        "有限责任公司",
        "法定代表人贺明远",
        "注册资本壹佰万元整（人民币）",
        "成立日期2026年11月27日",
        "2026年11月27日至长期",
        "内蒙古自治区包头市昆都仑区钢铁大街66号",
        "一般项目：机械设备销售；五金产品零售。",
        "包头市市场监督管理局昆都仑区分局",
    ):
        assert fact in text, fact


def test_the_licence_embeds_the_noto_cjk_fonts(licence, tmp_path):
    import subprocess

    path = tmp_path / "licence.pdf"
    path.write_bytes(licence)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()  # noqa: S603,S607
    assert "Noto-Serif-CJK-SC" in fonts or "NotoSerifCJK" in fonts, fonts
    assert "Noto-Sans-CJK-SC" in fonts or "NotoSansCJK" in fonts, fonts
    for line in fonts.splitlines()[2:]:
        assert " yes " in line, line  # embedded


def test_the_qr_code_encodes_the_public_enterprise_page(licence, enterprise, tmp_path):
    url = public_enterprise_url(enterprise.uscc)
    assert url.endswith(f"/enterprises/{enterprise.uscc}/")
    codes = [m for m in (qr_modules(image) for image in pdf_images(licence, tmp_path)) if m]
    assert len(codes) == 1
    assert codes[0] == expected_modules(url)
    # and not merely some QR code: another enterprise's page would look different
    assert codes[0] != expected_modules(public_enterprise_url("91150203MA00000001"))


def test_the_qr_target_follows_the_deployment_address(settings, enterprise):
    settings.HONGDUN = {**settings.HONGDUN, "PUBLIC_BASE_URL": "https://hongdun.example.invalid/"}
    url = licence_facts(enterprise, issued_on=date(2026, 11, 27)).public_url
    assert url == f"https://hongdun.example.invalid/enterprises/{enterprise.uscc}/"


@pytest.mark.parametrize(
    ("enterprise_type", "title", "address_title"),
    [
        ("partnership", "执行事务合伙人", "主要经营场所"),
        ("branch", "负责人", "营业场所"),
        ("individual_business", "经营者", "经营场所"),
        ("llc", "法定代表人", "住所"),
    ],
)
def test_titles_follow_the_entity_type(bureau, enterprise_type, title, address_title):
    entity = register(
        "包头市沃动机械经销部",
        bureau["kundulun"],
        enterprise_type=enterprise_type,
        registered_capital=None if enterprise_type != "llc" else Decimal("1"),
    )
    facts = licence_facts(entity, issued_on=date(2026, 11, 27))
    assert (facts.legal_rep_title, facts.address_title) == (title, address_title)


def test_the_refusal_notice_states_reason_and_remedy(tmp_path):
    facts = RefusalFacts(
        number="150203-2026-BY-000007",
        applicant_name="申报人甲",
        subject_name=NAME,
        matter_label="设立登记",
        submitted_on=date(2026, 11, 20),
        reason="经营范围含须经登记前批准的项目，未提交有效的批准文件。\n<script>alert(1)</script>",
        authority_name="包头市市场监督管理局昆都仑区分局",
        issued_on=date(2026, 11, 27),
    )
    data = refusal_notice_pdf(facts)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    for fact in (
        "不予登记通知书",
        "150203-2026-BY-000007",
        "申报人甲",
        NAME,
        "设立登记",
        "2026年11月20日",
        "经营范围含须经登记前批准的项目，未提交有效的批准文件。",
        "<script>alert(1)</script>",  # printed as text, never interpreted
        "《中华人民共和国市场主体登记管理条例》第二十条",
        "六十日内依法申请行政复议",
        "六个月内依法向人民法院提起行政诉讼",
        "2026年11月27日",
    ):
        assert fact in text, fact
