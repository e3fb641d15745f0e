"""Admin is for superusers repairing data and reading history: read-only, like every app's. Records
change through the back office and the services, so scope, audit and derived columns stay right."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from hongdun.core.admin import ReadOnlyAdminMixin
from hongdun.workforce.models import FigureSnapshot
from hongdun.workforce.permissions import (
    INTEGRITY_CONFIDENTIAL_FIELDS,
    PERSONAL_FIELDS,
    RecordKind,
)
from hongdun.workforce.registry import RECORD_TYPES


def _admin_for(
    record_type_model: type[models.Model], list_display: tuple[str, ...], search: tuple[str, ...]
) -> type:
    name = record_type_model._meta.model_name or ""
    # Personal data and the discipline office's confidential texts stay out of admin altogether.
    hidden = PERSONAL_FIELDS.get(name, frozenset()) | INTEGRITY_CONFIDENTIAL_FIELDS.get(
        name, frozenset()
    )
    has_history = hasattr(record_type_model, "history")
    base = SimpleHistoryAdmin if has_history else admin.ModelAdmin
    return type(
        f"{record_type_model.__name__}Admin",
        (ReadOnlyAdminMixin, base),
        {
            "list_display": [f for f in list_display if f not in hidden],
            "search_fields": list(search),
            "exclude": sorted(hidden),
            "show_full_result_count": False,
        },
    )


for record_type in RECORD_TYPES:
    if record_type.kind == RecordKind.FAMILY:
        continue  # family members are personal data through and through
    admin.site.register(
        record_type.model,
        _admin_for(record_type.model, record_type.list_fields, record_type.search),
    )


@admin.register(FigureSnapshot)
class FigureSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["report", "unit", "as_of", "created_at", "created_by"]
    list_filter = ["report"]
