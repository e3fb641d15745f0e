"""Approval and its effects, all in the approving transaction: establishment (new enterprise, valid
USCC, the reservation becomes the registered name in the name index and the public query, licence
PDF), change (with history; a new licence), deregistration (注销 with its date; the name keeps
conflicting for a year)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.enterprises import uscc
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.selectors import enterprise_search_ids
from hongdun.enterprises.tests.factories import register
from hongdun.namecheck import index_store
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.services import name_check, reservation_create
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.choices import ChangeItemKind
from hongdun.registration.models import ApplicationEvent, ChangeItem, EnterpriseAuthorisation
from hongdun.registration.review import services
from hongdun.registration.review.pdf import public_enterprise_url
from hongdun.registration.review.tests.conftest import TODAY, make_application, reserve
from hongdun.testing.pdf import (
    expected_modules,
    pdf_images,
    pdf_text,
    qr_modules,
)

pytestmark = pytest.mark.django_db

NAME = "包头市沃动机械有限公司"


def test_establishment_creates_the_enterprise_and_licence(
    clerk, establishment, kundulun, tmp_path, django_capture_on_commit_callbacks
):
    services.application_accept(clerk=clerk, application=establishment)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.application_approve(clerk=clerk, application=establishment, as_of=TODAY)
    assert done.status == S.APPROVED
    assert done.decided_by == clerk
    enterprise = done.enterprise
    assert enterprise is not None
    assert enterprise.name == NAME
    assert enterprise.trade_name == "沃动"
    assert enterprise.enterprise_type == "llc"
    assert enterprise.legal_rep_name == "贺明远"
    assert enterprise.registered_capital == Decimal("1000000.00")
    assert enterprise.established_on == TODAY  # 成立日期 = the licence date
    assert enterprise.business_scope == ["机械设备销售", "五金产品零售"]
    assert enterprise.registration_authority == kundulun
    # a newly issued, valid USCC of this authority's division
    assert uscc.validate(enterprise.uscc, strict=True) == enterprise.uscc
    assert enterprise.uscc[2:8] == "150203"
    # the reservation became the registered name
    reservation = NameReservation.objects.get(pk=establishment.name_reservation_id)
    assert reservation.status == ReservationStatus.USED
    # the public query finds it, and the name index now holds the registered name
    assert enterprise.pk in enterprise_search_ids(raw_query="沃动机械")
    assert enterprise.pk in enterprise_search_ids(raw_query=enterprise.uscc)
    index_store.store().catch_up()
    answer = name_check(registry=kundulun, industry="", name=NAME)
    assert answer["verdict"] == "identical"
    # the applicant may now file changes for it
    assert EnterpriseAuthorisation.objects.filter(
        enterprise=enterprise, user=done.applicant
    ).exists()
    # the licence, stored privately, with the registered facts and the QR code of the public page
    (document,) = done.issued_documents.all()
    assert document.kind == "licence"
    assert document.enterprise == enterprise
    assert "private" in document.file.path
    data = document.file.open("rb").read()
    text = pdf_text(data, tmp_path)
    for fact in (
        "营业执照",
        enterprise.uscc,
        NAME,
        "贺明远",
        "壹佰万元整",
        "2026年11月27日",
        "机械设备销售",
    ):
        assert fact in text, fact
    codes = [m for m in (qr_modules(i) for i in pdf_images(data, tmp_path)) if m]
    assert codes == [expected_modules(public_enterprise_url(enterprise.uscc))]
    # audited, recorded and notified
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"registration.approve", "enterprise.register", "namecheck.reservation.use"} <= actions
    assert ApplicationEvent.objects.filter(
        application=done, action="approve", to_status=S.APPROVED
    ).exists()
    notice = Notification.objects.filter(user=done.applicant).latest("id")
    assert enterprise.uscc in notice.body
    assert any(enterprise.uscc in str(m.body) for m in mail.outbox)


def test_registration_on_the_spot_from_submitted(clerk, establishment):
    done = services.application_approve(clerk=clerk, application=establishment, as_of=TODAY)
    assert done.status == S.APPROVED
    assert done.enterprise is not None


def test_an_expired_reservation_stops_the_approval_and_changes_nothing(clerk, establishment):
    NameReservation.objects.filter(pk=establishment.name_reservation_id).update(
        reserved_until=date(2026, 11, 26)
    )
    before = Enterprise.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.application_approve(clerk=clerk, application=establishment, as_of=TODAY)
    assert caught.value.field == "name_reservation"
    establishment.refresh_from_db()
    assert establishment.status == S.SUBMITTED
    assert Enterprise.objects.count() == before
    assert not establishment.issued_documents.exists()
    assert (
        NameReservation.objects.get(pk=establishment.name_reservation_id).status
        == ReservationStatus.RESERVED
    )


def test_a_registration_without_legal_representative_is_refused(clerk, establishment):
    establishment.officers.update(is_legal_representative=False)
    with pytest.raises(ApplicationError) as caught:
        services.application_approve(clerk=clerk, application=establishment, as_of=TODAY)
    assert caught.value.field == "officers"
    assert (
        NameReservation.objects.get(pk=establishment.name_reservation_id).status
        == ReservationStatus.RESERVED
    )


def test_change_updates_the_enterprise_with_history(
    clerk, applicant, kundulun, scope_entries, tmp_path
):
    enterprise = register(
        "包头市红光机械设备有限公司", kundulun, trade_name="红光", established_on=date(2020, 5, 6)
    )
    new_name = reserve(applicant, kundulun, "包头市金鹿机械设备有限公司")
    application = make_application(
        applicant=applicant,
        authority=kundulun,
        kind="change",
        enterprise=enterprise,
        reservation=new_name,
        capital=Decimal("3000000.00"),
        address="内蒙古自治区包头市昆都仑区阿尔丁大街8号",
    )
    for item in (ChangeItemKind.NAME, ChangeItemKind.ADDRESS, ChangeItemKind.CAPITAL):
        ChangeItem.objects.create(application=application, item=item)
    services.application_accept(clerk=clerk, application=application)
    done = services.application_approve(clerk=clerk, application=application, as_of=TODAY)
    enterprise.refresh_from_db()
    assert enterprise.name == "包头市金鹿机械设备有限公司"
    assert enterprise.trade_name == "金鹿"
    assert enterprise.address == "内蒙古自治区包头市昆都仑区阿尔丁大街8号"
    assert enterprise.registered_capital == Decimal("3000000.00")
    assert enterprise.established_on == date(2020, 5, 6)  # a change never moves the 成立日期
    names = list(enterprise.history.order_by("history_id").values_list("name", "address"))
    assert names[0][0] == "包头市红光机械设备有限公司"
    assert names[-1] == ("包头市金鹿机械设备有限公司", "内蒙古自治区包头市昆都仑区阿尔丁大街8号")
    audit = AuditLog.objects.get(action="enterprise.change")
    assert audit.before is not None
    assert audit.after is not None
    assert audit.before["registered_capital"] == "1000000.00"
    assert audit.after["registered_capital"] == "3000000.00"
    # a replaced licence (条例第二十八条) with the new facts
    (document,) = done.issued_documents.all()
    text = pdf_text(document.file.open("rb").read(), tmp_path)
    assert "包头市金鹿机械设备有限公司" in text
    assert "叁佰万元整" in text
    # the former name keeps conflicting for a year; the new one is registered
    index_store.store().catch_up()
    assert (
        name_check(registry=kundulun, industry="", name="包头市红光机械设备有限公司")["verdict"]
        == "identical"
    )
    assert (
        name_check(registry=kundulun, industry="", name="包头市金鹿机械设备有限公司")["verdict"]
        == "identical"
    )


def test_a_change_of_a_deregistered_enterprise_is_refused(clerk, applicant, kundulun):
    from hongdun.enterprises.services import enterprise_status_change

    enterprise = register("包头市红光机械设备有限公司", kundulun, trade_name="红光")
    enterprise_status_change(
        acting_user=None,
        enterprise=enterprise,
        status="deregistered",
        effective_on=date(2026, 1, 5),
    )
    application = make_application(
        applicant=applicant, authority=kundulun, kind="change", enterprise=enterprise
    )
    ChangeItem.objects.create(application=application, item=ChangeItemKind.ADDRESS)
    with pytest.raises(ApplicationError, match="注销") as caught:
        services.application_approve(clerk=clerk, application=application, as_of=TODAY)
    assert caught.value.field == "enterprise"


def test_deregistration_keeps_the_name_in_the_one_year_window(
    clerk, applicant, other_applicant, kundulun
):
    enterprise = register(NAME, kundulun, trade_name="沃动", established_on=date(2019, 3, 1))
    application = make_application(
        applicant=applicant, authority=kundulun, kind="deregistration", enterprise=enterprise
    )
    services.application_accept(clerk=clerk, application=application)
    done = services.application_approve(clerk=clerk, application=application, as_of=TODAY)
    enterprise.refresh_from_db()
    assert enterprise.status == "deregistered"
    assert enterprise.status_date == TODAY
    assert not done.issued_documents.exists()  # no licence for a deregistration
    index_store.store().catch_up()
    # within the year, a new declaration of that name is refused as identical
    with pytest.raises(ApplicationError) as caught:
        reservation_create(
            applicant=other_applicant,
            registry=kundulun,
            industry="",
            name=NAME,
            as_of=date(2027, 11, 26),
        )
    assert caught.value.extra["verdict"] == "identical"
    # after the year it is free again
    later = reservation_create(
        applicant=other_applicant,
        registry=kundulun,
        industry="",
        name=NAME,
        as_of=date(2027, 11, 28),
    )
    assert later.status == ReservationStatus.RESERVED
