"""Services of the serious-violation list (严重违法失信名单, docs/rules/supervision.md §2).

`serious_propose` enters a candidate on a ground other than the escalation (a clerk, with its
legal basis and the facts; the scheduled run proposes the escalations of enterprises still on the
abnormal list at the three-year mark). `serious_confirm` lists it: the decision, the bar on the
legal representative (a `registration.DisqualifiedPerson` that pre-review reads, REG-OFF-6), the
day removal becomes possible and the register's flags, in one transaction with the enterprise row
locked. `serious_dismiss` declines a candidate; `serious_remove` takes a listing off the list once
the years have passed without a new violation (the bar runs its own term and stays).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.notification_services import notify
from hongdun.core.services import audit_record
from hongdun.enterprises.choices import IdType
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_cache import public_cache_invalidate
from hongdun.registration.choices import DisqualificationGround
from hongdun.registration.models import DisqualifiedPerson, EnterpriseAuthorisation
from hongdun.supervision.choices import (
    OPEN_LISTING_STATUSES,
    ListingSource,
    ListingStatus,
    SeriousGround,
)
from hongdun.supervision.engine.deadlines import (
    bar_last_day,
    serious_decision_due,
    serious_mark,
    serious_removal_eligible_on,
)
from hongdun.supervision.models import AbnormalListing, SeriousListing
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.services_abnormal import LISTABLE_STATUSES
from hongdun.supervision.standing import refresh_standing

LEGAL_BASIS_MAX = 300
FACTS_MAX = 4000
REASON_MAX = 1000
DOCUMENT_NUMBER_MAX = 100


def serious_snapshot(row: SeriousListing) -> dict[str, Any]:
    """What the audit log keeps of an entry."""

    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "enterprise": row.enterprise_id,
        "ground": row.ground,
        "status": row.status,
        "source": row.source,
        "abnormal_listing": row.abnormal_listing_id,
        "basis_on": day(row.basis_on),
        "decision_due_on": day(row.decision_due_on),
        "listed_on": day(row.listed_on),
        "document_number": row.document_number,
        "disqualification": row.disqualification_id,
        "removal_eligible_on": day(row.removal_eligible_on),
        "removed_on": day(row.removed_on),
        "removal_document_number": row.removal_document_number,
    }


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


def _day(value: Any, *, field: str, label: str, today: datetime.date) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ApplicationError(_("请按“年-月-日”填写%(label)s。") % {"label": label}, field=field)
    if value > today:
        raise ApplicationError(
            _("%(label)s不能晚于今天，请填写已经发生的日期。") % {"label": label}, field=field
        )
    return value


def _locked(listing: SeriousListing) -> tuple[Enterprise, SeriousListing]:
    """The enterprise row, then the entry, both locked: the listings of one enterprise are decided
    one at a time (the same order everywhere, so two decisions never deadlock)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=listing.enterprise_id)
    # Only the entry's own row (PostgreSQL refuses FOR UPDATE on the nullable side of the join).
    row = (
        SeriousListing.objects.select_for_update(of=("self",))
        .select_related("abnormal_listing")
        .get(pk=listing.pk)
    )
    return enterprise, row


def _require_status(row: SeriousListing, expected: str) -> None:
    if row.status != expected:
        raise ApplicationError(
            _("该条目当前状态为“%(status)s”，不能办理这一步；请刷新页面查看最新状态。")
            % {"status": row.get_status_display()},
            field="status",
        )


def _authorised_users(enterprise_id: int, today: datetime.date) -> list[User]:
    ids = (
        EnterpriseAuthorisation.objects.filter(enterprise_id=enterprise_id, revoked_at__isnull=True)
        .exclude(valid_until__lt=today)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _notify_enterprise(row: SeriousListing, *, title: str, body: str, today: datetime.date) -> int:
    url = reverse("supervision-serious:notice-pdf", args=[row.pk])
    users = _authorised_users(row.enterprise_id, today)
    for user in users:
        notify(recipient=user, title=title, body=body, url=url)
    return len(users)


def _after_write(enterprise_ids: Iterable[int]) -> None:
    """The register's flags from the listings in force, and the public record drawn again
    (`refresh_standing` writes with one UPDATE, which the cache's signals do not see)."""
    ids = list(enterprise_ids)
    refresh_standing(ids)
    public_cache_invalidate(ids)


# --- propose ----------------------------------------------------------------------------------


@transaction.atomic
def serious_propose(
    *,
    actor: User | None,
    enterprise: Enterprise,
    ground: Any,
    legal_basis: str,
    facts: str,
    basis_on: Any,
    today: datetime.date | None = None,
) -> SeriousListing:
    """A clerk proposes `enterprise` for the list on a ground other than the three-year
    escalation (which the scheduled run proposes). Refused when the ground is unknown or is the
    escalation, when the legal basis or the facts are missing, when the enterprise is no longer
    on the register, or when it already has an open entry for the ground."""
    today = today or timezone.localdate()
    if ground not in SeriousGround.values:
        raise ApplicationError(_("列入事由：请从列表中选择一项。"), field="ground")
    if ground == SeriousGround.ABNORMAL_THREE_YEARS:
        raise ApplicationError(
            _(
                "列入经营异常名录届满3年的，由定时任务在届满之日提出候选，不能在此录入；"
                "请选择其他列入事由。"
            ),
            field="ground",
        )
    legal_basis = _text(
        legal_basis, field="legal_basis", limit=LEGAL_BASIS_MAX, label=_("法律依据")
    )
    facts = _text(facts, field="facts", limit=FACTS_MAX, label=_("事实"))
    basis_day = _day(basis_on, field="basis_on", label=_("起算日"), today=today)
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.status not in LISTABLE_STATUSES:
        raise ApplicationError(
            _("该市场主体已不在登记状态（%(status)s），不能列入严重违法失信名单。")
            % {"status": locked.get_status_display()},
            field="enterprise",
        )
    taken = _("该企业已因同一事由被列入严重违法失信名单或已在待决定名单中。")
    if SeriousListing.objects.filter(
        enterprise=locked, ground=ground, status__in=OPEN_LISTING_STATUSES
    ).exists():
        raise ApplicationError(taken, field="ground")
    try:
        with transaction.atomic():
            row = SeriousListing.objects.create(
                enterprise=locked,
                ground=ground,
                legal_basis=legal_basis,
                facts=facts,
                source=ListingSource.CLERK,
                basis_on=basis_day,
                decision_due_on=serious_decision_due(
                    supervision_rules(), basis_day, add_working_days
                ),
                authority_id=locked.registration_authority_id,
                proposed_by=_signed_in(actor),
            )
    except IntegrityError:  # a concurrent proposal won (supervision_serious_one_open_per_ground)
        raise ApplicationError(taken, field="ground") from None
    audit_record(
        actor=actor,
        action="supervision.serious.propose",
        instance=row,
        after=serious_snapshot(row),
    )
    return row


# --- confirm ----------------------------------------------------------------------------------


def _check_escalation(row: SeriousListing, decided_on: datetime.date) -> None:
    """The escalation holds only while the abnormal listing is in force and has lasted the years."""
    abnormal = row.abnormal_listing
    if abnormal is None or abnormal.status != ListingStatus.LISTED or abnormal.listed_on is None:
        raise ApplicationError(
            _(
                "该企业已不在经营异常名录中（或未关联列入记录），"
                "不能以列入经营异常名录届满3年为由列入；请作出不予列入决定。"
            ),
            field="abnormal_listing",
        )
    mark = serious_mark(supervision_rules(), abnormal.listed_on)
    if decided_on < mark:
        raise ApplicationError(
            _(
                "该企业于%(listed)s列入经营异常名录，届满3年之日为%(mark)s；"
                "决定日期不能早于届满之日。"
            )
            % {"listed": abnormal.listed_on.isoformat(), "mark": mark.isoformat()},
            field="decided_on",
        )


def _document_number(value: Any, *, field: str) -> str:
    return _text(value, field=field, limit=DOCUMENT_NUMBER_MAX, label=_("决定书文号"))


def _number_in_use(number: str, *, field: str) -> ApplicationError:
    return ApplicationError(
        _("决定书文号“%(number)s”已被本机关使用，请核对文号。") % {"number": number},
        field=field,
    )


def _document_number_free(authority_id: int, number: str, *, field: str) -> None:
    if (
        SeriousListing.objects.filter(authority_id=authority_id)
        .filter(Q(document_number=number) | Q(removal_document_number=number))
        .exists()
    ):
        raise _number_in_use(number, field=field)


def _save_numbered(row: SeriousListing, number: str, *, field: str) -> None:
    """Save a decision under `number`; a concurrent decision that took the number first (the
    unique constraints on the two numbers) is refused as a number in use."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise _number_in_use(number, field=field) from None


def _signed_in(actor: User | None) -> User | None:
    """The deciding user as the row keeps them (None for a run or an anonymous caller)."""
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def serious_confirm(
    *,
    actor: User | None,
    listing: SeriousListing,
    decided_on: Any,
    document_number: str,
    late_reason: str = "",
    today: datetime.date | None = None,
) -> SeriousListing:
    """List a proposed entry: decided on `decided_on` under `document_number` (unique within the
    deciding authority). A decision after the deadline needs `late_reason`. The escalation ground
    needs the abnormal listing still in force and its three-year mark reached. Writes the bar on
    the enterprise's legal representative (from the listing day for the configured years) and the
    day removal becomes possible, refreshes the register's flags and notifies the enterprise."""
    today = today or timezone.localdate()
    decided = _day(decided_on, field="decided_on", label=_("决定日期"), today=today)
    number = _document_number(document_number, field="document_number")
    late = _text(
        late_reason, field="late_reason", limit=REASON_MAX, label=_("逾期决定理由"), required=False
    )
    enterprise, row = _locked(listing)
    _require_status(row, ListingStatus.PROPOSED)
    if decided < row.basis_on:
        raise ApplicationError(
            _("决定日期不能早于起算日（%(day)s）。") % {"day": row.basis_on.isoformat()},
            field="decided_on",
        )
    if decided > row.decision_due_on and not late:
        raise ApplicationError(
            _("决定期限为%(due)s，已逾期；请填写逾期决定理由。")
            % {"due": row.decision_due_on.isoformat()},
            field="late_reason",
        )
    if row.ground == SeriousGround.ABNORMAL_THREE_YEARS:
        _check_escalation(row, decided)
    if enterprise.status not in LISTABLE_STATUSES:
        raise ApplicationError(
            _(
                "该市场主体已不在登记状态（%(status)s），不能列入严重违法失信名单；请作出不予列入决定。"
            )
            % {"status": enterprise.get_status_display()},
            field="enterprise",
        )
    rep_name = enterprise.legal_rep_name.strip()
    rep_id = enterprise.legal_rep_id_number.strip().upper()
    if not rep_name or not rep_id:
        raise ApplicationError(
            _(
                "登记簿中该企业法定代表人的姓名或证件号码为空，无法记录任职限制；"
                "请先补录法定代表人信息后再作出决定。"
            ),
            field="enterprise",
        )
    _document_number_free(row.authority_id, number, field="document_number")
    before = serious_snapshot(row)
    rules = supervision_rules()
    bar = DisqualifiedPerson.objects.create(
        id_type=IdType.RESIDENT_ID,
        id_number=rep_id,
        name=rep_name,
        ground=DisqualificationGround.SERIOUS_VIOLATION_LIST,
        barred_from=decided,
        barred_until=bar_last_day(rules, decided),
        source_reference=number,
        is_active=True,
    )
    row.status = ListingStatus.LISTED
    row.listed_on = decided
    row.document_number = number
    row.decided_by = _signed_in(actor)
    row.late_reason = late if decided > row.decision_due_on else ""
    row.legal_rep_name = rep_name
    row.legal_rep_id_number = rep_id
    row.disqualification = bar
    row.removal_eligible_on = serious_removal_eligible_on(rules, decided)
    _save_numbered(row, number, field="document_number")
    _after_write([enterprise.pk])
    audit_record(
        actor=actor,
        action="supervision.serious.confirm",
        instance=row,
        before=before,
        after=serious_snapshot(row),
    )
    audit_record(
        actor=actor,
        action="registration.disqualification.create",
        instance=bar,
        after={
            "ground": bar.ground,
            "barred_from": decided.isoformat(),
            "barred_until": bar.barred_until.isoformat() if bar.barred_until else None,
            "source_reference": number,
            "serious_listing": row.pk,
        },
    )
    _notify_enterprise(
        row,
        title=_("列入严重违法失信名单决定"),
        body=_(
            "%(name)s（统一社会信用代码 %(uscc)s）已于%(day)s被列入严重违法失信名单"
            "（决定书文号 %(number)s，事由：%(ground)s）。其法定代表人自列入之日起3年内"
            "不得担任其他企业的法定代表人。自%(eligible)s起，未再发生违法失信行为的，"
            "可以移出。"
        )
        % {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "day": decided.isoformat(),
            "number": number,
            "ground": row.get_ground_display(),
            "eligible": row.removal_eligible_on.isoformat(),
        },
        today=today,
    )
    return row


# --- dismiss ----------------------------------------------------------------------------------


@transaction.atomic
def serious_dismiss(
    *,
    actor: User | None,
    listing: SeriousListing,
    reason: str,
    today: datetime.date | None = None,
) -> SeriousListing:
    """Decline a proposed entry with the reason (the row stays, dismissed)."""
    today = today or timezone.localdate()
    text = _text(reason, field="reason", limit=REASON_MAX, label=_("不予列入理由"))
    _enterprise, row = _locked(listing)
    _require_status(row, ListingStatus.PROPOSED)
    before = serious_snapshot(row)
    row.status = ListingStatus.DISMISSED
    row.dismissed_reason = text
    row.decided_by = _signed_in(actor)
    row.save()
    audit_record(
        actor=actor,
        action="supervision.serious.dismiss",
        instance=row,
        before=before,
        after={**serious_snapshot(row), "dismissed_reason": text, "on": today.isoformat()},
    )
    return row


# --- remove -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RemovalCheck:
    """Whether a listing may be removed on a day, and from when it can be if not."""

    possible: bool
    possible_from: datetime.date | None
    new_violation_on: datetime.date | None


def removal_check(row: SeriousListing, on: datetime.date) -> RemovalCheck:
    """A listing in force may be removed from `removal_eligible_on` when no listing (abnormal or
    serious) of the enterprise came after it; a later one starts the years again from its date."""
    if row.status != ListingStatus.LISTED or row.listed_on is None:
        return RemovalCheck(possible=False, possible_from=None, new_violation_on=None)
    latest = [
        AbnormalListing.objects.filter(
            enterprise_id=row.enterprise_id, listed_on__gt=row.listed_on
        ).aggregate(day=Max("listed_on"))["day"],
        SeriousListing.objects.filter(enterprise_id=row.enterprise_id, listed_on__gt=row.listed_on)
        .exclude(pk=row.pk)
        .aggregate(day=Max("listed_on"))["day"],
    ]
    days = [day for day in latest if day is not None]
    newest = max(days) if days else None
    rules = supervision_rules()
    eligible = row.removal_eligible_on or serious_removal_eligible_on(rules, row.listed_on)
    if newest is not None:
        eligible = max(eligible, serious_removal_eligible_on(rules, newest))
    return RemovalCheck(possible=on >= eligible, possible_from=eligible, new_violation_on=newest)


@transaction.atomic
def serious_remove(
    *,
    actor: User | None,
    listing: SeriousListing,
    removed_on: Any,
    document_number: str,
    reason: str,
    today: datetime.date | None = None,
) -> SeriousListing:
    """Take a listing off the list on `removed_on` under its own decision: only from
    `removal_eligible_on` and only without a new violation (a later abnormal or serious listing
    of the enterprise); refused otherwise with the day it becomes possible. The bar on the legal
    representative runs its own term and is kept."""
    today = today or timezone.localdate()
    day = _day(removed_on, field="removed_on", label=_("移出日期"), today=today)
    number = _document_number(document_number, field="removal_document_number")
    text = _text(reason, field="removal_reason", limit=REASON_MAX, label=_("移出理由"))
    enterprise, row = _locked(listing)
    _require_status(row, ListingStatus.LISTED)
    check = removal_check(row, day)
    if not check.possible:
        assert check.possible_from is not None  # noqa: S101 - a listing in force has its date
        if check.new_violation_on is not None:
            message = _(
                "该企业于%(new)s再次被列入经营异常名录或严重违法失信名单，自%(day)s起方可移出。"
            ) % {"new": check.new_violation_on.isoformat(), "day": check.possible_from.isoformat()}
        else:
            message = _("该企业列入严重违法失信名单未满规定年限，自%(day)s起方可移出。") % {
                "day": check.possible_from.isoformat()
            }
        raise ApplicationError(message, field="removed_on")
    _document_number_free(row.authority_id, number, field="removal_document_number")
    before = serious_snapshot(row)
    row.status = ListingStatus.REMOVED
    row.removed_on = day
    row.removal_reason = text
    row.removal_document_number = number
    row.removed_by = _signed_in(actor)
    _save_numbered(row, number, field="removal_document_number")
    _after_write([enterprise.pk])
    audit_record(
        actor=actor,
        action="supervision.serious.remove",
        instance=row,
        before=before,
        after=serious_snapshot(row),
    )
    _notify_enterprise(
        row,
        title=_("移出严重违法失信名单决定"),
        body=_(
            "%(name)s（统一社会信用代码 %(uscc)s）已于%(day)s被移出严重违法失信名单"
            "（决定书文号 %(number)s）。"
        )
        % {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "day": day.isoformat(),
            "number": number,
        },
        today=today,
    )
    return row


# --- selectors --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeriousFacts:
    """An enterprise's standing on the serious list, as registration and the pages read it."""

    listed: tuple[SeriousListing, ...]
    open_proposals: tuple[SeriousListing, ...]


def serious_enterprise_facts(enterprise: Enterprise) -> SeriousFacts:
    rows = list(
        SeriousListing.objects.filter(enterprise=enterprise, status__in=OPEN_LISTING_STATUSES)
        .select_related("authority")
        .order_by("-listed_on", "-proposed_at")
    )
    return SeriousFacts(
        listed=tuple(r for r in rows if r.status == ListingStatus.LISTED),
        open_proposals=tuple(r for r in rows if r.status == ListingStatus.PROPOSED),
    )
