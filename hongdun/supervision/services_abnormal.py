"""Services of the abnormal-operation list (经营异常名录, docs/rules/supervision.md §1).

`abnormal_propose` puts an enterprise on the list of candidates (reasons 2–4 by a clerk from an
order, a verification or a returned letter; reason 4 from an inspection finding; reason 1 by a
clerk for one enterprise, the scheduled run proposes the year's non-filers in one pass).

The decisions follow it: `abnormal_confirm` / `abnormal_confirm_bulk` list candidates (decision
date, a document number per authority and year), `abnormal_dismiss` dismisses one with a reason,
`abnormal_record_late_reason` writes why a decision is (or was) late; `removal_apply` and
`removal_decide` take an enterprise off the list once the records show the cure;
`objection_file` and `objection_decide` handle an objection within the objection period.

Every decision locks the rows it decides (the listing, then the authority's row while a document
number is drawn), so two clerks deciding the same candidate give one decision and the other is
told who decided; the list flags on the register (`refresh_standing`) and the public record's
cache follow in the same transaction; the enterprise's authorised users are notified.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.notification_services import notify
from hongdun.core.scope import Action, instance_in_reach
from hongdun.core.services import audit_record
from hongdun.core.verification import verification_code_issue
from hongdun.disclosure.engine.window import deadline
from hongdun.disclosure.models import AnnualReport, AnnualReportVersion, ImmediateDisclosure
from hongdun.disclosure.progress import FIRST_REPORT_YEAR
from hongdun.disclosure.rules import window_rules
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_cache import public_cache_invalidate
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.registration.services import authorisation_is_live
from hongdun.supervision.choices import (
    CURES,
    OPEN_LISTING_STATUSES,
    AbnormalReason,
    ListingSource,
    ListingStatus,
    RemovalGround,
    RequestStatus,
)
from hongdun.supervision.engine.deadlines import (
    listing_decision_due,
    objection_last_day,
    removal_decision_due,
)
from hongdun.supervision.models import (
    AbnormalListing,
    ListingObjection,
    RemovalRequest,
    ScheduledRun,
)
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.standing import refresh_standing

# The register statuses under which an enterprise can still be listed: it exists (a revoked
# licence does not end the enterprise; deregistration and revocation of the registration do).
LISTABLE_STATUSES = (EnterpriseStatus.ACTIVE, EnterpriseStatus.LICENCE_REVOKED)


def listing_snapshot(row: AbnormalListing) -> dict[str, Any]:
    """What the audit log keeps of an entry."""
    return {
        "enterprise": row.enterprise_id,
        "reason": row.reason,
        "status": row.status,
        "source": row.source,
        "report_year": row.report_year,
        "basis_on": row.basis_on.isoformat(),
        "decision_due_on": row.decision_due_on.isoformat(),
        "listed_on": row.listed_on.isoformat() if row.listed_on else None,
        "document_number": row.document_number,
        "removed_on": row.removed_on.isoformat() if row.removed_on else None,
        "removal_ground": row.removal_ground,
    }


def _locked_enterprise(enterprise: Enterprise) -> Enterprise:
    """The enterprise row, locked: listings of one enterprise are decided one at a time."""
    return Enterprise.objects.select_for_update().get(pk=enterprise.pk)


def _require_reason(reason: Any) -> int:
    try:
        value = int(reason)
    except (TypeError, ValueError):
        value = 0
    if value not in AbnormalReason.values:
        raise ApplicationError(_("列入事由：请从列表中选择一项（1–4）。"), field="reason")
    return value


def report_filed(enterprise: Enterprise, year: int) -> bool:
    """Whether the enterprise has submitted its report for `year` (on time or late)."""
    return AnnualReport.objects.filter(
        enterprise=enterprise, year=year, first_submitted_at__isnull=False
    ).exists()


@transaction.atomic
def abnormal_propose(
    *,
    actor: User | None,
    enterprise: Enterprise,
    reason: Any,
    basis_on: datetime.date,
    source: str,
    facts: str = "",
    source_reference: str = "",
    report_year: int | None = None,
    run: ScheduledRun | None = None,
    today: datetime.date | None = None,
) -> AbnormalListing:
    """Propose `enterprise` for the list for `reason`; refused (ApplicationError naming the field)
    when it cannot be listed, when the reason does not hold on the records (reason 1 for a year it
    filed), or when it already has an open entry for the reason."""
    code = _require_reason(reason)
    today = today or timezone.localdate()
    if source not in ListingSource.values:
        raise ApplicationError(_("来源：请从列表中选择一项。"), field="source")
    if basis_on > today:
        raise ApplicationError(_("起算日不能晚于今天，请填写已经发生的日期。"), field="basis_on")
    locked = _locked_enterprise(enterprise)
    if locked.status not in LISTABLE_STATUSES:
        raise ApplicationError(
            _("该市场主体已不在登记状态（%(status)s），不能列入经营异常名录。")
            % {"status": locked.get_status_display()},
            field="enterprise",
        )
    if code == AbnormalReason.NOT_FILED:
        if report_year is None:
            raise ApplicationError(_("请填写未报送的年度。"), field="report_year")
        if locked.established_on.year > report_year:
            raise ApplicationError(
                _("该企业成立于%(year)s年之后，不需报送%(report)s年度报告。")
                % {"year": report_year, "report": report_year},
                field="report_year",
            )
        if report_filed(locked, report_year):
            raise ApplicationError(
                _("该企业已报送%(year)s年度报告，不能以未报送年度报告为由列入。")
                % {"year": report_year},
                field="report_year",
            )
    elif not facts.strip():
        raise ApplicationError(
            _("请填写事实：责令公示的情况、核查的结果或邮寄无法送达的情况。"), field="facts"
        )
    if AbnormalListing.objects.filter(
        enterprise=locked, reason=code, status__in=OPEN_LISTING_STATUSES
    ).exists():
        raise ApplicationError(
            _("该企业已因同一事由被列入经营异常名录或已在待决定名单中。"), field="enterprise"
        )
    rules = supervision_rules()
    try:
        with transaction.atomic():
            row = AbnormalListing.objects.create(
                enterprise=locked,
                reason=code,
                source=source,
                report_year=report_year if code == AbnormalReason.NOT_FILED else None,
                facts=facts.strip(),
                source_reference=source_reference.strip(),
                basis_on=basis_on,
                decision_due_on=listing_decision_due(rules, basis_on, add_working_days),
                authority_id=locked.registration_authority_id,
                proposed_by=actor if actor is not None and actor.is_authenticated else None,
                proposed_by_run=run,
            )
    except IntegrityError:  # a concurrent proposal won (supervision_abnormal_one_open_per_reason)
        raise ApplicationError(
            _("该企业已因同一事由被列入经营异常名录或已在待决定名单中。"), field="enterprise"
        ) from None
    audit_record(
        actor=actor,
        action="supervision.abnormal.propose",
        instance=row,
        after=listing_snapshot(row),
    )
    return row


# --- shared pieces of the decisions -------------------------------------------------------------

# The verification kinds of the two decision notices (registered in apps.py, described in
# abnormal_documents.py): both documents are about one listing row.
LISTING_NOTICE = "supervision.abnormal_listing"
REMOVAL_NOTICE = "supervision.abnormal_removal"

MAX_PREFIX_LENGTH = 80
_NUMBER_TAIL = re.compile(r"(\d{1,6})号")


def _require_editor(actor: User | None, listing: AbnormalListing) -> User:
    """The clerk may decide this listing: a supervisor whose reach includes its authority."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if not instance_in_reach(actor, listing, Action.EDIT):
        raise PermissionDenied
    return actor


def _is_editor(actor: User, listing: AbnormalListing) -> bool:
    return instance_in_reach(actor, listing, Action.EDIT)


def _locked_listing(listing: AbnormalListing | int) -> AbnormalListing:
    pk = listing if isinstance(listing, int) else listing.pk
    return (
        AbnormalListing.objects.select_for_update(of=("self",))
        .select_related("enterprise", "authority", "decided_by")
        .get(pk=pk)
    )


def _decision_day(decided_on: datetime.date | None, today: datetime.date) -> datetime.date:
    day = decided_on or today
    if day > today:
        raise ApplicationError(
            _("决定日期不能晚于今天（%(today)s），请填写作出决定的日期。")
            % {"today": today.isoformat()},
            field="decided_on",
        )
    return day


def _check_late(due_on: datetime.date, decided_on: datetime.date, late_reason: str) -> str:
    """The late reason to keep; a decision after its deadline without one is refused."""
    if decided_on > due_on and not late_reason.strip():
        raise ApplicationError(
            _(
                "决定期限为%(due)s，%(day)s作出决定已经逾期。请填写逾期决定理由（例如核实事实"
                "所需的时间），再作出决定。"
            )
            % {"due": due_on.isoformat(), "day": decided_on.isoformat()},
            field="late_reason",
        )
    return late_reason.strip() if decided_on > due_on else ""


def _handled_already(
    row: AbnormalListing | RemovalRequest | ListingObjection,
    who: User | None,
    message: str,
    *,
    field: str,
) -> ApplicationError:
    """The refusal of a second decision: `message` names who decided (%(who)s) and the row's
    status (%(status)s)."""
    return ApplicationError(
        message
        % {
            "who": (who.get_full_name() or who.username) if who else _("他人"),
            "status": row.get_status_display(),
        },
        field=field,
    )


def _already_decided(listing: AbnormalListing) -> ApplicationError:
    return _handled_already(
        listing,
        listing.decided_by or listing.removed_by,
        _("该条目已由%(who)s作出决定（%(status)s），无需重复操作。"),
        field="listing",
    )


def number_prefix_default(authority: Unit, year: int, *, removal: bool = False) -> str:
    """ "<authority short name>市监异列〔year〕" (listings) or "…市监异移〔year〕" (removals)."""
    short = authority.short_name or authority.name
    word = "移" if removal else "列"
    return f"{short}市监异{word}〔{year}〕"


def _clean_prefix(prefix: str) -> str:
    prefix = prefix.strip()
    if len(prefix) > MAX_PREFIX_LENGTH:
        raise ApplicationError(
            _("文号前缀不能超过%(n)s个字符。") % {"n": MAX_PREFIX_LENGTH}, field="number_prefix"
        )
    return prefix


def _next_numbers(authority: Unit, prefix: str, count: int, *, removal: bool) -> list[str]:
    """`count` fresh numbers "<prefix>N号" of `authority`, after the highest N used with this
    prefix. The caller holds the authority's row lock, so two decisions never draw the same N."""
    field = "removal_document_number" if removal else "document_number"
    used = AbnormalListing.objects.filter(
        authority=authority, **{f"{field}__startswith": prefix}
    ).values_list(field, flat=True)
    highest = 0
    for number in used:
        match = _NUMBER_TAIL.fullmatch(number[len(prefix) :])
        if match:
            highest = max(highest, int(match.group(1)))
    return [f"{prefix}{highest + offset}号" for offset in range(1, count + 1)]


def _lock_authority(authority_id: int) -> Unit:
    return Unit.objects.select_for_update().get(pk=authority_id)


def _number_taken(authority_id: int, number: str, *, removal: bool) -> bool:
    field = "removal_document_number" if removal else "document_number"
    return AbnormalListing.objects.filter(authority_id=authority_id, **{field: number}).exists()


def _number_in_use(number: str) -> ApplicationError:
    return ApplicationError(
        _("决定书文号“%(number)s”已被本机关使用，请换一个文号或留空自动编号。")
        % {"number": number},
        field="document_number",
    )


def _explicit_number(authority_id: int, number: str, *, removal: bool) -> str:
    number = number.strip()
    if len(number) > 100:
        raise ApplicationError(_("决定书文号不能超过100个字符。"), field="document_number")
    if _number_taken(authority_id, number, removal=removal):
        raise _number_in_use(number)
    return number


def authorised_users(enterprise: Enterprise, today: datetime.date | None = None) -> list[User]:
    """The users holding a live portal authorisation for the enterprise."""
    today = today or timezone.localdate()
    rows = (
        EnterpriseAuthorisation.objects.filter(enterprise=enterprise, revoked_at__isnull=True)
        .exclude(valid_until__lt=today)
        .select_related("user")
        .order_by("user_id")
    )
    seen: dict[int, User] = {}
    for row in rows:
        seen.setdefault(row.user_id, row.user)
    return list(seen.values())


def _notify_enterprise(listing: AbnormalListing, title: str, body: str) -> None:
    url = reverse("portal-abnormal:detail", kwargs={"pk": listing.pk})
    for user in authorised_users(listing.enterprise):
        notify(recipient=user, title=title, body=body, url=url)


def _after_write(enterprise_ids: Iterable[int]) -> None:
    """The list flags and the public record follow the lists (flags are set by UPDATE, which
    sends no signal, so the record's cache is told directly)."""
    ids = sorted(set(enterprise_ids))
    refresh_standing(ids)
    public_cache_invalidate(ids)


def _listable_or_refuse(listing: AbnormalListing) -> None:
    enterprise = listing.enterprise
    if enterprise.status not in LISTABLE_STATUSES:
        raise ApplicationError(
            _("%(name)s已不在登记状态（%(status)s），不能列入经营异常名录，请作出不予列入决定。")
            % {"name": enterprise.name, "status": enterprise.get_status_display()},
            field="listing",
        )
    if listing.reason == AbnormalReason.NOT_FILED and listing.report_year is not None:
        filed = (
            AnnualReport.objects.filter(
                enterprise=enterprise,
                year=listing.report_year,
                first_submitted_at__isnull=False,
            )
            .values_list("first_submitted_at", flat=True)
            .first()
        )
        if filed is not None:
            raise ApplicationError(
                _(
                    "%(name)s已于%(day)s报送%(year)s年度报告，不能以未报送年度报告为由列入经营"
                    "异常名录。请作出不予列入决定。"
                )
                % {
                    "name": enterprise.name,
                    "day": timezone.localdate(filed).isoformat(),
                    "year": listing.report_year,
                },
                field="listing",
            )


def _list_one(
    *,
    actor: User,
    listing: AbnormalListing,
    decided_on: datetime.date,
    number: str,
    late_reason: str,
) -> AbnormalListing:
    before = listing_snapshot(listing)
    listing.status = ListingStatus.LISTED
    listing.listed_on = decided_on
    listing.document_number = number
    listing.decided_by = actor
    listing.late_reason = late_reason
    listing.save(
        update_fields=[
            "status",
            "listed_on",
            "document_number",
            "decided_by",
            "late_reason",
            "updated_at",
        ]
    )
    verification_code_issue(
        kind=LISTING_NOTICE, document=listing, issuer=listing.authority, issued_on=decided_on
    )
    audit_record(
        actor=actor,
        action="supervision.abnormal.confirm",
        instance=listing,
        before=before,
        after=listing_snapshot(listing),
    )
    _notify_enterprise(
        listing,
        _("%(name)s被列入经营异常名录") % {"name": listing.enterprise.name},
        _(
            "%(authority)s于%(day)s作出列入经营异常名录决定（%(number)s），列入事由：%(reason)s。"
            "纠正后可以申请移出；对列入有异议的，可以在%(last)s前提出。"
        )
        % {
            "authority": listing.authority.name,
            "day": decided_on.isoformat(),
            "number": number,
            "reason": listing.get_reason_display(),
            "last": objection_last_day(
                supervision_rules(), decided_on, add_working_days
            ).isoformat(),
        },
    )
    return listing


# --- listing decisions ----------------------------------------------------------------------------


@transaction.atomic
def abnormal_confirm(
    *,
    actor: User,
    listing: AbnormalListing,
    decided_on: datetime.date | None = None,
    document_number: str = "",
    number_prefix: str = "",
    late_reason: str = "",
    today: datetime.date | None = None,
) -> AbnormalListing:
    """List one candidate: decision date (today by default), a document number (given, or the
    next of the authority under `number_prefix`, by default "<简称>市监异列〔year〕"). Refused when
    it is decided already, when the enterprise can no longer be listed or filed the report the
    candidate is about, and after the deadline without a late reason."""
    _require_editor(actor, listing)
    today = today or timezone.localdate()
    row = _locked_listing(listing)
    if row.status != ListingStatus.PROPOSED:
        raise _already_decided(row)
    day = _decision_day(decided_on, today)
    if day < row.basis_on:
        raise ApplicationError(
            _("决定日期不能早于起算日（%(basis)s）。") % {"basis": row.basis_on.isoformat()},
            field="decided_on",
        )
    late = _check_late(row.decision_due_on, day, late_reason)
    _listable_or_refuse(row)
    _lock_authority(row.authority_id)
    if document_number.strip():
        number = _explicit_number(row.authority_id, document_number, removal=False)
    else:
        prefix = _clean_prefix(number_prefix) or number_prefix_default(row.authority, day.year)
        number = _next_numbers(row.authority, prefix, 1, removal=False)[0]
    try:
        with transaction.atomic():
            _list_one(actor=actor, listing=row, decided_on=day, number=number, late_reason=late)
    except IntegrityError:  # supervision_abnormal_document_number_unique
        raise _number_in_use(number) from None
    _after_write([row.enterprise_id])
    return row


@transaction.atomic
def abnormal_confirm_bulk(
    *,
    actor: User,
    listings: Sequence[AbnormalListing | int],
    decided_on: datetime.date | None = None,
    number_prefix: str = "",
    late_reason: str = "",
    today: datetime.date | None = None,
) -> list[AbnormalListing]:
    """List many candidates at once, all or none (one transaction): each gets the decision date
    and the next document number of its authority. A refusal names the enterprise so the clerk
    can leave it out of the selection and confirm the others."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    ids = sorted({item if isinstance(item, int) else item.pk for item in listings})
    if not ids:
        raise ApplicationError(_("请至少选择一个待决定的候选。"), field="listings")
    today = today or timezone.localdate()
    day = _decision_day(decided_on, today)
    rows = list(
        AbnormalListing.objects.select_for_update(of=("self",))
        .select_related("enterprise", "authority", "decided_by")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise ApplicationError(_("所选的候选中有的已不存在，请刷新页面后重新选择。"))
    for row in rows:
        _require_editor(actor, row)
    prefix_given = _clean_prefix(number_prefix)
    keep: dict[int, str] = {}
    for row in rows:
        if row.status != ListingStatus.PROPOSED:
            error = _already_decided(row)
            raise ApplicationError(f"{row.enterprise.name}：{error.message}", field="listings")
        if day < row.basis_on:
            raise ApplicationError(
                _("%(name)s：决定日期不能早于起算日（%(basis)s）。")
                % {"name": row.enterprise.name, "basis": row.basis_on.isoformat()},
                field="decided_on",
            )
        try:
            keep[row.pk] = _check_late(row.decision_due_on, day, late_reason)
        except ApplicationError as error:
            raise ApplicationError(
                f"{row.enterprise.name}：{error.message}", field="late_reason"
            ) from None
        _listable_or_refuse(row)
    by_authority: dict[int, list[AbnormalListing]] = {}
    for row in rows:
        by_authority.setdefault(row.authority_id, []).append(row)
    for authority_id in sorted(by_authority):
        authority = _lock_authority(authority_id)
        group = by_authority[authority_id]
        prefix = prefix_given or number_prefix_default(authority, day.year)
        numbers = _next_numbers(authority, prefix, len(group), removal=False)
        for row, number in zip(group, numbers, strict=True):
            _list_one(
                actor=actor, listing=row, decided_on=day, number=number, late_reason=keep[row.pk]
            )
    _after_write(row.enterprise_id for row in rows)
    return rows


@transaction.atomic
def abnormal_dismiss(
    *,
    actor: User,
    listing: AbnormalListing,
    reason: str,
    decided_on: datetime.date | None = None,
    late_reason: str = "",
    today: datetime.date | None = None,
) -> AbnormalListing:
    """Decide not to list a candidate (不予列入), with the reason."""
    _require_editor(actor, listing)
    today = today or timezone.localdate()
    if not (reason or "").strip():
        raise ApplicationError(
            _("请填写不予列入的理由（例如企业已补报年度报告、已核实可以联系）。"), field="reason"
        )
    row = _locked_listing(listing)
    if row.status != ListingStatus.PROPOSED:
        raise _already_decided(row)
    day = _decision_day(decided_on, today)
    late = _check_late(row.decision_due_on, day, late_reason)
    before = listing_snapshot(row)
    row.status = ListingStatus.DISMISSED
    row.dismissed_reason = reason.strip()[:1000]
    row.decided_by = actor
    row.late_reason = late
    row.save(
        update_fields=["status", "dismissed_reason", "decided_by", "late_reason", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="supervision.abnormal.dismiss",
        instance=row,
        before=before,
        after={**listing_snapshot(row), "dismissed_reason": row.dismissed_reason},
    )
    _after_write([row.enterprise_id])
    return row


@transaction.atomic
def abnormal_record_late_reason(
    *,
    actor: User,
    listing: AbnormalListing,
    late_reason: str,
    today: datetime.date | None = None,
) -> AbnormalListing:
    """Write down why a candidate past its deadline is not decided yet (kept with the decision),
    or amend the reason of a decision taken late."""
    _require_editor(actor, listing)
    today = today or timezone.localdate()
    text = (late_reason or "").strip()
    if not text:
        raise ApplicationError(_("请填写逾期决定理由。"), field="late_reason")
    row = _locked_listing(listing)
    if row.status == ListingStatus.PROPOSED:
        overdue = today > row.decision_due_on
    else:
        overdue = bool(row.late_reason)
    if not overdue:
        raise ApplicationError(
            _("决定期限为%(due)s，尚未逾期，不需要填写逾期理由。")
            % {"due": row.decision_due_on.isoformat()},
            field="late_reason",
        )
    before = {"late_reason": row.late_reason}
    row.late_reason = text[:1000]
    row.save(update_fields=["late_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="supervision.abnormal.late_reason",
        instance=row,
        before=before,
        after={"late_reason": row.late_reason},
    )
    return row


# --- the cure on the records ------------------------------------------------------------------


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def last_closed_report_year(today: datetime.date) -> int:
    """The latest report year whose filing window has closed by `today`."""
    rules = window_rules()
    year = today.year - 1
    return year if today > deadline(year, rules) else year - 1


def missing_report_years(enterprise: Enterprise, today: datetime.date) -> list[int]:
    """The report years up to the last closed window that the enterprise has not filed."""
    first = max(enterprise.established_on.year, FIRST_REPORT_YEAR)
    last = last_closed_report_year(today)
    if last < first:
        return []
    filed = set(
        AnnualReport.objects.filter(
            enterprise=enterprise,
            year__gte=first,
            year__lte=last,
            first_submitted_at__isnull=False,
        ).values_list("year", flat=True)
    )
    return [year for year in range(first, last + 1) if year not in filed]


def address_at(enterprise: Enterprise, day: datetime.date) -> str | None:
    """The registered address at the end of `day`, from the register's history."""
    record = (
        enterprise.history.filter(history_date__lt=_start_of(day + datetime.timedelta(days=1)))
        .order_by("-history_date", "-history_id")
        .only("address")
        .first()
    )
    return None if record is None else str(record.address)


def cure_problem(
    listing: AbnormalListing, ground: str, today: datetime.date, *, statement: str = ""
) -> str | None:
    """Why the records do not (yet) show the cure `ground` claims, with what to do; None when
    they show it."""
    enterprise = listing.enterprise
    listed_on = listing.listed_on or listing.basis_on
    since = _start_of(listed_on)
    if ground == RemovalGround.REPORT_FILED:
        missing = missing_report_years(enterprise, today)
        if missing:
            return _(
                "尚未报送%(years)s年度报告。请先补报这些年度的年度报告（申报期内在门户“企业年报”"
                "填报；申报期已过的，向登记机关提交纸质年度报告补报），再申请移出。"
            ) % {"years": "、".join(str(year) for year in missing)}
        return None
    if ground == RemovalGround.INFORMATION_PUBLISHED:
        if ImmediateDisclosure.objects.filter(
            enterprise=enterprise, published_at__gte=since
        ).exists():
            return None
        return _(
            "列入（%(day)s）以后没有公示过即时信息。请先按责令的内容公示有关企业信息（门户"
            "“即时信息公示”），再申请移出。"
        ) % {"day": listed_on.isoformat()}
    if ground == RemovalGround.INFORMATION_CORRECTED:
        corrected_report = AnnualReportVersion.objects.filter(
            report__enterprise=enterprise, number__gt=1, submitted_at__gte=since
        ).exists()
        corrected_disclosure = ImmediateDisclosure.objects.filter(
            enterprise=enterprise, corrects__isnull=False, published_at__gte=since
        ).exists()
        if corrected_report or corrected_disclosure:
            return None
        return _(
            "列入（%(day)s）以后没有更正过年度报告或即时信息。请先更正不实的公示信息，再申请移出。"
        ) % {"day": listed_on.isoformat()}
    if ground == RemovalGround.ADDRESS_CHANGED:
        before = address_at(enterprise, listed_on)
        if before is not None and before != enterprise.address:
            return None
        return _(
            "登记的住所自列入（%(day)s）以来没有变更。请先办理住所（经营场所）变更登记，或由"
            "登记机关核实可以通过登记的住所联系后再申请移出。"
        ) % {"day": listed_on.isoformat()}
    if ground == RemovalGround.REACHABLE:
        if statement.strip():
            return None
        return _("请写明核实的情况：核实日期、方式和结果（可以通过登记的住所或经营场所联系）。")
    return _("该移出原因不能通过申请办理。")


def _ground_or_refuse(listing: AbnormalListing, ground: Any) -> str:
    fitting = CURES.get(listing.reason, ())
    if ground not in fitting:
        labels = "、".join(str(RemovalGround(value).label) for value in fitting)
        raise ApplicationError(
            _("列入事由为“%(reason)s”，移出原因应为：%(grounds)s。")
            % {"reason": listing.get_reason_display(), "grounds": labels},
            field="ground",
        )
    return str(ground)


def _require_for_enterprise(actor: User | None, listing: AbnormalListing) -> tuple[User, bool]:
    """The enterprise's authorised user, or a clerk acting on its behalf; returns the user and
    whether they act as a clerk."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if _is_editor(actor, listing):
        return actor, True
    if authorisation_is_live(user=actor, enterprise=listing.enterprise):
        return actor, False
    raise PermissionDenied


def _create_pending(
    model: type[RemovalRequest] | type[ListingObjection],
    listing: AbnormalListing,
    pending_message: str,
    **fields: Any,
) -> Any:
    """A new pending application or objection of `listing`; refused with `pending_message` while
    one is pending (checked, and settled by the one-pending constraint under a race)."""
    if model.objects.filter(listing=listing, status=RequestStatus.PENDING).exists():
        raise ApplicationError(pending_message, field="listing")
    try:
        with transaction.atomic():
            return model.objects.create(listing=listing, **fields)
    except IntegrityError:  # supervision_one_pending_removal / supervision_one_pending_objection
        raise ApplicationError(pending_message, field="listing") from None


def _close_request(
    row: RemovalRequest | ListingObjection,
    *,
    status: str,
    day: datetime.date,
    actor: User,
    reason: str,
    late_reason: str | None = None,
) -> None:
    """Write the decision on an application or objection (`late_reason` on applications only)."""
    row.status = status
    row.decided_on = day
    row.decided_by = actor
    row.decision_reason = reason
    fields = ["status", "decided_on", "decided_by", "decision_reason", "updated_at"]
    if late_reason is not None:
        assert isinstance(row, RemovalRequest)  # noqa: S101 - objections have no deadline
        row.late_reason = late_reason
        fields.append("late_reason")
    row.save(update_fields=fields)


def request_snapshot(row: RemovalRequest | ListingObjection) -> dict[str, Any]:
    data: dict[str, Any] = {
        "listing": row.listing_id,
        "status": row.status,
        "decided_on": row.decided_on.isoformat() if row.decided_on else None,
        "decision_reason": row.decision_reason,
    }
    if isinstance(row, RemovalRequest):
        data.update(
            ground=row.ground,
            applied_on=row.applied_on.isoformat(),
            due_on=row.due_on.isoformat(),
            late_reason=row.late_reason,
        )
    else:
        data.update(filed_on=row.filed_on.isoformat())
    return data


# --- removal ------------------------------------------------------------------------------------


@transaction.atomic
def removal_apply(
    *,
    actor: User,
    listing: AbnormalListing,
    ground: Any,
    statement: str = "",
    today: datetime.date | None = None,
) -> RemovalRequest:
    """The enterprise (its authorised user, or a clerk on its behalf) applies to leave the list.
    Refused when the ground does not fit the reason, when the records do not show the cure
    (naming what to do), for a listing not in force, and when an application is pending.
    "Reachable again" is a clerk's finding, with the facts of the verification."""
    user, as_clerk = _require_for_enterprise(actor, listing)
    today = today or timezone.localdate()
    row = _locked_listing(listing)
    if row.status != ListingStatus.LISTED:
        raise ApplicationError(
            _("该条目不在经营异常名录中（%(status)s），不需要申请移出。")
            % {"status": row.get_status_display()},
            field="listing",
        )
    code = _ground_or_refuse(row, ground)
    statement = (statement or "").strip()
    if code == RemovalGround.REACHABLE and not as_clerk:
        raise ApplicationError(
            _(
                "“经核实可以联系”由登记机关核实后办理。住所变更的，请先办理变更登记后以"
                "“已办理住所或经营场所变更登记”申请；未变更的，请联系登记机关上门核实。"
            ),
            field="ground",
        )
    problem = cure_problem(row, code, today, statement=statement)
    if problem is not None:
        raise ApplicationError(problem, field="statement" if code == "reachable" else "ground")
    request: RemovalRequest = _create_pending(
        RemovalRequest,
        row,
        _("已有一份待处理的移出申请，请等待登记机关决定。"),
        ground=code,
        statement=statement[:2000],
        applied_on=today,
        applied_by=user,
        due_on=removal_decision_due(supervision_rules(), today, add_working_days),
    )
    audit_record(
        actor=user,
        action="supervision.abnormal.removal_apply",
        instance=request,
        after=request_snapshot(request),
    )
    return request


def _remove_listing(
    *,
    actor: User,
    listing: AbnormalListing,
    ground: str,
    decided_on: datetime.date,
    document_number: str,
    number_prefix: str,
    action: str,
) -> AbnormalListing:
    authority = _lock_authority(listing.authority_id)
    if document_number.strip():
        number = _explicit_number(listing.authority_id, document_number, removal=True)
    else:
        prefix = _clean_prefix(number_prefix) or number_prefix_default(
            authority, decided_on.year, removal=True
        )
        number = _next_numbers(authority, prefix, 1, removal=True)[0]
    before = listing_snapshot(listing)
    listing.status = ListingStatus.REMOVED
    listing.removed_on = decided_on
    listing.removal_ground = ground
    listing.removal_document_number = number
    listing.removed_by = actor
    listing.save(
        update_fields=[
            "status",
            "removed_on",
            "removal_ground",
            "removal_document_number",
            "removed_by",
            "updated_at",
        ]
    )
    verification_code_issue(
        kind=REMOVAL_NOTICE, document=listing, issuer=listing.authority, issued_on=decided_on
    )
    audit_record(
        actor=actor,
        action=action,
        instance=listing,
        before=before,
        after={**listing_snapshot(listing), "removal_document_number": number},
    )
    _notify_enterprise(
        listing,
        _("%(name)s已移出经营异常名录") % {"name": listing.enterprise.name},
        _("%(authority)s于%(day)s作出移出经营异常名录决定（%(number)s），移出原因：%(ground)s。")
        % {
            "authority": listing.authority.name,
            "day": decided_on.isoformat(),
            "number": number,
            "ground": listing.get_removal_ground_display(),
        },
    )
    _after_write([listing.enterprise_id])
    _withdraw_pending(listing, actor, decided_on)
    return listing


def _withdraw_pending(listing: AbnormalListing, actor: User, day: datetime.date) -> None:
    """Applications and objections still pending when the listing leaves the list end with it."""
    note = _("该条目已移出经营异常名录。")
    for model in (RemovalRequest, ListingObjection):
        for pending in model.objects.select_for_update().filter(
            listing=listing, status=RequestStatus.PENDING
        ):
            _close_request(
                pending, status=RequestStatus.WITHDRAWN, day=day, actor=actor, reason=note
            )


_Application = TypeVar("_Application", RemovalRequest, ListingObjection)


def _pending_request(
    model: type[_Application],
    request: _Application,
    *,
    handled: str,
    field: str,
    decided_on: datetime.date | None,
    today: datetime.date,
    too_early: str,
) -> tuple[AbnormalListing, _Application, datetime.date]:
    """The locked listing and the locked application (removal or objection) a clerk decides, and
    the day of the decision: refused when someone decided it already or when the day comes before
    the enterprise asked."""
    listing = _locked_listing(request.listing_id)
    row = (
        model.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(pk=request.pk)
    )
    if row.status != RequestStatus.PENDING:
        raise _handled_already(row, row.decided_by, handled, field=field)
    day = _decision_day(decided_on, today)
    asked_on = row.applied_on if isinstance(row, RemovalRequest) else row.filed_on
    if day < asked_on:
        raise ApplicationError(too_early, field="decided_on")
    return listing, row, day


def _settle_request(
    *,
    actor: User,
    row: RemovalRequest | ListingObjection,
    listing: AbnormalListing,
    granted: bool,
    day: datetime.date,
    reason: str,
    before: dict[str, Any],
    action: str,
    ground: str,
    document_number: str,
    number_prefix: str,
    refused_title: str,
    refused_body: str,
    late_reason: str | None = None,
) -> None:
    """Write the decision on an application or objection and what follows it: granted, the
    listing leaves the list on `ground` (refused when it is no longer listed); refused, the
    enterprise is told why."""
    _close_request(
        row,
        status=RequestStatus.GRANTED if granted else RequestStatus.REFUSED,
        day=day,
        actor=actor,
        reason=reason,
        late_reason=late_reason,
    )
    audit_record(
        actor=actor, action=action, instance=row, before=before, after=request_snapshot(row)
    )
    if not granted:
        _notify_enterprise(listing, refused_title, refused_body)
        return
    if listing.status != ListingStatus.LISTED:
        raise _already_decided(listing)
    _remove_listing(
        actor=actor,
        listing=listing,
        ground=ground,
        decided_on=day,
        document_number=document_number,
        number_prefix=number_prefix,
        action="supervision.abnormal.remove",
    )


@transaction.atomic
def removal_decide(
    *,
    actor: User,
    request: RemovalRequest,
    grant: bool,
    reason: str = "",
    decided_on: datetime.date | None = None,
    document_number: str = "",
    number_prefix: str = "",
    late_reason: str = "",
    today: datetime.date | None = None,
) -> RemovalRequest:
    """Grant (the listing is removed, with its own document number) or refuse (with the reason)
    a removal application. Granting is refused when the records do not show the cure; a decision
    after the application's due day needs a late reason."""
    _require_editor(actor, request.listing)
    today = today or timezone.localdate()
    listing, row, day = _pending_request(
        RemovalRequest,
        request,
        handled=_("该申请已由%(who)s办理（%(status)s），无需重复操作。"),
        field="request",
        decided_on=decided_on,
        today=today,
        too_early=_("决定日期不能早于申请日期。"),
    )
    late = _check_late(row.due_on, day, late_reason)
    before = request_snapshot(row)
    if grant:
        if listing.status != ListingStatus.LISTED:
            raise _already_decided(listing)
        problem = cure_problem(listing, row.ground, today, statement=row.statement)
        if problem is not None:
            raise ApplicationError(
                _("记录未显示已经纠正，不能移出：%(problem)s") % {"problem": problem},
                field="grant",
            )
    elif not (reason or "").strip():
        raise ApplicationError(_("请填写不予移出的理由，并写明企业还需要做什么。"), field="reason")
    text = (reason or "").strip()[:1000]
    _settle_request(
        actor=actor,
        row=row,
        listing=listing,
        granted=grant,
        day=day,
        reason=text,
        late_reason=late,
        before=before,
        action="supervision.abnormal.removal_decide",
        ground=row.ground,
        document_number=document_number,
        number_prefix=number_prefix,
        refused_title=_("%(name)s的移出经营异常名录申请不予准许")
        % {"name": listing.enterprise.name},
        refused_body=_("%(authority)s于%(day)s决定不予移出。理由：%(reason)s")
        % {"authority": listing.authority.name, "day": day.isoformat(), "reason": text},
    )
    return row


# --- objections ---------------------------------------------------------------------------------


@transaction.atomic
def objection_file(
    *,
    actor: User,
    listing: AbnormalListing,
    grounds: str,
    today: datetime.date | None = None,
) -> ListingObjection:
    """Record an objection to a listing, within the objection period after the listing."""
    user, _as_clerk = _require_for_enterprise(actor, listing)
    today = today or timezone.localdate()
    text = (grounds or "").strip()
    if not text:
        raise ApplicationError(
            _("请写明异议的理由（例如已按期报送年度报告、可以通过登记的住所联系），并附上依据。"),
            field="grounds",
        )
    row = _locked_listing(listing)
    if row.status != ListingStatus.LISTED or row.listed_on is None:
        raise ApplicationError(
            _("该条目不在经营异常名录中（%(status)s），不能提出异议。")
            % {"status": row.get_status_display()},
            field="listing",
        )
    last = objection_last_day(supervision_rules(), row.listed_on, add_working_days)
    if today > last:
        raise ApplicationError(
            _(
                "提出异议的期限已于%(last)s届满（列入日期%(listed)s）。已经纠正的，可以申请移出"
                "经营异常名录。"
            )
            % {"last": last.isoformat(), "listed": row.listed_on.isoformat()},
            field="listing",
        )
    objection: ListingObjection = _create_pending(
        ListingObjection,
        row,
        _("已有一份待处理的异议，请等待登记机关决定。"),
        filed_on=today,
        filed_by=user,
        grounds=text[:2000],
    )
    audit_record(
        actor=user,
        action="supervision.abnormal.objection_file",
        instance=objection,
        after=request_snapshot(objection),
    )
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor: User,
    objection: ListingObjection,
    upheld: bool,
    reason: str = "",
    decided_on: datetime.date | None = None,
    document_number: str = "",
    number_prefix: str = "",
    today: datetime.date | None = None,
) -> ListingObjection:
    """Uphold an objection (the listing is removed, ground "objection upheld") or reject it; the
    reason is required either way (it is what the enterprise is told)."""
    _require_editor(actor, objection.listing)
    today = today or timezone.localdate()
    text = (reason or "").strip()
    if not text:
        raise ApplicationError(_("请填写决定理由：异议成立或不成立的事实和依据。"), field="reason")
    listing, row, day = _pending_request(
        ListingObjection,
        objection,
        handled=_("该异议已由%(who)s办理（%(status)s），无需重复操作。"),
        field="objection",
        decided_on=decided_on,
        today=today,
        too_early=_("决定日期不能早于提出异议的日期。"),
    )
    before = request_snapshot(row)
    _settle_request(
        actor=actor,
        row=row,
        listing=listing,
        granted=upheld,
        day=day,
        reason=text[:1000],
        before=before,
        action="supervision.abnormal.objection_decide",
        ground=RemovalGround.OBJECTION_UPHELD,
        document_number=document_number,
        number_prefix=number_prefix,
        refused_title=_("%(name)s对列入经营异常名录的异议不成立")
        % {"name": listing.enterprise.name},
        refused_body=_("%(authority)s于%(day)s决定异议不成立。理由：%(reason)s")
        % {"authority": listing.authority.name, "day": day.isoformat(), "reason": text},
    )
    return row
