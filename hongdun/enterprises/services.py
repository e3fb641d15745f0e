"""Writes to the market-entity register. Each keeps the search index and the audit log in step."""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, instance_in_reach
from hongdun.core.services import audit_record, audit_snapshot
from hongdun.enterprises import uscc
from hongdun.enterprises.choices import (
    CAPITAL_REQUIRED,
    USCC_CATEGORY,
    ContributionForm,
    EnterpriseStatus,
    EnterpriseType,
    IdType,
    MemberKind,
    MemberRole,
)
from hongdun.enterprises.hooks import enterprise_changed_notify
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
    LiquidationMember,
    RegistrationRevocation,
    SearchGram,
    SearchPosting,
    UsccSerial,
)
from hongdun.enterprises.search_keys import fold, grams
from hongdun.orgs.models import Unit

ProgressCallback = Callable[[int, int], None]

# Allowed status transitions of `enterprise_status_change`; everything else is refused (a
# deregistered entity never revives). 撤销登记 is not among them: it needs a recorded decision,
# `enterprise_registration_revoke`, from REVOCABLE_STATUSES.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    EnterpriseStatus.ACTIVE: {
        EnterpriseStatus.LICENCE_REVOKED,
        EnterpriseStatus.DEREGISTERED,
        EnterpriseStatus.MOVED_OUT,
    },
    EnterpriseStatus.LICENCE_REVOKED: {EnterpriseStatus.DEREGISTERED},
    EnterpriseStatus.REGISTRATION_REVOKED: set(),
    EnterpriseStatus.MOVED_OUT: set(),
    EnterpriseStatus.DEREGISTERED: set(),
}
# A registration can be revoked while the enterprise exists, licence revoked or not.
REVOCABLE_STATUSES = frozenset({EnterpriseStatus.ACTIVE, EnterpriseStatus.LICENCE_REVOKED})


def _history_moment(on: date) -> datetime:
    """Changes take effect on a date; history rows are stamped 09:00 local on that date."""
    return timezone.make_aware(datetime.combine(on, time(9, 0)))


def history_stamp(instance: Model, *, on: date, user: User | None = None) -> None:
    """Tell django-simple-history when (and by whom) the next saved change took effect."""
    vars(instance)["_history_date"] = _history_moment(on)
    if getattr(user, "pk", None):
        vars(instance)["_history_user"] = user


# What the audit log records of an enterprise's change (ADR 0014).
AUDIT_FIELDS = (
    "name",
    "trade_name",
    "status",
    "status_date",
    "address",
    "legal_rep_name",
    "registered_capital",
)


def _snapshot(enterprise: Enterprise) -> dict[str, Any]:
    return audit_snapshot(enterprise, fields=AUDIT_FIELDS)


# New 主体标识码 start with "MA", as market-regulation codes issued since 2015 do; the serial fills
# the remaining six base-31 characters (887 million per division and category).
_MA_SERIAL_BASE = uscc.ALPHABET.index("M") * 31**7 + uscc.ALPHABET.index("A") * 31**6


def uscc_allocate(*, division_code: str, category: str, count: int = 1) -> list[str]:
    """Issue `count` new USCCs for a registration authority; the serial row is locked meanwhile."""
    if count < 1:
        raise ValueError("count must be positive")
    with transaction.atomic():
        UsccSerial.objects.get_or_create(division_code=division_code, category=category)
        row = UsccSerial.objects.select_for_update().get(
            division_code=division_code, category=category
        )
        first = row.next_serial
        row.next_serial = first + count
        row.save(update_fields=["next_serial"])
    return [
        uscc.issue(category=category, division_code=division_code, serial=_MA_SERIAL_BASE + serial)
        for serial in range(first, first + count)
    ]


def search_index_update(
    *, enterprise_id: int, old_folded: str | None, new_folded: str | None
) -> None:
    """Move an enterprise's postings from its old folded name to its new one, in the caller's
    transaction, so the public query never disagrees with the register."""
    old = grams(old_folded) if old_folded else set()
    new = grams(new_folded) if new_folded else set()
    removed, added = old - new, new - old
    if added:
        SearchGram.objects.bulk_create(
            [SearchGram(text=text, df=0) for text in sorted(added)], ignore_conflicts=True
        )
    touched = sorted(removed | added)
    if not touched:
        return
    # Lock the gram rows in one fixed order so concurrent registrations cannot deadlock.
    ids = dict(
        SearchGram.objects.select_for_update()
        .filter(text__in=touched)
        .order_by("id")
        .values_list("text", "id")
    )
    added_ids = [ids[t] for t in added]
    removed_ids = [ids[t] for t in removed if t in ids]
    if removed_ids:
        SearchPosting.objects.filter(enterprise_id=enterprise_id, gram_id__in=removed_ids).delete()
        SearchGram.objects.filter(id__in=removed_ids).update(df=F("df") - 1)
    if added_ids:
        SearchPosting.objects.bulk_create(
            [SearchPosting(gram_id=gid, enterprise_id=enterprise_id) for gid in added_ids]
        )
        SearchGram.objects.filter(id__in=added_ids).update(df=F("df") + 1)


@dataclass(frozen=True, slots=True)
class EnterpriseData:
    """What a registration needs; the USCC, status and search key are derived."""

    name: str
    trade_name: str
    enterprise_type: str
    legal_rep_name: str
    address: str
    established_on: date
    legal_rep_id_number: str = ""
    registered_capital: Decimal | None = None
    term_start: date | None = None
    term_end: date | None = None
    business_scope: tuple[str, ...] = ()


def _check_enterprise_data(data: EnterpriseData) -> None:
    if not data.name.strip():
        raise ApplicationError(_("名称不能为空。"), field="name")
    if data.trade_name and fold(data.trade_name) not in fold(data.name):
        raise ApplicationError(
            _("字号“%(trade)s”必须出现在名称中。") % {"trade": data.trade_name}, field="trade_name"
        )
    if data.enterprise_type not in EnterpriseType.values:
        raise ApplicationError(_("市场主体类型不正确。"), field="enterprise_type")
    if data.enterprise_type in CAPITAL_REQUIRED and data.registered_capital is None:
        raise ApplicationError(_("公司必须登记注册资本。"), field="registered_capital")


@transaction.atomic
def enterprise_register(
    *, acting_user: User | None, data: EnterpriseData, registration_authority: Unit
) -> Enterprise:
    """Register a new market entity: issue its USCC, index its name, audit the act."""
    if not registration_authority.is_registration_authority:
        raise ApplicationError(
            _("“%(unit)s”不是登记机关。") % {"unit": registration_authority.name},
            field="registration_authority",
        )
    _check_enterprise_data(data)
    (code,) = uscc_allocate(
        division_code=registration_authority.division_code,
        category=USCC_CATEGORY[EnterpriseType(data.enterprise_type)],
    )
    enterprise = Enterprise(
        uscc=code,
        name=data.name.strip(),
        name_search=fold(data.name),
        trade_name=data.trade_name,
        enterprise_type=data.enterprise_type,
        legal_rep_name=data.legal_rep_name,
        legal_rep_id_number=data.legal_rep_id_number,
        registered_capital=data.registered_capital,
        established_on=data.established_on,
        term_start=data.term_start or data.established_on,
        term_end=data.term_end,
        address=data.address,
        business_scope=list(data.business_scope),
        registration_authority=registration_authority,
        status=EnterpriseStatus.ACTIVE,
        status_date=data.established_on,
    )
    enterprise.full_clean()
    history_stamp(enterprise, on=data.established_on, user=acting_user)
    enterprise.save()
    search_index_update(
        enterprise_id=enterprise.pk, old_folded=None, new_folded=enterprise.name_search
    )
    enterprise_changed_notify(enterprise=enterprise, change="registered")
    audit_record(
        actor=acting_user,
        action="enterprise.register",
        instance=enterprise,
        after=_snapshot(enterprise),
    )
    return enterprise


@transaction.atomic
def enterprise_rename(
    *,
    acting_user: User | None,
    enterprise: Enterprise,
    name: str,
    trade_name: str,
    effective_on: date,
) -> Enterprise:
    """Change the name (变更登记 of 名称); the old name stays in the public history."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.status != EnterpriseStatus.ACTIVE:
        raise ApplicationError(_("只有存续的市场主体可以变更名称。"), field="name")
    data = EnterpriseData(
        name=name,
        trade_name=trade_name,
        enterprise_type=locked.enterprise_type,
        legal_rep_name=locked.legal_rep_name,
        address=locked.address,
        established_on=locked.established_on,
        registered_capital=locked.registered_capital,
    )
    _check_enterprise_data(data)
    before = _snapshot(locked)
    old_folded = locked.name_search
    locked.name = name.strip()
    locked.name_search = fold(name)
    locked.trade_name = trade_name
    locked.full_clean()
    history_stamp(locked, on=effective_on, user=acting_user)
    locked.save()
    search_index_update(
        enterprise_id=locked.pk, old_folded=old_folded, new_folded=locked.name_search
    )
    enterprise_changed_notify(
        enterprise=locked, change="renamed", previous_name=before["name"], effective_on=effective_on
    )
    audit_record(
        actor=acting_user,
        action="enterprise.rename",
        instance=locked,
        before=before,
        after=_snapshot(locked),
    )
    return locked


@transaction.atomic
def enterprise_status_change(
    *, acting_user: User | None, enterprise: Enterprise, status: str, effective_on: date
) -> Enterprise:
    """Revoke (吊销), deregister (注销) or move out (迁出), only along STATUS_TRANSITIONS."""
    if status == EnterpriseStatus.REGISTRATION_REVOKED:
        raise ApplicationError(
            _("撤销登记须录入撤销决定（决定日期、文号和理由），不能直接变更状态。"), field="status"
        )
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if status not in STATUS_TRANSITIONS.get(locked.status, set()):
        raise ApplicationError(
            _("不能从“%(old)s”变为“%(new)s”。")
            % {
                "old": EnterpriseStatus(locked.status).label,
                "new": EnterpriseStatus(status).label
                if status in EnterpriseStatus.values
                else status,
            },
            field="status",
        )
    if effective_on < locked.established_on:
        raise ApplicationError(_("状态日期不能早于成立日期。"), field="effective_on")
    before = _snapshot(locked)
    locked.status = status
    locked.status_date = effective_on
    history_stamp(locked, on=effective_on, user=acting_user)
    locked.save(update_fields=["status", "status_date", "updated_at"])
    enterprise_changed_notify(enterprise=locked, change="status", effective_on=effective_on)
    audit_record(
        actor=acting_user,
        action="enterprise.status",
        instance=locked,
        before=before,
        after=_snapshot(locked),
    )
    return locked


MAX_DOCUMENT_NUMBER_LENGTH = 100
MAX_REVOCATION_REASON_LENGTH = 1000


def can_revoke_registration(*, user: AnyUser, enterprise: Enterprise) -> bool:
    """A registrar whose unit's subtree holds the enterprise's registration authority (the scope
    table's EDIT grant on the register)."""
    return instance_in_reach(user, enterprise, Action.EDIT)


@transaction.atomic
def enterprise_registration_revoke(
    *,
    registrar: Any,
    enterprise: Enterprise,
    decided_on: date,
    document_number: str,
    reason: str,
) -> RegistrationRevocation:
    """Record a decision to revoke the registration (撤销登记, 《市场主体登记管理条例》第四十条).

    The enterprise leaves the active register on `decided_on`; its name is given up on that day
    and stays protected for one year (《企业名称登记管理规定》第十七条(三)), unlike a revoked
    licence (吊销), which keeps the name registered. Allowed from REVOCABLE_STATUSES only.
    """
    if not can_revoke_registration(user=registrar, enterprise=enterprise):
        raise PermissionDenied
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.status not in REVOCABLE_STATUSES:
        raise ApplicationError(
            _("“%(name)s”的登记状态为“%(status)s”，不能撤销登记。")
            % {"name": locked.name, "status": EnterpriseStatus(locked.status).label},
            field="status",
        )
    if not isinstance(decided_on, date):
        raise ApplicationError(_("请填写撤销决定日期。"), field="decided_on")
    if decided_on < locked.established_on:
        raise ApplicationError(
            _("撤销决定日期不能早于成立日期（%(on)s）。")
            % {"on": locked.established_on.isoformat()},
            field="decided_on",
        )
    if decided_on > timezone.localdate():
        raise ApplicationError(_("撤销决定日期不能晚于今天。"), field="decided_on")
    document_number = (document_number or "").strip()
    if not document_number:
        raise ApplicationError(_("请填写撤销决定书文号。"), field="document_number")
    if len(document_number) > MAX_DOCUMENT_NUMBER_LENGTH:
        raise ApplicationError(
            _("撤销决定书文号最多 %(max)d 个字。") % {"max": MAX_DOCUMENT_NUMBER_LENGTH},
            field="document_number",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写撤销登记的理由。"), field="reason")
    if len(reason) > MAX_REVOCATION_REASON_LENGTH:
        raise ApplicationError(
            _("撤销理由最多 %(max)d 个字。") % {"max": MAX_REVOCATION_REASON_LENGTH},
            field="reason",
        )
    before = _snapshot(locked)
    locked.status = EnterpriseStatus.REGISTRATION_REVOKED
    locked.status_date = decided_on
    history_stamp(locked, on=decided_on, user=registrar)
    locked.save(update_fields=["status", "status_date", "updated_at"])
    decision = RegistrationRevocation(
        enterprise=locked,
        decided_on=decided_on,
        document_number=document_number,
        reason=reason,
        decided_by=registrar,
    )
    decision.full_clean()
    decision.save()
    enterprise_changed_notify(enterprise=locked, change="status", effective_on=decided_on)
    audit_record(
        actor=registrar,
        action="enterprise.registration_revoke",
        instance=locked,
        before=before,
        after={
            **_snapshot(locked),
            "decided_on": decided_on.isoformat(),
            "document_number": document_number,
            "reason": reason,
        },
    )
    return decision


def _bulk_insert(
    table: str, columns: tuple[str, ...], rows: Iterable[tuple[int, ...] | tuple[Any, ...]]
) -> None:
    """Fast load for index rebuilds: COPY on PostgreSQL, executemany on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            column_list = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            batch: list[tuple[Any, ...]] = []
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            for row in rows:
                batch.append(row)
                if len(batch) >= 50_000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)


@transaction.atomic
def search_index_rebuild(*, progress: ProgressCallback | None = None) -> tuple[int, int]:
    """Rebuild the whole n-gram index from the register. Returns (grams, postings)."""
    gram_table = SearchGram._meta.db_table
    posting_table = SearchPosting._meta.db_table
    SearchPosting.objects.all().delete()
    SearchGram.objects.all().delete()
    total = Enterprise.objects.count()
    gram_ids: dict[str, int] = {}
    postings: list[list[int]] = []
    rows = Enterprise.objects.order_by("id").values_list("id", "name_search")
    for done, (enterprise_id, folded) in enumerate(rows.iterator(chunk_size=20_000), start=1):
        for text in grams(folded):
            gid = gram_ids.get(text)
            if gid is None:
                gid = gram_ids[text] = len(gram_ids) + 1
                postings.append([])
            postings[gid - 1].append(enterprise_id)
        if progress and (done % 50_000 == 0 or done == total):
            progress(done, total)
    _bulk_insert(
        gram_table,
        ("id", "text", "df"),
        ((gid, text, len(postings[gid - 1])) for text, gid in gram_ids.items()),
    )
    # Enterprises were read in id order, so each posting list is already sorted: rows go in in
    # primary-key order, which keeps the B-tree build sequential.
    _bulk_insert(
        posting_table,
        ("gram_id", "enterprise_id"),
        ((gid, eid) for gid, ids in enumerate(postings, start=1) for eid in ids),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{gram_table}', 'id'), %s)",
                [max(len(gram_ids), 1)],
            )
    return len(gram_ids), sum(len(p) for p in postings)


# --- the facts public by law: investors, officers, branches, liquidation group -----------------
# (《企业信息公示暂行条例》第六条; docs/rules/disclosure.md §1). A replacement keeps each person's
# row when the person stays (matched by ID number, else by name), so the history of the row shows
# what changed; rows of people who leave are deleted, which history records as their last entry.

MAX_FACT_ROWS = 200
MAX_LIQUIDATION_MEMBERS = 30
_PHONE = re.compile(r"^[0-9+\-() ]*$")
OFFICER_POSTS = (
    "is_director",
    "is_chair",
    "is_employee_director",
    "is_supervisor",
    "is_manager",
    "is_other_senior_manager",
    "is_legal_representative",
)
# Entities whose registration can receive these facts through the services: a final status
# (注销, 撤销登记, 迁出) closes the register's record.
FACT_WRITABLE_STATUSES = frozenset({EnterpriseStatus.ACTIVE})
LIQUIDATION_STATUSES = frozenset({EnterpriseStatus.ACTIVE, EnterpriseStatus.LICENCE_REVOKED})


@dataclass(frozen=True, slots=True)
class ContributionData:
    subscribed_amount: Decimal
    form: str
    subscribed_due: date | None = None
    paid_amount: Decimal = Decimal("0")
    paid_on: date | None = None


@dataclass(frozen=True, slots=True)
class InvestorData:
    name: str
    role: str
    kind: str = MemberKind.NATURAL_PERSON
    id_type: str = IdType.RESIDENT_ID
    id_number: str = ""
    nationality: str = "中国"
    contributions: tuple[ContributionData, ...] = ()


@dataclass(frozen=True, slots=True)
class OfficerData:
    name: str
    id_type: str = IdType.RESIDENT_ID
    id_number: str = ""
    is_director: bool = False
    is_chair: bool = False
    is_employee_director: bool = False
    is_supervisor: bool = False
    is_manager: bool = False
    is_other_senior_manager: bool = False
    is_legal_representative: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return person_key(self.id_type, self.id_number, self.name)


@dataclass(frozen=True, slots=True)
class LiquidationMemberData:
    name: str
    is_leader: bool = False
    phone: str = ""


def person_key(id_type: str, id_number: str, name: str) -> tuple[str, str]:
    """Who a row is about: the ID document when there is one, else the name."""
    number = (id_number or "").strip().upper()
    return (id_type, number) if number else ("name", (name or "").strip())


def _require_text(value: Any, field: str, *, limit: int, required: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        raise ApplicationError(_("请填写文字。"), field=field)
    text = (value or "").strip()
    if required and not text:
        raise ApplicationError(_("此项不能为空。"), field=field)
    if len(text) > limit:
        raise ApplicationError(_("最多 %(max)d 个字。") % {"max": limit}, field=field)
    return text


def _require_choice(value: Any, field: str, choices: Iterable[str]) -> str:
    if value not in set(choices):
        raise ApplicationError(_("请从列表中选择。"), field=field)
    return str(value)


def _fact_date(value: Any, field: str, *, enterprise: Enterprise) -> date:
    if not isinstance(value, date):
        raise ApplicationError(_("请填写日期。"), field=field)
    if value < enterprise.established_on:
        raise ApplicationError(
            _("日期不能早于成立日期（%(on)s）。") % {"on": enterprise.established_on.isoformat()},
            field=field,
        )
    return value


def _locked_for_facts(enterprise: Enterprise, *, statuses: frozenset[str]) -> Enterprise:
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.status not in statuses:
        raise ApplicationError(
            _("“%(name)s”的登记状态为“%(status)s”，不能办理此项登记或备案。")
            % {"name": locked.name, "status": EnterpriseStatus(locked.status).label},
            field="enterprise",
        )
    return locked


def _sync_rows(
    *,
    existing: Sequence[Model],
    wanted: Sequence[tuple[Any, dict[str, Any]]],
    key: Callable[[Model], Any],
    make: Callable[[dict[str, Any]], Model],
    on: date,
    user: User | None,
    unique_flag: str | None = None,
    positioned: bool = True,
) -> list[Model]:
    """Make `existing` rows hold `wanted` (key, values) in order, keeping the row of each key
    that stays. Removed rows go first and a row taking `unique_flag` is saved last, so a flag that
    moves between rows never meets a partial unique constraint twice."""
    pool: dict[Any, list[Model]] = {}
    for row in existing:
        pool.setdefault(key(row), []).append(row)
    plan: list[tuple[Model | None, dict[str, Any]]] = []
    for position, (row_key, values) in enumerate(wanted):
        rows = pool.get(row_key)
        plan.append(
            (
                rows.pop(0) if rows else None,
                {**values, "position": position} if positioned else values,
            )
        )
    for rows in pool.values():
        for row in rows:
            history_stamp(row, on=on, user=user)
            row.delete()
    updates = [(row, values) for row, values in plan if row is not None]
    if unique_flag:
        updates.sort(key=lambda item: bool(item[1].get(unique_flag)))
    for stored, values in updates:
        if stored is None:
            continue
        changed = [name for name, value in values.items() if getattr(stored, name) != value]
        if changed:
            for name in changed:
                setattr(stored, name, values[name])
            history_stamp(stored, on=on, user=user)
            stored.save(update_fields=changed)
    result: list[Model] = []
    for old, values in plan:
        row = old if old is not None else make(values)
        if old is None:
            history_stamp(row, on=on, user=user)
            row.save()
        result.append(row)
    return result


def _require_at_most_rows(rows: Sequence[Any], field: str) -> None:
    if len(rows) > MAX_FACT_ROWS:
        raise ApplicationError(_("条目过多，最多%(n)d条。") % {"n": MAX_FACT_ROWS}, field=field)


def _require_person(
    raw: InvestorData | OfficerData, path: str, *, name_limit: int
) -> tuple[str, str, str]:
    """The name, ID type and (optional) ID number of an investor or officer row at `path`."""
    return (
        _require_text(raw.name, f"{path}.name", limit=name_limit),
        _require_choice(raw.id_type, f"{path}.id_type", IdType.values),
        _require_text(raw.id_number, f"{path}.id_number", limit=30, required=False),
    )


def _clean_investors(investors: Sequence[InvestorData]) -> list[InvestorData]:
    _require_at_most_rows(investors, "investors")
    cleaned: list[InvestorData] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(investors):
        path = f"investors.{i}"
        name, id_type, id_number = _require_person(raw, path, name_limit=100)
        key = person_key(id_type, id_number, name)
        if key in seen:
            raise ApplicationError(
                _("%(name)s重复填写。") % {"name": name}, field=f"{path}.id_number"
            )
        seen.add(key)
        contributions = []
        _require_at_most_rows(raw.contributions, f"{path}.contributions")
        for j, sub in enumerate(raw.contributions):
            sub_path = f"{path}.contributions.{j}"
            amount, paid = sub.subscribed_amount, sub.paid_amount
            if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
                raise ApplicationError(
                    _("认缴出资额必须大于零。"), field=f"{sub_path}.subscribed_amount"
                )
            if not isinstance(paid, Decimal) or not paid.is_finite() or paid < 0:
                raise ApplicationError(_("实缴出资额不能为负。"), field=f"{sub_path}.paid_amount")
            if paid > amount:
                raise ApplicationError(
                    _("实缴出资额不能超过认缴出资额。"), field=f"{sub_path}.paid_amount"
                )
            contributions.append(
                ContributionData(
                    subscribed_amount=amount,
                    form=_require_choice(sub.form, f"{sub_path}.form", ContributionForm.values),
                    subscribed_due=sub.subscribed_due,
                    paid_amount=paid,
                    paid_on=sub.paid_on if paid > 0 else None,
                )
            )
        cleaned.append(
            InvestorData(
                name=name,
                role=_require_choice(raw.role, f"{path}.role", MemberRole.values),
                kind=_require_choice(raw.kind, f"{path}.kind", MemberKind.values),
                id_type=id_type,
                id_number=id_number.upper(),
                nationality=_require_text(
                    raw.nationality or "中国", f"{path}.nationality", limit=30
                ),
                contributions=tuple(contributions),
            )
        )
    return cleaned


def _investors_summary(enterprise: Enterprise) -> list[dict[str, Any]]:
    """What the audit log keeps of the investors: names, roles and amounts, no ID numbers."""
    return [
        {
            "name": investor.name,
            "role": investor.role,
            "contributions": [
                [str(c.subscribed_amount), c.form, str(c.paid_amount)]
                for c in investor.contributions.all()
            ],
        }
        for investor in EnterpriseInvestor.objects.filter(enterprise=enterprise).prefetch_related(
            "contributions"
        )
    ]


@transaction.atomic
def enterprise_investors_replace(
    *,
    acting_user: User | None,
    enterprise: Enterprise,
    investors: Sequence[InvestorData],
    effective_on: date,
    reason: str = "",
) -> list[EnterpriseInvestor]:
    """The investors and their contributions (股东及出资) become `investors`, effective on a
    date: an investor who stays keeps their row (the history shows the new amounts), one who
    leaves is deleted, a new one is added."""
    cleaned = _clean_investors(investors)
    locked = _locked_for_facts(enterprise, statuses=FACT_WRITABLE_STATUSES)
    on = _fact_date(effective_on, "effective_on", enterprise=locked)
    before = _investors_summary(locked)
    existing = list(
        EnterpriseInvestor.objects.filter(enterprise=locked).prefetch_related("contributions")
    )
    by_key = {i: person_key(i.id_type, i.id_number, i.name) for i in existing}
    # Contributions of investors who leave go first, each with its own history entry.
    staying = {person_key(d.id_type, d.id_number, d.name) for d in cleaned}
    for investor in existing:
        if by_key[investor] not in staying:
            for contribution in investor.contributions.all():
                history_stamp(contribution, on=on, user=acting_user)
                contribution.delete()
    rows = _sync_rows(
        existing=existing,
        wanted=[
            (
                person_key(d.id_type, d.id_number, d.name),
                {
                    "kind": d.kind,
                    "role": d.role,
                    "name": d.name,
                    "id_type": d.id_type,
                    "id_number": d.id_number,
                    "nationality": d.nationality,
                },
            )
            for d in cleaned
        ],
        key=lambda row: by_key[row],  # type: ignore[index]
        make=lambda values: EnterpriseInvestor(enterprise=locked, **values),
        on=on,
        user=acting_user,
    )
    investor_rows: list[EnterpriseInvestor] = [
        row for row in rows if isinstance(row, EnterpriseInvestor)
    ]
    for investor, data in zip(investor_rows, cleaned, strict=True):
        current = sorted(investor.contributions.all(), key=lambda c: c.pk)
        order = {c.pk: n for n, c in enumerate(current)}
        _sync_rows(
            existing=current,
            wanted=[
                (
                    n,
                    {
                        "subscribed_amount": c.subscribed_amount,
                        "form": c.form,
                        "subscribed_due": c.subscribed_due,
                        "paid_amount": c.paid_amount,
                        "paid_on": c.paid_on,
                    },
                )
                for n, c in enumerate(data.contributions)
            ],
            key=lambda row, order=order: order[row.pk],  # type: ignore[misc]
            make=lambda values, owner=investor: EnterpriseContribution(  # type: ignore[misc]
                investor=owner, **values
            ),
            on=on,
            user=acting_user,
            positioned=False,
        )
    audit_record(
        actor=acting_user,
        action="enterprise.investors",
        instance=locked,
        before={"investors": before},
        after={"investors": _investors_summary(locked), "reason": reason},
    )
    return investor_rows


def _clean_officers(officers: Sequence[OfficerData]) -> list[OfficerData]:
    if not officers:
        raise ApplicationError(_("请至少填写一名主要人员。"), field="officers")
    _require_at_most_rows(officers, "officers")
    cleaned: list[OfficerData] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(officers):
        path = f"officers.{i}"
        name, id_type, id_number = _require_person(raw, path, name_limit=50)
        officer = OfficerData(
            name=name,
            id_type=id_type,
            id_number=id_number.upper(),
            **{post: bool(getattr(raw, post)) for post in OFFICER_POSTS},
        )
        if officer.key in seen:
            raise ApplicationError(
                _("%(name)s重复填写；一人担任多个职务的，请在同一行勾选。") % {"name": name},
                field=f"{path}.id_number",
            )
        seen.add(officer.key)
        cleaned.append(officer)
    representatives = [o for o in cleaned if o.is_legal_representative]
    if len(representatives) != 1:
        raise ApplicationError(
            _("主要人员中须有且只有一名法定代表人（负责人、经营者），现为%(n)d名。")
            % {"n": len(representatives)},
            field="officers",
        )
    return cleaned


def _officers_summary(enterprise: Enterprise) -> list[dict[str, Any]]:
    return [
        {"name": officer.name, "posts": [post for post in OFFICER_POSTS if getattr(officer, post)]}
        for officer in EnterpriseOfficer.objects.filter(enterprise=enterprise)
    ]


@transaction.atomic
def enterprise_officers_replace(
    *,
    acting_user: User | None,
    enterprise: Enterprise,
    officers: Sequence[OfficerData],
    effective_on: date,
    reason: str = "",
) -> list[EnterpriseOfficer]:
    """The key personnel (主要人员) become `officers`, effective on a date, one row a person with
    every post they hold. The enterprise's 法定代表人 (负责人, 经营者) follows the officer so
    flagged, with the enterprise's own history."""
    cleaned = _clean_officers(officers)
    locked = _locked_for_facts(enterprise, statuses=FACT_WRITABLE_STATUSES)
    on = _fact_date(effective_on, "effective_on", enterprise=locked)
    before = _officers_summary(locked)
    existing = list(EnterpriseOfficer.objects.filter(enterprise=locked))
    rows = _sync_rows(
        existing=existing,
        wanted=[
            (
                officer.key,
                {
                    "name": officer.name,
                    "id_type": officer.id_type,
                    "id_number": officer.id_number,
                    **{post: getattr(officer, post) for post in OFFICER_POSTS},
                },
            )
            for officer in cleaned
        ],
        key=lambda row: person_key(row.id_type, row.id_number, row.name),  # type: ignore[attr-defined]
        make=lambda values: EnterpriseOfficer(enterprise=locked, **values),
        on=on,
        user=acting_user,
        unique_flag="is_legal_representative",
    )
    representative = next(o for o in cleaned if o.is_legal_representative)
    enterprise_before = _snapshot(locked)
    rep_id = representative.id_number if len(representative.id_number) <= 18 else ""
    if (locked.legal_rep_name, locked.legal_rep_id_number) != (representative.name, rep_id):
        locked.legal_rep_name = representative.name
        locked.legal_rep_id_number = rep_id
        history_stamp(locked, on=on, user=acting_user)
        locked.save(update_fields=["legal_rep_name", "legal_rep_id_number", "updated_at"])
    enterprise.legal_rep_name = locked.legal_rep_name
    enterprise.legal_rep_id_number = locked.legal_rep_id_number
    audit_record(
        actor=acting_user,
        action="enterprise.officers",
        instance=locked,
        before={"officers": before, "legal_rep_name": enterprise_before["legal_rep_name"]},
        after={
            "officers": _officers_summary(locked),
            "legal_rep_name": locked.legal_rep_name,
            "reason": reason,
        },
    )
    return [row for row in rows if isinstance(row, EnterpriseOfficer)]


def officers_with_legal_representative(
    current: Sequence[OfficerData], representative: OfficerData
) -> list[OfficerData]:
    """The register's officers after a change of the legal representative alone: the former one
    loses the flag (and leaves the list when they held no other post); the new one gains it, with
    the posts the application gives them, on their own row if they already had one."""
    if not representative.is_legal_representative:
        raise ApplicationError(_("申请中没有指定法定代表人（负责人）。"), field="officers")
    result: list[OfficerData] = []
    placed = False
    for officer in current:
        if officer.key == representative.key:
            posts = {
                post: getattr(officer, post) or getattr(representative, post)
                for post in OFFICER_POSTS
            }
            result.append(
                OfficerData(
                    name=representative.name,
                    id_type=officer.id_type,
                    id_number=officer.id_number or representative.id_number,
                    **posts,
                )
            )
            placed = True
            continue
        if officer.is_legal_representative:
            posts = {post: getattr(officer, post) for post in OFFICER_POSTS}
            posts["is_legal_representative"] = False
            if not any(posts.values()):
                continue
            officer = OfficerData(
                name=officer.name, id_type=officer.id_type, id_number=officer.id_number, **posts
            )
        result.append(officer)
    if not placed:
        result.insert(0, representative)
    return result


def officer_data(row: Any) -> OfficerData:
    """An officer row (of the register or of an application) as service input."""
    return OfficerData(
        name=row.name,
        id_type=row.id_type,
        id_number=row.id_number,
        **{post: bool(getattr(row, post)) for post in OFFICER_POSTS},
    )


@transaction.atomic
def enterprise_branch_record(
    *,
    acting_user: User | None,
    enterprise: Enterprise,
    recorded_on: date,
    branch: Enterprise | None = None,
    name: str = "",
    uscc_code: str = "",
    registration_authority_name: str = "",
) -> EnterpriseBranch:
    """Add a branch (分支机构) to a head office's record: a branch registered in this register
    (`branch`), or one registered by another authority and filed here (name, code, authority)."""
    locked = _locked_for_facts(enterprise, statuses=FACT_WRITABLE_STATUSES)
    if locked.enterprise_type == EnterpriseType.BRANCH:
        raise ApplicationError(_("分公司不能再设立分支机构。"), field="enterprise")
    on = _fact_date(recorded_on, "recorded_on", enterprise=locked)
    if branch is not None:
        if branch.enterprise_type != EnterpriseType.BRANCH:
            raise ApplicationError(_("只有分公司可以作为分支机构备案。"), field="branch")
        if EnterpriseBranch.objects.filter(branch=branch).exists():
            raise ApplicationError(
                _("“%(name)s”已作为分支机构备案。") % {"name": branch.name}, field="branch"
            )
        name, uscc_code = branch.name, branch.uscc
        registration_authority_name = branch.registration_authority.name
    name = _require_text(name, "name", limit=200)
    uscc_code = _require_text(uscc_code, "uscc", limit=18, required=False).upper()
    if uscc_code:
        try:
            uscc_code = uscc.validate(uscc_code)
        except uscc.UsccError:
            raise ApplicationError(_("统一社会信用代码不正确。"), field="uscc") from None
    record = EnterpriseBranch(
        enterprise=locked,
        branch=branch,
        name=name,
        uscc=uscc_code,
        registration_authority_name=_require_text(
            registration_authority_name, "registration_authority_name", limit=100
        ),
        recorded_on=on,
    )
    history_stamp(record, on=on, user=acting_user)
    record.save()
    audit_record(
        actor=acting_user,
        action="enterprise.branch",
        instance=locked,
        after={"branch": name, "uscc": uscc_code, "recorded_on": on.isoformat()},
    )
    return record


def can_file_liquidation_group(*, user: AnyUser, enterprise: Enterprise) -> bool:
    """A registrar whose unit's subtree holds the enterprise's registration authority."""
    return instance_in_reach(user, enterprise, Action.EDIT)


def _clean_liquidation_members(
    members: Sequence[LiquidationMemberData],
) -> list[LiquidationMemberData]:
    if not members:
        raise ApplicationError(_("请至少填写一名清算组成员。"), field="members")
    if len(members) > MAX_LIQUIDATION_MEMBERS:
        raise ApplicationError(
            _("清算组成员最多%(n)d名。") % {"n": MAX_LIQUIDATION_MEMBERS}, field="members"
        )
    cleaned: list[LiquidationMemberData] = []
    seen: set[str] = set()
    for i, raw in enumerate(members):
        name = _require_text(raw.name, f"members.{i}.name", limit=100)
        if name in seen:
            raise ApplicationError(
                _("清算组成员“%(name)s”重复填写。") % {"name": name}, field=f"members.{i}.name"
            )
        seen.add(name)
        phone = _require_text(raw.phone, f"members.{i}.phone", limit=20, required=False)
        if not _PHONE.match(phone):
            raise ApplicationError(
                _("联系电话只能包含数字、空格和“+-()”。"), field=f"members.{i}.phone"
            )
        cleaned.append(LiquidationMemberData(name=name, is_leader=bool(raw.is_leader), phone=phone))
    leaders = sum(1 for m in cleaned if m.is_leader)
    if leaders != 1:
        raise ApplicationError(
            _("清算组须有且只有一名负责人，现为%(n)d名。") % {"n": leaders}, field="members"
        )
    return cleaned


@transaction.atomic
def enterprise_liquidation_group_file(
    *,
    registrar: Any,
    enterprise: Enterprise,
    members: Sequence[LiquidationMemberData],
    recorded_on: date,
) -> list[LiquidationMember]:
    """File the liquidation group (清算组备案, 《市场主体登记管理条例》第三十二条) of an enterprise
    that exists (存续, or 吊销 and bound to liquidate): its members and their leader become public.
    Filing again replaces the group; members who stay keep their rows and history."""
    if not can_file_liquidation_group(user=registrar, enterprise=enterprise):
        raise PermissionDenied
    cleaned = _clean_liquidation_members(members)
    locked = _locked_for_facts(enterprise, statuses=LIQUIDATION_STATUSES)
    on = _fact_date(recorded_on, "recorded_on", enterprise=locked)
    if on > timezone.localdate():
        raise ApplicationError(_("备案日期不能晚于今天。"), field="recorded_on")
    existing = list(LiquidationMember.objects.filter(enterprise=locked))
    before = [{"name": m.name, "is_leader": m.is_leader} for m in existing]
    rows = _sync_rows(
        existing=existing,
        wanted=[
            (
                m.name,
                {"name": m.name, "is_leader": m.is_leader, "phone": m.phone, "recorded_on": on},
            )
            for m in cleaned
        ],
        key=lambda row: row.name,  # type: ignore[attr-defined]
        make=lambda values: LiquidationMember(enterprise=locked, **values),
        on=on,
        user=registrar,
        unique_flag="is_leader",
    )
    audit_record(
        actor=registrar,
        action="enterprise.liquidation_group",
        instance=locked,
        before={"members": before} if before else None,
        after={
            "members": [{"name": m.name, "is_leader": m.is_leader} for m in cleaned],
            "recorded_on": on.isoformat(),
        },
    )
    return [row for row in rows if isinstance(row, LiquidationMember)]
