"""Writes to the market-entity register. Each keeps the search index and the audit log in step."""

from collections.abc import Callable, Iterable
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
    EnterpriseStatus,
    EnterpriseType,
)
from hongdun.enterprises.hooks import enterprise_changed_notify
from hongdun.enterprises.models import (
    Enterprise,
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
