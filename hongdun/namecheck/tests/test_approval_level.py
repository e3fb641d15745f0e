"""Issue 13 item 11: names only the State Council may approve are not approved by a local review.

《企业名称登记管理规定》第十二条第一款: a name prefixed with 中国、中华、中央、全国、国家
needs 国务院 approval. A district or city registration authority may only tell the applicant to
obtain it, refuse, or hold the name; it approves only citing the approval's document. Which
rule needs which level is configuration (HONGDUN["NAME_APPROVAL_LEVELS"], default R-1 → national).
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.services import (
    reservation_create,
    reservation_refer_for_approval,
    reservation_review,
    reviewer_authority_level,
)
from hongdun.orgs.levels import AuthorityLevel

pytestmark = pytest.mark.django_db

STATE_COUNCIL_NAMES = [
    "中国沃德科技有限公司",
    "中华沃德科技有限公司",
    "中央沃德科技有限公司",
    "全国沃德科技有限公司",
    "国家沃德科技有限公司",
]
LOCALLY_REVIEWED = "包头市江山科技有限公司"  # N-ZIHAO-2: the registry's own judgment
REVIEWER_UNITS = ["kundulun", "baotou"]  # the district and the city that may review Kundulun's


@pytest.fixture
def registrars(make_user, bureau):
    codes = [*REVIEWER_UNITS, "kundulun-station-1"]
    return {code: make_user(Role.REGISTRAR, bureau[code]) for code in codes}


def declare(applicant, kundulun, name):
    reservation = reservation_create(applicant=applicant, registry=kundulun, industry="", name=name)
    assert reservation.status == ReservationStatus.PENDING_REVIEW
    return reservation


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("kundulun", AuthorityLevel.COUNTY),
        ("kundulun-station-1", AuthorityLevel.COUNTY),  # decides for its district
        ("baotou", AuthorityLevel.CITY),
    ],
)
def test_the_reviewers_authority_level(registrars, code, level):
    assert reviewer_authority_level(registrars[code]) is level


@pytest.mark.parametrize("code", REVIEWER_UNITS)
@pytest.mark.parametrize("name", STATE_COUNCIL_NAMES)
def test_no_local_registrar_approves_a_state_council_name(
    applicant, kundulun, registrars, code, name
):
    reservation = declare(applicant, kundulun, name)
    with pytest.raises(ApplicationError) as error:
        reservation_review(reviewer=registrars[code], reservation=reservation, approve=True)
    assert error.value.field == "approval_document"
    assert "国务院" in error.value.message
    assert name[:2] in error.value.message
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.PENDING_REVIEW
    assert reservation.reserved_until is None
    assert not AuditLog.objects.filter(action="namecheck.reservation.approve").exists()


@pytest.mark.parametrize("code", REVIEWER_UNITS)
def test_refusing_a_state_council_name_is_allowed(applicant, kundulun, registrars, code):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    refused = reservation_review(
        reviewer=registrars[code], reservation=reservation, approve=False, reason="未取得批准。"
    )
    assert refused.status == ReservationStatus.REFUSED


def test_approval_citing_the_state_councils_document(applicant, kundulun, registrars):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    approved = reservation_review(
        reviewer=registrars["kundulun"],
        reservation=reservation,
        approve=True,
        approval_document="  国函〔2026〕18号 ",
    )
    assert approved.status == ReservationStatus.RESERVED
    assert approved.approval_document == "国函〔2026〕18号"
    log = AuditLog.objects.get(action="namecheck.reservation.approve")
    assert log.after is not None
    assert log.after["approval_document"] == "国函〔2026〕18号"


def test_an_overlong_document_number_is_refused(applicant, kundulun, registrars):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    with pytest.raises(ApplicationError) as error:
        reservation_review(
            reviewer=registrars["kundulun"],
            reservation=reservation,
            approve=True,
            approval_document="号" * 201,
        )
    assert error.value.field == "approval_document"
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.PENDING_REVIEW


def test_telling_the_applicant_to_obtain_the_approval(
    applicant, kundulun, registrars, django_capture_on_commit_callbacks
):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[1])
    with django_capture_on_commit_callbacks(execute=True):
        held = reservation_refer_for_approval(
            reviewer=registrars["kundulun"], reservation=reservation, reason="请报国务院批准。"
        )
    assert held.status == ReservationStatus.PENDING_REVIEW
    assert held.approval_referred_at is not None
    notice = Notification.objects.filter(user=applicant).latest("id")
    assert "须取得批准" in notice.title
    assert "国务院" in notice.body
    assert "中华" in notice.body
    assert "请报国务院批准" in notice.body
    assert mail.outbox[-1].subject == notice.title
    log = AuditLog.objects.get(action="namecheck.reservation.refer_for_approval")
    assert log.after is not None
    assert log.after["approval_level"] == "national"


def test_a_name_the_registry_decides_is_not_referred(applicant, kundulun, registrars):
    reservation = declare(applicant, kundulun, LOCALLY_REVIEWED)
    with pytest.raises(ApplicationError) as error:
        reservation_refer_for_approval(reviewer=registrars["kundulun"], reservation=reservation)
    assert error.value.field == "decision"
    approved = reservation_review(
        reviewer=registrars["kundulun"], reservation=reservation, approve=True
    )
    assert approved.status == ReservationStatus.RESERVED
    assert approved.approval_document == ""


def test_referral_needs_a_registrar_in_scope(applicant, kundulun, make_user, bureau):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    for user in (make_user(Role.REGISTRAR, bureau["jiuyuan"]), applicant):
        with pytest.raises(PermissionDenied):
            reservation_refer_for_approval(reviewer=user, reservation=reservation)


@pytest.mark.parametrize(("code", "allowed"), [("kundulun", False), ("baotou", True)])
def test_levels_are_configuration(settings, applicant, kundulun, registrars, code, allowed):
    settings.HONGDUN = {**settings.HONGDUN, "NAME_APPROVAL_LEVELS": {"N-ZIHAO-2": "city"}}
    reservation = declare(applicant, kundulun, LOCALLY_REVIEWED)
    if allowed:
        approved = reservation_review(
            reviewer=registrars[code], reservation=reservation, approve=True
        )
        assert approved.status == ReservationStatus.RESERVED
    else:
        with pytest.raises(ApplicationError) as error:
            reservation_review(reviewer=registrars[code], reservation=reservation, approve=True)
        assert "地市级登记机关" in error.value.message


# --- the review page ------------------------------------------------------------------------------


def test_the_page_hides_plain_approval_and_offers_referral(login, applicant, kundulun, registrars):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    client = login(registrars["kundulun"])
    page = client.get(f"/staff/names/{reservation.pk}/").content.decode()
    assert 'data-testid="approve"' not in page
    assert 'data-testid="approve-with-document"' in page
    assert 'data-testid="refer"' in page
    assert 'data-testid="approval-level"' in page
    assert "国务院" in page

    refused = client.post(f"/staff/names/{reservation.pk}/", {"decision": "approve"})
    assert refused.status_code == 200
    assert 'data-testid="approval-document-error"' in refused.content.decode()
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.PENDING_REVIEW

    referred = client.post(f"/staff/names/{reservation.pk}/", {"decision": "refer"})
    assert referred.status_code == 302
    reservation.refresh_from_db()
    assert reservation.approval_referred_at is not None
    assert "已于" in client.get(f"/staff/names/{reservation.pk}/").content.decode()

    approved = client.post(
        f"/staff/names/{reservation.pk}/",
        {"decision": "approve", "approval_document": "国函〔2026〕18号"},
    )
    assert approved.status_code == 302
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.RESERVED
    detail = client.get(f"/staff/names/{reservation.pk}/").content.decode()
    assert 'data-testid="approval-document-shown"' in detail
    assert "国函〔2026〕18号" in detail


def test_the_page_keeps_plain_approval_for_names_the_registry_decides(
    login, applicant, kundulun, registrars
):
    reservation = declare(applicant, kundulun, LOCALLY_REVIEWED)
    page = login(registrars["kundulun"]).get(f"/staff/names/{reservation.pk}/").content.decode()
    assert 'data-testid="approve"' in page
    assert 'data-testid="refer"' not in page


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.SUPERVISOR, None])
def test_other_roles_cannot_refer(login, make_user, bureau, applicant, kundulun, role):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    client = login(make_user(role, bureau["kundulun"]))
    response = client.post(f"/staff/names/{reservation.pk}/", {"decision": "refer"})
    assert response.status_code == 403
    reservation.refresh_from_db()
    assert reservation.approval_referred_at is None


def test_anonymous_cannot_refer(client, applicant, kundulun):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    response = client.post(f"/staff/names/{reservation.pk}/", {"decision": "refer"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"] or "login" in response.headers["Location"]
    reservation.refresh_from_db()
    assert reservation.approval_referred_at is None


def test_an_out_of_scope_registrar_gets_404(login, make_user, bureau, applicant, kundulun):
    reservation = declare(applicant, kundulun, STATE_COUNCIL_NAMES[0])
    client = login(make_user(Role.REGISTRAR, bureau["jiuyuan"]))
    response = client.post(f"/staff/names/{reservation.pk}/", {"decision": "refer"})
    assert response.status_code == 404
