"""Services of 守合同重信用 publicity (docs/rules/credit.md §6).

`contract_apply`: an enterprise's authorised user applies for one year at one level; refused,
naming the field, when the enterprise has fewer full accounting years than configured, is on the
abnormal or serious list, is barred after a revocation or a voluntary withdrawal, jumps a level
without two consecutive years at the level below (unless a leading-enterprise standing is
recorded), has an open application, did not perform every contract, or does not consent.
`contract_application_withdraw` takes a submitted application back. `contract_approve` publishes
(re-checked at approval; an earlier active publicity of the enterprise is superseded), and
`contract_reject` refuses with a reason. `contract_publicity_withdraw` (the enterprise) and
`contract_publicity_revoke` (a supervisor) end a publicity. `contract_upkeep` is the scheduled
step: set-based expiry and revocation of listed or penalised enterprises; `contract_revoke_listed`
is the same revocation for a few enterprises, called when a listing is confirmed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.core.notification_services import notify
from hongdun.core.services import audit_record
from hongdun.credit.choices import (
    ApplicationStatus,
    ContractLevel,
    LeadingException,
    PublicityStatus,
)
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_cache import public_cache_invalidate
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.supervision.choices import ListingStatus
from hongdun.supervision.engine.deadlines import years_after
from hongdun.supervision.models import AbnormalListing, ScheduledRun, SeriousListing

MANAGEMENT_MAX = 4000
EVIDENCE_MAX = 2000
REASON_MAX = 2000
REVENUE_MAX = Decimal("999999999999.99")

LEVEL_ORDER = (ContractLevel.A, ContractLevel.AA, ContractLevel.AAA)
# The standings that let an application skip the two years at the level below it.
EXCEPTIONS_FOR = {
    ContractLevel.AA: (LeadingException.CITY, LeadingException.PROVINCE, LeadingException.NATION),
    ContractLevel.AAA: (LeadingException.PROVINCE, LeadingException.NATION),
}
# A publicity "held" a year when it ran (or still runs) its course; a revoked or withdrawn one
# does not count towards the next level.
HELD_STATUSES = (PublicityStatus.ACTIVE, PublicityStatus.EXPIRED)


@dataclass(frozen=True, slots=True)
class ContractRules:
    full_years: int
    publicity_years: int
    revoked_bar_years: int
    withdrawn_bar_years: int
    penalty_threshold: Decimal


def contract_rules() -> ContractRules:
    config = settings.HONGDUN
    return ContractRules(
        full_years=int(config["CREDIT_CONTRACT_FULL_YEARS"]),
        publicity_years=int(config["CREDIT_CONTRACT_PUBLICITY_YEARS"]),
        revoked_bar_years=int(config["CREDIT_CONTRACT_REVOKED_BAR_YEARS"]),
        withdrawn_bar_years=int(config["CREDIT_CONTRACT_WITHDRAWN_BAR_YEARS"]),
        penalty_threshold=Decimal(str(config["CREDIT_CONTRACT_PENALTY_THRESHOLD"])),
    )


# --- penalties ------------------------------------------------------------------------------------

# Which enterprises were penalised above an amount (yuan) since a day: the enforcement register
# (行政处罚, a later issue) registers its reader here; until then no enterprise is penalised.
PenaltySource = Callable[[Decimal, datetime.date], QuerySet[Enterprise]]
_PENALTY_SOURCES: list[PenaltySource] = []


def register_penalty_source(source: PenaltySource) -> None:
    """Add a reader of penalised enterprises (the enforcement app calls it at start)."""
    if source not in _PENALTY_SOURCES:
        _PENALTY_SOURCES.append(source)


def unregister_penalty_source(source: PenaltySource) -> None:
    if source in _PENALTY_SOURCES:
        _PENALTY_SOURCES.remove(source)


def penalised_enterprise_ids(threshold: Decimal, since: datetime.date) -> list[int]:
    """Ids of enterprises penalised above `threshold` yuan on or after `since`; none while no
    penalty register is installed."""
    found: set[int] = set()
    for source in _PENALTY_SOURCES:
        found.update(source(threshold, since).values_list("pk", flat=True))
    return sorted(found)


# --- snapshots, users, notices -----------------------------------------------------------------


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def application_snapshot(row: ContractCreditApplication) -> dict[str, Any]:
    return {
        "enterprise": row.enterprise_id,
        "authority": row.authority_id,
        "year": row.year,
        "level": row.level,
        "leading_exception": row.leading_exception,
        "contracts_signed": row.contracts_signed,
        "contracts_performed": row.contracts_performed,
        "revenue": str(row.revenue),
        "consent_to_publish": row.consent_to_publish,
        "status": row.status,
        "review_note": row.review_note,
    }


def publicity_snapshot(row: ContractCreditPublicity) -> dict[str, Any]:
    return {
        "enterprise": row.enterprise_id,
        "application": row.application_id,
        "level": row.level,
        "year": row.year,
        "published_on": _day(row.published_on),
        "expires_on": _day(row.expires_on),
        "status": row.status,
        "ended_on": _day(row.ended_on),
        "end_reason": row.end_reason,
    }


def _signed_in(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _authorised_users(enterprise_id: int, today: datetime.date) -> list[User]:
    ids = (
        EnterpriseAuthorisation.objects.filter(enterprise_id=enterprise_id, revoked_at__isnull=True)
        .exclude(valid_until__lt=today)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _notify_enterprise(enterprise_id: int, *, title: str, body: str, today: datetime.date) -> int:
    url = reverse("portal-contract-credit:list")
    users = _authorised_users(enterprise_id, today)
    for user in users:
        notify(recipient=user, title=title, body=body, url=url)
    return len(users)


def may_act_for(user: User | None, enterprise: Enterprise, today: datetime.date) -> bool:
    """Whether `user` holds a live portal authorisation for `enterprise`."""
    if user is None or not user.is_authenticated:
        return False
    return (
        EnterpriseAuthorisation.objects.filter(
            enterprise=enterprise, user_id=user.pk, revoked_at__isnull=True
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exists()
    )


# --- eligibility ----------------------------------------------------------------------------------


def full_accounting_years(established_on: datetime.date, year: int) -> int:
    """Full calendar (accounting) years between establishment and 1 January of `year`: the year
    of establishment counts only when the enterprise was established on 1 January."""
    first_full = (
        established_on.year
        if (established_on.month, established_on.day) == (1, 1)
        else established_on.year + 1
    )
    return max(0, year - first_full)


def level_below(level: str) -> str | None:
    index = LEVEL_ORDER.index(ContractLevel(level))
    return LEVEL_ORDER[index - 1] if index > 0 else None


def _rank(level: str) -> int:
    return LEVEL_ORDER.index(ContractLevel(level))


@dataclass(frozen=True, slots=True)
class Bar:
    """A publicity that bars a new application until `until` (the first day one is possible)."""

    publicity: ContractCreditPublicity
    until: datetime.date


def bar_of(
    enterprise_id: int, today: datetime.date, rules: ContractRules | None = None
) -> Bar | None:
    """The bar in force on `today`, the one lasting longest if several: a revocation within the
    revocation bar's years, a voluntary withdrawal within the withdrawal bar's."""
    rules = rules or contract_rules()
    years = {
        PublicityStatus.REVOKED: rules.revoked_bar_years,
        PublicityStatus.WITHDRAWN: rules.withdrawn_bar_years,
    }
    found: Bar | None = None
    rows = ContractCreditPublicity.objects.filter(
        enterprise_id=enterprise_id, status__in=tuple(years), ended_on__isnull=False
    )
    for row in rows:
        assert row.ended_on is not None  # noqa: S101 - filtered above
        until = years_after(row.ended_on, years[PublicityStatus(row.status)])
        if today < until and (found is None or until > found.until):
            found = Bar(publicity=row, until=until)
    return found


def _held_levels(enterprise_id: int, years: Iterable[int]) -> dict[int, int]:
    """Per year, the highest level the enterprise held that year (by rank)."""
    held: dict[int, int] = {}
    rows = ContractCreditPublicity.objects.filter(
        enterprise_id=enterprise_id, year__in=list(years), status__in=HELD_STATUSES
    ).values_list("year", "level")
    for year, level in rows:
        held[year] = max(held.get(year, -1), _rank(level))
    return held


def contract_eligibility(
    *,
    enterprise: Enterprise,
    year: int,
    level: str,
    leading_exception: str = "",
    today: datetime.date,
    rules: ContractRules | None = None,
) -> None:
    """Raise the first reason `enterprise` may not be published at `level` for `year` (the
    checks at application and again at approval); return when it may."""
    rules = rules or contract_rules()
    if enterprise.status != EnterpriseStatus.ACTIVE:
        raise ApplicationError(
            _("该市场主体登记状态为“%(status)s”，只有存续的企业可以申报守合同重信用。")
            % {"status": enterprise.get_status_display()},
            field="enterprise",
        )
    full = full_accounting_years(enterprise.established_on, year)
    if full < rules.full_years:
        first = datetime.date(enterprise.established_on.year + rules.full_years + 1, 1, 1)
        if (enterprise.established_on.month, enterprise.established_on.day) == (1, 1):
            first = datetime.date(enterprise.established_on.year + rules.full_years, 1, 1)
        raise ApplicationError(
            _(
                "申报须自成立起满%(need)s个完整会计年度。该企业成立于%(established)s，"
                "至%(year)s年初只有%(full)s个完整会计年度，最早可申报%(first)s年度。"
            )
            % {
                "need": rules.full_years,
                "established": enterprise.established_on.isoformat(),
                "year": year,
                "full": full,
                "first": first.year,
            },
            field="year",
        )
    if enterprise.on_serious_list:
        raise ApplicationError(
            _("该企业在严重违法失信名单中，不能申报守合同重信用；移出后方可申报。"),
            field="enterprise",
        )
    if enterprise.on_abnormal_list:
        raise ApplicationError(
            _("该企业在经营异常名录中，不能申报守合同重信用；移出后方可申报。"),
            field="enterprise",
        )
    bar = bar_of(enterprise.pk, today, rules)
    if bar is not None:
        assert bar.publicity.ended_on is not None  # noqa: S101 - a bar comes from an end
        what = (
            _("被撤销守合同重信用公示")
            if bar.publicity.status == PublicityStatus.REVOKED
            else _("主动退出守合同重信用公示")
        )
        raise ApplicationError(
            _("该企业于%(day)s%(what)s，%(until)s起方可重新申报。")
            % {"day": bar.publicity.ended_on.isoformat(), "what": what, "until": bar.until},
            field="enterprise",
        )
    if level not in ContractLevel.values:
        raise ApplicationError(_("申报等级：请选择A级、AA级或AAA级。"), field="level")
    if leading_exception and leading_exception not in LeadingException.values:
        raise ApplicationError(_("行业龙头企业：请从列表中选择一项。"), field="leading_exception")
    below = level_below(level)
    if below is None:
        return
    held = _held_levels(enterprise.pk, (year - 1, year - 2))
    if held.get(year - 1, -1) >= _rank(level):
        return  # a renewal at the level held (or below it) is no jump
    if all(held.get(y, -1) >= _rank(below) for y in (year - 1, year - 2)):
        return
    allowed = EXCEPTIONS_FOR[ContractLevel(level)]
    if leading_exception in allowed:
        return
    if leading_exception:
        raise ApplicationError(
            _("%(exception)s不能直接申报%(level)s；%(level)s须为省级或国家级行业龙头企业。")
            % {
                "exception": LeadingException(leading_exception).label,
                "level": ContractLevel(level).label,
            },
            field="leading_exception",
        )
    raise ApplicationError(
        _(
            "申报%(level)s须在%(y2)s、%(y1)s连续两个年度获得%(below)s（或以上）公示；"
            "该企业未满足。请申报较低等级，或填写行业龙头企业认定情况。"
        )
        % {
            "level": ContractLevel(level).label,
            "below": ContractLevel(below).label,
            "y1": year - 1,
            "y2": year - 2,
        },
        field="level",
    )


# --- apply ----------------------------------------------------------------------------------------


def _text(value: Any, *, field: str, limit: int, label: str, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > limit:
        raise ApplicationError(
            _("%(label)s不能超过%(limit)s个字，请删减。") % {"label": label, "limit": limit},
            field=field,
        )
    return text


def _count(value: Any, *, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApplicationError(_("%(label)s请填写不小于0的整数。") % {"label": label}, field=field)
    return value


def _revenue(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = Decimal("-1")
    if not amount.is_finite() or amount < 0 or amount > REVENUE_MAX:
        raise ApplicationError(
            _("上年度营业收入请填写不小于0的金额（万元，最多两位小数）。"), field="revenue"
        )
    return amount.quantize(Decimal("0.01"))


def _year(value: Any, today: datetime.date) -> int:
    allowed = (today.year - 1, today.year)
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ApplicationError(
            _("申报年度只能是%(a)s年或%(b)s年。") % {"a": allowed[0], "b": allowed[1]},
            field="year",
        )
    return value


@transaction.atomic
def contract_apply(
    *,
    actor: User,
    enterprise: Enterprise,
    year: Any,
    level: Any,
    contract_management: str,
    contracts_signed: Any,
    contracts_performed: Any,
    revenue: Any,
    consent_to_publish: bool,
    leading_exception: str = "",
    leading_evidence: str = "",
    today: datetime.date | None = None,
) -> ContractCreditApplication:
    """Submit an application for `enterprise` as its authorised user (see the module)."""
    today = today or timezone.localdate()
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not may_act_for(actor, locked, today):
        raise ApplicationError(
            _("您没有代该企业办理的有效授权，请先到登记机关办理网上办理授权。"),
            field="enterprise",
        )
    the_year = _year(year, today)
    level = str(level or "")
    if level not in ContractLevel.values:
        raise ApplicationError(_("申报等级：请选择A级、AA级或AAA级。"), field="level")
    management = _text(
        contract_management,
        field="contract_management",
        limit=MANAGEMENT_MAX,
        label=_("合同管理制度和机构"),
    )
    signed = _count(contracts_signed, field="contracts_signed", label=_("上年度签订合同数"))
    performed = _count(
        contracts_performed, field="contracts_performed", label=_("上年度履约合同数")
    )
    if signed == 0:
        raise ApplicationError(
            _("上年度签订合同数为0，无法评价合同履约情况；请填写上年度实际签订的合同数。"),
            field="contracts_signed",
        )
    if performed > signed:
        raise ApplicationError(
            _("履约合同数（%(p)s）不能多于签订合同数（%(s)s），请核对。")
            % {"p": performed, "s": signed},
            field="contracts_performed",
        )
    if performed != signed:
        rate = Decimal(performed * 100) / Decimal(signed)
        raise ApplicationError(
            _(
                "上年度合同履约率为%(rate)s%%（签订%(s)s份，履约%(p)s份），须达到100%%"
                "（不可抗力或协商解除的合同不计入签订数）。"
            )
            % {"rate": f"{rate:.1f}", "s": signed, "p": performed},
            field="contracts_performed",
        )
    amount = _revenue(revenue)
    exception = str(leading_exception or "")
    if exception not in LeadingException.values:
        raise ApplicationError(_("行业龙头企业：请从列表中选择一项。"), field="leading_exception")
    evidence = _text(
        leading_evidence,
        field="leading_evidence",
        limit=EVIDENCE_MAX,
        label=_("龙头企业认定依据"),
        required=bool(exception),
    )
    if not consent_to_publish:
        raise ApplicationError(
            _("申报须同意公示合同和经营数据，请勾选“同意公示”。"), field="consent_to_publish"
        )
    open_message = _("该企业已有一份待审核的申请；请等待审核结果，或撤回后重新申报。")
    if ContractCreditApplication.objects.filter(
        enterprise=locked, status=ApplicationStatus.SUBMITTED
    ).exists():
        raise ApplicationError(open_message, field="enterprise")
    if ContractCreditApplication.objects.filter(
        enterprise=locked, year=the_year, status=ApplicationStatus.APPROVED
    ).exists():
        raise ApplicationError(
            _("该企业%(year)s年度的申报已经通过，不能重复申报。") % {"year": the_year},
            field="year",
        )
    contract_eligibility(
        enterprise=locked, year=the_year, level=level, leading_exception=exception, today=today
    )
    try:
        with transaction.atomic():
            row = ContractCreditApplication.objects.create(
                enterprise=locked,
                authority_id=locked.registration_authority_id,
                year=the_year,
                level=level,
                leading_exception=exception,
                leading_evidence=evidence if exception else "",
                contract_management=management,
                contracts_signed=signed,
                contracts_performed=performed,
                revenue=amount,
                consent_to_publish=True,
                submitted_by=actor,
            )
    except IntegrityError:  # a concurrent submission won (credit_one_open_contract_application)
        raise ApplicationError(open_message, field="enterprise") from None
    audit_record(
        actor=actor,
        action="credit.contract.apply",
        instance=row,
        after=application_snapshot(row),
    )
    return row


def _locked_application(
    application: ContractCreditApplication,
) -> tuple[Enterprise, ContractCreditApplication]:
    """The enterprise row, then the application, both locked (the same order everywhere)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=application.enterprise_id)
    row = ContractCreditApplication.objects.select_for_update().get(pk=application.pk)
    return enterprise, row


def _require_submitted(row: ContractCreditApplication) -> None:
    if row.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError(
            _("该申请当前状态为“%(status)s”，不能办理这一步；请刷新页面查看最新状态。")
            % {"status": row.get_status_display()},
            field="status",
        )


@transaction.atomic
def contract_application_withdraw(
    *, actor: User, application: ContractCreditApplication, today: datetime.date | None = None
) -> ContractCreditApplication:
    """The enterprise takes back a submitted application (no bar follows)."""
    today = today or timezone.localdate()
    enterprise, row = _locked_application(application)
    if not may_act_for(actor, enterprise, today):
        raise ApplicationError(_("您没有代该企业办理的有效授权。"), field="enterprise")
    _require_submitted(row)
    before = application_snapshot(row)
    row.status = ApplicationStatus.WITHDRAWN
    row.save()
    audit_record(
        actor=actor,
        action="credit.contract.application_withdraw",
        instance=row,
        before=before,
        after=application_snapshot(row),
    )
    return row


# --- review ---------------------------------------------------------------------------------------


def _lock_active(rows: QuerySet[ContractCreditPublicity]) -> list[int]:
    """Lock the active rows among `rows` and return their ids: a concurrent writer that ended
    one first has taken it out of the selection when the lock is granted (PostgreSQL re-reads
    the condition; SQLite runs one writer at a time)."""
    return list(
        rows.filter(status=PublicityStatus.ACTIVE)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _end(
    rows: QuerySet[ContractCreditPublicity],
    *,
    status: str,
    day: datetime.date,
    reason: Any,
    actor: User | None,
    action: str,
) -> list[ContractCreditPublicity]:
    """End the active publicities among `rows` (one UPDATE), with their history versions and
    audit entries; returns them as ended."""
    now = timezone.now()
    ids = _lock_active(rows)
    if not ids:
        return []
    ContractCreditPublicity.objects.filter(pk__in=ids, status=PublicityStatus.ACTIVE).update(
        status=status,
        ended_on=day,
        end_reason=reason,
        ended_by=_signed_in(actor),
        updated_at=now,
    )
    ended = list(ContractCreditPublicity.objects.filter(pk__in=ids).order_by("pk"))
    # The UPDATE bypasses save(): the versions are written in one INSERT.
    ContractCreditPublicity.history.bulk_history_create(
        ended, update=True, default_user=_signed_in(actor), default_date=now
    )
    AuditLog.objects.bulk_create(
        AuditLog(
            actor=_signed_in(actor),
            action=action,
            object_type=ContractCreditPublicity._meta.label_lower,
            object_id=str(row.pk),
            object_repr=str(row)[:255],
            before={"status": PublicityStatus.ACTIVE},
            after=publicity_snapshot(row),
        )
        for row in ended
    )
    enterprise_ids = sorted({row.enterprise_id for row in ended})
    public_cache_invalidate(enterprise_ids)
    return ended


@transaction.atomic
def contract_approve(
    *,
    actor: User,
    application: ContractCreditApplication,
    note: str = "",
    today: datetime.date | None = None,
) -> ContractCreditPublicity:
    """Approve a submitted application: the publicity starts today and lasts the configured
    years; the enterprise's earlier active publicity ends (superseded). The eligibility is read
    again, so an enterprise listed since it applied is refused."""
    today = today or timezone.localdate()
    text = _text(note, field="note", limit=REASON_MAX, label=_("审核意见"), required=False)
    enterprise, row = _locked_application(application)
    _require_submitted(row)
    contract_eligibility(
        enterprise=enterprise,
        year=row.year,
        level=row.level,
        leading_exception=row.leading_exception,
        today=today,
    )
    rules = contract_rules()
    before = application_snapshot(row)
    _end(
        ContractCreditPublicity.objects.filter(enterprise=enterprise),
        status=PublicityStatus.EXPIRED,
        day=today,
        reason=_("由%(year)s年度%(level)s公示取代。")
        % {"year": row.year, "level": row.get_level_display()},
        actor=actor,
        action="credit.contract.publicity_supersede",
    )
    row.status = ApplicationStatus.APPROVED
    row.reviewed_by = actor
    row.reviewed_at = timezone.now()
    row.review_note = text
    row.save()
    try:
        with transaction.atomic():
            publicity = ContractCreditPublicity.objects.create(
                enterprise=enterprise,
                application=row,
                authority_id=row.authority_id,
                level=row.level,
                year=row.year,
                published_on=today,
                # The last day of the term (有效期至): two years are up the day before the
                # anniversary of publication.
                expires_on=years_after(today, rules.publicity_years) - datetime.timedelta(days=1),
            )
    except IntegrityError:  # another approval published first (one publicity per application)
        raise ApplicationError(
            _("该申请已有公示记录；请刷新页面查看最新状态。"), field="status"
        ) from None
    audit_record(
        actor=actor,
        action="credit.contract.approve",
        instance=row,
        before=before,
        after=application_snapshot(row),
    )
    audit_record(
        actor=actor,
        action="credit.contract.publish",
        instance=publicity,
        after=publicity_snapshot(publicity),
    )
    _notify_enterprise(
        enterprise.pk,
        title=_("守合同重信用申报已通过"),
        body=_(
            "%(name)s（统一社会信用代码 %(uscc)s）%(year)s年度%(level)s守合同重信用申报已通过，"
            "自%(from)s起公示，有效期至%(to)s。"
        )
        % {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "year": row.year,
            "level": row.get_level_display(),
            "from": today.isoformat(),
            "to": publicity.expires_on.isoformat(),
        },
        today=today,
    )
    return publicity


@transaction.atomic
def contract_reject(
    *,
    actor: User,
    application: ContractCreditApplication,
    reason: str,
    today: datetime.date | None = None,
) -> ContractCreditApplication:
    """Refuse a submitted application with the reason the enterprise reads."""
    today = today or timezone.localdate()
    text = _text(reason, field="reason", limit=REASON_MAX, label=_("不予通过理由"))
    enterprise, row = _locked_application(application)
    _require_submitted(row)
    before = application_snapshot(row)
    row.status = ApplicationStatus.REJECTED
    row.reviewed_by = actor
    row.reviewed_at = timezone.now()
    row.review_note = text
    row.save()
    audit_record(
        actor=actor,
        action="credit.contract.reject",
        instance=row,
        before=before,
        after=application_snapshot(row),
    )
    _notify_enterprise(
        enterprise.pk,
        title=_("守合同重信用申报未通过"),
        body=_("%(name)s %(year)s年度%(level)s守合同重信用申报未通过。理由：%(reason)s")
        % {
            "name": enterprise.name,
            "year": row.year,
            "level": row.get_level_display(),
            "reason": text,
        },
        today=today,
    )
    return row


# --- ending a publicity -----------------------------------------------------------------------


def _require_active(row: ContractCreditPublicity) -> None:
    if row.status != PublicityStatus.ACTIVE:
        raise ApplicationError(
            _("该公示当前状态为“%(status)s”，不能办理这一步；请刷新页面查看最新状态。")
            % {"status": row.get_status_display()},
            field="status",
        )


def _locked_publicity(
    publicity: ContractCreditPublicity,
) -> tuple[Enterprise, ContractCreditPublicity]:
    enterprise = Enterprise.objects.select_for_update().get(pk=publicity.enterprise_id)
    row = ContractCreditPublicity.objects.select_for_update().get(pk=publicity.pk)
    return enterprise, row


@transaction.atomic
def contract_publicity_withdraw(
    *,
    actor: User,
    publicity: ContractCreditPublicity,
    reason: str = "",
    today: datetime.date | None = None,
) -> ContractCreditPublicity:
    """The enterprise leaves the publicity of its own will; it may not apply again for the
    configured years (2 by default)."""
    today = today or timezone.localdate()
    text = _text(reason, field="reason", limit=REASON_MAX, label=_("退出原因"), required=False)
    enterprise, row = _locked_publicity(publicity)
    if not may_act_for(actor, enterprise, today):
        raise ApplicationError(_("您没有代该企业办理的有效授权。"), field="enterprise")
    _require_active(row)
    full = _("企业主动申请退出。") + (text if text else "")
    _end(
        ContractCreditPublicity.objects.filter(pk=row.pk),
        status=PublicityStatus.WITHDRAWN,
        day=today,
        reason=full,
        actor=actor,
        action="credit.contract.publicity_withdraw",
    )
    row.refresh_from_db()
    return row


@transaction.atomic
def contract_publicity_revoke(
    *,
    actor: User,
    publicity: ContractCreditPublicity,
    reason: str,
    today: datetime.date | None = None,
) -> ContractCreditPublicity:
    """A supervisor revokes a publicity with the reason; the enterprise may not apply again for
    the configured years (4 by default)."""
    today = today or timezone.localdate()
    text = _text(reason, field="reason", limit=REASON_MAX, label=_("撤销理由"))
    _enterprise, row = _locked_publicity(publicity)
    _require_active(row)
    _end(
        ContractCreditPublicity.objects.filter(pk=row.pk),
        status=PublicityStatus.REVOKED,
        day=today,
        reason=text,
        actor=actor,
        action="credit.contract.publicity_revoke",
    )
    row.refresh_from_db()
    _notify_revoked([row], today)
    return row


def _notify_revoked(rows: Iterable[ContractCreditPublicity], today: datetime.date) -> None:
    rules = contract_rules()
    for row in rows:
        _notify_enterprise(
            row.enterprise_id,
            title=_("守合同重信用公示已撤销"),
            body=_(
                "贵企业%(year)s年度%(level)s守合同重信用公示已于%(day)s撤销。原因：%(reason)s"
                "自%(until)s起方可重新申报。"
            )
            % {
                "year": row.year,
                "level": row.get_level_display(),
                "day": today.isoformat(),
                "reason": row.end_reason,
                "until": years_after(today, rules.revoked_bar_years).isoformat(),
            },
            today=today,
        )


# --- revocation on listing, expiry: the scheduled step -------------------------------------------


def _listing_reason(model: Any, head: str, tail: str) -> Any:
    """The revocation reason naming the list and the day of the listing in force (latest)."""
    listed_on = Subquery(
        model.objects.filter(enterprise_id=OuterRef("enterprise_id"), status=ListingStatus.LISTED)
        .order_by("-listed_on", "-pk")
        .values("listed_on")[:1]
    )
    return Concat(Value(head), Cast(listed_on, CharField()), Value(tail), output_field=CharField())


def _listed_reason_parts(serious: bool) -> tuple[str, str]:
    template = (
        _("该企业于%(day)s被列入严重违法失信名单，依照规定撤销守合同重信用公示。")
        if serious
        else _("该企业于%(day)s被列入经营异常名录，依照规定撤销守合同重信用公示。")
    )
    head, _sep, tail = template.partition("%(day)s")
    return head, tail


def _revoke_by_listing(
    active: QuerySet[ContractCreditPublicity], *, day: datetime.date, commit: bool
) -> dict[str, int]:
    """Revoke the active publicities of `active` whose enterprise is on a list: the serious list
    first (its reason names it), then the abnormal list."""
    counts = {"revoked_serious": 0, "revoked_abnormal": 0}
    for serious, key, model in (
        (True, "revoked_serious", SeriousListing),
        (False, "revoked_abnormal", AbnormalListing),
    ):
        flag = "enterprise__on_serious_list" if serious else "enterprise__on_abnormal_list"
        rows = active.filter(status=PublicityStatus.ACTIVE, **{flag: True})
        if not commit:
            counts[key] = rows.count()
            continue
        head, tail = _listed_reason_parts(serious)
        ids = _lock_active(rows)
        if not ids:
            continue
        now = timezone.now()
        ContractCreditPublicity.objects.filter(pk__in=ids).update(
            status=PublicityStatus.REVOKED,
            ended_on=day,
            end_reason=_listing_reason(model, head, tail),
            ended_by=None,
            updated_at=now,
        )
        ended = list(ContractCreditPublicity.objects.filter(pk__in=ids).order_by("pk"))
        ContractCreditPublicity.history.bulk_history_create(ended, update=True, default_date=now)
        AuditLog.objects.bulk_create(
            AuditLog(
                actor=None,
                action="credit.contract.publicity_revoke_listed",
                object_type=ContractCreditPublicity._meta.label_lower,
                object_id=str(row.pk),
                object_repr=str(row)[:255],
                before={"status": PublicityStatus.ACTIVE},
                after=publicity_snapshot(row),
            )
            for row in ended
        )
        enterprise_ids = sorted({row.enterprise_id for row in ended})
        public_cache_invalidate(enterprise_ids)
        _notify_revoked(ended, day)
        counts[key] = len(ended)
    return counts


@transaction.atomic
def contract_revoke_listed(
    *, enterprise_ids: Iterable[int], day: datetime.date | None = None
) -> dict[str, int]:
    """Revoke at once the active publicities of these enterprises if they are now on a list
    (called after a listing is confirmed)."""
    day = day or timezone.localdate()
    ids = sorted(set(enterprise_ids))
    if not ids:
        return {"revoked_serious": 0, "revoked_abnormal": 0}
    list(Enterprise.objects.filter(pk__in=ids).order_by("pk").select_for_update().values("pk"))
    active = ContractCreditPublicity.objects.filter(
        enterprise_id__in=ids, status=PublicityStatus.ACTIVE
    )
    return _revoke_by_listing(active, day=day, commit=True)


def _revoke_penalised(*, day: datetime.date, commit: bool, rules: ContractRules) -> int:
    """Revoke the active publicities of enterprises penalised above the threshold within the
    last publicity term (the years a publicity runs, back from `day`)."""
    penalised = penalised_enterprise_ids(
        rules.penalty_threshold, years_after(day, -rules.publicity_years)
    )
    if not penalised:
        return 0
    rows = ContractCreditPublicity.objects.filter(
        status=PublicityStatus.ACTIVE, enterprise_id__in=penalised
    )
    if not commit:
        return rows.count()
    ended = _end(
        rows,
        status=PublicityStatus.REVOKED,
        day=day,
        reason=_("该企业受到罚没款金额超过%(amount)s元的行政处罚，依照规定撤销守合同重信用公示。")
        % {"amount": rules.penalty_threshold},
        actor=None,
        action="credit.contract.publicity_revoke_penalised",
    )
    _notify_revoked(ended, day)
    return len(ended)


def contract_upkeep(
    *, day: datetime.date, run: ScheduledRun | None, commit: bool
) -> dict[str, int]:
    """The scheduled step (JobName.CONTRACT_CREDIT_UPKEEP), set-based and idempotent: expire the
    publicities whose last day (`expires_on`, 有效期至) is before `day`; revoke those of
    enterprises on a list or penalised above the threshold. A dry run counts and writes nothing.
    `run_step` wraps it in its transaction with the run's log row and audit entry."""
    rules = contract_rules()
    with transaction.atomic():
        expiring = ContractCreditPublicity.objects.filter(
            status=PublicityStatus.ACTIVE, expires_on__lt=day
        )
        if commit:
            expired = len(
                _end(
                    expiring,
                    status=PublicityStatus.EXPIRED,
                    day=day,
                    reason=_("公示期届满。"),
                    actor=None,
                    action="credit.contract.publicity_expire",
                )
            )
        else:
            expired = expiring.count()
        active = ContractCreditPublicity.objects.filter(status=PublicityStatus.ACTIVE)
        if not commit:
            # The dry run leaves the expiring rows active: count only those that stay.
            active = active.filter(expires_on__gte=day)
        counts = _revoke_by_listing(active, day=day, commit=commit)
        counts["revoked_penalised"] = _revoke_penalised(day=day, commit=commit, rules=rules)
        counts["expired"] = expired
    return counts


def revoke_on_listing(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save receiver on the supervision listing models: a listing in force revokes the
    enterprise's publicity once the decision has committed (the register's flags are then set)."""
    if kwargs.get("raw") or getattr(instance, "status", None) != ListingStatus.LISTED:
        return
    enterprise_id = instance.enterprise_id
    # Robust: a failure here must not turn the committed listing decision into an error page;
    # the next scheduled upkeep revokes what was missed.
    transaction.on_commit(
        lambda: contract_revoke_listed(enterprise_ids=[enterprise_id]), robust=True
    )
