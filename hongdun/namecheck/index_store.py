"""The process-wide name index: a snapshot on disk, an in-memory overlay, and the event log.

Each worker process holds one `NameIndex` (the pure engine's structure). On first use it loads
the snapshot under `settings.VAR_DIR / "namecheck-index"` (memory-mapped, so worker processes
share its pages) when the snapshot belongs to this database and nothing changed behind the event
log's back; otherwise it builds the index from the database (and saves a snapshot for the next
start). Before every check it replays the `NameIndexEvent` rows newer than the last one it has
seen — one indexed range query, usually empty — so a name reserved or registered by any process
is seen by every other one at its next check.

Stored-name ids (`StoredName.id`, chosen by us, stable across rebuilds):

| what                                  | id                                                |
|---------------------------------------|---------------------------------------------------|
| an enterprise's current name          | `Enterprise.pk` (below 2**40)                     |
| a former name (renamed away)          | `FORMER_NAME_BASE` (2**40) + `history_id` of the  |
|                                       | history row that recorded the rename              |
| a live reservation (pending/reserved) | `RESERVATION_BASE` (2**41) + `NameReservation.pk` |

Mapping of the register to `NameStatus` (GD2020 Art 17, docs/rules/names.md §1.4):

- active and licence revoked (吊销, the entity still exists and keeps its name) → REGISTERED;
- deregistered (注销) and moved out (迁出) → DEREGISTERED on `status_date` (conflicts for a year);
- registration revoked (撤销登记) → REGISTRATION_REVOKED on `status_date` (conflicts for a year);
- a name given up by a rename less than `NAMECHECK_HISTORY_DAYS` ago → RENAMED on the change date;
- a reservation → RESERVED until `reserved_until`; one waiting for review holds its name with no
  end (`reserved_until=None`, which the engine reads as "until further notice") until it is
  approved, refused or withdrawn.

Event ops (payload JSON): `add` = a StoredName (replaces any entry with the same id), `remove` =
`{"id"}`, `status` = id + status, dates and the name (so it can be added if unknown), `snapshot`
= a marker written when a snapshot is taken (ignored by replay). Events of enterprise changes
carry the `history_id` of the change, which lets a snapshot notice writes that bypassed the
services (then it is rebuilt).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Max, Q, Subquery
from django.utils import timezone

from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.namecheck import engine
from hongdun.namecheck.choices import LIVE_STATUSES, IndexOp, ReservationStatus
from hongdun.namecheck.engine.index import FORMAT_VERSION
from hongdun.namecheck.engine.types import (
    CheckContext,
    CheckResult,
    EngineConfig,
    NameStatus,
    ParsedName,
    StoredName,
)
from hongdun.namecheck.models import NameIndexEvent, NameReservation
from hongdun.orgs.models import Unit

logger = logging.getLogger(__name__)

FORMER_NAME_BASE = 1 << 40
RESERVATION_BASE = 1 << 41
# The store's own layout and the engine's index format: a snapshot written by an engine with
# another index layout is rebuilt quietly rather than failing to load.
SNAPSHOT_FORMAT = f"1/{FORMAT_VERSION}"
SNAPSHOT_META = "hongdun.json"
SNAPSHOT_INDEX = "index"
# A snapshot more than this many unexplained register changes behind is rebuilt, not checked.
STALE_CHECK_LIMIT = 10_000
# pg_advisory_xact_lock key serialising event writers, so ids are handed out in commit order.
EVENT_LOCK_KEY = 0x4E414D45434B  # "NAMECK"

ProgressCallback = Callable[[int, int], None]


def enterprise_key(enterprise_id: int) -> int:
    return enterprise_id


def former_name_key(history_id: int) -> int:
    return FORMER_NAME_BASE + history_id


def reservation_key(reservation_id: int) -> int:
    return RESERVATION_BASE + reservation_id


def applicant_owner(user_id: int | None) -> str:
    """The owner key of an applicant's reservations; their own names never conflict with them."""
    return f"user:{user_id}" if user_id else ""


def applicant_related_owners(user_id: int | None, *, as_of: date) -> frozenset[str]:
    """Owner keys of the enterprises an applicant acts for: those it holds a live portal
    authorisation for (registration's `EnterpriseAuthorisation`: its own establishment, the legal
    representative, or an agent with a written authorisation). Their names are the applicant's
    "related" names (GD2020 第十五条、第十七条: investment relationship or authorisation), so a
    parent declaring its own branch (第十三条) is not blocked by its own name.

    Enterprise names are owned by their USCC (see `enterprise_stored_name`). Read through the
    reverse relation so that this app does not import the registration app (which imports it).
    """
    if not user_id:
        return frozenset()
    live = Q(
        portal_authorisations__user_id=user_id,
        portal_authorisations__revoked_at__isnull=True,
    ) & (
        Q(portal_authorisations__valid_until__isnull=True)
        | Q(portal_authorisations__valid_until__gte=as_of)
    )
    return frozenset(Enterprise.objects.filter(live).values_list("uscc", flat=True).distinct())


def enterprise_name_status(status: str, status_date: date | None) -> tuple[NameStatus, date | None]:
    """What a register status means for the name (GD2020 第十七条): 注销 and 迁出 give it up on
    the status date, 撤销登记 too (第十七条(三)); 吊销 keeps it registered (the enterprise exists
    until it is deregistered)."""
    if status in (EnterpriseStatus.DEREGISTERED, EnterpriseStatus.MOVED_OUT):
        return NameStatus.DEREGISTERED, status_date
    if status == EnterpriseStatus.REGISTRATION_REVOKED:
        return NameStatus.REGISTRATION_REVOKED, status_date
    return NameStatus.REGISTERED, None


def enterprise_stored_name(
    *,
    enterprise_id: int,
    name: str,
    uscc: str,
    registry: str,
    status: str,
    status_date: date | None,
) -> StoredName:
    name_status, when = enterprise_name_status(status, status_date)
    return StoredName(
        id=enterprise_key(enterprise_id),
        name=name,
        registry=registry,
        status=name_status,
        status_date=when,
        owner=uscc,
    )


def former_stored_name(
    *, history_id: int, name: str, uscc: str, registry: str, renamed_on: date
) -> StoredName:
    return StoredName(
        id=former_name_key(history_id),
        name=name,
        registry=registry,
        status=NameStatus.RENAMED,
        status_date=renamed_on,
        owner=uscc,
    )


def reservation_stored_name(reservation: NameReservation, *, registry: str) -> StoredName:
    until = reservation.reserved_until
    if reservation.status == ReservationStatus.PENDING_REVIEW:
        until = None  # held while under review, however long that takes
    return StoredName(
        id=reservation_key(reservation.pk),
        name=reservation.proposed_name,
        registry=registry,
        status=NameStatus.RESERVED,
        reserved_until=until,
        owner=applicant_owner(reservation.applicant_id),
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def stored_to_payload(stored: StoredName, **extra: Any) -> dict[str, Any]:
    return {
        "id": stored.id,
        "name": stored.name,
        "registry": stored.registry,
        "status": str(stored.status),
        "status_date": _iso(stored.status_date),
        "reserved_until": _iso(stored.reserved_until),
        "owner": stored.owner,
        **extra,
    }


def stored_from_payload(payload: dict[str, Any]) -> StoredName:
    return StoredName(
        id=int(payload["id"]),
        name=str(payload["name"]),
        registry=str(payload["registry"]),
        status=NameStatus(payload["status"]),
        status_date=_date(payload.get("status_date")),
        reserved_until=_date(payload.get("reserved_until")),
        owner=str(payload.get("owner", "")),
    )


# --- the event log ------------------------------------------------------------------------------


def _transaction_key() -> tuple[str, str | None] | None:
    """Identity of the current transaction that can still roll back, or None outside one.

    A test case's wrapping transaction does not count (to a test, what it has written is as
    good as committed); a transaction opened inside it is a savepoint, named uniquely.
    """
    for position, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            return ("tx", connection.savepoint_ids[position - 1] if position else None)
    return None


def _in_real_transaction() -> bool:
    return _transaction_key() is not None


def _pending_entries() -> list[tuple[int, Any, Callable[[], None]]]:
    # On the thread's own DatabaseWrapper, not on the shared `connection` proxy.
    wrapper = connections[DEFAULT_DB_ALIAS]
    entries: list[tuple[int, Any, Callable[[], None]]] = vars(wrapper).setdefault(
        "_namecheck_pending_events", []
    )
    return entries


def _pending_events() -> list[int]:
    """Ids of events this connection wrote in its current, still open transaction.

    An entry stays pending while we are in the same transaction and the on-commit hook
    registered with it is still queued: commit runs and clears the hooks, a rollback (of the
    transaction or of the savepoint that wrote the event) discards them.
    """
    entries = _pending_entries()
    key = _transaction_key()
    if key is None:
        entries.clear()
        return []
    hooks = {id(hook[1]) for hook in connections[DEFAULT_DB_ALIAS].run_on_commit}
    entries[:] = [entry for entry in entries if entry[1] == key and id(entry[2]) in hooks]
    return [entry[0] for entry in entries]


def append_event(op: str, payload: dict[str, Any]) -> NameIndexEvent:
    """Append one event in the caller's transaction (or a new one).

    On PostgreSQL writers take a transaction-level advisory lock first, so event ids are handed
    out in commit order and a reader's "id > last seen" never skips an event that commits late.
    SQLite has a single writer already.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOCK_KEY])
        event = NameIndexEvent.objects.create(op=op, payload=payload)
    key = _transaction_key()
    if key is not None:

        def committed() -> None:  # a marker: queued while the transaction is open
            pass

        transaction.on_commit(committed)
        _pending_entries().append((event.id, key, committed))
    return event


def _remove_quietly(index: Any, stored_id: int) -> None:
    with contextlib.suppress(KeyError, LookupError, ValueError):
        index.remove(stored_id)


def apply_event(index: Any, op: str, payload: dict[str, Any], ref: Any) -> None:
    """Apply one logged change to an index; replaying an event twice is harmless."""
    if op == IndexOp.ADD:
        stored = stored_from_payload(payload)
        index.add(stored, engine.parse(stored.name, ref))  # replaces an entry with the same id
    elif op == IndexOp.REMOVE:
        _remove_quietly(index, int(payload["id"]))
    elif op == IndexOp.STATUS:
        stored = stored_from_payload(payload)
        try:
            index.update_status(stored.id, stored.status, stored.status_date, stored.reserved_until)
        except (KeyError, LookupError):
            index.add(stored, engine.parse(stored.name, ref))


# --- reference data and configuration -----------------------------------------------------------


@functools.cache
def reference() -> Any:
    """The engine's reference data (regions, industry terms, word lists), loaded once."""
    directory = settings.HONGDUN.get("NAMECHECK_REFERENCE_DIR")
    return engine.load_reference(Path(directory)) if directory else engine.load_reference()


def engine_config() -> EngineConfig:
    conf = settings.HONGDUN
    return EngineConfig(
        similar_blocks=bool(conf.get("NAMECHECK_SIMILAR_BLOCKS", False)),
        legacy_guoji_prefix=bool(conf.get("NAMECHECK_LEGACY_GUOJI_PREFIX", False)),
    )


# --- building from the database -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuildStats:
    names: int
    enterprises: int
    former_names: int
    reservations: int
    seconds: float
    watermark: int
    saved_to: Path | None


def _history_model() -> Any:
    return Enterprise.history.model


def _registry_codes() -> dict[int, str]:
    return dict(Unit.objects.values_list("id", "division_code"))


def _former_names(codes: dict[int, str], *, since: date) -> list[StoredName]:
    """Names given up by a rename on or after `since`, from the change history."""
    history = _history_model()
    cutoff = timezone.make_aware(datetime.combine(since, clock.min))
    recent = history.objects.filter(history_date__gte=cutoff).values("id")
    rows = (
        history.objects.filter(id__in=Subquery(recent))
        .order_by("id", "history_id")
        .values_list(
            "id", "history_id", "name", "uscc", "registration_authority_id", "history_date"
        )
    )
    found: list[StoredName] = []
    previous: tuple[int, str] | None = None
    for enterprise_id, history_id, name, uscc, authority_id, history_date in rows.iterator(
        chunk_size=10_000
    ):
        if previous is not None and previous[0] == enterprise_id and previous[1] != name:
            renamed_on = timezone.localdate(history_date)
            if renamed_on >= since:
                found.append(
                    former_stored_name(
                        history_id=history_id,
                        name=previous[1],
                        uscc=uscc,
                        registry=codes.get(authority_id, ""),
                        renamed_on=renamed_on,
                    )
                )
        previous = (enterprise_id, name)
    return found


def database_records(
    *, progress: ProgressCallback | None = None, counts: dict[str, int] | None = None
) -> Iterator[tuple[StoredName, ParsedName]]:
    """Every name the index must know, parsed, read from the register and the reservations."""
    ref = reference()
    codes = _registry_codes()
    history_days = int(settings.HONGDUN.get("NAMECHECK_HISTORY_DAYS", 400))
    former = _former_names(codes, since=timezone.localdate() - timedelta(days=history_days))
    live = NameReservation.objects.filter(status__in=LIVE_STATUSES).order_by("id")
    total = Enterprise.objects.count() + len(former) + live.count()
    tally = counts if counts is not None else {}
    tally.update(enterprises=0, former_names=len(former), reservations=0)
    done = 0

    def tick() -> None:
        if progress and (done % 50_000 == 0 or done == total):
            progress(done, total)

    rows = Enterprise.objects.order_by("id").values_list(
        "id", "name", "uscc", "registration_authority_id", "status", "status_date"
    )
    for enterprise_id, name, uscc, authority_id, status, status_date in rows.iterator(
        chunk_size=20_000
    ):
        stored = enterprise_stored_name(
            enterprise_id=enterprise_id,
            name=name,
            uscc=uscc,
            registry=codes.get(authority_id, ""),
            status=status,
            status_date=status_date,
        )
        yield stored, engine.parse(stored.name, ref)
        tally["enterprises"] += 1
        done += 1
        tick()
    for stored in former:
        yield stored, engine.parse(stored.name, ref)
        done += 1
        tick()
    for reservation in live.iterator(chunk_size=5_000):
        stored = reservation_stored_name(
            reservation, registry=codes.get(reservation.registry_id, "")
        )
        yield stored, engine.parse(stored.name, ref)
        tally["reservations"] += 1
        done += 1
        tick()
    if progress and total == 0:
        progress(0, 0)


# --- the store ----------------------------------------------------------------------------------


class IndexStore:
    """One per process (see `store()`); every public method is safe to call from several threads."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory
        self._lock = threading.RLock()
        self._index: Any = None
        self._last_event_id = 0
        self.source = ""  # "snapshot" or "database", for diagnostics

    @property
    def directory(self) -> Path:
        return self._directory or Path(settings.VAR_DIR) / "namecheck-index"

    @property
    def last_event_id(self) -> int:
        return self._last_event_id

    @property
    def loaded(self) -> bool:
        return self._index is not None

    def reset(self) -> None:
        """Forget the in-memory index; the next use loads or builds it again."""
        with self._lock:
            self._index = None
            self._last_event_id = 0
            self.source = ""

    # -- reads --

    def check(
        self, names: Sequence[str], ctx: CheckContext, config: EngineConfig | None = None
    ) -> list[CheckResult]:
        config = config or engine_config()
        with self._lock:
            index = self._current()
            return engine.check_many(names, ctx, index, reference(), config)

    def suggest(
        self,
        raw: str,
        ctx: CheckContext,
        config: EngineConfig | None = None,
        limit: int = 5,
        *,
        result: CheckResult | None = None,
    ) -> list[str]:
        """Alternatives that pass; `result` is this store's `check` of `raw` (same context and
        configuration) when the caller has it, so the name is not checked again."""
        config = config or engine_config()
        with self._lock:
            index = self._current()
            return list(
                engine.suggest_alternatives(
                    raw, ctx, index, reference(), config, limit=limit, result=result
                )
            )

    def parse(self, raw: str) -> ParsedName:
        return engine.parse(raw, reference())

    def catch_up(self) -> int:
        """Apply logged changes newer than the last one seen; returns how many were applied."""
        with self._lock:
            if self._index is None:
                self._current()
                return 0
            return self._catch_up()

    # -- writes --

    def rebuild(self, *, progress: ProgressCallback | None = None, save: bool = True) -> BuildStats:
        """Build from the database (and snapshot it when `save`); replaces the in-memory index."""
        with self._lock:
            return self._build(progress=progress, save=save)

    # -- internals (called with the lock held) --

    def _current(self) -> Any:
        if self._index is None and not self._load_snapshot():
            save = bool(settings.HONGDUN.get("NAMECHECK_SNAPSHOT_ON_BUILD", True))
            self._build(save=save and not _in_real_transaction())
        self._catch_up()
        return self._index

    def _catch_up(self) -> int:
        events = NameIndexEvent.objects.filter(id__gt=self._last_event_id)
        pending = _pending_events()
        if pending:
            # Our own transaction's events are not committed yet: stop before them, so a rollback
            # can leave neither a phantom name nor a skipped id behind.
            events = events.filter(id__lt=min(pending))
        applied = 0
        ref = reference()
        for event_id, op, payload in events.order_by("id").values_list("id", "op", "payload"):
            apply_event(self._index, op, payload, ref)
            self._last_event_id = event_id
            applied += 1
        return applied

    def _build(self, *, progress: ProgressCallback | None = None, save: bool) -> BuildStats:
        started = time.monotonic()
        token = uuid.uuid4().hex
        history_watermark = 0
        if save:
            # The marker's id is the watermark: every event below it is committed (ids follow
            # commit order), and its token ties the snapshot to this very database.
            watermark = append_event(IndexOp.SNAPSHOT, {"token": token}).id
            history_watermark = _history_model().objects.aggregate(m=Max("history_id"))["m"] or 0
        else:
            watermark = NameIndexEvent.objects.aggregate(m=Max("id"))["m"] or 0
            pending = _pending_events()
            if pending:
                watermark = min(pending) - 1
        counts: dict[str, int] = {}
        records = database_records(progress=progress, counts=counts)
        index = engine.NameIndex.build(records)
        self._index = index
        self._last_event_id = watermark
        self.source = "database"
        saved_to = None
        if save:
            saved_to = self._save(
                index,
                {
                    "format": SNAPSHOT_FORMAT,
                    "marker_id": watermark,
                    "token": token,
                    "history_watermark": history_watermark,
                    "names": sum(counts.values()),
                    "built_at": timezone.now().isoformat(),
                },
            )
        return BuildStats(
            names=sum(counts.values()),
            enterprises=counts.get("enterprises", 0),
            former_names=counts.get("former_names", 0),
            reservations=counts.get("reservations", 0),
            seconds=time.monotonic() - started,
            watermark=watermark,
            saved_to=saved_to,
        )

    def _save(self, index: Any, meta: dict[str, Any]) -> Path | None:
        """Write the snapshot next to the live one, then swap directories (readers that mapped
        the old files keep them until they let go)."""
        target = self.directory
        suffix = f"{os.getpid()}-{meta['token'][:8]}"
        fresh = target.with_name(f"{target.name}.tmp-{suffix}")
        old = target.with_name(f"{target.name}.old-{suffix}")
        try:
            fresh.mkdir(parents=True)
            index.save(fresh / SNAPSHOT_INDEX)
            (fresh / SNAPSHOT_META).write_text(json.dumps(meta), encoding="utf-8")
            if target.exists():
                target.rename(old)
            fresh.rename(target)
        except OSError:
            logger.warning("could not save the name-index snapshot to %s", target, exc_info=True)
            shutil.rmtree(fresh, ignore_errors=True)
            return None
        finally:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def _load_snapshot(self) -> bool:
        meta = self._valid_snapshot_meta()
        if meta is None:
            return False
        try:
            self._index = engine.NameIndex.load(self.directory / SNAPSHOT_INDEX, mmap=True)
        except Exception:
            logger.warning("unreadable name-index snapshot in %s", self.directory, exc_info=True)
            return False
        self._last_event_id = int(meta["marker_id"])
        self.source = "snapshot"
        return True

    def _valid_snapshot_meta(self) -> dict[str, Any] | None:
        try:
            meta = json.loads((self.directory / SNAPSHOT_META).read_text(encoding="utf-8"))
            marker_id, token = int(meta["marker_id"]), str(meta["token"])
            history_watermark = int(meta["history_watermark"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if meta.get("format") != SNAPSHOT_FORMAT:
            return None
        marker = (
            NameIndexEvent.objects.filter(id=marker_id, op=IndexOp.SNAPSHOT)
            .values_list("payload", flat=True)
            .first()
        )
        if not isinstance(marker, dict) or marker.get("token") != token:
            return None  # another database, or the log was reset since
        changed = set(
            _history_model()
            .objects.filter(history_id__gt=history_watermark)
            .values_list("history_id", flat=True)[: STALE_CHECK_LIMIT + 1]
        )
        if len(changed) > STALE_CHECK_LIMIT:
            return None
        if changed:
            logged = {
                payload.get("history_id")
                for payload in NameIndexEvent.objects.filter(id__gt=marker_id).values_list(
                    "payload", flat=True
                )
                if isinstance(payload, dict)
            }
            if not changed <= logged:
                logger.info("name-index snapshot is stale: the register changed without events")
                return None
        return dict(meta)


_store = IndexStore()


def store() -> IndexStore:
    """The process-wide index store."""
    return _store
