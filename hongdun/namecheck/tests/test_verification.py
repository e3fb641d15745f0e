"""The name reservation notice names the authority that decided and carries a verification code;
the public page `/verify/` confirms it while the name is reserved and says when it no longer is."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.core.models import DocumentVerification
from hongdun.core.verification import code_display
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.pdf import reservation_notice_pdf
from hongdun.namecheck.services import reservation_create, reservation_review
from hongdun.namecheck.tests.conftest import TODAY
from hongdun.namecheck.tests.factories import reservation_row
from hongdun.namecheck.verification import NOTICE_KIND
from hongdun.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db

FREE = "包头市沃动机械有限公司"
RESTRICTED = "包头市江山科技有限公司"  # N-ZIHAO-2: a registrar of the authority decides (另有含义)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def code_of(reservation):
    return DocumentVerification.objects.get(kind=NOTICE_KIND, object_id=reservation.pk).code


def verify(client, code):
    response = client.get("/verify/", {"code": code_display(code)})
    return response.status_code, response.content.decode()


def test_a_reserved_name_gets_a_code_and_its_notice_names_the_registry(
    client, kundulun, applicant, tmp_path
):
    reservation = reservation_create(
        applicant=applicant, registry=kundulun, industry="", name=FREE, as_of=TODAY
    )
    record = DocumentVerification.objects.get(kind=NOTICE_KIND, object_id=reservation.pk)
    assert (record.issuer, record.issued_on) == (kundulun, TODAY)
    text = pdf_text(reservation_notice_pdf(reservation), tmp_path)
    # Headed and signed by the registry that reserved it (no longer the city bureau's name).
    assert text.startswith(kundulun.name + "企业名称自主申报告知书")
    assert f"{kundulun.name}2026年11月27日" in text
    assert code_display(record.code) in text
    assert "/verify/" in text

    status, page = verify(client, record.code)
    assert status == 200
    assert 'data-testid="verify-standing">有效<' in page
    assert FREE in page
    assert kundulun.name in page
    assert "申***" in page  # 申报人甲, masked
    assert "申报人甲" not in page
    assert "2026-11-27" in page


def test_a_name_approved_by_a_city_registrar_is_issued_by_the_city_bureau(
    client, bureau, kundulun, applicant, make_user, tmp_path
):
    city = bureau["baotou"]
    city_registrar = make_user(Role.REGISTRAR, city)
    pending = reservation_create(
        applicant=applicant, registry=kundulun, industry="", name=RESTRICTED, as_of=TODAY
    )
    assert pending.status == ReservationStatus.PENDING_REVIEW
    assert not DocumentVerification.objects.filter(object_id=pending.pk).exists()
    approved = reservation_review(
        reviewer=city_registrar, reservation=pending, approve=True, as_of=date(2026, 12, 1)
    )
    record = DocumentVerification.objects.get(kind=NOTICE_KIND, object_id=approved.pk)
    assert record.issuer == city
    text = pdf_text(reservation_notice_pdf(approved), tmp_path)
    assert text.startswith(city.name + "企业名称自主申报告知书")
    assert f"{city.name}2026年12月1日" in text
    status, page = verify(client, record.code)
    assert status == 200
    assert f'data-testid="verify-issuer">{city.name}<' in page


def test_a_refused_name_has_no_notice_and_no_code(kundulun, applicant, reviewer):
    pending = reservation_create(
        applicant=applicant, registry=kundulun, industry="", name=RESTRICTED, as_of=TODAY
    )
    reservation_review(reviewer=reviewer, reservation=pending, approve=False, reason="不符合规定")
    assert not DocumentVerification.objects.exists()


def reserved_directly(applicant, registry, **fields):
    """A reservation made before codes existed (written straight to the table)."""
    values = {"reserved_until": timezone.localdate() + timedelta(days=30), **fields}
    return reservation_row(applicant, registry, FREE, "沃动", industry_key="机械", **values)


def test_a_notice_reserved_before_codes_existed_gets_one_code_on_first_download(
    kundulun, applicant, tmp_path
):
    reservation = reserved_directly(applicant, kundulun)
    first = pdf_text(reservation_notice_pdf(reservation), tmp_path)
    second = pdf_text(reservation_notice_pdf(reservation), tmp_path)
    record = DocumentVerification.objects.get(object_id=reservation.pk)
    assert code_display(record.code) in first
    assert first == second  # the same code, issuer and date on every download
    assert record.issued_on == timezone.localdate(reservation.created_at)


@pytest.mark.parametrize(
    ("fields", "standing", "explanation"),
    [
        ({}, "有效", "名称保留有效"),
        ({"reserved_until": date(2026, 1, 31)}, "已过期", "保留期已于2026-01-31届满"),
        (
            {"status": ReservationStatus.EXPIRED, "reserved_until": date(2026, 1, 31)},
            "已过期",
            "保留期已于2026-01-31届满",
        ),
        ({"status": ReservationStatus.USED}, "已使用", "已用于办理登记"),
        ({"status": ReservationStatus.WITHDRAWN}, "已撤回", "申请人已撤回"),
    ],
)
def test_the_page_says_whether_the_reservation_still_holds(
    client, kundulun, applicant, fields, standing, explanation
):
    reservation = reserved_directly(applicant, kundulun)
    reservation_notice_pdf(reservation)  # the code is issued with the notice
    NameReservation.objects.filter(pk=reservation.pk).update(**fields)
    status, page = verify(client, code_of(reservation))
    assert status == 200
    assert f'data-testid="verify-standing">{standing}<' in page
    assert explanation in page
    assert ("verify-result valid" in page) == (standing == "有效")
