"""The reservation notice (企业名称自主申报告知书) as PDF: a real A4 PDF with the Noto CJK fonts
embedded, the reserved name and its facts in the text, and only for those allowed to have it."""

import re
import shutil
import zlib
from datetime import date

import pytest
from django.conf import settings

from hongdun.accounts.roles import Role
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.pdf import reservation_notice_html, reservation_notice_pdf
from hongdun.namecheck.tests.factories import reservation_row
from hongdun.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db

NAME = "包头市沃动机械有限公司"


def pdf_objects(data: bytes) -> bytes:
    """The file with every Flate stream inflated (fonts and object streams are compressed)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def reserve(applicant, registry, *, status=ReservationStatus.RESERVED, **extra):
    return reservation_row(
        applicant,
        registry,
        NAME,
        "沃动",
        industry=extra.pop("industry", "机械"),
        industry_key="机械",
        status=status,
        reserved_until=date(2027, 1, 27) if status == ReservationStatus.RESERVED else None,
        **extra,
    )


@pytest.fixture
def reserved(applicant, kundulun):
    return reserve(applicant, kundulun)


@pytest.fixture
def notice(reserved):
    return reservation_notice_pdf(reserved)


def test_the_notice_is_a_pdf(notice):
    assert notice.startswith(b"%PDF-")
    assert notice.rstrip().endswith(b"%%EOF")
    assert len(notice) > 5_000


def test_the_notice_is_a4(notice):
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf_objects(notice))
    assert boxes
    for width, height in boxes:
        assert abs(float(width) - 595.28) < 1  # 210 mm
        assert abs(float(height) - 841.89) < 1  # 297 mm


def test_the_notice_fits_on_one_page(notice):
    assert re.findall(rb"/Type\s*/Pages\b[^>]*/Count\s+(\d+)", pdf_objects(notice)) == [b"1"]


def test_the_notice_embeds_the_cjk_fonts(notice):
    objects = pdf_objects(notice)
    names = set(re.findall(rb"/FontName\s*/[A-Z]{6}\+([\w-]+)", objects))
    assert any(name.startswith(b"Noto-Sans-CJK-SC") for name in names), names
    assert any(name.startswith(b"Noto-Serif-CJK-SC") for name in names), names
    # subsets of the font programs are inside the file, not merely named
    assert b"/FontFile" in objects


def test_the_notice_text(reserved, notice, tmp_path):
    text = pdf_text(notice, tmp_path)
    assert NAME in text
    assert "企业名称自主申报告知书" in text
    assert "包头市市场监督管理局" in text  # the bureau
    assert reserved.registry.name in text  # the registry
    assert "申报人甲" in text  # the applicant
    assert "机械" in text  # the industry
    assert "2027年1月27日" in text  # reserved until
    assert f"{reserved.registry.division_code}-" in text
    assert f"-{reserved.pk:06d}" in text  # the reservation number
    assert "通过" in text  # the verdict
    assert "第十八条" in text
    assert "保留期为2个月" in text
    assert "保留期为1年" in text


def test_a_similar_verdict_lists_the_names(applicant, kundulun, tmp_path):
    reservation = reserve(
        applicant,
        kundulun,
        verdict="similar",
        findings=[
            {
                "rule": "C-CMP-4.2",
                "verdict": "similar",
                "article": "《企业名称相同相近比对规则》第四条第（二）项",
                "message": "字号“沃动”与同一登记机关1个同行业企业名称的字号读音相同。",
                "fix": "更换读音不同的字号。",
                "part": "沃动",
                "conflicts": ["包头市沃洞机械有限公司"],
            }
        ],
    )
    text = pdf_text(reservation_notice_pdf(reservation), tmp_path)
    assert "近似冲突" in text
    assert "第四条第（二）项" in text  # the article, not the staff's rule code (issue 14.16)
    assert "C-CMP-4.2" not in text
    assert "包头市沃洞机械有限公司" in text


def test_the_notice_is_chinese_whatever_the_language(reserved, settings):
    from django.utils import translation

    with translation.override("en"):
        html = reservation_notice_html(reserved)
    assert "企业名称自主申报告知书" in html
    assert "通过" in html  # the verdict's Chinese label, not "Pass"
    assert 'font-family: "Noto Serif CJK SC"' in html
    assert "size: A4" in html


def test_a_pre_approval_notice_says_one_year(applicant, kundulun):
    reservation = reserve(applicant, kundulun, needs_pre_approval=True)
    html = reservation_notice_html(reservation)
    assert "保留期 12 个月" in html


# --- who gets it ----------------------------------------------------------------------------------


def test_the_applicant_downloads_it(login, applicant, reserved):
    response = login(applicant).get(f"/names/{reserved.pk}/notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


def test_in_english_the_download_is_still_the_chinese_notice(login, applicant, reserved, tmp_path):
    client = login(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/names/{reserved.pk}/notice.pdf")
    assert response.status_code == 200
    if shutil.which("pdftotext"):
        assert "企业名称自主申报告知书" in pdf_text(response.content, tmp_path)


def test_a_registrar_of_the_registry_downloads_it(login, reviewer, reserved):
    response = login(reviewer).get(f"/names/{reserved.pk}/notice.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_a_city_registrar_downloads_it(login, make_user, bureau, reserved):
    city = make_user(Role.REGISTRAR, bureau["baotou"])
    assert login(city).get(f"/names/{reserved.pk}/notice.pdf").status_code == 200


def test_it_is_refused_to_anyone_else(
    client, login, other_applicant, outsider_registrar, role_users, reserved
):
    url = f"/names/{reserved.pk}/notice.pdf"
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/accounts/login/")
    assert login(other_applicant).get(url).status_code == 404
    assert login(outsider_registrar).get(url).status_code == 404
    for role in (Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR, "no_role"):
        response = login(role_users[role]).get(url)
        assert response.status_code == 404, role
        assert not response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "status",
    [
        ReservationStatus.PENDING_REVIEW,
        ReservationStatus.REFUSED,
        ReservationStatus.WITHDRAWN,
        ReservationStatus.EXPIRED,
        ReservationStatus.USED,
    ],
)
def test_only_a_reserved_name_has_a_notice(login, applicant, reviewer, kundulun, status):
    reservation = reserve(applicant, kundulun, status=status)
    assert login(applicant).get(f"/names/{reservation.pk}/notice.pdf").status_code == 404
    assert login(reviewer).get(f"/names/{reservation.pk}/notice.pdf").status_code == 404
