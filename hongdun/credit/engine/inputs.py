"""The inputs of the classification: one numpy array per field, one element per enterprise.

The fields are the stored input columns of ``hongdun.credit.models.Classification`` (same names,
same order), so a month re-runs from what was stored. Counts are int64 arrays, the three flags
bool arrays, and ``paid_in_ratio`` float64 with NaN where the paid-in capital is unknown.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

INPUT_FIELDS: tuple[str, ...] = (
    "age_months",
    "reports_due",
    "reports_missing",
    "reports_late",
    "report_corrections",
    "immediate_late",
    "abnormal_listings",
    "on_abnormal_list",
    "on_serious_list",
    "serious_history",
    "licence_revoked",
    "penalties",
    "inspection_problems",
    "paid_in_ratio",
    "address_changes",
    "related_listed",
)

BOOL_FIELDS: frozenset[str] = frozenset({"on_abnormal_list", "on_serious_list", "licence_revoked"})
FLOAT_FIELDS: frozenset[str] = frozenset({"paid_in_ratio"})

# What a field holds when nothing was recorded (the model's defaults; NaN for an unknown ratio).
DEFAULTS: Mapping[str, Any] = {
    name: (False if name in BOOL_FIELDS else float("nan") if name in FLOAT_FIELDS else 0)
    for name in INPUT_FIELDS
}

Inputs = Mapping[str, NDArray[Any]]


def dtype_of(field: str) -> type[np.generic]:
    if field in BOOL_FIELDS:
        return np.bool_
    if field in FLOAT_FIELDS:
        return np.float64
    return np.int64


def _column(field: str, values: Sequence[Any], count: int) -> NDArray[Any]:
    if field in FLOAT_FIELDS:
        # None (a NULL column) becomes NaN.
        return np.array([np.nan if value is None else value for value in values], dtype=np.float64)
    return np.fromiter(values, dtype=dtype_of(field), count=count)


def _check_fields(fields: Sequence[str]) -> None:
    unknown = [name for name in fields if name not in DEFAULTS]
    if unknown:
        raise ValueError(f"unknown input fields: {', '.join(unknown)}")
    if len(set(fields)) != len(fields):
        raise ValueError("an input field is named twice")


def inputs_from_rows(
    rows: Sequence[Sequence[Any]], fields: Sequence[str] = INPUT_FIELDS
) -> dict[str, NDArray[Any]]:
    """Columns from rows (e.g. a ``values_list`` of the input fields, in the order `fields`
    names them). A field not named is filled with its default for every row."""
    _check_fields(fields)
    count = len(rows)
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if count else [() for _ in fields]
    if len(columns) != len(fields):
        raise ValueError(f"rows have {len(columns)} values, {len(fields)} fields named")
    given = {
        name: _column(name, column, count) for name, column in zip(fields, columns, strict=True)
    }
    return {
        name: given[name] if name in given else np.full(count, DEFAULTS[name], dtype=dtype_of(name))
        for name in INPUT_FIELDS
    }


def one(values: Mapping[str, Any]) -> dict[str, NDArray[Any]]:
    """Length-1 columns for one enterprise; a field not given takes its default."""
    _check_fields(list(values))
    row = [values.get(name, DEFAULTS[name]) for name in INPUT_FIELDS]
    return inputs_from_rows([row])


def row_values(inputs: Inputs, index: int, fields: Sequence[str]) -> dict[str, Any]:
    """The plain Python values of `fields` for the enterprise at `index` (NaN becomes None)."""
    result: dict[str, Any] = {}
    for name in fields:
        value = inputs[name][index].item()
        if isinstance(value, float) and value != value:
            value = None
        result[name] = value
    return result


def check_inputs(inputs: Inputs) -> int:
    """The number of enterprises; every field must be there, all arrays of one length."""
    missing = [name for name in INPUT_FIELDS if name not in inputs]
    if missing:
        raise ValueError(f"missing input fields: {', '.join(missing)}")
    lengths = {len(inputs[name]) for name in INPUT_FIELDS}
    if len(lengths) != 1:
        raise ValueError("input arrays differ in length")
    return lengths.pop()
