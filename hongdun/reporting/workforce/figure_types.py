"""The shapes figures travel in: a scope to compute over, and pillars of figures with breakdowns.

Values are ints, Decimals or None ("—": nothing to divide by). They serialise to JSON losslessly
so a year-end snapshot reproduces the published report exactly.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

Value = int | Decimal | str | None


class IntegrityAccess(StrEnum):
    """How much of pillar 4 a user may see."""

    NONE = "none"  # not at all (unit heads, personnel office)
    UNITS = "units"  # unit-level aggregates without names (leaders)
    FULL = "full"  # everything including persons (discipline office)


@dataclass(frozen=True)
class FigureScope:
    """What to compute over: a unit subtree, an as-of date, a period, what the reader may see."""

    unit_ids: tuple[int, ...]
    as_of: date
    period_start: date
    period_end: date
    persons_visible: bool = False
    integrity: IntegrityAccess = IntegrityAccess.NONE
    root_id: int | None = None
    root_name: str = ""

    @property
    def period_years(self) -> range:
        return range(self.period_start.year, self.period_end.year + 1)


@dataclass
class Breakdown:
    """A table under a figure; `chart` names how the overview draws it (bar, pie, line or none)."""

    title: str
    columns: list[str]
    rows: list[list[Value]]
    chart: str = "bar"
    personal: bool = False  # holds names: shown only to those who may see persons

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": self.columns,
            "rows": [[_dump(v) for v in row] for row in self.rows],
            "chart": self.chart,
            "personal": self.personal,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Breakdown":
        return cls(
            title=data["title"],
            columns=list(data["columns"]),
            rows=[[_load(v) for v in row] for row in data["rows"]],
            chart=data["chart"],
            personal=data["personal"],
        )


@dataclass
class Figure:
    """One number of the article, computed; `article` is what the article printed."""

    key: str
    label: str
    value: Value
    unit: str = ""
    article: str = ""
    target: Decimal | None = None
    gap: Decimal | None = None
    met: bool | None = None
    breakdowns: list[Breakdown] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": _dump(self.value),
            "unit": self.unit,
            "article": self.article,
            "target": _dump(self.target),
            "gap": _dump(self.gap),
            "met": self.met,
            "breakdowns": [b.as_json() for b in self.breakdowns],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Figure":
        target, gap = _load(data["target"]), _load(data["gap"])
        return cls(
            key=data["key"],
            label=data["label"],
            value=_load(data["value"]),
            unit=data["unit"],
            article=data["article"],
            target=target if isinstance(target, Decimal) else None,
            gap=gap if isinstance(gap, Decimal) else None,
            met=data["met"],
            breakdowns=[Breakdown.from_json(b) for b in data["breakdowns"]],
        )


@dataclass
class Pillar:
    number: int
    title: str
    figures: list[Figure]
    note: str = ""

    def figure(self, key: str) -> Figure:
        for item in self.figures:
            if item.key == key:
                return item
        raise KeyError(key)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "note": self.note,
            "figures": [f.as_json() for f in self.figures],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Pillar":
        return cls(
            number=data["number"],
            title=data["title"],
            note=data["note"],
            figures=[Figure.from_json(f) for f in data["figures"]],
        )


def _dump(value: Value) -> Any:
    # Decimals travel as tagged strings so "68.0" stays a Decimal and never becomes a float.
    if isinstance(value, Decimal):
        return {"d": str(value)}
    return value


def _load(value: Any) -> Value:
    if isinstance(value, dict) and set(value) == {"d"}:
        return Decimal(value["d"])
    if value is None or isinstance(value, int | str):
        return value
    raise ValueError(f"unexpected figure value {value!r}")
