"""Name declaration (企业名称自主申报): checks, reservations, staff review, and the index hooks.

The rules live in the pure engine (`namecheck/engine/`); this module feeds it the register
through `index_store`, saves what it decided, and keeps the index's event log in step with every
change of a registered or reserved name (in the same transaction as the change).
"""

import calendar
import dataclasses
import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.notification_services import notify
from hongdun.core.scope import Action, unit_in_reach
from hongdun.core.services import audit_record
from hongdun.enterprises.hooks import EnterpriseChange
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.search_keys import forbidden_characters
from hongdun.namecheck import index_store
from hongdun.namecheck.choices import LIVE_STATUSES, IndexOp, ReservationStatus, VerdictChoice
from hongdun.namecheck.engine.types import (
    CheckContext,
    CheckResult,
    EngineConfig,
    Finding,
    Verdict,
)
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.permissions import RESERVATION
from hongdun.namecheck.verification import reservation_notice_issue
from hongdun.orgs.levels import AuthorityLevel, division_level
from hongdun.orgs.models import Unit

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 100
MAX_INDUSTRY_LENGTH = 50
MAX_DECLARED_NAMES = 5
MAX_REASON_LENGTH = 1000
SUGGESTION_LIMIT = 5

# Who may review restricted names (and see the review queue), within their unit's subtree.
MAX_APPROVAL_DOCUMENT_LENGTH = 200

# Restricted rules whose approval belongs above a local registration authority, with the lowest
# level that may give it (HONGDUN["NAME_APPROVAL_LEVELS"]: rule id → county/city/province/
# national). 冠"中国""中华""中央""全国""国家" needs 国务院 approval (GD2020 第十二条第一款), so R-1
# is national: no local review may approve such a name on its own authority.
DEFAULT_APPROVAL_LEVELS = {"R-1": AuthorityLevel.NATIONAL.value}


# --- small helpers ------------------------------------------------------------------------------


def approval_levels() -> dict[str, AuthorityLevel]:
    raw = settings.HONGDUN.get("NAME_APPROVAL_LEVELS", DEFAULT_APPROVAL_LEVELS)
    return {str(rule): AuthorityLevel(level) for rule, level in raw.items()}


def approver_name(level: AuthorityLevel) -> str:
    """Who gives an approval of `level`, as the applicant is told."""
    return {
        AuthorityLevel.NATIONAL: _("国务院（由国家市场监督管理总局办理）"),
        AuthorityLevel.PROVINCE: _("省级登记机关"),
        AuthorityLevel.CITY: _("地市级登记机关"),
        AuthorityLevel.COUNTY: _("县级登记机关"),
    }[level]


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def reservation_period_end(*, start: date, needs_pre_approval: bool) -> date:
    """Last day of the reservation: 2 months, or 1 year where pre-approval is needed
    (GD2020 Art 18); both lengths are deployment settings."""
    conf = settings.HONGDUN
    months = (
        conf.get("NAME_RESERVATION_PRE_APPROVAL_MONTHS", 12)
        if needs_pre_approval
        else conf.get("NAME_RESERVATION_MONTHS", 2)
    )
    return add_months(start, int(months))


def clean_name(raw: Any, *, field: str = "name") -> str:
    """A name as typed, trimmed; refused with a reason when it cannot be a name at all."""
    if not isinstance(raw, str) or not raw.strip():
        raise ApplicationError(_("请输入企业名称。"), field=field)
    if any(True for _c in forbidden_characters(raw)):
        raise ApplicationError(_("名称中含有无法识别的控制字符，请删除后重新输入。"), field=field)
    name = raw.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise ApplicationError(
            _("名称过长（%(n)d 个字），最多 %(max)d 个字。")
            % {"n": len(name), "max": MAX_NAME_LENGTH},
            field=field,
        )
    return name


def clean_industry(raw: Any) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ApplicationError(_("行业应为文字。"), field="industry")
    if any(True for _c in forbidden_characters(raw)):
        raise ApplicationError(_("行业中含有无法识别的控制字符。"), field="industry")
    industry = raw.strip()
    if len(industry) > MAX_INDUSTRY_LENGTH:
        raise ApplicationError(
            _("行业过长，最多 %(max)d 个字。") % {"max": MAX_INDUSTRY_LENGTH}, field="industry"
        )
    return industry


def _require_authority(registry: Unit) -> None:
    if not registry.is_registration_authority or not registry.division_code:
        raise ApplicationError(
            _("“%(unit)s”不是登记机关。") % {"unit": registry.name}, field="registry"
        )


def is_blocking(verdict: Verdict, *, config: EngineConfig) -> bool:
    """Whether a verdict stops a declaration: prohibited and identical always; similar only where
    the deployment says so (C-MODE, docs/rules/names.md §0). Restricted names go to staff review
    instead."""
    if verdict in (Verdict.PROHIBITED, Verdict.IDENTICAL):
        return True
    return verdict == Verdict.SIMILAR and config.similar_blocks


def finding_as_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "verdict": str(finding.verdict),
        "article": finding.article,
        "message": finding.message,
        "fix": finding.fix,
        "part": finding.part,
        "conflicts": list(finding.conflicts),
    }


def check_result_as_dict(
    result: CheckResult, *, config: EngineConfig, suggestions: list[str] | None = None
) -> dict[str, Any]:
    """The JSON shape of a verdict, shared by the API, the portal and `check_names`."""
    verdict = Verdict(result.verdict)
    return {
        "name": result.name,
        "verdict": str(verdict),
        "verdict_display": str(VerdictChoice(str(verdict)).label),
        "blocking": is_blocking(verdict, config=config),
        "needs_review": verdict == Verdict.RESTRICTED,
        "findings": [finding_as_dict(f) for f in result.findings],
        "parsed": dataclasses.asdict(result.parsed),
        "suggestions": suggestions or [],
    }


def _context(
    *, registry: Unit | None, industry: str, as_of: date | None, user: AnyUser | None = None
) -> CheckContext:
    """What the engine needs to know about the check: where (the authority's division code, for
    conflicts and N-REGION-1), when, and whose names are the applicant's own (its reservations)
    or related (the enterprises it is authorised for), which never block it."""
    day = as_of or timezone.localdate()
    own, related = "", frozenset[str]()
    if user is not None and user.is_authenticated:
        own = index_store.applicant_owner(user.pk)
        related = index_store.applicant_related_owners(user.pk, as_of=day)
    return CheckContext(
        registry=registry.division_code if registry else "",
        industry=industry,
        as_of=day,
        own_owner=own,
        related_owners=related,
    )


# --- checks -------------------------------------------------------------------------------------


def declaration_check(
    *,
    user: AnyUser | None,
    registry: Unit,
    industry: str,
    names: Sequence[str],
    as_of: date | None = None,
) -> list[dict[str, Any]]:
    """Check the 1–5 names of a declaration, in the applicant's order of preference.

    Each result is `check_result_as_dict`; a blocked name also carries up to five alternatives
    that pass. Nothing is saved.
    """
    _require_authority(registry)
    industry = clean_industry(industry)
    if isinstance(names, str) or not names:
        raise ApplicationError(_("请至少输入一个名称。"), field="names")
    if len(names) > MAX_DECLARED_NAMES:
        raise ApplicationError(
            _("一次最多申报 %(max)d 个备选名称。") % {"max": MAX_DECLARED_NAMES}, field="names"
        )
    cleaned = [clean_name(raw, field="names") for raw in names]
    config = index_store.engine_config()
    ctx = _context(registry=registry, industry=industry, as_of=as_of, user=user)
    store = index_store.store()
    answers = []
    for result in store.check(cleaned, ctx, config):
        suggestions = None
        if is_blocking(Verdict(result.verdict), config=config):
            suggestions = store.suggest(
                result.name, ctx, config, limit=SUGGESTION_LIMIT, result=result
            )
        answers.append(check_result_as_dict(result, config=config, suggestions=suggestions))
    return answers


def name_check(
    *,
    registry: Unit,
    industry: str,
    name: str,
    user: AnyUser | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """One name (the public check API): the verdict, and alternatives when it is blocked."""
    (answer,) = declaration_check(
        user=user, registry=registry, industry=industry, names=[clean_name(name)], as_of=as_of
    )
    return answer


def names_check_batch(
    *,
    registry: Unit | None,
    industry: str,
    names: Sequence[Any],
    as_of: date | None = None,
) -> list[dict[str, Any]]:
    """Check up to NAMECHECK_BATCH_MAX names against the register, without suggestions.

    With no registry only structure and content rules apply: conflicts are per registry (C-SCOPE-1).
    """
    limit = int(settings.HONGDUN.get("NAMECHECK_BATCH_MAX", 10_000))
    if isinstance(names, str) or not names:
        raise ApplicationError(_("请至少输入一个名称。"), field="names")
    if len(names) > limit:
        raise ApplicationError(
            _("一次最多检查 %(max)d 个名称，您提交了 %(n)d 个。请分批提交。")
            % {"max": limit, "n": len(names)},
            field="names",
        )
    if registry is not None:
        _require_authority(registry)
    industry = clean_industry(industry)
    cleaned = []
    for number, raw in enumerate(names, start=1):
        try:
            cleaned.append(clean_name(raw, field="names"))
        except ApplicationError as error:
            raise ApplicationError(
                _("第 %(n)d 个名称：%(reason)s") % {"n": number, "reason": error.message},
                field="names",
            ) from error
    config = index_store.engine_config()
    ctx = _context(registry=registry, industry=industry, as_of=as_of)
    results = index_store.store().check(cleaned, ctx, config)
    return [check_result_as_dict(result, config=config) for result in results]


def _reservation_url(reservation: NameReservation) -> str:
    """The applicant's page for the reservation (portal route `namecheck:reservation-detail`)."""
    try:
        return reverse("namecheck:reservation-detail", kwargs={"pk": reservation.pk})
    except NoReverseMatch:
        return f"/names/{reservation.pk}/"


def _notify_applicant(reservation: NameReservation) -> None:
    values = {
        "name": reservation.proposed_name,
        "registry": reservation.registry.name,
        "until": reservation.reserved_until.isoformat() if reservation.reserved_until else "",
        "reason": reservation.review_reason,
    }
    status = reservation.status
    if status == ReservationStatus.RESERVED and reservation.reviewer_id:
        title = _("名称审核通过：%(name)s") % values
        body = _(
            "您申报的企业名称“%(name)s”已经%(registry)s审核通过并予以保留，保留期至%(until)s。"
            "请在保留期内办理登记。"
        )
    elif status == ReservationStatus.RESERVED:
        title = _("名称已保留：%(name)s") % values
        body = _(
            "您申报的企业名称“%(name)s”已在%(registry)s保留，保留期至%(until)s。"
            "请在保留期内办理登记，逾期自动失效。"
        )
    elif status == ReservationStatus.PENDING_REVIEW:
        title = _("名称待审核：%(name)s") % values
        body = _(
            "您申报的企业名称“%(name)s”含有限制使用的内容，已提交%(registry)s审核，"
            "审核结果将另行通知。"
        )
    elif status == ReservationStatus.REFUSED:
        title = _("名称审核未通过：%(name)s") % values
        body = _("您申报的企业名称“%(name)s”未通过%(registry)s审核。理由：%(reason)s")
    elif status == ReservationStatus.EXPIRED:
        title = _("名称保留已到期：%(name)s") % values
        body = _("您申报保留的企业名称“%(name)s”保留期已于%(until)s届满，保留已失效。")
    else:
        return
    notify(
        recipient=reservation.applicant,
        title=title,
        body=body % values,
        url=_reservation_url(reservation),
    )


# --- the name index -----------------------------------------------------------------------------


def name_index_event_append(*, op: str, payload: dict[str, Any]) -> None:
    """Log one change of a known name, in the caller's transaction (see index_store)."""
    index_store.append_event(op, payload)


def _reservation_snapshot(reservation: NameReservation) -> dict[str, Any]:
    return {
        "proposed_name": reservation.proposed_name,
        "registry": reservation.registry.division_code,
        "industry": reservation.industry,
        "trade_name": reservation.trade_name,
        "industry_key": reservation.industry_key,
        "status": reservation.status,
        "reserved_until": reservation.reserved_until.isoformat()
        if reservation.reserved_until
        else None,
        "needs_pre_approval": reservation.needs_pre_approval,
        "verdict": reservation.verdict,
        "review_reason": reservation.review_reason,
        "approval_referred_at": reservation.approval_referred_at.isoformat()
        if reservation.approval_referred_at
        else None,
        "approval_document": reservation.approval_document,
    }


def _log_reservation(reservation: NameReservation) -> None:
    """Tell the index what the reservation now means: held until a date, or gone."""
    if reservation.status in LIVE_STATUSES:
        stored = index_store.reservation_stored_name(
            reservation, registry=reservation.registry.division_code
        )
        name_index_event_append(op=IndexOp.ADD, payload=index_store.stored_to_payload(stored))
    else:
        name_index_event_append(
            op=IndexOp.REMOVE, payload={"id": index_store.reservation_key(reservation.pk)}
        )


def name_index_enterprise_changed(
    *,
    enterprise: Enterprise,
    change: EnterpriseChange,
    previous_name: str = "",
    effective_on: date | None = None,
) -> None:
    """Keep the name index in step with the register. Registered in `NamecheckConfig.ready()` as
    a receiver of `enterprises.hooks.enterprise_changed`, so the enterprise services call it inside
    their transaction, after the change is saved (its history row must exist).

    registered → the name is added; renamed → the former name is kept as RENAMED on
    `effective_on` (it still conflicts for a year) and the current entry is replaced; status →
    the entry's status changes (deregistered, moved-out and registration-revoked (撤销登记) names
    conflict for a year from their status date; a licence-revoked (吊销) entity keeps its name).
    """
    history_id = enterprise.history.aggregate(m=Max("history_id"))["m"]
    registry = (
        Unit.objects.filter(pk=enterprise.registration_authority_id)
        .values_list("division_code", flat=True)
        .first()
        or ""
    )
    stored = index_store.enterprise_stored_name(
        enterprise_id=enterprise.pk,
        name=enterprise.name,
        uscc=enterprise.uscc,
        registry=registry,
        status=enterprise.status,
        status_date=enterprise.status_date,
    )
    if change == "status":
        name_index_event_append(
            op=IndexOp.STATUS, payload=index_store.stored_to_payload(stored, history_id=history_id)
        )
        return
    if change == "renamed" and previous_name and previous_name != enterprise.name and history_id:
        former = index_store.former_stored_name(
            history_id=history_id,
            name=previous_name,
            uscc=enterprise.uscc,
            registry=registry,
            renamed_on=effective_on or timezone.localdate(),
        )
        name_index_event_append(op=IndexOp.ADD, payload=index_store.stored_to_payload(former))
    name_index_event_append(
        op=IndexOp.ADD, payload=index_store.stored_to_payload(stored, history_id=history_id)
    )


# --- reservations -------------------------------------------------------------------------------


def _refusal_message(verdict: Verdict) -> str:
    if verdict == Verdict.PROHIBITED:
        return _("该名称含有禁止使用的内容或不符合名称结构要求，不能申报。请按提示修改。")
    if verdict == Verdict.IDENTICAL:
        return _("该名称与本登记机关已登记、已保留或一年内注销、变更的同行业名称相同，不能申报。")
    return _("该名称与已登记的同行业名称近似，按本局规定不能申报。")


@transaction.atomic
def reservation_create(
    *,
    applicant: User,
    registry: Unit,
    industry: str,
    name: str,
    needs_pre_approval: bool = False,
    as_of: date | None = None,
) -> NameReservation:
    """Reserve a declared name, or send it to staff review when it contains restricted words.

    The name is checked again here, inside the transaction. Two applicants who reserve the same
    name at the same moment both pass that check; the partial unique constraint on
    (registry, 字号, industry key) lets exactly one insert through, and the other is refused.
    """
    if not getattr(applicant, "is_authenticated", False):
        raise PermissionDenied
    _require_authority(registry)
    name = clean_name(name)
    industry = clean_industry(industry)
    today = as_of or timezone.localdate()
    config = index_store.engine_config()
    ctx = _context(registry=registry, industry=industry, as_of=today, user=applicant)
    (result,) = index_store.store().check([name], ctx, config)
    verdict = Verdict(result.verdict)
    findings = [finding_as_dict(f) for f in result.findings]
    if is_blocking(verdict, config=config):
        raise ApplicationError(
            _refusal_message(verdict),
            field="name",
            extra={"verdict": str(verdict), "findings": findings},
        )
    parsed = result.parsed
    if not parsed.trade_name:
        raise ApplicationError(
            _("未能识别该名称的字号，请按“行政区划＋字号＋行业＋组织形式”填写。"), field="name"
        )
    # A reservation whose period has ended no longer holds the name (the engine already ignores
    # it), even if tonight's expiry run has not marked it yet: expire it now, or it would still
    # occupy the unique constraint.
    lapsed = NameReservation.objects.select_for_update().filter(
        registry=registry,
        trade_name=parsed.trade_name,
        industry_key=parsed.industry_key,
        status=ReservationStatus.RESERVED,
        reserved_until__lt=today,
    )
    for old in lapsed.select_related("registry", "applicant"):
        _expire(old)
    mine = NameReservation.objects.filter(
        applicant=applicant,
        registry=registry,
        trade_name=parsed.trade_name,
        industry_key=parsed.industry_key,
        status__in=LIVE_STATUSES,
    ).first()
    if mine is not None:
        raise ApplicationError(
            _("您已申报保留该名称（“%(name)s”），无需重复申报。") % {"name": mine.proposed_name},
            field="name",
        )
    restricted = verdict == Verdict.RESTRICTED
    reservation = NameReservation(
        applicant=applicant,
        registry=registry,
        industry=industry,
        proposed_name=name,
        normalized_name=parsed.normalized[:100],
        trade_name=parsed.trade_name[:50],
        industry_key=parsed.industry_key[:50],
        status=ReservationStatus.PENDING_REVIEW if restricted else ReservationStatus.RESERVED,
        reserved_until=None
        if restricted
        else reservation_period_end(start=today, needs_pre_approval=needs_pre_approval),
        needs_pre_approval=needs_pre_approval,
        verdict=str(verdict),
        findings=findings,
    )
    # The unique constraint is settled by the insert itself (a query first would race).
    reservation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            reservation.save()
    except IntegrityError as error:
        holder = (
            NameReservation.objects.filter(
                registry=registry,
                trade_name=reservation.trade_name,
                industry_key=reservation.industry_key,
                status__in=LIVE_STATUSES,
            )
            .values_list("applicant_id", flat=True)
            .first()
        )
        if holder == applicant.pk:  # the same applicant, submitting twice at once
            raise ApplicationError(
                _("您已申报保留该名称（“%(name)s”），无需重复申报。") % {"name": name},
                field="name",
            ) from error
        raise ApplicationError(
            _("该名称刚被他人申报保留，请换一个名称。"),
            field="name",
            extra={"verdict": str(Verdict.IDENTICAL), "findings": findings},
        ) from error
    _log_reservation(reservation)
    if reservation.status == ReservationStatus.RESERVED:
        reservation_notice_issue(reservation=reservation, issued_on=today)
    audit_record(
        actor=applicant,
        action="namecheck.reservation.create",
        instance=reservation,
        after=_reservation_snapshot(reservation),
    )
    _notify_applicant(reservation)
    return reservation


def _locked(reservation: NameReservation) -> NameReservation:
    return (
        NameReservation.objects.select_for_update()
        .select_related("registry")
        .get(pk=reservation.pk)
    )


@transaction.atomic
def reservation_withdraw(*, applicant: User, reservation: NameReservation) -> NameReservation:
    """The applicant gives up a reserved or pending name; it is free again at once."""
    locked = _locked(reservation)
    if locked.applicant_id != getattr(applicant, "pk", None):
        raise PermissionDenied
    if locked.status not in LIVE_STATUSES:
        raise ApplicationError(_("只有已保留或待审核的名称可以撤回。"), field="status")
    before = _reservation_snapshot(locked)
    locked.status = ReservationStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _log_reservation(locked)
    audit_record(
        actor=applicant,
        action="namecheck.reservation.withdraw",
        instance=locked,
        before=before,
        after=_reservation_snapshot(locked),
    )
    return locked


def reservation_approval_level(reservation: NameReservation) -> AuthorityLevel | None:
    """The highest level the name's restricted findings need (None: the registry decides)."""
    levels = approval_levels()
    needed = [
        levels[finding["rule"]]
        for finding in reservation.findings or []
        if isinstance(finding, dict) and finding.get("rule") in levels
    ]
    return max(needed, key=lambda level: level.rank) if needed else None


def reviewer_authority_level(reviewer: AnyUser) -> AuthorityLevel:
    """The level of the registration authority a reviewer decides for: the nearest one at or
    above their unit (a station's registrar decides for its district)."""
    unit = getattr(reviewer, "unit", None)
    if unit is not None:
        chain = Unit.objects.ancestors(unit, include_self=True)
        codes = [u.division_code for u in chain if u.is_registration_authority and u.division_code]
        if codes:
            return division_level(codes[-1])
    return AuthorityLevel.COUNTY


def approval_beyond_reviewer(
    *, reviewer: AnyUser, reservation: NameReservation
) -> AuthorityLevel | None:
    """The level whose approval the name needs when it is above the reviewer's authority; None
    when the reviewer's authority may decide."""
    required = reservation_approval_level(reservation)
    if required is None or reviewer_authority_level(reviewer).covers(required):
        return None
    return required


def _restricted_words(reservation: NameReservation) -> str:
    levels = approval_levels()
    words = [
        str(finding.get("part") or finding.get("rule"))
        for finding in reservation.findings or []
        if isinstance(finding, dict) and finding.get("rule") in levels
    ]
    return "、".join(dict.fromkeys(words))


@transaction.atomic
def reservation_review(
    *,
    reviewer: User,
    reservation: NameReservation,
    approve: bool,
    reason: str = "",
    approval_document: str = "",
    as_of: date | None = None,
) -> NameReservation:
    """Approve (reserve from today) or refuse (with a reason) a name waiting for review.

    A name whose approval belongs to a higher level (`approval_beyond_reviewer`, e.g. 冠"中国":
    国务院) is approved here only citing that approval's document; without it the registrar may
    refuse, tell the applicant to obtain it (`reservation_refer_for_approval`) or hold the name."""
    locked = _locked(reservation)
    # A registrar whose unit's subtree contains the registration authority (ADR 0013).
    if not unit_in_reach(reviewer, RESERVATION, locked.registry_id, Action.EDIT):
        raise PermissionDenied
    if locked.status != ReservationStatus.PENDING_REVIEW:
        status = ReservationStatus(locked.status).label
        if locked.reviewer_id is not None:
            # Already decided (a double click, a resent form, or another registrar): say by whom.
            who = (
                _("您") if locked.reviewer_id == getattr(reviewer, "pk", None) else locked.reviewer
            )
            raise ApplicationError(
                _("该名称申报已由%(who)s审核（%(status)s），无需重复操作。")
                % {"who": who, "status": status},
                field="status",
            )
        raise ApplicationError(
            _("该名称申报当前为“%(status)s”，不在待审核状态。") % {"status": status},
            field="status",
        )
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError(_("不予保留时必须说明理由。"), field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ApplicationError(
            _("审核意见最多 %(max)d 个字。") % {"max": MAX_REASON_LENGTH}, field="reason"
        )
    approval_document = (approval_document or "").strip()
    if len(approval_document) > MAX_APPROVAL_DOCUMENT_LENGTH:
        raise ApplicationError(
            _("批准文件文号最多 %(max)d 个字。") % {"max": MAX_APPROVAL_DOCUMENT_LENGTH},
            field="approval_document",
        )
    beyond = approval_beyond_reviewer(reviewer=reviewer, reservation=locked) if approve else None
    if beyond is not None and not approval_document:
        raise ApplicationError(
            _(
                "名称含“%(words)s”，须经%(approver)s批准，本机关不能核准。"
                "请告知申报人取得批准、不予保留或暂缓处理；已取得批准的，填写批准文件文号后核准。"
            )
            % {"words": _restricted_words(locked), "approver": approver_name(beyond)},
            field="approval_document",
        )
    before = _reservation_snapshot(locked)
    today = as_of or timezone.localdate()
    if approve:
        locked.approval_document = approval_document
        locked.status = ReservationStatus.RESERVED
        locked.reserved_until = reservation_period_end(
            start=today, needs_pre_approval=locked.needs_pre_approval
        )
    else:
        locked.status = ReservationStatus.REFUSED
    locked.reviewer = reviewer
    locked.review_reason = reason
    locked.reviewed_at = timezone.now()
    locked.full_clean(validate_constraints=False)
    locked.save()
    if approve:
        reservation_notice_issue(reservation=locked, issued_on=today)
        name_index_event_append(
            op=IndexOp.STATUS,
            payload=index_store.stored_to_payload(
                index_store.reservation_stored_name(locked, registry=locked.registry.division_code)
            ),
        )
    else:
        _log_reservation(locked)
    audit_record(
        actor=reviewer,
        action="namecheck.reservation.approve" if approve else "namecheck.reservation.refuse",
        instance=locked,
        before=before,
        after=_reservation_snapshot(locked),
    )
    _notify_applicant(locked)
    return locked


@transaction.atomic
def reservation_refer_for_approval(
    *, reviewer: User, reservation: NameReservation, reason: str = ""
) -> NameReservation:
    """Record that the applicant must obtain the higher level's approval (e.g. 国务院 for 冠"中国")
    and tell them; the name stays held for review until it is approved citing that approval,
    refused or withdrawn."""
    locked = _locked(reservation)
    if not unit_in_reach(reviewer, RESERVATION, locked.registry_id, Action.EDIT):
        raise PermissionDenied
    if locked.status != ReservationStatus.PENDING_REVIEW:
        raise ApplicationError(_("该名称申报不在待审核状态。"), field="status")
    beyond = approval_beyond_reviewer(reviewer=reviewer, reservation=locked)
    if beyond is None:
        raise ApplicationError(
            _("该名称由本机关审核决定，无须告知申报人另行取得批准。"), field="decision"
        )
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise ApplicationError(
            _("审核意见最多 %(max)d 个字。") % {"max": MAX_REASON_LENGTH}, field="reason"
        )
    before = _reservation_snapshot(locked)
    locked.approval_referred_at = timezone.now()
    locked.reviewer = reviewer
    locked.review_reason = reason
    locked.save(update_fields=["approval_referred_at", "reviewer", "review_reason", "updated_at"])
    audit_record(
        actor=reviewer,
        action="namecheck.reservation.refer_for_approval",
        instance=locked,
        before=before,
        after={**_reservation_snapshot(locked), "approval_level": str(beyond)},
    )
    values = {
        "name": locked.proposed_name,
        "registry": locked.registry.name,
        "approver": approver_name(beyond),
        "words": _restricted_words(locked),
    }
    body = (
        _(
            "您申报的企业名称“%(name)s”含“%(words)s”，须经%(approver)s批准，%(registry)s不能自行核准。"
            "请取得批准文件后向%(registry)s提交文号；名称在审核期间保留。"
        )
        % values
    )
    if reason:
        body += _("审核意见：%(reason)s") % {"reason": reason}
    notify(
        recipient=locked.applicant,
        title=_("名称须取得批准：%(name)s") % values,
        body=body,
        url=_reservation_url(locked),
    )
    return locked


@transaction.atomic
def reservation_expire_due(*, today: date | None = None) -> int:
    """Expire every reservation whose period ended before `today`; returns how many."""
    today = today or timezone.localdate()
    due = (
        NameReservation.objects.select_for_update(skip_locked=True)
        .select_related("registry", "applicant")
        .filter(status=ReservationStatus.RESERVED, reserved_until__lt=today)
        .order_by("id")
    )
    count = 0
    for reservation in due:
        _expire(reservation)
        count += 1
    return count


def _expire(reservation: NameReservation) -> None:
    """Mark a locked reservation whose period has ended as expired, and free its name."""
    before = _reservation_snapshot(reservation)
    reservation.status = ReservationStatus.EXPIRED
    reservation.save(update_fields=["status", "updated_at"])
    _log_reservation(reservation)
    audit_record(
        actor=None,
        action="namecheck.reservation.expire",
        instance=reservation,
        before=before,
        after=_reservation_snapshot(reservation),
    )
    _notify_applicant(reservation)
