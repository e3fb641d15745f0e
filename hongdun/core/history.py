"""A baseline in the change history for rows that were written without one.

django-simple-history writes a "created" record when a model is saved, but not when rows arrive by
`bulk_create` (seeds, imports) or by a data migration. Without that first record the history page
cannot say what the first edit changed: it has nothing to compare with. These helpers add the
missing first record, with the row's current values, for exactly the rows that have no history at
all; rows with any history are left alone, so running them again changes nothing.
"""

from collections.abc import Callable, Iterable, Iterator

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from simple_history.exceptions import NotHistoricalModelError
from simple_history.models import registered_models
from simple_history.utils import get_history_manager_for_model

BATCH_SIZE = 2_000


def historical_models(*, app_labels: Iterable[str] | None = None) -> list[type[models.Model]]:
    """The models that keep a simple-history history (not the historical models themselves),
    optionally only those of the given apps, in a stable order."""
    wanted = set(app_labels) if app_labels is not None else None
    found = []
    for model in registered_models.values():
        if wanted is not None and model._meta.app_label not in wanted:
            continue
        try:
            get_history_manager_for_model(model)
        except NotHistoricalModelError:  # an m2m through model of a historical model
            continue
        found.append(model)
    return sorted(found, key=lambda model: model._meta.label)


def _rows_without_history(model: type[models.Model]) -> models.QuerySet[models.Model]:
    history_model = get_history_manager_for_model(model).model
    pk_name = model._meta.pk.attname
    recorded = history_model._default_manager.filter(**{pk_name: OuterRef("pk")})
    return model._default_manager.filter(~Exists(recorded)).order_by("pk")


def _chunks(queryset: models.QuerySet[models.Model], size: int) -> Iterator[list[models.Model]]:
    chunk: list[models.Model] = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def history_baseline_write(
    *, model: type[models.Model], reason: str, batch_size: int = BATCH_SIZE
) -> int:
    """Give every row of `model` without any history a first ("created") record holding its
    current values; returns how many were written."""
    manager = get_history_manager_for_model(model)
    written = 0
    for chunk in _chunks(_rows_without_history(model), batch_size):
        manager.bulk_history_create(chunk, batch_size=batch_size, default_change_reason=reason)
        written += len(chunk)
    return written


def history_baselines_write(
    *,
    reason: str,
    app_labels: Iterable[str] | None = None,
    progress: Callable[[type[models.Model], int], None] | None = None,
) -> int:
    """`history_baseline_write` for each historical model (of the given apps); returns the total."""
    total = 0
    for model in historical_models(app_labels=app_labels):
        written = history_baseline_write(model=model, reason=reason)
        if progress is not None:
            progress(model, written)
        total += written
    return total
