"""The template kinds, in the order the pages list them.

The kinds are declared in `resources.py` (each next to its Resource); this module only indexes them.
Imports go one way, registry → resources → kinds: nothing the registry imports imports it back.
"""

from collections.abc import Iterable

from hongdun.workforce.excel.kinds import ExcelKind
from hongdun.workforce.excel.resources import KINDS_IN_ORDER

KINDS: dict[str, ExcelKind] = {kind.code: kind for kind in KINDS_IN_ORDER}


def kinds_all() -> list[ExcelKind]:
    return list(KINDS.values())


def kind_get(code: str) -> ExcelKind:
    """The kind with this code; KeyError if there is none."""
    return KINDS[code]


def kind_guess_from_headers(headers: Iterable[str], *, besides: ExcelKind) -> str | None:
    """The label of another kind whose required columns are all among `headers` (the user
    probably uploaded that kind's file), or None."""
    given = {h for h in headers if h}
    for other in kinds_all():
        if other.code == besides.code:
            continue
        required = {c.column_name for c in other.all_columns() if c.required}
        if required and required <= given:
            return str(other.label)
    return None
