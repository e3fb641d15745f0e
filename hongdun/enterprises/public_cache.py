"""The cache of the public rendering of an enterprise's record (page body and API value).

Building the record costs about 20 ms of Python per page (sections, the change record replayed
from history, templates); the public asks for the same record over and over. What the public
sees is kept in the shared cache under the enterprise's id, the kind and the language, stored
with two generation tokens: the enterprise's own and one for the whole register. A write to any
model a section declares in its `sources` (hongdun.enterprises.public_sections) replaces the
enterprise's token after the transaction commits; an entry is served only while the tokens it
was stored with are the current ones, so the next request renders again: the entry is exact
under writes. The tokens and the entry are read in one round trip (`get_many`).

A render that started before a write read the tokens first and stores them with what it built,
so it cannot outlive the write. A rolled-back write bumps nothing (`transaction.on_commit`).
Tokens are random, never counters: a token lost from the cache (evicted, cache cleared) is
replaced by a new one, never by one an old entry was stored with.

The anonymous page (hongdun.enterprises.public_frame) finds the id of a code without a query
through `public_id_known`, a bounded map kept in each process. The map can be wrong (ids given
out again after a restore) without harm: the page entry names the USCC it was rendered for, and
an entry for another code is not served.

Bulk loaders that bypass model signals (the demo and bench loaders, the facts backfill) call
`public_cache_clear_all()` when they are done. Nothing on the record depends on today's date
(late flags are fixed when something is published), so the date is not part of the key.
"""

import contextlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

_PREFIX = "hongdun:public-record"
_ALL_KEY = f"{_PREFIX}:all"
# An entry is replaced by the next rendering of its record; one nobody asks for again leaves the
# cache after this.
ENTRY_TIMEOUT = 24 * 3600

T = TypeVar("T")


def _generation_key(enterprise_id: int) -> str:
    return f"{_PREFIX}:gen:{enterprise_id}"


def _token() -> str:
    return uuid.uuid4().hex[:16]


def _entry_key(enterprise_id: int, kind: str, language: str) -> str:
    return f"{_PREFIX}:{kind}:{enterprise_id}:{language}"


def _read(enterprise_id: int, kind: str, language: str) -> tuple[str, str, Any]:
    """The current tokens (every record's, the enterprise's) and the stored entry, in one round
    trip to the cache. A token the cache does not hold is created (`add`: the first creator
    wins); tokens come back empty only from a cache that keeps nothing."""
    every_key, own_key = _ALL_KEY, _generation_key(enterprise_id)
    found = cache.get_many([every_key, own_key, _entry_key(enterprise_id, kind, language)])
    missing = [key for key in (every_key, own_key) if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _token(), None)
        found.update(cache.get_many(missing))
    entry = found.get(_entry_key(enterprise_id, kind, language))
    return str(found.get(every_key, "")), str(found.get(own_key, "")), entry


def public_cache_peek(*, enterprise_id: int, kind: str, language: str) -> Any | None:
    """The cached public `kind` of the enterprise's record in `language` if the cache holds one
    of the current generation, else None (nothing is built)."""
    every, own, entry = _read(enterprise_id, kind, language)
    if every and own and isinstance(entry, tuple) and entry[:2] == (every, own):
        return entry[2]
    return None


def public_cached(
    *, enterprise_id: int, kind: str, language: str, build: Callable[[], T]
) -> tuple[T, bool]:
    """The cached public `kind` ("page", "api") of the enterprise's record in `language`, or
    `build()` stored for the next request. Returns the value and whether it came from the cache.
    Only for what the public may see: the caller decides that the viewer is the public.

    The entry is stored with the tokens read before `build()` and is served only while both are
    still the current ones: a write after that read replaced a token, so what was built before
    it is never served, even when it overwrote an entry built after the write (that costs one
    more rendering, never a stale page)."""
    every, own, entry = _read(enterprise_id, kind, language)
    if not every or not own:  # the cache does not keep anything (a dummy cache)
        return build(), False
    if isinstance(entry, tuple) and entry[:2] == (every, own):
        return entry[2], True
    value = build()
    cache.set(_entry_key(enterprise_id, kind, language), (every, own, value), ENTRY_TIMEOUT)
    return value, False


def _bump(enterprise_ids: Iterable[int]) -> None:
    cache.set_many({_generation_key(pk): _token() for pk in enterprise_ids}, None)


def public_cache_generation(enterprise_id: int) -> str:
    """The enterprise's current generation token (made when missing). Every write that
    invalidates the record replaces it, so comparing it before and after tells whether a write
    reached the cache (tests, diagnostics)."""
    key = _generation_key(enterprise_id)
    cache.add(key, _token(), None)
    return str(cache.get(key))


def public_cache_invalidate(enterprise_ids: Iterable[int | None]) -> None:
    """Make the next request render the records of these enterprises again, once the current
    transaction commits (at once outside a transaction). For writers that bypass signals
    (`queryset.update`, `bulk_create`) on a model a section reads."""
    ids = {pk for pk in enterprise_ids if pk is not None}
    if ids:
        transaction.on_commit(lambda: _bump(ids))


def public_cache_reset() -> None:
    """Make every record render again, now (after a database was loaded or restored: ids may
    have been given out again)."""
    cache.set(_ALL_KEY, _token(), None)
    # The processes' maps of ids are left as they are: a wrong one only costs a rendering.


# --- the codes' ids, in this process ------------------------------------------------------------

# uscc -> id of the enterprises whose page this process served; oldest first out past the bound
# (about 150 bytes an entry).
_IDS: dict[str, int] = {}
IDS_KEPT = 50_000


def public_id_known(uscc: str) -> int | None:
    """The id this process last found for the (normalised) code, if it remembers one."""
    return _IDS.get(uscc)


def public_id_remember(uscc: str, enterprise_id: int) -> None:
    if _IDS.get(uscc) == enterprise_id:
        return
    if len(_IDS) >= IDS_KEPT:
        # Another thread may change the map meanwhile: then it made the room.
        with contextlib.suppress(StopIteration, KeyError, RuntimeError):
            del _IDS[next(iter(_IDS))]
    _IDS[uscc] = enterprise_id


def public_cache_clear_all() -> None:
    """Make every record render again (after bulk loads), once the transaction commits."""
    transaction.on_commit(public_cache_reset)


# --- the receivers -------------------------------------------------------------------------------

_watched: set[str] = set()


def _follow(instance: Model, path: str) -> int | None:
    value: Any = instance
    for name in path.split("."):
        try:
            value = getattr(value, name)
        except ObjectDoesNotExist:  # a related row already gone (a cascade): its own write bumped
            return None
        if value is None:
            return None
    return int(value)


def _on_write(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    from hongdun.enterprises.public_sections import registered_sources

    paths = registered_sources().get(sender._meta.label)
    if not paths:
        return
    if None in paths:
        public_cache_clear_all()
        return
    public_cache_invalidate(_follow(instance, path) for path in paths if path is not None)


def watch_sources(sources: Iterable[Any]) -> None:
    """Connect the receiver (once per model) for the sources of a registered section; the model
    is named by its label, so the receiver is connected when that model's app is loaded."""
    for source in sources:
        if source.model in _watched:
            continue
        _watched.add(source.model)
        uid = f"{_PREFIX}:{source.model}"
        post_save.connect(_on_write, sender=source.model, weak=False, dispatch_uid=uid)
        post_delete.connect(_on_write, sender=source.model, weak=False, dispatch_uid=uid)
