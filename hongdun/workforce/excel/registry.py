"""The template kinds, in the order the pages list them."""

from hongdun.workforce.excel.kinds import ExcelKind

KINDS: dict[str, ExcelKind] = {}


def register(kind: ExcelKind) -> ExcelKind:
    KINDS[kind.code] = kind
    return kind


def kinds_all() -> list[ExcelKind]:
    _load()
    return list(KINDS.values())


def kind_get(code: str) -> ExcelKind:
    """The kind with this code; KeyError if there is none."""
    _load()
    return KINDS[code]


def _load() -> None:
    # The resources import the workforce models; importing them here (not at module import)
    # keeps this registry importable from models.py.
    from hongdun.workforce.excel import resources  # noqa: F401
