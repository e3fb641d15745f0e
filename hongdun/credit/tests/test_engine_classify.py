"""Classification: overrides, thresholds, scores, explanations and what moves a class up
(docs/rules/credit.md §2)."""

import copy
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hongdun.credit.choices import Override, RiskClass
from hongdun.credit.engine.classify import (
    OVERRIDES,
    SCORE_STEP,
    classify,
    explain,
    main_reasons,
)
from hongdun.credit.engine.inputs import INPUT_FIELDS, inputs_from_rows, one
from hongdun.credit.engine.scheme import (
    DEFAULT_DEFINITION,
    DEFAULT_SAMPLING,
    default_scheme,
    scheme_from_data,
)

DEFAULT = default_scheme()


def _scheme(**changes):
    definition = copy.deepcopy(DEFAULT_DEFINITION)
    definition.update(changes)
    return scheme_from_data(definition, DEFAULT_SAMPLING)


# Score = the number of penalties (one indicator of weight 100, full at 100): exact scores.
PENALTY_SCORE = _scheme(weights={"penalties": 100}, params={"penalties": {"full": 100}})
PENALTY_SCORE_E = _scheme(
    weights={"penalties": 100},
    params={"penalties": {"full": 100}},
    class_e=True,
    serious_class="E",
    thresholds={"A": 10, "B": 25, "C": 45, "D": 70},
)
CLEAN = {"age_months": 120, "paid_in_ratio": 1.0}


def _one(values, scheme=DEFAULT):
    result = classify(one(values), scheme)
    return str(result.classes[0]), float(result.scores[0]), str(result.overrides[0])


def test_override_codes_are_the_models_choices():
    assert set(OVERRIDES) | {""} == set(Override.values)
    assert set(DEFAULT.classes) < set(RiskClass.values)


THRESHOLDS = [
    # (penalties = score, class): score < t["A"] → A, so a score exactly at a bound is the
    # next class
    (0, "A"),
    (9, "A"),
    (10, "B"),
    (11, "B"),
    (24, "B"),
    (25, "C"),
    (44, "C"),
    (45, "D"),
    (100, "D"),
]


@pytest.mark.parametrize(("score", "expected"), THRESHOLDS)
def test_thresholds(score, expected):
    assert _one({"penalties": score}, PENALTY_SCORE) == (expected, score, "")


@pytest.mark.parametrize(
    ("score", "expected"), [(9, "A"), (10, "B"), (45, "D"), (69, "D"), (70, "E"), (100, "E")]
)
def test_thresholds_with_class_e(score, expected):
    assert _one({"penalties": score}, PENALTY_SCORE_E)[0] == expected


def test_a_bound_at_zero_or_at_the_total_leaves_a_class_empty():
    scheme = _scheme(
        weights={"penalties": 100},
        params={"penalties": {"full": 100}},
        thresholds={"A": 0, "B": 50, "C": 100},
    )
    assert _one({"penalties": 0}, scheme)[0] == "B"
    assert _one({"penalties": 99}, scheme)[0] == "C"
    assert _one({"penalties": 100}, scheme)[0] == "D"


OVERRIDE_CASES = [
    # (values, scheme, class, override)
    ({**CLEAN, "on_serious_list": True}, PENALTY_SCORE, "D", "serious_list"),
    ({"on_serious_list": True, "penalties": 100}, PENALTY_SCORE, "D", "serious_list"),
    (
        {"on_serious_list": True, "licence_revoked": True, "on_abnormal_list": True},
        PENALTY_SCORE,
        "D",
        "serious_list",
    ),
    ({"licence_revoked": True}, PENALTY_SCORE, "D", "licence_revoked"),
    ({"licence_revoked": True, "on_abnormal_list": True}, PENALTY_SCORE, "D", "licence_revoked"),
    ({"on_abnormal_list": True}, PENALTY_SCORE, "C", "abnormal_list"),
    ({"on_abnormal_list": True, "penalties": 24}, PENALTY_SCORE, "C", "abnormal_list"),
    # Already C by its score: the list holds it there as well.
    ({"on_abnormal_list": True, "penalties": 30}, PENALTY_SCORE, "C", "abnormal_list"),
    # Worse than the floor by its score: the score decides.
    ({"on_abnormal_list": True, "penalties": 50}, PENALTY_SCORE, "D", ""),
    # Class E enabled: the serious list is E, a revoked licence still D.
    ({"on_serious_list": True}, PENALTY_SCORE_E, "E", "serious_list"),
    ({"licence_revoked": True}, PENALTY_SCORE_E, "D", "licence_revoked"),
    ({"on_abnormal_list": True, "penalties": 80}, PENALTY_SCORE_E, "E", ""),
    ({"on_abnormal_list": True}, PENALTY_SCORE_E, "C", "abnormal_list"),
]


@pytest.mark.parametrize(("values", "scheme", "expected", "override"), OVERRIDE_CASES)
def test_overrides(values, scheme, expected, override):
    risk_class, _score, got = _one(values, scheme)
    assert (risk_class, got) == (expected, override)


@pytest.mark.parametrize(
    ("floor", "score", "expected", "override"),
    [
        ("", 0, "A", ""),
        ("", 30, "C", ""),
        ("A", 0, "A", "abnormal_list"),
        ("B", 0, "B", "abnormal_list"),
        ("B", 30, "C", ""),
        ("D", 0, "D", "abnormal_list"),
    ],
)
def test_the_abnormal_floor_is_configurable(floor, score, expected, override):
    scheme = _scheme(
        weights={"penalties": 100}, params={"penalties": {"full": 100}}, abnormal_floor=floor
    )
    assert _one({"on_abnormal_list": True, "penalties": score}, scheme) == (
        expected,
        score,
        override,
    )


def test_the_classes_of_the_revoked_and_the_serious_are_configurable():
    scheme = _scheme(
        weights={"penalties": 100},
        params={"penalties": {"full": 100}},
        revoked_class="C",
    )
    assert _one({"licence_revoked": True}, scheme)[:3:2] == ("C", "licence_revoked")
    scheme_e = _scheme(
        weights={"penalties": 100},
        params={"penalties": {"full": 100}},
        class_e=True,
        serious_class="D",
        thresholds={"A": 10, "B": 25, "C": 45, "D": 70},
    )
    assert _one({"on_serious_list": True, "penalties": 90}, scheme_e)[0] == "D"


def test_scores_are_weighted_sums_rounded_to_four_decimals():
    values = {"reports_due": 3, "reports_late": 1, "age_months": 36, "paid_in_ratio": None}
    result = classify(one(values), DEFAULT)
    # filing 1/3 × 15 + age 0.5 × 5 + paid-in unknown 0.3 × 5
    assert result.scores[0] == round(5 + 2.5 + 1.5, 4)
    assert result.points["filing"][0] == pytest.approx(5.0)
    assert result.points["age"][0] == pytest.approx(2.5)
    assert result.points["paid_in"][0] == pytest.approx(1.5)
    assert set(result.points) == set(DEFAULT.weights)
    values = {"reports_due": 3, "reports_late": 1, "age_months": 120, "paid_in_ratio": 1}
    assert classify(one(values), _scheme(weights={"filing": 100})).scores[0] == 33.3333


def test_result_types():
    result = classify(inputs_from_rows([]), DEFAULT)
    assert result.classes.dtype == np.dtype("<U1")
    assert len(result.classes) == 0
    result = classify(one({}), DEFAULT)
    assert result.classes.dtype == np.dtype("<U1")
    assert result.overrides.dtype == np.dtype("<U24")
    assert result.scores.dtype == np.float64


# --- explanations ---------------------------------------------------------------------------


def test_explain_lists_every_weighted_indicator_with_what_it_read_largest_first():
    values = {"reports_due": 3, "reports_late": 1, "penalties": 2, "age_months": 36}
    explanation = explain(values, DEFAULT)
    codes = [row.code for row in explanation.rows]
    assert codes[:4] == ["penalties", "filing", "age", "paid_in"]
    assert set(codes) == set(DEFAULT.weights)
    points = [row.points for row in explanation.rows]
    assert points == sorted(points, reverse=True)
    filing = explanation.rows[1]
    assert filing.values == {"reports_due": 3, "reports_missing": 0, "reports_late": 1}
    assert filing.risk == pytest.approx(1 / 3)
    assert filing.weight == 15
    assert filing.points == pytest.approx(5.0)
    assert explanation.rows[3].values == {"paid_in_ratio": None}
    assert explanation.score == pytest.approx(10 + 5 + 2.5 + 1.5)
    assert explanation.risk_class == explanation.score_class == "B"
    assert explanation.override == ""
    assert explanation.flags == ()


MOVE_UP = [
    # (values, class, to, lift, points to shed, indicators that could each alone shed them)
    ({"penalties": 5}, "A", None, (), 0.0, ()),
    ({"penalties": 10}, "B", "A", (), 0.0001, (("penalties", 10.0),)),
    ({"penalties": 32}, "C", "B", (), 7.0001, (("penalties", 32.0),)),
    ({"on_abnormal_list": True}, "C", "B", ("abnormal_list",), 0.0, ()),
    (
        {"on_abnormal_list": True, "penalties": 30},
        "C",
        "B",
        ("abnormal_list",),
        5.0001,
        (("penalties", 30.0),),
    ),
    ({"on_abnormal_list": True, "penalties": 60}, "D", "C", (), 15.0001, (("penalties", 60.0),)),
    ({"on_serious_list": True, "on_abnormal_list": True}, "D", "C", ("serious_list",), 0.0, ()),
    (
        {"on_serious_list": True, "licence_revoked": True, "penalties": 50},
        "D",
        "C",
        ("serious_list", "licence_revoked"),
        5.0001,
        (("penalties", 50.0),),
    ),
    ({"licence_revoked": True}, "D", "C", ("licence_revoked",), 0.0, ()),
]


@pytest.mark.parametrize(("values", "cls", "to", "lift", "points", "able"), MOVE_UP)
def test_move_up(values, cls, to, lift, points, able):
    explanation = explain(values, PENALTY_SCORE)
    assert explanation.risk_class == cls
    move = explanation.move_up
    if to is None:
        assert move is None
        return
    assert move is not None
    assert (move.to_class, move.lift, move.indicators) == (to, lift, able)
    assert move.points == pytest.approx(points)


def test_move_up_names_only_indicators_that_alone_shed_enough():
    # filing 10, penalties 15 (full), age 5, paid-in 1.5: 31.5 → C; B needs < 25, shed 6.5001.
    values = {
        "reports_due": 3,
        "reports_missing": 2,
        "penalties": 3,
        "age_months": 0,
        "paid_in_ratio": None,
    }
    explanation = explain(values, DEFAULT)
    assert (explanation.risk_class, explanation.score) == ("C", 31.5)
    move = explanation.move_up
    assert move is not None
    assert move.to_class == "B"
    assert move.points == pytest.approx(6.5 + SCORE_STEP)
    assert move.indicators == (("penalties", 15.0), ("filing", 10.0))
    # Shedding what it says is enough: the penalties gone, the class is B.
    assert explain({**values, "penalties": 0}, DEFAULT).risk_class == "B"


def test_move_up_when_no_single_indicator_is_enough():
    # filing 1/3 × 50 and penalties 1/3 × 50: 33.3333, B; A needs < 1, neither alone does it.
    values = {"reports_due": 3, "reports_late": 1, "penalties": 1}
    scheme = _scheme(
        weights={"filing": 50, "penalties": 50},
        thresholds={"A": 1, "B": 40, "C": 60},
    )
    explanation = explain(values, scheme)
    assert explanation.risk_class == "B"
    move = explanation.move_up
    assert move is not None
    assert move.to_class == "A"
    assert move.points == pytest.approx(explanation.score - 1 + SCORE_STEP)
    assert move.indicators == ()


# --- properties -----------------------------------------------------------------------------

_COUNT = st.integers(min_value=0, max_value=40)
_RATIO = st.one_of(st.none(), st.floats(min_value=0, max_value=3, allow_nan=False))
ENTERPRISE = st.fixed_dictionaries(
    {
        name: (
            st.booleans()
            if name in ("on_abnormal_list", "on_serious_list", "licence_revoked")
            else _RATIO
            if name == "paid_in_ratio"
            else st.integers(min_value=0, max_value=1200)
            if name == "age_months"
            else _COUNT
        )
        for name in INPUT_FIELDS
    }
)
SCHEMES = st.sampled_from(
    [DEFAULT, PENALTY_SCORE, PENALTY_SCORE_E, _scheme(abnormal_floor="B", revoked_class="C")]
)


@settings(max_examples=300, deadline=None)
@given(values=ENTERPRISE, scheme=SCHEMES)
def test_an_enterprise_on_the_serious_list_is_the_serious_class_whatever_else(values, scheme):
    values = {**values, "on_serious_list": True}
    risk_class, _score, override = _one(values, scheme)
    assert risk_class == scheme.serious_class
    assert override == "serious_list"
    assert explain(values, scheme).risk_class == scheme.serious_class


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ENTERPRISE, min_size=1, max_size=60), scheme=SCHEMES)
def test_classifying_all_at_once_equals_explaining_each(rows, scheme):
    inputs = inputs_from_rows([[row[name] for name in INPUT_FIELDS] for row in rows])
    result = classify(inputs, scheme)
    for index, row in enumerate(rows):
        explanation = explain(row, scheme)
        assert explanation.risk_class == result.classes[index]
        assert explanation.score == result.scores[index]
        assert explanation.override == result.overrides[index]
        # Overrides never make a class better than the score's, but for the revoked class set
        # better than the worst.
        if not row["licence_revoked"] and not row["on_serious_list"]:
            assert scheme.rank(explanation.risk_class) >= scheme.rank(explanation.score_class)


def _random_inputs(count: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    inputs: dict[str, np.ndarray] = {}
    for name in INPUT_FIELDS:
        if name in ("on_abnormal_list", "on_serious_list", "licence_revoked"):
            inputs[name] = rng.random(count) < 0.03
        elif name == "paid_in_ratio":
            inputs[name] = np.where(rng.random(count) < 0.3, np.nan, rng.random(count))
        elif name == "age_months":
            inputs[name] = rng.integers(0, 400, count)
        else:
            inputs[name] = rng.integers(0, 4, count) * (rng.random(count) < 0.2)
    return inputs


def test_a_rerun_gives_the_same_classes_and_scores_bit_for_bit():
    inputs = _random_inputs(20_000, seed=3)
    first, second = classify(inputs, DEFAULT), classify(inputs, DEFAULT)
    assert np.array_equal(first.classes, second.classes)
    assert np.array_equal(first.scores, second.scores)
    # The order of the enterprises changes nothing.
    order = np.random.default_rng(5).permutation(20_000)
    shuffled = classify({name: column[order] for name, column in inputs.items()}, DEFAULT)
    assert np.array_equal(shuffled.scores, first.scores[order])
    assert np.array_equal(shuffled.classes, first.classes[order])


def test_a_million_enterprises_in_well_under_a_second():
    inputs = _random_inputs(1_000_000)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        result = classify(inputs, DEFAULT)
        timings.append(time.perf_counter() - started)
    assert len(result.classes) == 1_000_000
    assert set(np.unique(result.classes)) == {"A", "B", "C", "D"}
    assert min(timings) < 1.0, timings


def test_main_reasons_name_the_override_else_the_heaviest_indicator():
    rows: list[dict[str, object]] = [
        {"on_serious_list": True, "penalties": 3},
        {"on_abnormal_list": True, "reports_due": 3, "reports_late": 1},
        {"reports_due": 3, "reports_late": 1, "penalties": 3, "age_months": 120},
        {"reports_due": 3, "reports_late": 3, "penalties": 3, "age_months": 120},
        {"age_months": 120, "paid_in_ratio": 1.0},
        {"on_abnormal_list": True, "penalties": 3, "serious_history": 2, "abnormal_listings": 2},
    ]
    inputs = {name: np.concatenate([one(row)[name] for row in rows]) for name in INPUT_FIELDS}
    reasons = main_reasons(classify(inputs, DEFAULT))
    assert reasons.tolist() == [
        "serious_list",
        "abnormal_list",
        "penalties",
        "filing",  # filing and penalties tie at 15: the scheme's order decides
        "",
        "abnormal_history",  # D by its score, beyond the abnormal floor
    ]
