"""Writes of the applicant side: create, save, submit, publish notice, withdraw, correct, upload.

Every service is one transaction, locks the application row before reading its status (two
browser tabs or a double click cannot both submit), asks `transitions.transition_for` whether
the move is allowed, logs an ApplicationEvent and an audit record. The clerk's transitions
(accept, correction, approve, refuse) live with the review code and use `application_transition`.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.notification_services import notify
from hongdun.core.scope import Action as ScopeAction
from hongdun.core.scope import instance_in_reach, unit_in_reach
from hongdun.core.services import audit_record, audit_snapshot
from hongdun.core.sizes import human_size
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.registration.choices import (
    SUPPORTED_ENTITY_TYPES,
    ApplicationKind,
    ApplicationStatus,
    ChangeItemKind,
    ContributionForm,
    Currency,
    DeregistrationMode,
    DissolutionReason,
    IdType,
    MaterialKind,
    MemberKind,
    MemberRole,
    ObjectionStatus,
    ObjectorKind,
)
from hongdun.registration.models import (
    Application,
    ApplicationEvent,
    ApplicationNameKey,
    ApplicationScope,
    ChangeItem,
    DeregistrationDetail,
    EnterpriseAuthorisation,
    Material,
    Member,
    NoticeObjection,
    Officer,
    ScopeCatalogueEntry,
    Subscription,
)
from hongdun.registration.name_keys import name_keys
from hongdun.registration.permissions import APPLICATION, AUTHORISATION
from hongdun.registration.prereview.config import RuleConfig
from hongdun.registration.prereview.rules import DECLARED_BAR_FIELDS
from hongdun.registration.prereview.types import Phase
from hongdun.registration.prereview_adapter import rule_config, run_prereview
from hongdun.registration.transitions import Action, Actor, transition_for

logger = logging.getLogger(__name__)

MAX_ROWS = 200  # members, officers, scope entries per application: far above any real case
TEXT_LIMITS = {"name": 100, "id_number": 30, "address": 200, "note": 2000}


# --- helpers ---------------------------------------------------------------------------------


# What the audit log records of an application's change (ADR 0014).
AUDIT_FIELDS = ("status", "kind", "entity_type", "number", "authority", "supersedes")


def _snapshot(application: Application) -> dict[str, Any]:
    return audit_snapshot(application, fields=AUDIT_FIELDS)


def _locked(application: Application) -> Application:
    """Re-read the row under a lock: its status is what the transaction will act on."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _require_owner(applicant: User, application: Application) -> None:
    if (
        not getattr(applicant, "is_authenticated", False)
        or application.applicant_id != applicant.pk
    ):
        raise PermissionDenied


def application_url(application: Application) -> str:
    try:
        return reverse("registration:detail", kwargs={"pk": application.pk})
    except NoReverseMatch:
        return f"/registration/{application.pk}/"


# States in which the applicant may still edit and the clerk's queue does not list the application.
DRAFT_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.NOTICE})


def application_name_keys_write(*, application: Application) -> None:
    """(Re)write the keys of the clerk queue's name search for the application's current name.

    Called when the application leaves the draft states, after which its name cannot change;
    the keys only narrow the search, whose answer is still the `LIKE` on the name.
    """
    ApplicationNameKey.objects.filter(application=application).delete()
    ApplicationNameKey.objects.bulk_create(
        ApplicationNameKey(key=key, application=application)
        for key in sorted(name_keys(application.name))
    )


def application_transition(
    *,
    application: Application,
    action: Action | str,
    actor: User | None,
    actor_kind: Actor,
    note: str = "",
    fields: Mapping[str, Any] | None = None,
) -> Application:
    """Move a locked application along the transition table; log the event and audit it.

    Callers lock the row (`_locked`) in their own transaction first. `fields` are set on the
    row together with the new status (dates, decision data).
    """
    transition = transition_for(action, application.status)
    if transition.actor != actor_kind:
        raise PermissionDenied
    before = _snapshot(application)
    previous = application.status
    application.status = transition.target
    for key, value in (fields or {}).items():
        setattr(application, key, value)
    application.save()
    if previous in DRAFT_STATUSES and transition.target not in DRAFT_STATUSES:
        application_name_keys_write(application=application)
    ApplicationEvent.objects.create(
        application=application,
        action=str(transition.action),
        from_status=previous,
        to_status=transition.target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[: TEXT_LIMITS["note"]],
    )
    audit_record(
        actor=actor,
        action=f"registration.application.{transition.action}",
        instance=application,
        before=before,
        after=_snapshot(application),
    )
    return application


def _clean_text(value: Any, field: str, *, limit: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ApplicationError(_("“%(field)s”应为文字。") % {"field": field}, field=field)
    text = value.strip()
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise ApplicationError(
            _("“%(field)s”含有无法识别的控制字符，请删除后重新输入。") % {"field": field},
            field=field,
        )
    if len(text) > limit:
        raise ApplicationError(
            _("“%(field)s”过长，最多%(limit)d个字。") % {"field": field, "limit": limit},
            field=field,
        )
    if required and not text:
        raise ApplicationError(_("请填写“%(field)s”。") % {"field": field}, field=field)
    return text


def _clean_money(value: Any, field: str, *, required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ApplicationError(_("请填写金额。"), field=field)
        return None
    if isinstance(value, bool | float):
        raise ApplicationError(_("金额应为数字，最多两位小数。"), field=field)
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError) as error:
        raise ApplicationError(_("金额应为数字，最多两位小数。"), field=field) from error
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e16"):
        raise ApplicationError(_("金额应为不小于零的数字。"), field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError(_("金额应精确到分（最多两位小数）。"), field=field)
    return amount


def _clean_date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise ApplicationError(
            _("日期格式不正确，请按“年-月-日”填写，例如 2026-11-27。"), field=field
        ) from error


def _clean_choice(value: Any, field: str, choices: Iterable[str], *, default: str = "") -> str:
    if value in (None, "") and default:
        return default
    text = str(value) if value is not None else ""
    if text not in set(choices):
        raise ApplicationError(_("“%(field)s”的选项不正确。") % {"field": field}, field=field)
    return text


def _clean_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


# --- creation --------------------------------------------------------------------------------


def _save_new(application: Application) -> Application:
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ApplicationError(
            _("该名称或该市场主体已有一件办理中的申请，请先完成或撤回那件申请。"),
            field="name_reservation"
            if application.kind == ApplicationKind.ESTABLISHMENT
            else "enterprise",
        ) from error
    return application


def _created(application: Application, applicant: User) -> Application:
    ApplicationEvent.objects.create(
        application=application,
        action="create",
        from_status=ApplicationStatus.DRAFT,
        to_status=ApplicationStatus.DRAFT,
        actor=applicant,
    )
    audit_record(
        actor=applicant,
        action="registration.application.create",
        instance=application,
        after=_snapshot(application),
    )
    return application


@transaction.atomic
def application_create_establishment(
    *, applicant: User, reservation: NameReservation, entity_type: str
) -> Application:
    """A draft establishment under a name the applicant reserved, at the reservation's authority."""
    if not getattr(applicant, "is_authenticated", False):
        raise PermissionDenied
    reservation = NameReservation.objects.select_for_update().get(pk=reservation.pk)
    if reservation.applicant_id != applicant.pk:
        raise PermissionDenied
    if reservation.status != ReservationStatus.RESERVED:
        raise ApplicationError(
            _("名称“%(name)s”不处于保留状态，不能用于设立登记。")
            % {"name": reservation.proposed_name},
            field="name_reservation",
        )
    if reservation.reserved_until and reservation.reserved_until < timezone.localdate():
        raise ApplicationError(_("该名称的保留期已届满，请重新申报。"), field="name_reservation")
    entity_type = _clean_choice(
        entity_type, "entity_type", [t.value for t in SUPPORTED_ENTITY_TYPES]
    )
    application = Application(
        kind=ApplicationKind.ESTABLISHMENT,
        entity_type=entity_type,
        applicant=applicant,
        authority=reservation.registry,
        name_reservation=reservation,
        name=reservation.proposed_name,
    )
    return _created(_save_new(application), applicant)


def authorisation_is_live(*, user: User, enterprise: Enterprise) -> bool:
    today = timezone.localdate()
    return (
        EnterpriseAuthorisation.objects.filter(
            enterprise=enterprise, user_id=user.pk, revoked_at__isnull=True
        )
        .exclude(valid_until__lt=today)
        .exists()
    )


def _require_authorised(applicant: User, enterprise: Enterprise) -> None:
    if not getattr(applicant, "is_authenticated", False):
        raise PermissionDenied
    if not authorisation_is_live(user=applicant, enterprise=enterprise):
        raise PermissionDenied
    if enterprise.enterprise_type not in {t.value for t in SUPPORTED_ENTITY_TYPES}:
        raise ApplicationError(_("该类型的市场主体不能在线办理。"), field="enterprise")


@transaction.atomic
def application_create_change(
    *, applicant: User, enterprise: Enterprise, items: Iterable[str]
) -> Application:
    """A draft change for an enterprise the applicant is authorised for; old values pre-filled."""
    _require_authorised(applicant, enterprise)
    if enterprise.status != EnterpriseStatus.ACTIVE:
        raise ApplicationError(_("该市场主体不是存续状态，不能办理变更。"), field="enterprise")
    chosen = [_clean_choice(i, "items", ChangeItemKind.values) for i in items]
    if not chosen:
        raise ApplicationError(_("请至少选择一项变更事项。"), field="items")
    application = Application(
        kind=ApplicationKind.CHANGE,
        entity_type=enterprise.enterprise_type,
        applicant=applicant,
        authority=enterprise.registration_authority,
        enterprise=enterprise,
        name=enterprise.name,
        registered_capital=enterprise.registered_capital,
        address=enterprise.address,
    )
    _save_new(application)
    old_values: dict[str, str] = {
        ChangeItemKind.NAME: enterprise.name,
        ChangeItemKind.ADDRESS: enterprise.address,
        ChangeItemKind.LEGAL_REPRESENTATIVE: enterprise.legal_rep_name,
        ChangeItemKind.CAPITAL: f"{enterprise.registered_capital}"
        if enterprise.registered_capital is not None
        else "",
        ChangeItemKind.SCOPE: "；".join(enterprise.business_scope or []),
        ChangeItemKind.TERM: str(enterprise.term_end or _("长期")),
    }
    ChangeItem.objects.bulk_create(
        ChangeItem(application=application, item=item, old_value=str(old_values.get(item, "")))
        for item in dict.fromkeys(chosen)
    )
    _prefill_facts(application, enterprise, set(chosen))
    return _created(application, applicant)


def _prefill_facts(application: Application, enterprise: Enterprise, items: set[str]) -> None:
    """The register's investors and officers as the starting point of a change of them: the
    applicant edits the current list rather than typing it again."""
    if items & {ChangeItemKind.MEMBERS, ChangeItemKind.CAPITAL}:
        for investor in enterprise.investors.prefetch_related("contributions"):
            member = Member.objects.create(
                application=application,
                position=investor.position,
                kind=investor.kind,
                role=investor.role,
                name=investor.name,
                id_type=investor.id_type,
                id_number=investor.id_number,
                nationality=investor.nationality,
            )
            Subscription.objects.bulk_create(
                Subscription(
                    member=member,
                    amount=c.subscribed_amount,
                    form=c.form,
                    due_date=c.subscribed_due,
                    paid_amount=c.paid_amount,
                    paid_on=c.paid_on,
                )
                for c in investor.contributions.all()
            )
    if items & {ChangeItemKind.OFFICERS, ChangeItemKind.LEGAL_REPRESENTATIVE}:
        Officer.objects.bulk_create(
            Officer(
                application=application,
                position=officer.position,
                name=officer.name,
                id_type=officer.id_type,
                id_number=officer.id_number,
                **{flag: getattr(officer, flag) for flag in OFFICER_FLAGS},
            )
            for officer in enterprise.officers.all()
        )


@transaction.atomic
def application_create_deregistration(
    *, applicant: User, enterprise: Enterprise, mode: str
) -> Application:
    """A draft deregistration (一般 or 简易) for an enterprise the applicant is authorised for."""
    _require_authorised(applicant, enterprise)
    if enterprise.status not in (EnterpriseStatus.ACTIVE, EnterpriseStatus.LICENCE_REVOKED):
        raise ApplicationError(_("该市场主体已注销或迁出。"), field="enterprise")
    mode = _clean_choice(mode, "mode", DeregistrationMode.values)
    application = Application(
        kind=ApplicationKind.DEREGISTRATION,
        entity_type=enterprise.enterprise_type,
        deregistration_mode=mode,
        applicant=applicant,
        authority=enterprise.registration_authority,
        enterprise=enterprise,
        name=enterprise.name,
    )
    _save_new(application)
    DeregistrationDetail.objects.create(
        application=application,
        reason=DissolutionReason.RESOLUTION,
        liquidation_required=mode == DeregistrationMode.ORDINARY,
    )
    return _created(application, applicant)


# --- saving the draft ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftContent:
    """What the applicant may edit in a draft, already as plain values (forms and API build it)."""

    basic: Mapping[str, Any]
    members: Sequence[Mapping[str, Any]] | None = None
    officers: Sequence[Mapping[str, Any]] | None = None
    scope_codes: Sequence[str] | None = None
    change_items: Sequence[Mapping[str, Any]] | None = None
    deregistration: Mapping[str, Any] | None = None


BASIC_TEXT = {
    "address": 200,
    "address_division_code": 6,
    "postal_code": 6,
    "contact_name": 50,
    "contact_phone": 20,
    "applicant_statement": 2000,
}
BASIC_BOOL = (
    "is_foreign_invested",
    "jsc_by_public_offering",
    "no_supervisor",
    "audit_committee",
    "new_legal_rep_signed",
)
DEREG_BOOL = (
    "liquidation_required",
    "tax_cleared",
    "debts_settled",
    "all_investors_committed",
    "branches_deregistered",
    "licence_returned",
    *DECLARED_BAR_FIELDS,
)
DEREG_DATES = (
    "decision_date",
    "liquidation_committee_formed_on",
    "liquidation_committee_published_on",
    "creditors_notice_on",
    "liquidation_ended_on",
)


def _apply_basic(application: Application, basic: Mapping[str, Any]) -> None:
    for key, limit in BASIC_TEXT.items():
        if key in basic:
            setattr(application, key, _clean_text(basic[key], key, limit=limit))
    if (
        "address_division_code" in basic
        and application.address_division_code
        and not (
            application.address_division_code.isascii()
            and application.address_division_code.isdigit()
        )
    ):
        raise ApplicationError(_("行政区划代码应为6位数字。"), field="address_division_code")
    for key in BASIC_BOOL:
        if key in basic:
            setattr(application, key, _clean_bool(basic[key]))
    if "registered_capital" in basic:
        application.registered_capital = _clean_money(
            basic["registered_capital"], "registered_capital"
        )
    if "currency" in basic:
        currency = (_clean_text(basic["currency"], "currency", limit=3) or "CNY").upper()
        if currency not in Currency.values:
            raise ApplicationError(
                _("币种“%(currency)s”不可选：请从列表中选择，例如 CNY（人民币）。")
                % {"currency": currency},
                field="currency",
            )
        application.currency = currency
    if "term_years" in basic:
        raw = basic["term_years"]
        if raw in (None, ""):
            application.term_years = None
        else:
            try:
                years = int(str(raw))
            except ValueError as error:
                raise ApplicationError(_("经营期限应为整数年。"), field="term_years") from error
            if not 1 <= years <= 100:
                raise ApplicationError(
                    _("经营期限应在1至100年之间，长期请留空。"), field="term_years"
                )
            application.term_years = years
    for key in ("resolution_date", "capital_reduction_notice_on"):
        if key in basic:
            setattr(application, key, _clean_date(basic[key], key))


def _too_many(rows: Sequence[Any], field: str) -> None:
    if len(rows) > MAX_ROWS:
        raise ApplicationError(_("条目过多，最多%(n)d条。") % {"n": MAX_ROWS}, field=field)


def _replace_members(application: Application, members: Sequence[Mapping[str, Any]]) -> None:
    _too_many(members, "members")
    application.members.all().delete()
    for position, raw in enumerate(members):
        field = f"members.{position}"
        member = Member.objects.create(
            application=application,
            position=position,
            kind=_clean_choice(
                raw.get("kind"),
                f"{field}.kind",
                MemberKind.values,
                default=MemberKind.NATURAL_PERSON,
            ),
            role=_clean_choice(raw.get("role"), f"{field}.role", MemberRole.values),
            name=_clean_text(raw.get("name"), f"{field}.name", limit=100, required=True),
            id_type=_clean_choice(
                raw.get("id_type"), f"{field}.id_type", IdType.values, default=IdType.RESIDENT_ID
            ),
            id_number=_clean_text(raw.get("id_number"), f"{field}.id_number", limit=30).upper(),
            nationality=_clean_text(raw.get("nationality"), f"{field}.nationality", limit=30)
            or "中国",
        )
        subscriptions = list(raw.get("subscriptions") or [])
        _too_many(subscriptions, f"{field}.subscriptions")
        for index, sub in enumerate(subscriptions):
            path = f"{field}.subscriptions.{index}"
            amount = _clean_money(sub.get("amount"), f"{path}.amount", required=True)
            paid = _clean_money(sub.get("paid_amount"), f"{path}.paid_amount") or Decimal("0")
            if amount is None or amount <= 0:
                raise ApplicationError(_("认缴出资额必须大于零。"), field=f"{path}.amount")
            if paid > amount:
                raise ApplicationError(
                    _("实缴出资额不能超过认缴出资额。"), field=f"{path}.paid_amount"
                )
            Subscription.objects.create(
                member=member,
                amount=amount,
                paid_amount=paid,
                form=_clean_choice(sub.get("form"), f"{path}.form", ContributionForm.values),
                due_date=_clean_date(sub.get("due_date"), f"{path}.due_date"),
                paid_on=_clean_date(sub.get("paid_on"), f"{path}.paid_on"),
            )


OFFICER_FLAGS = (
    "is_director",
    "is_chair",
    "is_employee_director",
    "is_supervisor",
    "is_manager",
    "is_other_senior_manager",
    "is_legal_representative",
)


def _replace_officers(application: Application, officers: Sequence[Mapping[str, Any]]) -> None:
    _too_many(officers, "officers")
    if sum(1 for o in officers if _clean_bool(o.get("is_legal_representative"))) > 1:
        raise ApplicationError(_("法定代表人只能有一名。"), field="officers")
    application.officers.all().delete()
    Officer.objects.bulk_create(
        Officer(
            application=application,
            position=position,
            name=_clean_text(raw.get("name"), f"officers.{position}.name", limit=50, required=True),
            id_type=_clean_choice(
                raw.get("id_type"),
                f"officers.{position}.id_type",
                IdType.values,
                default=IdType.RESIDENT_ID,
            ),
            id_number=_clean_text(
                raw.get("id_number"), f"officers.{position}.id_number", limit=30
            ).upper(),
            phone=_clean_text(raw.get("phone"), f"officers.{position}.phone", limit=20),
            **{flag: _clean_bool(raw.get(flag)) for flag in OFFICER_FLAGS},
        )
        for position, raw in enumerate(officers)
    )


def _replace_scope(application: Application, codes: Sequence[str]) -> None:
    _too_many(codes, "scope")
    wanted = list(dict.fromkeys(str(c).strip() for c in codes if str(c).strip()))
    entries = {e.code: e for e in ScopeCatalogueEntry.objects.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in entries]
    if unknown:
        raise ApplicationError(
            _("经营范围只能从规范表述目录中选择，目录中没有：%(codes)s。")
            % {"codes": "、".join(unknown[:5])},
            field="scope",
        )
    application.scope_items.all().delete()
    ApplicationScope.objects.bulk_create(
        ApplicationScope(application=application, entry=entries[code], position=i, is_main=i == 0)
        for i, code in enumerate(wanted)
    )


def _replace_change_items(application: Application, items: Sequence[Mapping[str, Any]]) -> None:
    _too_many(items, "change_items")
    kept: dict[str, ChangeItem] = {c.item: c for c in application.change_items.all()}
    application.change_items.all().delete()
    rows = []
    for i, raw in enumerate(items):
        item = _clean_choice(raw.get("item"), f"change_items.{i}.item", ChangeItemKind.values)
        old = kept.get(item)
        rows.append(
            ChangeItem(
                application=application,
                item=item,
                old_value=old.old_value if old else "",
                new_value=_clean_text(
                    raw.get("new_value"), f"change_items.{i}.new_value", limit=2000
                ),
            )
        )
    if len({r.item for r in rows}) != len(rows):
        raise ApplicationError(_("同一变更事项只能填写一次。"), field="change_items")
    ChangeItem.objects.bulk_create(rows)


def _apply_deregistration(application: Application, data: Mapping[str, Any]) -> None:
    detail, _created_now = DeregistrationDetail.objects.get_or_create(
        application=application, defaults={"reason": DissolutionReason.RESOLUTION}
    )
    if "reason" in data:
        detail.reason = _clean_choice(
            data["reason"], "deregistration.reason", DissolutionReason.values
        )
    for key in DEREG_BOOL:
        if key in data:
            setattr(detail, key, _clean_bool(data[key]))
    for key in DEREG_DATES:
        if key in data:
            setattr(detail, key, _clean_date(data[key], f"deregistration.{key}"))
    detail.save()


@transaction.atomic
def application_save(
    *, applicant: User, application: Application, content: DraftContent
) -> Application:
    """Save the draft as it is (complete or not): the applicant may stop and continue later.

    Bad values (wrong types, too long, unknown choices) are refused with the field named and
    nothing is saved; missing or inconsistent content is left to the pre-review.
    """
    _require_owner(applicant, application)
    application = _locked(application)
    transition_for(Action.SAVE, application.status)
    before = _snapshot(application)
    _apply_basic(application, content.basic)
    application.full_clean(exclude=["applicant", "authority", "name_reservation", "enterprise"])
    application.save()
    if content.members is not None:
        _replace_members(application, content.members)
    if content.officers is not None:
        _replace_officers(application, content.officers)
    if content.scope_codes is not None:
        _replace_scope(application, content.scope_codes)
    if content.change_items is not None and application.kind == ApplicationKind.CHANGE:
        _replace_change_items(application, content.change_items)
    if content.deregistration is not None and application.kind == ApplicationKind.DEREGISTRATION:
        _apply_deregistration(application, content.deregistration)
    audit_record(
        actor=applicant,
        action="registration.application.save",
        instance=application,
        before=before,
        after=_snapshot(application),
    )
    return application


# --- pre-review, submit, notice, withdraw ----------------------------------------------------


def application_prereview_phase(*, application: Application) -> Phase:
    """Which pre-review the applicant's next step is checked against: a simplified
    deregistration still in draft publishes its notice first (简易注销公告), except for an
    individual business, which has no notice; everything else is checked for submission."""
    if (
        application.is_simplified_deregistration
        and application.status == ApplicationStatus.DRAFT
        and application.entity_type != "individual_business"
    ):
        return Phase.PUBLISH_NOTICE
    return Phase.SUBMIT


def application_prereview(
    *, application: Application, phase: Phase = Phase.SUBMIT, as_of: date | None = None
) -> list[dict[str, Any]]:
    """The one-time list of defects for the application as stored (reads only)."""
    return run_prereview(application, as_of=as_of, phase=phase)


def _blocking_error(defects: list[dict[str, Any]]) -> ApplicationError:
    blocking = [d for d in defects if d["blocks"]]
    return ApplicationError(
        _("申请还有%(n)d处需要修改，请按预审意见逐项修改后再提交。") % {"n": len(blocking)},
        field="prereview",
        extra={"defects": defects},
    )


def _number(application: Application) -> str:
    return f"{application.authority.division_code}{timezone.localdate():%Y%m%d}{application.pk:08d}"


@transaction.atomic
def application_submit(*, applicant: User, application: Application) -> Application:
    """Submit when the pre-review finds nothing blocking; a correction closes the earlier one."""
    _require_owner(applicant, application)
    application = _locked(application)
    transition_for(Action.SUBMIT, application.status)
    if (
        application.is_simplified_deregistration
        and application.entity_type != "individual_business"
        and application.status == ApplicationStatus.DRAFT
    ):
        raise ApplicationError(
            _("简易注销须先公示承诺书，公示期满后再提交申请。"), field="deregistration.notice_start"
        )
    defects = application_prereview(application=application)
    if any(d["blocks"] for d in defects):
        raise _blocking_error(defects)
    now = timezone.now()
    fields: dict[str, Any] = {
        "submitted_at": now,
        "prereview_defects": defects,
        "prereviewed_at": now,
        "number": application.number or _number(application),
    }
    application_transition(
        application=application,
        action=Action.SUBMIT,
        actor=applicant,
        actor_kind=Actor.APPLICANT,
        fields=fields,
    )
    if (
        application.kind == ApplicationKind.DEREGISTRATION
        and application.entity_type == "individual_business"
        and application.is_simplified_deregistration
    ):
        detail = application.deregistration
        detail.department_objection_deadline = timezone.localdate() + timedelta(
            days=rule_config().individual_objection_days
        )
        detail.save(update_fields=["department_objection_deadline"])
    if application.supersedes_id:
        earlier = Application.objects.select_for_update().get(pk=application.supersedes_id)
        application_transition(
            application=earlier,
            action=Action.SUPERSEDE,
            actor=applicant,
            actor_kind=Actor.APPLICANT,
            note=_("已提交补正后的申请 %(number)s") % {"number": application.number},
        )
    notify(
        recipient=applicant,
        title=_("登记申请已提交：%(number)s") % {"number": application.number},
        body=_("您的%(kind)s申请“%(name)s”已提交%(authority)s，请留意审查结果。")
        % {
            "kind": application.get_kind_display(),
            "name": application.name,
            "authority": application.authority.name,
        },
        url=application_url(application),
    )
    return application


@transaction.atomic
def application_publish_notice(
    *, applicant: User, application: Application, rules: RuleConfig | None = None
) -> Application:
    """Publish a company's simplified-deregistration commitment for 20 days (简易注销公示)."""
    _require_owner(applicant, application)
    application = _locked(application)
    transition_for(Action.PUBLISH_NOTICE, application.status)
    if not application.is_simplified_deregistration:
        raise ApplicationError(_("只有简易注销需要公示承诺书。"), field="deregistration_mode")
    defects = application_prereview(application=application, phase=Phase.PUBLISH_NOTICE)
    if any(d["blocks"] for d in defects):
        raise _blocking_error(defects)
    config = rules or rule_config()
    start = timezone.localdate()
    end = start + timedelta(days=config.simplified_notice_days)
    detail = application.deregistration
    detail.notice_start = start
    detail.notice_end = end
    detail.final_application_deadline = end + timedelta(days=config.simplified_final_window_days)
    detail.save(update_fields=["notice_start", "notice_end", "final_application_deadline"])
    application_transition(
        application=application,
        action=Action.PUBLISH_NOTICE,
        actor=applicant,
        actor_kind=Actor.APPLICANT,
        fields={"prereview_defects": defects, "prereviewed_at": timezone.now()},
    )
    notify(
        recipient=applicant,
        title=_("简易注销公告已发布：%(name)s") % {"name": application.name},
        body=_("公示期为%(start)s至%(end)s。公示期满无异议的，请在%(deadline)s前提交注销申请。")
        % {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "deadline": detail.final_application_deadline.isoformat(),
        },
        url=application_url(application),
    )
    return application


@transaction.atomic
def application_withdraw(
    *, applicant: User, application: Application, reason: str = ""
) -> Application:
    """Take back an application the authority has not decided yet."""
    _require_owner(applicant, application)
    application = _locked(application)
    transition_for(Action.WITHDRAW, application.status)
    reason = _clean_text(reason, "reason", limit=500)
    return application_transition(
        application=application,
        action=Action.WITHDRAW,
        actor=applicant,
        actor_kind=Actor.APPLICANT,
        note=reason,
        fields={"withdrawn_at": timezone.now()},
    )


@transaction.atomic
def application_start_correction(*, applicant: User, earlier: Application) -> Application:
    """A new draft that copies the application returned for correction and links back to it.

    The earlier application stays as it was (it is the record of what was returned); it is
    closed as superseded when the new one is submitted. Uploaded files are shared, not copied.
    """
    _require_owner(applicant, earlier)
    earlier = _locked(earlier)
    if earlier.status != ApplicationStatus.CORRECTION_REQUIRED:
        raise ApplicationError(_("只有被告知补正的申请才能补正后重新提交。"), field="status")
    existing = (
        Application.objects.filter(supersedes=earlier)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )
    if existing is not None:
        return existing
    copy = Application.objects.get(pk=earlier.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.number = ""
    copy.extension_notice = ""
    copy.decision_reason = ""
    for key in (
        "submitted_at",
        "accepted_at",
        "correction_requested_at",
        "prereviewed_at",
        "decision_due",
        "extended_at",
        "extended_by",
        "decided_at",
        "decided_by",
        "withdrawn_at",
    ):
        setattr(copy, key, None)
    copy.prereview_defects = []
    copy.status = ApplicationStatus.DRAFT
    copy.supersedes = earlier
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError as error:
        raise ApplicationError(
            _("该申请已有补正后的申请，或名称、市场主体已有办理中的申请。"), field="supersedes"
        ) from error
    for member in earlier.members.prefetch_related("subscriptions"):
        subscriptions = list(member.subscriptions.all())
        member.pk = None
        member.application = copy
        member.save()
        for sub in subscriptions:
            sub.pk = None
            sub.member = member
            sub.save()
    _copy_rows(Officer.objects.filter(application=earlier), copy)
    _copy_rows(ApplicationScope.objects.filter(application=earlier), copy)
    _copy_rows(ChangeItem.objects.filter(application=earlier), copy)
    # The corrected application starts from the current materials; their history stays with the
    # application that was corrected.
    _copy_rows(Material.objects.filter(application=earlier, superseded_by__isnull=True), copy)
    try:
        detail = earlier.deregistration
    except DeregistrationDetail.DoesNotExist:
        detail = None
    if detail is not None:
        detail.pk = None
        detail.application = copy
        detail.save()
    return _created(copy, applicant)


def _copy_rows(rows: Any, application: Application) -> None:
    copies = list(rows)
    for row in copies:
        row.pk = None
        row.application = application
    if copies:
        type(copies[0]).objects.bulk_create(copies)


# --- materials -------------------------------------------------------------------------------

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"


def sniff_content_type(data: bytes) -> str | None:
    """The file's real type from its bytes, or None: PDF header and trailer, images decoded."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    else:
        return None
    from PIL import Image, UnidentifiedImageError  # imported here: only uploads need Pillow

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            expected = "JPEG" if kind == JPEG else "PNG"
            if image.format != expected:
                return None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return kind


@transaction.atomic
def material_upload(
    *,
    applicant: User,
    application: Application,
    kind: str,
    upload: UploadedFile,
    scope_code: str = "",
    issued_on: Any = None,
    valid_until: Any = None,
    replaces: Any = None,
) -> Material:
    """Store an uploaded PDF, JPEG or PNG in private storage, checked by content and size.

    With `replaces` (a current material of this application, or its id), the new file takes its
    place: the old one is kept as history, retrievable by the clerk, and no longer listed.
    """
    _require_owner(applicant, application)
    application = _locked(application)
    transition_for(Action.SAVE, application.status)
    kind = _clean_choice(kind, "kind", MaterialKind.values)
    replaced = _replaced_material(application, replaces, kind)
    limit = int(settings.HONGDUN["REGISTRATION_MATERIAL_MAX_BYTES"])
    size = upload.size or 0
    if size == 0:
        raise ApplicationError(_("上传的文件是空的。"), field="file")
    if size > limit:
        raise ApplicationError(
            _("文件过大（%(size)s），最大%(limit)s。")
            % {"size": human_size(size), "limit": human_size(limit)},
            field="file",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ApplicationError(
            _("文件过大，最大%(limit)s。") % {"limit": human_size(limit)}, field="file"
        )
    content_type = sniff_content_type(data)
    if content_type is None:
        raise ApplicationError(
            _("只能上传 PDF、JPEG 或 PNG 文件；该文件的内容不是这几种格式（或已损坏）。"),
            field="file",
        )
    entry = None
    if scope_code:
        entry = ScopeCatalogueEntry.objects.filter(code=str(scope_code).strip()).first()
        if entry is None or not application.scope_items.filter(entry=entry).exists():
            raise ApplicationError(
                _("批准文件对应的经营范围条目不在本申请中。"), field="scope_code"
            )
    name = _clean_text(upload.name or "file", "file", limit=200) or "file"
    material = Material(
        application=application,
        kind=kind,
        original_name=name.replace("/", "_").replace("\\", "_"),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        scope_entry=entry,
        issued_on=_clean_date(issued_on, "issued_on"),
        valid_until=_clean_date(valid_until, "valid_until"),
        uploaded_by=applicant,
    )
    from django.core.files.base import ContentFile

    material.file.save(name, ContentFile(data), save=False)
    try:
        material.full_clean(exclude=["file"])
    except ValidationError as error:
        material.file.delete(save=False)
        raise ApplicationError(_("材料信息不正确，请检查后重试。"), field="file") from error
    material.save()
    after: dict[str, Any] = {"material": material.pk, "kind": kind, "sha256": material.sha256}
    if replaced is not None:
        replaced.superseded_by = material
        replaced.save(update_fields=["superseded_by"])
        after["replaces"] = replaced.pk
    audit_record(
        actor=applicant,
        action="registration.material.upload",
        instance=application,
        after=after,
    )
    return material


def _replaced_material(application: Application, replaces: Any, kind: str) -> Material | None:
    """The current material of `application` that an upload replaces, checked; None for none."""
    if replaces in (None, ""):
        return None
    pk = replaces.pk if isinstance(replaces, Material) else replaces
    try:
        replaced = application.materials.select_for_update().get(pk=int(pk))
    except (Material.DoesNotExist, TypeError, ValueError):
        raise ApplicationError(
            _("要替换的材料不在本申请中，请在列表中重新选择。"), field="replaces"
        ) from None
    if not replaced.is_current:
        raise ApplicationError(_("该材料已被替换过，请选择列表中现有的材料。"), field="replaces")
    if replaced.kind != kind:
        raise ApplicationError(
            _("替换的文件应为同一类材料（%(kind)s），请改选材料类型或不选替换。")
            % {"kind": replaced.get_kind_display()},
            field="replaces",
        )
    return replaced


@transaction.atomic
def material_delete(*, applicant: User, material: Material) -> None:
    """Remove a material from a draft. The file stays if a corrected copy still refers to it."""
    application = material.application
    _require_owner(applicant, application)
    application = _locked(application)
    transition_for(Action.SAVE, application.status)
    name = material.file.name or ""
    material_id = material.pk
    material.delete()
    if name and not Material.objects.filter(file=name).exists():
        transaction.on_commit(lambda: Material.file.field.storage.delete(name))
    audit_record(
        actor=applicant,
        action="registration.material.delete",
        instance=application,
        before={"material": material_id},
    )


def can_read_material(*, user: AnyUser, material: Material) -> bool:
    """The applicant, or a registrar whose unit subtree contains the competent authority."""
    if user is None or not user.is_authenticated:
        return False
    if material.application.applicant_id == user.pk:
        return True
    return instance_in_reach(user, material)


# --- simplified-deregistration objections ----------------------------------------------------


@transaction.atomic
def objection_file(
    *, user: User, application: Application, data: Mapping[str, Any]
) -> NoticeObjection:
    """File an objection to a running simplified-deregistration notice (any signed-in person)."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    application = _locked(application)
    today = timezone.localdate()
    detail = application.deregistration if application.is_simplified_deregistration else None
    if (
        application.status != ApplicationStatus.NOTICE
        or detail is None
        or detail.notice_start is None
        or detail.notice_end is None
        or not detail.notice_start <= today <= detail.notice_end
    ):
        raise ApplicationError(_("该公告不在公示期内，不能提出异议。"), field="application")
    objection = NoticeObjection(
        application=application,
        objector_kind=_clean_choice(
            data.get("objector_kind"), "objector_kind", ObjectorKind.values
        ),
        objector_name=_clean_text(
            data.get("objector_name"), "objector_name", limit=100, required=True
        ),
        objector_contact=_clean_text(
            data.get("objector_contact"), "objector_contact", limit=50, required=True
        ),
        reason=_clean_text(data.get("reason"), "reason", limit=2000, required=True),
    )
    objection.save()
    audit_record(
        actor=user,
        action="registration.objection.file",
        instance=application,
        after={"objection": objection.pk, "kind": objection.objector_kind},
    )
    notify(
        recipient=application.applicant,
        title=_("简易注销公告收到异议：%(name)s") % {"name": application.name},
        body=_("公示期间有利害关系人提出异议，登记机关将进行处理。"),
        url=application_url(application),
    )
    return objection


@transaction.atomic
def objection_resolve(
    *, registrar: User, objection: NoticeObjection, upheld: bool, resolution: str
) -> NoticeObjection:
    """A registrar of the competent subtree decides an objection (upheld: ordinary procedure)."""
    application = objection.application
    if not unit_in_reach(registrar, APPLICATION, application.authority_id, ScopeAction.EDIT):
        raise PermissionDenied
    objection = NoticeObjection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.PENDING:
        raise ApplicationError(_("该异议已处理。"), field="status")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution = _clean_text(resolution, "resolution", limit=2000, required=True)
    objection.resolved_by = registrar
    objection.resolved_at = timezone.now()
    objection.save()
    audit_record(
        actor=registrar,
        action="registration.objection.resolve",
        instance=application,
        after={"objection": objection.pk, "status": objection.status},
    )
    return objection


# --- enterprise authorisations ---------------------------------------------------------------


@transaction.atomic
def enterprise_authorisation_grant(
    *,
    granted_by: User,
    enterprise: Enterprise,
    user: User,
    basis: str,
    valid_until: date | None = None,
    note: str = "",
) -> EnterpriseAuthorisation:
    """Let `user` file changes and deregistration for `enterprise` through the portal.

    Granted by a registrar of the enterprise's authority subtree after checking identity (or by
    the system, `granted_by=None`, when the user's own establishment is approved).
    """
    if granted_by is not None and not unit_in_reach(
        granted_by, AUTHORISATION, enterprise.registration_authority_id, ScopeAction.EDIT
    ):
        raise PermissionDenied
    basis = _clean_choice(basis, "basis", EnterpriseAuthorisation.Basis.values)
    live = (
        EnterpriseAuthorisation.objects.select_for_update()
        .filter(enterprise=enterprise, user=user, revoked_at__isnull=True)
        .first()
    )
    if live is not None:
        return live
    grant = EnterpriseAuthorisation.objects.create(
        enterprise=enterprise,
        user=user,
        basis=basis,
        granted_by=granted_by,
        valid_until=valid_until,
        note=_clean_text(note, "note", limit=200),
    )
    audit_record(
        actor=granted_by,
        action="registration.authorisation.grant",
        instance=grant,
        after={"enterprise": enterprise.pk, "user": user.pk, "basis": basis},
    )
    return grant


@transaction.atomic
def enterprise_authorisation_revoke(
    *, revoked_by: User, grant: EnterpriseAuthorisation
) -> EnterpriseAuthorisation:
    if not instance_in_reach(revoked_by, grant, ScopeAction.EDIT):
        raise PermissionDenied
    grant = EnterpriseAuthorisation.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=revoked_by,
            action="registration.authorisation.revoke",
            instance=grant,
            after={"revoked_at": grant.revoked_at.isoformat()},
        )
    return grant
