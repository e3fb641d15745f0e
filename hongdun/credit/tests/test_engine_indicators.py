"""Each indicator of the credit-risk classification, table-driven (docs/rules/credit.md §2)."""

import math

import numpy as np
import pytest

from hongdun.credit.engine.indicators import INDICATORS
from hongdun.credit.engine.inputs import INPUT_FIELDS, inputs_from_rows, one

NAN = float("nan")


def _risk(code: str, values: dict, params: dict | None = None) -> float:
    risk = INDICATORS[code].risk(one(values), params)
    assert risk.dtype == np.float64
    assert risk.shape == (1,)
    return float(risk[0])


FILING = [
    # (due, missing, late, params, risk)
    (0, 0, 0, None, 0.0),  # nothing due yet: a new enterprise has no filing risk
    (3, 0, 0, None, 0.0),
    (3, 0, 1, None, 1 / 3),
    (3, 1, 0, None, 1 / 3),
    (3, 1, 1, None, 2 / 3),
    (3, 3, 0, None, 1.0),
    (2, 2, 1, None, 1.0),  # capped at 1
    (3, 0, 2, {"late": 0.5}, 1 / 3),
    (3, 1, 2, {"missing": 1.0, "late": 0.0}, 1 / 3),
    (1, 1, 0, {"missing": 0.0}, 0.0),
]


@pytest.mark.parametrize(("due", "missing", "late", "params", "expected"), FILING)
def test_filing(due, missing, late, params, expected):
    values = {"reports_due": due, "reports_missing": missing, "reports_late": late}
    assert _risk("filing", values, params) == pytest.approx(expected)


COUNTS = [
    # (indicator, field, default "full")
    ("corrections", "report_corrections", 3),
    ("immediate_late", "immediate_late", 3),
    ("abnormal_history", "abnormal_listings", 2),
    ("serious_history", "serious_history", 1),
    ("penalties", "penalties", 3),
    ("inspection_findings", "inspection_problems", 2),
    ("address_changes", "address_changes", 3),
    ("related", "related_listed", 2),
]


@pytest.mark.parametrize(("code", "field", "full"), COUNTS)
@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 250])
def test_counting_indicators_grow_by_one_full_th_per_event_up_to_one(code, field, full, count):
    assert INDICATORS[code].fields == (field,)
    assert INDICATORS[code].defaults == {"full": full}
    assert _risk(code, {field: count}) == pytest.approx(min(count / full, 1.0))


@pytest.mark.parametrize(
    ("code", "field", "full", "count", "expected"),
    [
        ("penalties", "penalties", 1, 1, 1.0),
        ("penalties", "penalties", 10, 5, 0.5),
        ("related", "related_listed", 4, 1, 0.25),
        ("serious_history", "serious_history", 2, 1, 0.5),
    ],
)
def test_counting_indicators_take_their_full_from_the_params(code, field, full, count, expected):
    assert _risk(code, {field: count}, {"full": full}) == pytest.approx(expected)


AGE = [
    # (months, params, risk): 1 under 12 months, falling to 0 at 60 by default
    (0, None, 1.0),
    (11, None, 1.0),
    (12, None, 1.0),
    (36, None, 0.5),
    (48, None, 0.25),
    (59, None, 1 / 48),
    (60, None, 0.0),
    (600, None, 0.0),
    (6, {"young_months": 6, "mature_months": 18}, 1.0),
    (12, {"young_months": 6, "mature_months": 18}, 0.5),
    (12, {"young_months": 0, "mature_months": 24}, 0.5),
]


@pytest.mark.parametrize(("months", "params", "expected"), AGE)
def test_age(months, params, expected):
    assert _risk("age", {"age_months": months}, params) == pytest.approx(expected)


PAID_IN = [
    # (ratio, params, risk): low paid-in riskier; unknown is the neutral value
    (0.0, None, 1.0),
    (0.25, None, 0.75),
    (0.5, None, 0.5),
    (1.0, None, 0.0),
    (1.5, None, 0.0),  # more than subscribed: no risk, never negative
    (None, None, 0.3),
    (NAN, None, 0.3),
    (None, {"unknown": 0.0}, 0.0),
    (NAN, {"unknown": 1.0}, 1.0),
    (0.25, {"safe_ratio": 0.5}, 0.5),
    (0.6, {"safe_ratio": 0.5}, 0.0),
]


@pytest.mark.parametrize(("ratio", "params", "expected"), PAID_IN)
def test_paid_in(ratio, params, expected):
    assert _risk("paid_in", {"paid_in_ratio": ratio}, params) == pytest.approx(expected)


def test_every_indicator_reads_only_input_fields_and_has_a_check_of_its_defaults():
    assert set(INDICATORS) == {
        "filing",
        "corrections",
        "immediate_late",
        "abnormal_history",
        "serious_history",
        "penalties",
        "inspection_findings",
        "age",
        "paid_in",
        "address_changes",
        "related",
    }
    for code, indicator in INDICATORS.items():
        assert indicator.code == code
        assert set(indicator.fields) <= set(INPUT_FIELDS)
        assert indicator.check(indicator.defaults) is None


@pytest.mark.parametrize("code", sorted(INDICATORS))
def test_every_indicator_is_vectorised_and_stays_within_zero_and_one(code):
    rng = np.random.default_rng(11)
    rows = []
    for _ in range(500):
        row: list[object] = []
        for name in INPUT_FIELDS:
            if name in ("on_abnormal_list", "on_serious_list", "licence_revoked"):
                row.append(bool(rng.integers(0, 2)))
            elif name == "paid_in_ratio":
                row.append(None if rng.random() < 0.2 else float(rng.random() * 1.5))
            else:
                row.append(int(rng.integers(0, 200 if name == "age_months" else 8)))
        rows.append(row)
    inputs = inputs_from_rows(rows)
    risk = INDICATORS[code].risk(inputs)
    assert risk.dtype == np.float64
    assert risk.shape == (500,)
    assert np.all((risk >= 0) & (risk <= 1))
    # Row by row (length-1 arrays) gives exactly the same values.
    for index in (0, 17, 499):
        single = INDICATORS[code].risk(one(dict(zip(INPUT_FIELDS, rows[index], strict=True))))
        assert single[0] == risk[index]


@pytest.mark.parametrize(
    ("code", "params", "field"),
    [
        ("penalties", {"full": 0}, "full"),
        ("related", {"full": 0.5}, "full"),
        ("filing", {"late": 1.5}, "late"),
        ("filing", {"missing": -0.1}, "missing"),
        ("age", {"young_months": -1, "mature_months": 60}, "young_months"),
        ("age", {"young_months": 24, "mature_months": 24}, "mature_months"),
        ("paid_in", {"safe_ratio": 0.0, "unknown": 0.3}, "safe_ratio"),
        ("paid_in", {"safe_ratio": 1.0, "unknown": 1.2}, "unknown"),
    ],
)
def test_each_indicator_refuses_parameters_it_cannot_use(code, params, field):
    indicator = INDICATORS[code]
    problem = indicator.check({**indicator.defaults, **params})
    assert problem is not None
    name, message = problem
    assert name == field
    assert field in message


def test_an_unknown_ratio_is_nan_not_zero():
    risk = INDICATORS["paid_in"].risk(one({"paid_in_ratio": None}), {"unknown": 0.3})
    assert math.isclose(float(risk[0]), 0.3)
