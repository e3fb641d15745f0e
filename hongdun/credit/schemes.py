"""The scheme in force: the active ``CreditScheme`` row and the engine's ``Scheme`` parsed from it.

A fresh deployment has no scheme: the first caller creates version 1 “默认方案” from the engine's
defaults (docs/rules/credit.md §2), active. Two first callers at once are settled by the
constraint that allows one active scheme (and the unique version): the loser re-reads the winner's.
"""

import json
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from hongdun.core.services import audit_record
from hongdun.credit.engine.scheme import (
    DEFAULT_DEFINITION,
    DEFAULT_SAMPLING,
    Scheme,
    scheme_from_data,
)
from hongdun.credit.models import CreditScheme

DEFAULT_SCHEME_NAME = "默认方案"


@lru_cache(maxsize=64)
def _parsed(version: int, definition: str, sampling: str) -> Scheme:
    return scheme_from_data(json.loads(definition), json.loads(sampling))


def scheme_of(row: CreditScheme) -> Scheme:
    """The engine's scheme of `row`, parsed once per version (and content: a version is never
    edited once used, but a draft may be). Raises ``SchemeError`` for a row that does not parse."""
    return _parsed(
        row.version,
        json.dumps(row.definition, sort_keys=True),
        json.dumps(row.sampling, sort_keys=True),
    )


def _create_default() -> CreditScheme:
    with transaction.atomic():
        latest: Any = CreditScheme.objects.aggregate(latest=Max("version"))["latest"]
        row = CreditScheme.objects.create(
            version=(latest or 0) + 1,
            name=DEFAULT_SCHEME_NAME,
            definition=DEFAULT_DEFINITION,
            sampling=DEFAULT_SAMPLING,
            note="系统首次分类时按默认设置创建；权重和阈值为未经核实的默认值，请按本地规定调整。",
            is_active=True,
            activated_at=timezone.now(),
        )
        audit_record(
            actor=None,
            action="credit.scheme.create_default",
            instance=row,
            after={
                "version": row.version,
                "name": row.name,
                "definition": row.definition,
                "sampling": row.sampling,
                "is_active": True,
            },
        )
    return row


def active_scheme() -> tuple[CreditScheme, Scheme]:
    """The scheme in force, created from the defaults when there is none."""
    row = CreditScheme.objects.filter(is_active=True).first()
    if row is None:
        try:
            row = _create_default()
        except IntegrityError:
            # Another caller created (or activated) one first.
            row = CreditScheme.objects.get(is_active=True)
    return row, scheme_of(row)
