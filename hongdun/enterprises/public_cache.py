"""The cache of the public rendering of an enterprise's record (page body and API value).

Building the record costs about 20 ms of Python per page (sections, the change record replayed
from history, templates); the public asks for the same record over and over. What the public
sees is kept in the shared cache under the enterprise's id, the language and two generation
tokens: the enterprise's own and one for the whole register. A write to any model a section
declares in its `sources` (hongdun.enterprises.public_sections) replaces the enterprise's token
after the transaction commits, so the next request renders again: the entry is exact under
writes, and old entries are simply never read again (they expire after `ENTRY_TIMEOUT`).

A render that started before a write read its token first and stores under the old token, so
it cannot outlive the write. A rolled-back write bumps nothing (`transaction.on_commit`).
Tokens are random, never counters: a token lost from the cache (evicted, cache cleared) is
replaced by a new one, never by one an old entry was stored under.

Bulk loaders that bypass model signals (the demo and bench loaders, the facts backfill) call
`public_cache_clear_all()` when they are done. Nothing on the record depends on today's date
(late flags are fixed when something is published), so the date is not part of the key.
"""

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
# Entries of superseded generations are never read again; they leave the cache after this.
ENTRY_TIMEOUT = 24 * 3600

T = TypeVar("T")


def _generation_key(enterprise_id: int) -> str:
    return f"{_PREFIX}:gen:{enterprise_id}"


def _token() -> str:
    return uuid.uuid4().hex[:16]


def _tokens(enterprise_id: int) -> tuple[str, str]:
    keys = [_ALL_KEY, _generation_key(enterprise_id)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _token(), None)
        found.update(cache.get_many(missing))
    return str(found.get(_ALL_KEY, "")), str(found.get(keys[1], ""))


def public_cached(
    *, enterprise_id: int, kind: str, language: str, build: Callable[[], T]
) -> tuple[T, bool]:
    """The cached public `kind` ("page", "api") of the enterprise's record in `language`, or
    `build()` stored for the next request. Returns the value and whether it came from the cache.
    Only for what the public may see: the caller decides that the viewer is the public."""
    every, own = _tokens(enterprise_id)
    if not every or not own:  # the cache does not keep anything (a dummy cache)
        return build(), False
    key = f"{_PREFIX}:{kind}:{enterprise_id}:{language}:{every}:{own}"
    value = cache.get(key)
    if value is not None:
        return value, True
    value = build()
    cache.set(key, value, ENTRY_TIMEOUT)
    return value, False


def _bump(enterprise_ids: Iterable[int]) -> None:
    cache.set_many({_generation_key(pk): _token() for pk in enterprise_ids}, None)


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
