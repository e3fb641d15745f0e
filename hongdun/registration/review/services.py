"""The registration authority's side of an application (实施细则第十八、十九条): accept (受理),
require correction (一次性告知补正), approve (准予登记) with its effects on the register, refuse
(不予登记) with the written notice, refer elsewhere (告知另行申请), extend the time limit, and
suspend (中止审查) and resume (恢复审查) the review.

Every service is one transaction: it locks the application row (`select_for_update`), asks the one
transition table (`registration.transitions`) whether the action is allowed from the current state,
writes an `ApplicationEvent`, the audit log and the applicant's notice. Two clerks acting on the
same application at once queue on the row lock; the second one then finds the new state and is told
who acted first.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.notification_services import notify
from hongdun.core.scope import Action as ScopeAction
from hongdun.core.scope import unit_in_reach
from hongdun.core.services import audit_record
from hongdun.core.verification import code_reserve, verification_code_issue
from hongdun.core.workdays import add_working_days, working_days_between
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType, IdType
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.services import (
    ContributionData,
    EnterpriseData,
    InvestorData,
    OfficerData,
    enterprise_branch_record,
    enterprise_investors_replace,
    enterprise_officers_replace,
    enterprise_register,
    enterprise_rename,
    enterprise_status_change,
    history_stamp,
    officer_data,
    officers_with_legal_representative,
    person_key,
)
from hongdun.namecheck import index_store
from hongdun.namecheck.choices import IndexOp, ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.services import name_index_event_append
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import deciding_authority
from hongdun.registration.choices import ApplicationKind, ApplicationStatus, ChangeItemKind
from hongdun.registration.models import (
    Application,
    ApplicationEvent,
    CorrectionItem,
    EnterpriseAuthorisation,
)
from hongdun.registration.permissions import APPLICATION
from hongdun.registration.review import pdf
from hongdun.registration.review.choices import DocumentKind
from hongdun.registration.review.models import IssuedDocument
from hongdun.registration.review.verification import verification_kind
from hongdun.registration.transitions import Action, transition_for

# Who decides registration applications: registrars (登记员) of the competent authority's subtree.

# Statutory time limits (条例第十九条; 实施细则第十八条): decide within 3 working days of receipt,
# extendable once by 3 working days with written notice. Kept as data so a deployment can follow a
# change of the rules without a code change.
DEFAULT_LIMITS = {
    "REGISTRATION_DECISION_WORKING_DAYS": 3,
    "REGISTRATION_EXTENSION_WORKING_DAYS": 3,
}

MAX_REASON_LENGTH = 2000
MAX_BASIS_LENGTH = 200
MAX_CORRECTION_ITEMS = 50
MAX_CORRECTION_LENGTH = 1000


def review_limit(key: str) -> int:
    return int(settings.HONGDUN.get(key, DEFAULT_LIMITS[key]))


def decision_due_from(submitted_on: date) -> date:
    """The last day of the review: N working days after the day the application was received."""
    return add_working_days(submitted_on, review_limit("REGISTRATION_DECISION_WORKING_DAYS"))


def _snapshot(application: Application) -> dict[str, Any]:
    return {
        "status": application.status,
        "decision_due": application.decision_due.isoformat() if application.decision_due else None,
        "decision_reason": application.decision_reason,
        "enterprise_id": application.enterprise_id,
        "extension_notice": application.extension_notice,
        "suspended_on": application.suspended_on.isoformat() if application.suspended_on else None,
        "suspension_basis": application.suspension_basis,
    }


def _lock(
    *, clerk: User, application: Application | int, action: Action, expected_status: str | None
) -> Application:
    """The application row, locked until the transaction ends, after role, scope and state checks.

    `expected_status` is the state the clerk saw on the page. When another clerk changed it in the
    meantime the message says so, rather than only that the action is not allowed.
    """
    pk = application.pk if isinstance(application, Application) else application
    locked = Application.objects.select_for_update().filter(pk=pk).first()
    # A registrar whose unit's subtree contains the application's authority (ADR 0013).
    if locked is None or not unit_in_reach(
        clerk, APPLICATION, locked.authority_id, ScopeAction.EDIT
    ):
        raise PermissionDenied
    if expected_status and locked.status != expected_status:
        last = (
            ApplicationEvent.objects.filter(application=locked)
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        status = ApplicationStatus(locked.status).label
        if last is not None and last.actor_id == getattr(clerk, "pk", None):
            # The same clerk's second request (a double click, a resent form): already done.
            message = _("您已办理过这一步，该申请当前状态为“%(status)s”，无需重复操作。") % {
                "status": status
            }
        else:
            who = str(last.actor) if last and last.actor else _("他人")
            message = _("该申请刚被%(who)s处理，当前状态为“%(status)s”。请刷新页面后再操作。") % {
                "who": who,
                "status": status,
            }
        raise ApplicationError(message, field="status", extra={"status": locked.status})
    transition_for(action, locked.status)
    return locked


def _event(
    application: Application,
    *,
    action: Action,
    from_status: str,
    actor: User | None,
    note: str = "",
) -> None:
    ApplicationEvent.objects.create(
        application=application,
        action=str(action),
        from_status=from_status,
        to_status=application.status,
        actor=actor,
        note=note,
    )


def application_portal_url(application: Application) -> str:
    """The applicant's page of the application (the registration portal's detail route)."""
    try:
        return reverse("registration:detail", kwargs={"pk": application.pk})
    except NoReverseMatch:
        return f"/registration/{application.pk}/"


def _notify(application: Application, *, title: str, body: str) -> None:
    notify(
        recipient=application.applicant,
        title=title,
        body=body,
        url=application_portal_url(application),
    )


def _subject(application: Application) -> str:
    if application.name:
        return application.name
    if application.enterprise_id:
        return str(application.enterprise)
    return application.number or f"#{application.pk}"


def _values(application: Application) -> dict[str, Any]:
    return {
        "number": application.number or f"#{application.pk}",
        "name": _subject(application),
        "kind": ApplicationKind(application.kind).label,
        "authority": application.authority.name,
    }


def _clean_reason(reason: Any, *, field: str = "reason", required: bool = True) -> str:
    if reason is not None and not isinstance(reason, str):
        raise ApplicationError(_("理由必须是文字。"), field=field)
    text = (reason or "").strip()
    if required and not text:
        raise ApplicationError(_("请填写理由。"), field=field)
    if len(text) > MAX_REASON_LENGTH:
        raise ApplicationError(
            _("理由最多 %(max)d 个字，请精简后再提交。") % {"max": MAX_REASON_LENGTH}, field=field
        )
    return text


# --- accept (受理) ------------------------------------------------------------------------------


@transaction.atomic
def application_accept(
    *, clerk: User, application: Application | int, expected_status: str | None = None
) -> Application:
    """Receive the application for review (出具接收申请材料凭证); the 3-working-day clock runs from
    the day it was received."""
    locked = _lock(
        clerk=clerk, application=application, action=Action.ACCEPT, expected_status=expected_status
    )
    before = _snapshot(locked)
    now = timezone.now()
    received_on = (
        timezone.localdate(locked.submitted_at) if locked.submitted_at else timezone.localdate(now)
    )
    locked.status = ApplicationStatus.ACCEPTED
    locked.accepted_at = now
    locked.decision_due = locked.decision_due or decision_due_from(received_on)
    locked.save(update_fields=["status", "accepted_at", "decision_due", "updated_at"])
    _event(locked, action=Action.ACCEPT, from_status=before["status"], actor=clerk)
    audit_record(
        actor=clerk,
        action="registration.accept",
        instance=locked,
        before=before,
        after=_snapshot(locked),
    )
    values = {**_values(locked), "due": locked.decision_due.isoformat()}
    _notify(
        locked,
        title=_("申请已受理：%(name)s") % values,
        body=_(
            "您的%(kind)s申请（%(number)s，“%(name)s”）已由%(authority)s受理，"
            "将于%(due)s前作出决定。"
        )
        % values,
    )
    return locked


# --- require correction (补正) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorrectionRequest:
    """One item of the one-time list: what is wrong and how to fix it; `field` and `rule` link it to
    the form field and the pre-review rule when it came from there."""

    message: str
    field: str = ""
    rule: str = ""


def _clean_corrections(
    items: Iterable[CorrectionRequest | Mapping[str, Any]],
) -> list[CorrectionRequest]:
    cleaned: list[CorrectionRequest] = []
    seen: set[tuple[str, str]] = set()
    for raw in items:
        if isinstance(raw, Mapping):
            message, field, rule = raw.get("message"), raw.get("field", ""), raw.get("rule", "")
        else:
            message, field, rule = raw.message, raw.field, raw.rule
        if not all(isinstance(v, str) or v is None for v in (message, field, rule)):
            raise ApplicationError(_("补正事项必须是文字。"), field="items")
        text = (message or "").strip()
        if not text:
            continue
        if len(text) > MAX_CORRECTION_LENGTH:
            raise ApplicationError(
                _("每项补正内容最多 %(max)d 个字。") % {"max": MAX_CORRECTION_LENGTH}, field="items"
            )
        key = ((field or "").strip(), text)
        if key in seen:
            continue
        seen.add(key)
        cleaned.append(
            CorrectionRequest(
                message=text, field=(field or "").strip()[:64], rule=(rule or "").strip()[:32]
            )
        )
    if not cleaned:
        raise ApplicationError(_("请至少列出一项需要补正的内容，并说明如何补正。"), field="items")
    if len(cleaned) > MAX_CORRECTION_ITEMS:
        raise ApplicationError(
            _("补正事项最多 %(max)d 项。") % {"max": MAX_CORRECTION_ITEMS}, field="items"
        )
    return cleaned


@transaction.atomic
def application_require_correction(
    *,
    clerk: User,
    application: Application | int,
    items: Iterable[CorrectionRequest | Mapping[str, Any]],
    expected_status: str | None = None,
) -> Application:
    """Return the materials with all defects listed at once (一次性告知). The applicant corrects
    them in a new application linked to this one; this one is closed then (SUPERSEDED)."""
    cleaned = _clean_corrections(items)
    locked = _lock(
        clerk=clerk,
        application=application,
        action=Action.REQUIRE_CORRECTION,
        expected_status=expected_status,
    )
    before = _snapshot(locked)
    CorrectionItem.objects.bulk_create(
        [
            CorrectionItem(
                application=locked,
                field=item.field,
                rule=item.rule,
                message=item.message,
                created_by=clerk,
            )
            for item in cleaned
        ]
    )
    locked.status = ApplicationStatus.CORRECTION_REQUIRED
    locked.correction_requested_at = timezone.now()
    locked.save(update_fields=["status", "correction_requested_at", "updated_at"])
    note = "\n".join(f"{n}. {item.message}" for n, item in enumerate(cleaned, start=1))
    _event(
        locked,
        action=Action.REQUIRE_CORRECTION,
        from_status=before["status"],
        actor=clerk,
        note=note,
    )
    audit_record(
        actor=clerk,
        action="registration.require_correction",
        instance=locked,
        before=before,
        after={**_snapshot(locked), "correction_items": [item.message for item in cleaned]},
    )
    values = {**_values(locked), "count": len(cleaned), "items": note}
    _notify(
        locked,
        title=_("申请需要补正：%(name)s") % values,
        body=_(
            "您的%(kind)s申请（%(number)s，“%(name)s”）经%(authority)s审查，申请材料不齐全或者不符合法定形式，"
            "需要补正以下%(count)d项内容：\n%(items)s\n请按要求修改后重新提交申请。"
        )
        % values,
    )
    return locked


# --- refer elsewhere (告知另行申请) and extend the time limit ------------------------------------


@transaction.atomic
def application_refer_elsewhere(
    *, clerk: User, application: Application | int, reason: Any, expected_status: str | None = None
) -> Application:
    """Not a registration matter, or outside this authority's jurisdiction
    (实施细则第十八条第四款)."""
    text = _clean_reason(reason)
    locked = _lock(
        clerk=clerk,
        application=application,
        action=Action.REFER_ELSEWHERE,
        expected_status=expected_status,
    )
    before = _snapshot(locked)
    locked.status = ApplicationStatus.NOT_COMPETENT
    locked.decision_reason = text
    locked.decided_at = timezone.now()
    locked.decided_by = clerk
    locked.save(
        update_fields=["status", "decision_reason", "decided_at", "decided_by", "updated_at"]
    )
    _event(
        locked, action=Action.REFER_ELSEWHERE, from_status=before["status"], actor=clerk, note=text
    )
    audit_record(
        actor=clerk,
        action="registration.refer_elsewhere",
        instance=locked,
        before=before,
        after=_snapshot(locked),
    )
    values = {**_values(locked), "reason": text}
    _notify(
        locked,
        title=_("请向有关机关另行申请：%(name)s") % values,
        body=_(
            "您的%(kind)s申请（%(number)s，“%(name)s”）不属于%(authority)s的登记管辖范围。说明：%(reason)s"
        )
        % values,
    )
    return locked


@transaction.atomic
def application_extend(
    *, clerk: User, application: Application | int, notice: Any, expected_status: str | None = None
) -> Application:
    """Extend the review once by 3 working days, approved by the head of the authority, with a
    written notice to the applicant (条例第十九条; 实施细则第十八条第二款)."""
    text = _clean_reason(notice, field="notice")
    locked = _lock(
        clerk=clerk, application=application, action=Action.EXTEND, expected_status=expected_status
    )
    if locked.extended_at is not None:
        raise ApplicationError(_("审查期限只能延长一次。"), field="notice")
    before = _snapshot(locked)
    base = locked.decision_due or decision_due_from(
        timezone.localdate(locked.submitted_at or timezone.now())
    )
    locked.decision_due = add_working_days(
        base, review_limit("REGISTRATION_EXTENSION_WORKING_DAYS")
    )
    locked.extension_notice = text
    locked.extended_at = timezone.now()
    locked.extended_by = clerk
    locked.save(
        update_fields=[
            "decision_due",
            "extension_notice",
            "extended_at",
            "extended_by",
            "updated_at",
        ]
    )
    _event(locked, action=Action.EXTEND, from_status=before["status"], actor=clerk, note=text)
    audit_record(
        actor=clerk,
        action="registration.extend",
        instance=locked,
        before=before,
        after=_snapshot(locked),
    )
    values = {**_values(locked), "due": locked.decision_due.isoformat(), "notice": text}
    _notify(
        locked,
        title=_("审查期限延长告知：%(name)s") % values,
        body=_(
            "您的%(kind)s申请（%(number)s，“%(name)s”）情形复杂，经%(authority)s负责人批准，"
            "审查期限延长至%(due)s。%(notice)s"
        )
        % values,
    )
    return locked


# --- suspend (中止审查) and resume (恢复审查) ---------------------------------------------------


def _clean_basis(basis: Any) -> str:
    if basis is not None and not isinstance(basis, str):
        raise ApplicationError(_("中止依据必须是文字。"), field="basis")
    text = " ".join((basis or "").split())
    if not text:
        raise ApplicationError(
            _("请填写中止依据（如诉讼或者仲裁的案号、受理机关）。"), field="basis"
        )
    if len(text) > MAX_BASIS_LENGTH:
        raise ApplicationError(
            _("中止依据最多 %(max)d 个字。") % {"max": MAX_BASIS_LENGTH}, field="basis"
        )
    return text


@transaction.atomic
def application_suspend(
    *,
    clerk: User,
    application: Application | int,
    reason: Any,
    basis: Any,
    expected_status: str | None = None,
    as_of: date | None = None,
) -> Application:
    """Suspend the review of an accepted application while a lawsuit or arbitration about its
    materials affects the registration (实施细则第十九条第二款). `basis` names the proceedings
    (case number, court or arbitration body). The review clock stops on the day of suspension:
    `application_resume` moves the deadline on by the working days the review stood still."""
    text = _clean_reason(reason)
    case = _clean_basis(basis)
    locked = _lock(
        clerk=clerk, application=application, action=Action.SUSPEND, expected_status=expected_status
    )
    before = _snapshot(locked)
    today = as_of or timezone.localdate()
    locked.status = ApplicationStatus.SUSPENDED
    locked.suspended_on = today
    locked.suspension_basis = case
    locked.suspension_reason = text
    locked.save(
        update_fields=[
            "status",
            "suspended_on",
            "suspension_basis",
            "suspension_reason",
            "updated_at",
        ]
    )
    _event(
        locked,
        action=Action.SUSPEND,
        from_status=before["status"],
        actor=clerk,
        note=f"{case}\n{text}",
    )
    audit_record(
        actor=clerk,
        action="registration.suspend",
        instance=locked,
        before=before,
        after={**_snapshot(locked), "suspension_reason": text},
    )
    values = {**_values(locked), "basis": case, "reason": text, "date": today.isoformat()}
    _notify(
        locked,
        title=_("中止审查：%(name)s") % values,
        body=_(
            "您的%(kind)s申请（%(number)s，“%(name)s”）涉及的诉讼或者仲裁（%(basis)s）影响登记，"
            "%(authority)s自%(date)s起中止审查。理由：%(reason)s\n"
            "中止期间不计入审查期限；恢复审查时将另行通知您新的审查期限。"
        )
        % values,
    )
    return locked


def suspended_working_days(*, suspended_on: date, resumed_on: date) -> int:
    """The working days a suspension takes off the clock: those after the day of suspension up
    to and including the day of resumption. Moving the decision date on by them leaves the
    working days that were left when the review stopped, counted again from the day it resumes."""
    return max(0, working_days_between(suspended_on, resumed_on))


@transaction.atomic
def application_resume(
    *,
    clerk: User,
    application: Application | int,
    reason: Any,
    expected_status: str | None = None,
    as_of: date | None = None,
) -> Application:
    """Resume the review once the proceedings that suspended it no longer stand in the way; the
    decision date moves on by the working days spent suspended (`suspended_working_days`)."""
    text = _clean_reason(reason)
    locked = _lock(
        clerk=clerk, application=application, action=Action.RESUME, expected_status=expected_status
    )
    before = _snapshot(locked)
    today = as_of or timezone.localdate()
    due = locked.decision_due or decision_due_from(
        timezone.localdate(locked.submitted_at or timezone.now())
    )
    suspended_on = locked.suspended_on or today  # no recorded day: nothing to give back
    paused = suspended_working_days(suspended_on=suspended_on, resumed_on=today)
    locked.decision_due = add_working_days(due, paused)
    locked.status = ApplicationStatus.ACCEPTED
    locked.suspended_on = None
    locked.save(update_fields=["status", "decision_due", "suspended_on", "updated_at"])
    values = {
        **_values(locked),
        "reason": text,
        "days": paused,
        "due": locked.decision_due.isoformat(),
        "since": suspended_on.isoformat(),
    }
    _event(
        locked,
        action=Action.RESUME,
        from_status=before["status"],
        actor=clerk,
        note=_("%(reason)s\n审查期限顺延%(days)d个工作日，至%(due)s。") % values,
    )
    audit_record(
        actor=clerk,
        action="registration.resume",
        instance=locked,
        before=before,
        after={**_snapshot(locked), "suspended_working_days": paused},
    )
    _notify(
        locked,
        title=_("恢复审查：%(name)s") % values,
        body=_(
            "您的%(kind)s申请（%(number)s，“%(name)s”）自%(since)s起中止的审查已由%(authority)s恢复。"
            "中止期间的%(days)d个工作日不计入审查期限，审查期限顺延至%(due)s。说明：%(reason)s"
        )
        % values,
    )
    return locked


# --- documents --------------------------------------------------------------------------------


def document_authority(*, application: Application, clerk: Any) -> Unit:
    """The registration authority a decision is issued in the name of: the deciding registrar's
    (a city registrar deciding a district's application decides as the city bureau)."""
    return deciding_authority(
        clerk_unit=getattr(clerk, "unit", None), case_authority=application.authority
    )


def _store_document(
    *,
    application: Application,
    kind: str,
    number: str,
    filename: str,
    data: bytes,
    issued_on: date,
    clerk: User,
    authority: Unit,
    verification_code: str,
    enterprise: Enterprise | None = None,
) -> IssuedDocument:
    """Keep the PDF exactly as issued, and record the verification code printed on it."""
    document = IssuedDocument(
        application=application,
        enterprise=enterprise,
        kind=kind,
        number=number,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        issued_on=issued_on,
        issued_by=clerk,
    )
    document.file.save(f"{kind}.pdf", ContentFile(data), save=False)
    document.save()
    verification_code_issue(
        kind=verification_kind(kind),
        document=document,
        issuer=authority,
        issued_on=issued_on,
        code=verification_code,
    )
    return document


def refusal_facts(
    application: Application,
    *,
    issued_on: date,
    authority: Unit | None = None,
    verification_code: str = "",
) -> pdf.RefusalFacts:
    applicant = application.applicant
    year = issued_on.year
    return pdf.RefusalFacts(
        number=f"{application.authority.division_code}-{year}-BY-{application.pk:06d}",
        applicant_name=getattr(applicant, "full_name", "") or applicant.get_username(),
        subject_name=_subject(application),
        matter_label=str(ApplicationKind(application.kind).label),
        submitted_on=timezone.localdate(application.submitted_at)
        if application.submitted_at
        else issued_on,
        reason=application.decision_reason,
        authority_name=(authority or application.authority).name,
        issued_on=issued_on,
        verification_code=verification_code,
    )


def _issue_licence(
    *, application: Application, enterprise: Enterprise, clerk: User, issued_on: date
) -> IssuedDocument:
    enterprise = Enterprise.objects.select_related("registration_authority").get(pk=enterprise.pk)
    authority = document_authority(application=application, clerk=clerk)
    code = code_reserve()
    facts = pdf.licence_facts(
        enterprise, issued_on=issued_on, authority=authority, verification_code=code
    )
    return _store_document(
        application=application,
        kind=DocumentKind.LICENCE,
        number=f"{enterprise.uscc}-{application.pk}",
        filename=pdf.licence_filename(facts),
        data=pdf.licence_pdf(facts),
        issued_on=issued_on,
        clerk=clerk,
        authority=authority,
        verification_code=code,
        enterprise=enterprise,
    )


# --- refuse (不予登记) ---------------------------------------------------------------------------


@transaction.atomic
def application_refuse(
    *,
    clerk: User,
    application: Application | int,
    reason: Any,
    expected_status: str | None = None,
    as_of: date | None = None,
) -> Application:
    """Refuse registration with reasons and issue the 不予登记通知书
    (条例第二十条; 实施细则第十九条)."""
    text = _clean_reason(reason)
    locked = _lock(
        clerk=clerk, application=application, action=Action.REFUSE, expected_status=expected_status
    )
    before = _snapshot(locked)
    today = as_of or timezone.localdate()
    locked.status = ApplicationStatus.REFUSED
    locked.decision_reason = text
    locked.decided_at = timezone.now()
    locked.decided_by = clerk
    locked.save(
        update_fields=["status", "decision_reason", "decided_at", "decided_by", "updated_at"]
    )
    authority = document_authority(application=locked, clerk=clerk)
    code = code_reserve()
    facts = refusal_facts(locked, issued_on=today, authority=authority, verification_code=code)
    _store_document(
        application=locked,
        kind=DocumentKind.REFUSAL_NOTICE,
        number=facts.number,
        filename=pdf.refusal_notice_filename(facts),
        data=pdf.refusal_notice_pdf(facts),
        issued_on=today,
        clerk=clerk,
        authority=authority,
        verification_code=code,
    )
    _event(locked, action=Action.REFUSE, from_status=before["status"], actor=clerk, note=text)
    audit_record(
        actor=clerk,
        action="registration.refuse",
        instance=locked,
        before=before,
        after=_snapshot(locked),
    )
    values = {**_values(locked), "reason": text}
    _notify(
        locked,
        title=_("不予登记：%(name)s") % values,
        body=_(
            "您的%(kind)s申请（%(number)s，“%(name)s”）经%(authority)s审查，决定不予登记。理由：%(reason)s\n"
            "不予登记通知书可在申请页面下载。如对本决定不服，可以依法申请行政复议或者提起行政诉讼。"
        )
        % values,
    )
    return locked


# --- approve (准予登记) and its effects on the register -------------------------------------------


def _use_reservation(*, application: Application, clerk: User, today: date) -> NameReservation:
    """The reserved name becomes the registered one: the reservation leaves the name index (the
    enterprise service adds the registered name in the same transaction)."""
    if application.name_reservation_id is None:
        raise ApplicationError(_("该申请没有使用已保留的名称。"), field="name_reservation")
    reservation = (
        NameReservation.objects.select_for_update()
        .select_related("registry")
        .get(pk=application.name_reservation_id)
    )
    if reservation.status != ReservationStatus.RESERVED or (
        reservation.reserved_until is not None and reservation.reserved_until < today
    ):
        raise ApplicationError(
            _("名称“%(name)s”的保留已失效（%(status)s），不能据此登记。请申请人重新申报名称。")
            % {
                "name": reservation.proposed_name,
                "status": ReservationStatus(reservation.status).label,
            },
            field="name_reservation",
        )
    before = {"status": reservation.status}
    reservation.status = ReservationStatus.USED
    reservation.save(update_fields=["status", "updated_at"])
    name_index_event_append(
        op=IndexOp.REMOVE, payload={"id": index_store.reservation_key(reservation.pk)}
    )
    audit_record(
        actor=clerk,
        action="namecheck.reservation.use",
        instance=reservation,
        before=before,
        after={"status": reservation.status, "application_id": application.pk},
    )
    return reservation


def _legal_representative(application: Application) -> tuple[str, str]:
    officer = application.officers.filter(is_legal_representative=True).first()
    if officer is None:
        raise ApplicationError(_("申请中没有指定法定代表人（负责人）。"), field="officers")
    return officer.name, officer.id_number


def _scope_wordings(application: Application) -> tuple[str, ...]:
    return tuple(
        application.scope_items.select_related("entry")
        .order_by("position", "id")
        .values_list("entry__wording", flat=True)
    )


def _term_end(start: date, years: int | None) -> date | None:
    """The last day of a term of `years` years from `start` (None = 长期)."""
    if not years:
        return None
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year
        anniversary = start.replace(year=start.year + years, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def _establish(*, application: Application, clerk: User, today: date) -> Enterprise:
    reservation = _use_reservation(application=application, clerk=clerk, today=today)
    rep_name, rep_id = _legal_representative(application)
    data = EnterpriseData(
        name=reservation.proposed_name,
        trade_name=reservation.trade_name,
        enterprise_type=application.entity_type,
        legal_rep_name=rep_name,
        legal_rep_id_number=rep_id if len(rep_id) <= 18 else "",
        address=application.address,
        established_on=today,
        registered_capital=application.registered_capital,
        term_start=today,
        term_end=_term_end(today, application.term_years),
        business_scope=_scope_wordings(application),
    )
    enterprise = enterprise_register(
        acting_user=clerk, data=data, registration_authority=application.authority
    )
    EnterpriseAuthorisation.objects.create(
        enterprise=enterprise,
        user=application.applicant,
        basis=EnterpriseAuthorisation.Basis.ESTABLISHED_BY_USER,
        granted_by=clerk,
    )
    # The facts public by law start with the registration (docs/rules/disclosure.md §1).
    investors = application_investors(application)
    if investors:
        enterprise_investors_replace(
            acting_user=clerk,
            enterprise=enterprise,
            investors=investors,
            effective_on=today,
            reason=_reason(application),
        )
    enterprise_officers_replace(
        acting_user=clerk,
        enterprise=enterprise,
        officers=application_officers(application),
        effective_on=today,
        reason=_reason(application),
    )
    if application.entity_type == EnterpriseType.BRANCH and application.parent_enterprise_id:
        # A branch registered here appears on its head office's record (分支机构).
        enterprise_branch_record(
            acting_user=clerk,
            enterprise=Enterprise.objects.get(pk=application.parent_enterprise_id),
            branch=enterprise,
            recorded_on=today,
        )
    return enterprise


def _reason(application: Application) -> str:
    return f"{ApplicationKind(application.kind).label} {application.number or application.pk}"


def application_investors(application: Application) -> list[InvestorData]:
    """The application's members and their subscriptions as the register's investors."""
    return [
        InvestorData(
            name=member.name,
            role=member.role,
            kind=member.kind,
            id_type=member.id_type,
            id_number=member.id_number,
            nationality=member.nationality,
            contributions=tuple(
                ContributionData(
                    subscribed_amount=sub.amount,
                    form=sub.form,
                    subscribed_due=sub.due_date,
                    paid_amount=sub.paid_amount,
                    paid_on=sub.paid_on,
                )
                for sub in member.subscriptions.all()
            ),
        )
        for member in application.members.order_by("position", "id").prefetch_related(
            "subscriptions"
        )
    ]


def application_officers(application: Application) -> list[OfficerData]:
    return [officer_data(o) for o in application.officers.order_by("position", "id")]


def _apply_fact_changes(
    *, application: Application, enterprise: Enterprise, items: set[str], clerk: User, today: date
) -> None:
    """Members (and the subscriptions behind a capital change) and officers (and the legal
    representative) applied for replace the register's, with history kept."""
    reason = _reason(application)
    if ChangeItemKind.MEMBERS in items or (
        ChangeItemKind.CAPITAL in items and application.members.exists()
    ):
        enterprise_investors_replace(
            acting_user=clerk,
            enterprise=enterprise,
            investors=application_investors(application),
            effective_on=today,
            reason=reason,
        )
    if ChangeItemKind.OFFICERS in items:
        officers = application_officers(application)
        if ChangeItemKind.LEGAL_REPRESENTATIVE not in items:
            # Without that change item the legal representative stays who they are.
            current = enterprise.officers.filter(is_legal_representative=True).first()
            current_key = (
                person_key(current.id_type, current.id_number, current.name)
                if current is not None
                else person_key(
                    IdType.RESIDENT_ID, enterprise.legal_rep_id_number, enterprise.legal_rep_name
                )
            )
            new_keys = [o.key for o in officers if o.is_legal_representative]
            if new_keys and new_keys[0] != current_key:
                raise ApplicationError(
                    _(
                        "申请更换了%(title)s，但变更事项中没有“法定代表人”。"
                        "请申请人补正：增加该变更事项，或保留原%(title)s。"
                    )
                    % {"title": enterprise.responsible_person_title},
                    field="change_items",
                )
        enterprise_officers_replace(
            acting_user=clerk,
            enterprise=enterprise,
            officers=officers,
            effective_on=today,
            reason=reason,
        )
    elif ChangeItemKind.LEGAL_REPRESENTATIVE in items:
        representative = next(
            (o for o in application_officers(application) if o.is_legal_representative), None
        )
        if representative is None:
            raise ApplicationError(_("申请中没有指定法定代表人（负责人）。"), field="officers")
        registered = [officer_data(o) for o in enterprise.officers.all()]
        enterprise_officers_replace(
            acting_user=clerk,
            enterprise=enterprise,
            officers=officers_with_legal_representative(registered, representative),
            effective_on=today,
            reason=reason,
        )


# Registration items a change applies to the enterprise row; members and officers (备案事项) go
# to the register's facts (`_apply_fact_changes`).
def _changed_fields(
    application: Application, enterprise: Enterprise, items: set[str]
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if ChangeItemKind.ADDRESS in items:
        fields["address"] = application.address
    if ChangeItemKind.LEGAL_REPRESENTATIVE in items:
        name, id_number = _legal_representative(application)
        fields["legal_rep_name"] = name
        fields["legal_rep_id_number"] = id_number if len(id_number) <= 18 else ""
    if ChangeItemKind.CAPITAL in items:
        fields["registered_capital"] = application.registered_capital
    if ChangeItemKind.SCOPE in items:
        fields["business_scope"] = list(_scope_wordings(application))
    if ChangeItemKind.TERM in items:
        fields["term_end"] = _term_end(
            enterprise.term_start or enterprise.established_on, application.term_years
        )
    return fields


def _change_snapshot(enterprise: Enterprise, fields: Iterable[str]) -> dict[str, Any]:
    return {
        name: str(getattr(enterprise, name)) if getattr(enterprise, name) is not None else None
        for name in fields
    }


def _target_enterprise_id(application: Application) -> int:
    if application.enterprise_id is None:  # the model's constraints make this impossible
        raise ApplicationError(_("变更和注销登记必须指明市场主体。"), field="enterprise")
    return application.enterprise_id


def _apply_change(*, application: Application, clerk: User, today: date) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=_target_enterprise_id(application))
    if enterprise.status != EnterpriseStatus.ACTIVE:
        raise ApplicationError(
            _("“%(name)s”的登记状态为“%(status)s”，不能办理变更登记。")
            % {"name": enterprise.name, "status": EnterpriseStatus(enterprise.status).label},
            field="enterprise",
        )
    items = set(application.change_items.values_list("item", flat=True))
    if not items:
        raise ApplicationError(_("变更申请没有列出变更事项。"), field="change_items")
    if ChangeItemKind.NAME in items:
        reservation = _use_reservation(application=application, clerk=clerk, today=today)
        enterprise = enterprise_rename(
            acting_user=clerk,
            enterprise=enterprise,
            name=reservation.proposed_name,
            trade_name=reservation.trade_name,
            effective_on=today,
        )
    fields = _changed_fields(application, enterprise, items)
    if fields:
        before = _change_snapshot(enterprise, fields)
        for name, value in fields.items():
            setattr(enterprise, name, value)
        enterprise.full_clean()
        history_stamp(enterprise, on=today, user=clerk)
        enterprise.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=clerk,
            action="enterprise.change",
            instance=enterprise,
            before=before,
            after={**_change_snapshot(enterprise, fields), "application_id": application.pk},
        )
    _apply_fact_changes(
        application=application, enterprise=enterprise, items=items, clerk=clerk, today=today
    )
    return enterprise


def _deregister(*, application: Application, clerk: User, today: date) -> Enterprise:
    enterprise = Enterprise.objects.get(pk=_target_enterprise_id(application))
    # The name index keeps a deregistered name as a conflict for one year from this date
    # (企业名称登记管理规定第十七条), through the enterprise service's hook.
    return enterprise_status_change(
        acting_user=clerk,
        enterprise=enterprise,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=today,
    )


@transaction.atomic
def application_approve(
    *,
    clerk: User,
    application: Application | int,
    expected_status: str | None = None,
    as_of: date | None = None,
) -> Application:
    """Approve and apply the registration in the same transaction: establish the enterprise (new
    USCC, reserved name registered, licence issued; 成立日期 = the licence date), change it (with
    history; a new licence), or deregister it (注销, the name stays in the one-year window)."""
    locked = _lock(
        clerk=clerk, application=application, action=Action.APPROVE, expected_status=expected_status
    )
    before = _snapshot(locked)
    today = as_of or timezone.localdate()
    if locked.kind == ApplicationKind.ESTABLISHMENT:
        enterprise = _establish(application=locked, clerk=clerk, today=today)
    elif locked.kind == ApplicationKind.CHANGE:
        enterprise = _apply_change(application=locked, clerk=clerk, today=today)
    else:
        enterprise = _deregister(application=locked, clerk=clerk, today=today)
    locked.status = ApplicationStatus.APPROVED
    locked.enterprise = enterprise
    locked.decided_at = timezone.now()
    locked.decided_by = clerk
    locked.save(update_fields=["status", "enterprise", "decided_at", "decided_by", "updated_at"])
    if locked.kind != ApplicationKind.DEREGISTRATION:
        _issue_licence(application=locked, enterprise=enterprise, clerk=clerk, issued_on=today)
    _event(locked, action=Action.APPROVE, from_status=before["status"], actor=clerk)
    audit_record(
        actor=clerk,
        action="registration.approve",
        instance=locked,
        before=before,
        after=_snapshot(locked),
    )
    values = {**_values(locked), "uscc": enterprise.uscc, "date": today.isoformat()}
    if locked.kind == ApplicationKind.ESTABLISHMENT:
        title = _("准予设立登记：%(name)s") % values
        body = _(
            "您的设立登记申请（%(number)s，“%(name)s”）已经%(authority)s核准登记，成立日期%(date)s，"
            "统一社会信用代码%(uscc)s。营业执照可在申请页面下载。"
        )
    elif locked.kind == ApplicationKind.CHANGE:
        title = _("准予变更登记：%(name)s") % values
        body = _(
            "您的变更登记申请（%(number)s，“%(name)s”）已经%(authority)s核准，变更日期%(date)s。"
            "换发的营业执照可在申请页面下载，原营业执照请缴回。"
        )
    else:
        title = _("准予注销登记：%(name)s") % values
        body = _(
            "您的注销登记申请（%(number)s，“%(name)s”）已经%(authority)s核准，注销日期%(date)s。"
        )
    _notify(locked, title=title, body=body % values)
    return locked
