"""The licence and the refusal notice name the registration authority that decided and carry a
verification code; `/verify/` confirms a licence while it is the current one, says when a change
replaced it or the entity was deregistered, and masks the applicant of a refusal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from hongdun.core.models import DocumentVerification
from hongdun.core.verification import code_display
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.registration.choices import ChangeItemKind
from hongdun.registration.models import ChangeItem
from hongdun.registration.review import services
from hongdun.registration.review.choices import DocumentKind
from hongdun.registration.review.models import IssuedDocument
from hongdun.registration.review.tests.conftest import TODAY, make_application
from hongdun.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def code_of(document: IssuedDocument) -> str:
    return DocumentVerification.objects.get(
        object_id=document.pk, kind__startswith="regreview."
    ).code


def verify(client, code):
    response = client.get("/verify/", {"code": code_display(code)})
    return response.status_code, response.content.decode()


def establish(clerk, application, *, on=TODAY):
    services.application_accept(clerk=clerk, application=application)
    done = services.application_approve(clerk=clerk, application=application, as_of=on)
    return done, done.issued_documents.get(kind=DocumentKind.LICENCE)


def test_the_licence_names_the_deciding_authority_and_its_code_checks_out(
    client, clerk, establishment, kundulun, tmp_path
):
    done, licence = establish(clerk, establishment)
    record = DocumentVerification.objects.get(object_id=licence.pk, kind="regreview.licence")
    assert (record.issuer, record.issued_on) == (kundulun, TODAY)
    text = pdf_text(licence.file.open("rb").read(), tmp_path)
    assert f"登记机关{kundulun.name}2026年11月27日" in text
    assert code_display(record.code) in text
    status, page = verify(client, record.code)
    assert status == 200
    assert 'data-testid="verify-standing">有效<' in page
    assert f'data-testid="verify-issuer">{kundulun.name}<' in page
    assert done.enterprise.name in page
    assert done.enterprise.uscc in page


def test_a_city_registrar_decides_as_the_city_bureau(
    client, city_clerk, establishment, bureau, tmp_path
):
    city = bureau["baotou"]
    _done, licence = establish(city_clerk, establishment)
    text = pdf_text(licence.file.open("rb").read(), tmp_path)
    assert f"登记机关{city.name}2026年11月27日" in text
    status, page = verify(client, code_of(licence))
    assert status == 200
    assert f'data-testid="verify-issuer">{city.name}<' in page


def test_a_change_replaces_the_licence_and_the_old_code_says_so(
    client, clerk, establishment, applicant, kundulun
):
    done, first = establish(clerk, establishment)
    change = make_application(
        applicant=applicant,
        authority=kundulun,
        kind="change",
        enterprise=done.enterprise,
        capital=Decimal("2000000.00"),
    )
    ChangeItem.objects.create(application=change, item=ChangeItemKind.CAPITAL)
    services.application_accept(clerk=clerk, application=change)
    changed = services.application_approve(clerk=clerk, application=change, as_of=date(2026, 12, 3))
    second = changed.issued_documents.get(kind=DocumentKind.LICENCE)
    assert code_of(first) != code_of(second)

    status, page = verify(client, code_of(first))
    assert status == 200
    assert 'data-testid="verify-standing">已被取代<' in page
    assert f"已于2026-12-03换发营业执照（文书编号{second.number}）" in page
    assert "verify-result invalid" in page
    status, page = verify(client, code_of(second))
    assert status == 200
    assert 'data-testid="verify-standing">有效<' in page


def test_a_deregistered_entity_s_licence_is_no_longer_valid(
    client, clerk, establishment, applicant, kundulun
):
    done, licence = establish(clerk, establishment)
    closing = make_application(
        applicant=applicant, authority=kundulun, kind="deregistration", enterprise=done.enterprise
    )
    services.application_accept(clerk=clerk, application=closing)
    services.application_approve(clerk=clerk, application=closing, as_of=date(2026, 12, 3))
    assert done.enterprise.__class__.objects.get(pk=done.enterprise.pk).status == (
        EnterpriseStatus.DEREGISTERED
    )
    status, page = verify(client, code_of(licence))
    assert status == 200
    assert 'data-testid="verify-standing">已失效<' in page
    assert "登记状态为“注销”" in page


def test_the_refusal_notice_names_the_authority_and_its_page_masks_the_applicant(
    client, clerk, establishment, kundulun, applicant, tmp_path
):
    services.application_accept(clerk=clerk, application=establishment)
    refused = services.application_refuse(
        clerk=clerk, application=establishment, reason="经营范围表述不规范。", as_of=TODAY
    )
    notice = refused.issued_documents.get(kind=DocumentKind.REFUSAL_NOTICE)
    record = DocumentVerification.objects.get(object_id=notice.pk, kind="regreview.refusal_notice")
    assert record.issuer == kundulun
    text = pdf_text(notice.file.open("rb").read(), tmp_path)
    assert text.startswith(kundulun.name + "不予登记通知书")
    assert code_display(record.code) in text
    status, page = verify(client, record.code)
    assert status == 200
    assert 'data-testid="verify-title">不予登记通知书<' in page
    full_name = applicant.full_name or applicant.username
    assert full_name not in page
    assert f'data-testid="verify-holder">{full_name[0]}' in page
    assert establishment.name in page
