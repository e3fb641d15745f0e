"""The name reservation notice (名称保留告知书) as a verifiable document: its code is issued when
the name is reserved (by the system, or by the registrar who approved a restricted name), and the
public page `/verify/` asks `reservation_notice_describe` whether the notice still holds."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.core.models import DocumentVerification
from hongdun.core.verification import (
    DocumentFacts,
    Standing,
    mask_person_name,
    verification_code_issue,
    verification_for,
)
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.selectors import deciding_authority

NOTICE_KIND = "namecheck.reservation_notice"


def _decided_on(reservation: NameReservation) -> date:
    moment = reservation.reviewed_at or reservation.created_at or timezone.now()
    return timezone.localdate(moment)


def reservation_notice_issue(
    *, reservation: NameReservation, issued_on: date | None = None
) -> DocumentVerification:
    """The notice's code, naming the authority that decided: the approving registrar's
    registration authority, or the registry itself for a name the system reserved. Call it in the
    transaction that reserves the name; for a name reserved before codes existed it is issued on
    the first download, dated the day the name was reserved."""
    existing = verification_for(kind=NOTICE_KIND, document=reservation)
    if existing is not None:
        return existing
    reviewer = reservation.reviewer
    issuer = deciding_authority(
        clerk_unit=getattr(reviewer, "unit", None) if reviewer else None,
        case_authority=reservation.registry,
    )
    try:
        with transaction.atomic():
            return verification_code_issue(
                kind=NOTICE_KIND,
                document=reservation,
                issuer=issuer,
                issued_on=issued_on or _decided_on(reservation),
            )
    except IntegrityError:  # a second download at the same moment issued it first
        found = verification_for(kind=NOTICE_KIND, document=reservation)
        if found is None:
            raise
        return found


def reservation_notice_describe(reservation: NameReservation) -> DocumentFacts:
    applicant = reservation.applicant
    holder = getattr(applicant, "full_name", "") or applicant.get_username()
    today = timezone.localdate()
    until = reservation.reserved_until
    status = reservation.status
    if status == ReservationStatus.RESERVED and (until is None or until >= today):
        standing = Standing.VALID
        explanation = _("名称保留有效，保留期至%(until)s。") % {
            "until": until.isoformat() if until else ""
        }
    elif status in (ReservationStatus.RESERVED, ReservationStatus.EXPIRED):
        standing = Standing.EXPIRED
        explanation = _("保留期已于%(until)s届满，名称保留已失效。") % {
            "until": until.isoformat() if until else ""
        }
    elif status == ReservationStatus.USED:
        standing = Standing.SPENT
        explanation = _("该名称已用于办理登记，告知书已完成其用途。")
    elif status == ReservationStatus.WITHDRAWN:
        standing = Standing.WITHDRAWN
        explanation = _("申请人已撤回该名称，名称保留已失效。")
    else:
        standing = Standing.VOID
        explanation = _("该名称目前未被保留。")
    return DocumentFacts(
        title=_("企业名称自主申报告知书（名称保留通知）"),
        number=reservation.notice_number,
        holder=mask_person_name(holder),
        subject_label=_("保留的企业名称"),
        subject=reservation.proposed_name,
        standing=standing,
        explanation=explanation,
    )
