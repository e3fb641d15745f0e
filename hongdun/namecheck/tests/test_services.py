"""Declaring, reserving, reviewing, withdrawing and expiring names; notices, mail and audit."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.namecheck import index_store
from hongdun.namecheck.choices import IndexOp, ReservationStatus
from hongdun.namecheck.models import NameIndexEvent, NameReservation
from hongdun.namecheck.services import (
    add_months,
    declaration_check,
    names_check_batch,
    reservation_create,
    reservation_expire_due,
    reservation_review,
    reservation_withdraw,
)
from hongdun.namecheck.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

FREE = "包头市沃动机械有限公司"  # ZN2025's compliant example, at a registry where it is unused
RESTRICTED = "中国沃德科技有限公司"  # the 中国 prefix needs approval
# N-ZIHAO-2: 江山 is a county-level city and an ordinary word; the registry's registrar decides.
LOCALLY_REVIEWED = "包头市江山科技有限公司"
PROHIBITED = "包头市云网络科技有限公司"  # N-ZIHAO-1: a one-character 字号


def reserve(user, registry, name=FREE, as_of=TODAY, **extra):
    return reservation_create(
        applicant=user, registry=registry, industry="", name=name, as_of=as_of, **extra
    )


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 11, 27), 2, date(2027, 1, 27)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
    ],
)
def test_add_months(start, months, end):
    assert add_months(start, months) == end


class TestReservationCreate:
    def test_a_passing_name_is_reserved_for_two_months(
        self, kundulun, applicant, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            reservation = reserve(applicant, kundulun)
        assert reservation.status == ReservationStatus.RESERVED
        assert reservation.reserved_until == date(2027, 1, 27)
        assert reservation.verdict == "pass"
        assert reservation.trade_name == "沃动"
        assert reservation.applicant == applicant
        # the index learns of it in the same transaction
        event = NameIndexEvent.objects.get(op=IndexOp.ADD)
        assert event.payload["id"] == index_store.reservation_key(reservation.pk)
        assert event.payload["status"] == "reserved"
        assert event.payload["reserved_until"] == "2027-01-27"
        # audited, noticed in the site and by mail once committed
        log = AuditLog.objects.get(action="namecheck.reservation.create")
        assert log.actor == applicant
        assert log.after is not None
        assert log.after["status"] == "reserved"
        notice = Notification.objects.get(user=applicant)
        assert "沃动" in notice.title
        assert "2027-01-27" in notice.body
        assert notice.url.endswith(f"/{reservation.pk}/")
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["applicant@example.invalid"]
        assert mail.outbox[0].subject == notice.title

    def test_pre_approval_reserves_for_a_year(self, kundulun, applicant):
        reservation = reserve(applicant, kundulun, needs_pre_approval=True)
        assert reservation.reserved_until == date(2027, 11, 27)

    def test_reservation_months_are_a_setting(self, kundulun, applicant, settings):
        settings.HONGDUN = {**settings.HONGDUN, "NAME_RESERVATION_MONTHS": 3}
        assert reserve(applicant, kundulun).reserved_until == date(2027, 2, 27)

    def test_mail_waits_for_the_commit(self, kundulun, applicant):
        reserve(applicant, kundulun)
        assert mail.outbox == []

    def test_a_reserved_name_blocks_everyone_else(self, kundulun, applicant, other_applicant):
        reserve(applicant, kundulun)
        with pytest.raises(ApplicationError) as caught:
            reserve(other_applicant, kundulun)
        assert caught.value.field == "name"
        assert caught.value.extra["verdict"] == "identical"
        assert any("沃动机械" in " ".join(f["conflicts"]) for f in caught.value.extra["findings"])
        assert NameReservation.objects.count() == 1

    def test_the_same_name_is_free_at_another_registry(
        self, kundulun, donghe, applicant, other_applicant
    ):
        reserve(applicant, kundulun)
        assert reserve(other_applicant, donghe).status == ReservationStatus.RESERVED

    def test_reserving_ones_own_name_twice_is_refused_plainly(self, kundulun, applicant):
        reserve(applicant, kundulun)
        with pytest.raises(ApplicationError) as caught:
            reserve(applicant, kundulun)
        assert "您已申报保留" in caught.value.message

    def test_a_registered_name_cannot_be_reserved(self, kundulun, applicant, hongguang):
        with pytest.raises(ApplicationError) as caught:
            reserve(applicant, kundulun, name=hongguang.name)
        assert caught.value.extra["verdict"] == "identical"
        rules = {f["rule"] for f in caught.value.extra["findings"]}
        assert "C-SAME-1" in rules
        assert NameReservation.objects.count() == 0
        assert Notification.objects.count() == 0
        assert not NameIndexEvent.objects.filter(op=IndexOp.ADD, payload__id__gte=1 << 41)

    def test_a_prohibited_name_is_refused_with_the_findings(self, kundulun, applicant):
        with pytest.raises(ApplicationError) as caught:
            reserve(applicant, kundulun, name=PROHIBITED)
        assert caught.value.extra["verdict"] == "prohibited"
        assert caught.value.extra["findings"]
        assert NameReservation.objects.count() == 0

    def test_similar_names_block_only_when_the_bureau_says_so(
        self, kundulun, applicant, hongguang, settings
    ):
        homophone = "包头市宏光机械设备有限公司"  # 宏 and 红 are both hóng (C-CMP-4.2)
        results = declaration_check(
            user=applicant, registry=kundulun, industry="", names=[homophone], as_of=TODAY
        )
        assert results[0]["verdict"] == "similar"
        assert results[0]["blocking"] is False
        settings.HONGDUN = {**settings.HONGDUN, "NAMECHECK_SIMILAR_BLOCKS": True}
        with pytest.raises(ApplicationError) as caught:
            reserve(applicant, kundulun, name=homophone)
        assert caught.value.extra["verdict"] == "similar"
        settings.HONGDUN = {**settings.HONGDUN, "NAMECHECK_SIMILAR_BLOCKS": False}
        reservation = reserve(applicant, kundulun, name=homophone)
        assert reservation.status == ReservationStatus.RESERVED
        assert reservation.verdict == "similar"

    def test_a_restricted_name_waits_for_review(
        self, kundulun, applicant, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            reservation = reserve(applicant, kundulun, name=RESTRICTED)
        assert reservation.status == ReservationStatus.PENDING_REVIEW
        assert reservation.reserved_until is None
        assert reservation.verdict == "restricted"
        assert "审核" in Notification.objects.get(user=applicant).title
        assert len(mail.outbox) == 1
        # while under review the name is held: nobody else can declare it
        event = NameIndexEvent.objects.get(op=IndexOp.ADD)
        assert event.payload["reserved_until"] is None

    @pytest.mark.parametrize(
        ("name", "field"),
        [("", "name"), ("   ", "name"), ("红光\x01科技有限公司", "name"), ("名" * 101, "name")],
    )
    def test_unusable_input_is_refused_naming_the_field(self, kundulun, applicant, name, field):
        with pytest.raises(ApplicationError) as caught:
            reserve(applicant, kundulun, name=name)
        assert caught.value.field == field

    def test_only_a_registration_authority_can_hold_a_name(self, bureau, applicant):
        with pytest.raises(ApplicationError) as caught:
            reserve(applicant, bureau["kundulun-station-1"])
        assert caught.value.field == "registry"

    def test_anonymous_cannot_reserve(self, kundulun):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(PermissionDenied):
            reserve(AnonymousUser(), kundulun)


class TestReview:
    @pytest.fixture
    def pending(self, kundulun, applicant):
        return reserve(applicant, kundulun, name=LOCALLY_REVIEWED)

    def test_approval_reserves_from_the_review_date(
        self, pending, reviewer, applicant, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            approved = reservation_review(
                reviewer=reviewer,
                reservation=pending,
                approve=True,
                reason="经核，符合规定。",
                as_of=date(2026, 12, 10),
            )
        assert approved.status == ReservationStatus.RESERVED
        assert approved.reserved_until == date(2027, 2, 10)
        assert approved.reviewer == reviewer
        assert approved.reviewed_at is not None
        log = AuditLog.objects.get(action="namecheck.reservation.approve")
        assert log.actor == reviewer
        assert log.before is not None
        assert log.after is not None
        assert log.before["status"] == "pending_review"
        assert log.after["status"] == "reserved"
        event = NameIndexEvent.objects.filter(op=IndexOp.STATUS).get()
        assert event.payload["reserved_until"] == "2027-02-10"
        notice = Notification.objects.filter(user=applicant).latest("id")
        assert "审核通过" in notice.title
        assert [m.subject for m in mail.outbox][-1] == notice.title
        assert approved.history.count() == 2

    def test_refusal_needs_a_reason_and_frees_the_name(
        self, pending, reviewer, applicant, other_applicant, kundulun
    ):
        with pytest.raises(ApplicationError) as caught:
            reservation_review(reviewer=reviewer, reservation=pending, approve=False, reason=" ")
        assert caught.value.field == "reason"
        refused = reservation_review(
            reviewer=reviewer, reservation=pending, approve=False, reason="未取得国务院批准文件。"
        )
        assert refused.status == ReservationStatus.REFUSED
        assert refused.review_reason == "未取得国务院批准文件。"
        assert AuditLog.objects.filter(action="namecheck.reservation.refuse").count() == 1
        notice = Notification.objects.filter(user=applicant).latest("id")
        assert "未通过" in notice.title
        assert "未取得国务院批准文件" in notice.body
        assert NameIndexEvent.objects.filter(op=IndexOp.REMOVE).count() == 1
        again = reserve(other_applicant, kundulun, name=LOCALLY_REVIEWED)
        assert again.status == ReservationStatus.PENDING_REVIEW

    def test_only_registrars_of_the_registry_subtree_review(
        self, pending, outsider_registrar, applicant, role_users
    ):
        for user in (
            outsider_registrar,
            applicant,
            role_users["supervisor"],
            role_users["leader"],
            role_users["administrator"],
        ):
            with pytest.raises(PermissionDenied):
                reservation_review(reviewer=user, reservation=pending, approve=True, reason="")
        pending.refresh_from_db()
        assert pending.status == ReservationStatus.PENDING_REVIEW

    def test_a_city_registrar_reviews_every_district(self, pending, make_user, bureau):
        city_registrar = make_user("registrar", bureau["baotou"])
        approved = reservation_review(
            reviewer=city_registrar, reservation=pending, approve=True, reason=""
        )
        assert approved.status == ReservationStatus.RESERVED

    def test_only_pending_declarations_are_reviewed(self, kundulun, applicant, reviewer):
        reserved = reserve(applicant, kundulun)
        with pytest.raises(ApplicationError) as caught:
            reservation_review(reviewer=reviewer, reservation=reserved, approve=True, reason="")
        assert caught.value.field == "status"


class TestWithdrawAndExpire:
    def test_withdrawal_frees_the_name(self, kundulun, applicant, other_applicant):
        reservation = reserve(applicant, kundulun)
        withdrawn = reservation_withdraw(applicant=applicant, reservation=reservation)
        assert withdrawn.status == ReservationStatus.WITHDRAWN
        assert AuditLog.objects.filter(action="namecheck.reservation.withdraw").count() == 1
        event = NameIndexEvent.objects.filter(op=IndexOp.REMOVE).get()
        assert event.payload == {"id": index_store.reservation_key(reservation.pk)}
        assert reserve(other_applicant, kundulun).status == ReservationStatus.RESERVED

    def test_only_the_applicant_withdraws(self, kundulun, applicant, other_applicant):
        reservation = reserve(applicant, kundulun)
        with pytest.raises(PermissionDenied):
            reservation_withdraw(applicant=other_applicant, reservation=reservation)
        reservation.refresh_from_db()
        assert reservation.status == ReservationStatus.RESERVED

    def test_only_live_reservations_are_withdrawn(self, kundulun, applicant):
        reservation = reserve(applicant, kundulun)
        reservation_withdraw(applicant=applicant, reservation=reservation)
        with pytest.raises(ApplicationError) as caught:
            reservation_withdraw(applicant=applicant, reservation=reservation)
        assert caught.value.field == "status"

    def test_a_pending_declaration_can_be_withdrawn(self, kundulun, applicant):
        pending = reserve(applicant, kundulun, name=RESTRICTED)
        assert (
            reservation_withdraw(applicant=applicant, reservation=pending).status
            == ReservationStatus.WITHDRAWN
        )

    def test_expiry_after_the_last_day(
        self, kundulun, applicant, other_applicant, django_capture_on_commit_callbacks
    ):
        reservation = reserve(applicant, kundulun)
        assert reservation_expire_due(today=date(2027, 1, 27)) == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert reservation_expire_due(today=date(2027, 1, 28)) == 1
        reservation.refresh_from_db()
        assert reservation.status == ReservationStatus.EXPIRED
        assert AuditLog.objects.filter(action="namecheck.reservation.expire").count() == 1
        assert "到期" in Notification.objects.filter(user=applicant).latest("id").title
        assert len(mail.outbox) == 1
        assert reservation_expire_due(today=date(2027, 1, 28)) == 0
        # the name is free again, as of the day after
        again = reserve(other_applicant, kundulun, as_of=date(2027, 1, 28))
        assert again.status == ReservationStatus.RESERVED

    def test_a_lapsed_reservation_not_yet_expired_frees_its_name(
        self, kundulun, applicant, other_applicant
    ):
        first = reserve(applicant, kundulun)
        again = reserve(other_applicant, kundulun, as_of=date(2027, 1, 28))
        assert again.status == ReservationStatus.RESERVED
        first.refresh_from_db()
        assert first.status == ReservationStatus.EXPIRED
        assert AuditLog.objects.filter(action="namecheck.reservation.expire").count() == 1

    def test_an_unexpired_reservation_still_blocks_on_its_last_day(
        self, kundulun, applicant, other_applicant
    ):
        reserve(applicant, kundulun)
        results = declaration_check(
            user=other_applicant,
            registry=kundulun,
            industry="",
            names=[FREE],
            as_of=date(2027, 1, 27),
        )
        assert results[0]["verdict"] == "identical"


class TestDeclarationCheck:
    def test_results_follow_the_order_of_preference(self, kundulun, applicant, hongguang):
        names = [hongguang.name, FREE, PROHIBITED]
        results = declaration_check(
            user=applicant, registry=kundulun, industry="", names=names, as_of=TODAY
        )
        assert [r["name"] for r in results] == names
        assert [r["verdict"] for r in results] == ["identical", "pass", "prohibited"]
        assert [r["blocking"] for r in results] == [True, False, True]
        assert results[1]["suggestions"] == []
        assert results[0]["parsed"]["trade_name"] == "红光"
        finding = results[0]["findings"][0]
        assert set(finding) == {"rule", "verdict", "article", "message", "fix", "part", "conflicts"}

    def test_suggestions_for_a_blocked_name_pass(self, kundulun, applicant, hongguang):
        (result,) = declaration_check(
            user=applicant, registry=kundulun, industry="", names=[hongguang.name], as_of=TODAY
        )
        assert len(result["suggestions"]) <= 5
        if result["suggestions"]:
            rechecked = declaration_check(
                user=applicant,
                registry=kundulun,
                industry="",
                names=result["suggestions"],
                as_of=TODAY,
            )
            assert all(not r["blocking"] for r in rechecked)

    def test_own_reservation_does_not_conflict_with_its_holder(
        self, kundulun, applicant, other_applicant
    ):
        reserve(applicant, kundulun)
        mine = declaration_check(
            user=applicant, registry=kundulun, industry="", names=[FREE], as_of=TODAY
        )
        theirs = declaration_check(
            user=other_applicant, registry=kundulun, industry="", names=[FREE], as_of=TODAY
        )
        assert mine[0]["verdict"] == "pass"
        assert theirs[0]["verdict"] == "identical"

    @pytest.mark.parametrize("names", [[], [FREE] * 6, "包头市沃动机械有限公司"])
    def test_one_to_five_names(self, kundulun, applicant, names):
        with pytest.raises(ApplicationError) as caught:
            declaration_check(user=applicant, registry=kundulun, industry="", names=names)
        assert caught.value.field == "names"

    def test_industry_is_checked(self, kundulun, applicant):
        with pytest.raises(ApplicationError) as caught:
            declaration_check(user=applicant, registry=kundulun, industry="业" * 51, names=[FREE])
        assert caught.value.field == "industry"

    def test_batch_limit(self, kundulun, settings):
        settings.HONGDUN = {**settings.HONGDUN, "NAMECHECK_BATCH_MAX": 3}
        assert len(names_check_batch(registry=kundulun, industry="", names=[FREE] * 3)) == 3
        with pytest.raises(ApplicationError) as caught:
            names_check_batch(registry=kundulun, industry="", names=[FREE] * 4)
        assert caught.value.field == "names"
        assert "3" in caught.value.message

    def test_batch_names_the_bad_line(self, kundulun):
        with pytest.raises(ApplicationError) as caught:
            names_check_batch(registry=kundulun, industry="", names=[FREE, ""])
        assert caught.value.field == "names"
        assert "第 2 个" in caught.value.message


class TestEnterpriseHooks:
    """The register's services log every change of a name for the index (no engine needed)."""

    def test_registration_rename_and_deregistration_are_logged(self, kundulun):
        from hongdun.enterprises.choices import EnterpriseStatus
        from hongdun.enterprises.services import enterprise_rename, enterprise_status_change
        from hongdun.enterprises.tests.factories import register

        firm = register("包头市红光机械设备有限公司", kundulun, trade_name="红光")
        (added,) = NameIndexEvent.objects.all()
        assert added.op == IndexOp.ADD
        assert added.payload["id"] == firm.pk
        assert added.payload["registry"] == "150203"
        assert added.payload["status"] == "registered"
        assert added.payload["owner"] == firm.uscc
        assert added.payload["history_id"] == firm.history.get().history_id

        enterprise_rename(
            acting_user=None,
            enterprise=firm,
            name="包头市红日机械设备有限公司",
            trade_name="红日",
            effective_on=date(2026, 5, 6),
        )
        former, current = NameIndexEvent.objects.filter(id__gt=added.id)
        assert former.op == current.op == IndexOp.ADD
        assert former.payload["name"] == "包头市红光机械设备有限公司"
        assert former.payload["status"] == "renamed"
        assert former.payload["status_date"] == "2026-05-06"
        assert former.payload["id"] == index_store.former_name_key(
            firm.history.latest("history_id").history_id
        )
        assert current.payload["id"] == firm.pk
        assert current.payload["name"] == "包头市红日机械设备有限公司"

        enterprise_status_change(
            acting_user=None,
            enterprise=firm,
            status=EnterpriseStatus.DEREGISTERED,
            effective_on=date(2026, 9, 1),
        )
        status = NameIndexEvent.objects.latest("id")
        assert status.op == IndexOp.STATUS
        assert status.payload["status"] == "deregistered"
        assert status.payload["status_date"] == "2026-09-01"

    def test_a_revoked_enterprise_keeps_its_name(self, kundulun):
        from hongdun.enterprises.choices import EnterpriseStatus
        from hongdun.enterprises.services import enterprise_status_change
        from hongdun.enterprises.tests.factories import register

        firm = register("包头市红光机械设备有限公司", kundulun, trade_name="红光")
        enterprise_status_change(
            acting_user=None,
            enterprise=firm,
            status=EnterpriseStatus.LICENCE_REVOKED,
            effective_on=date(2026, 9, 1),
        )
        assert NameIndexEvent.objects.latest("id").payload["status"] == "registered"
