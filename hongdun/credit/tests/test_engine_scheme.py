"""The scheme as data: what a deployment may set, and every refusal naming its field."""

import copy
from decimal import Decimal

import pytest

from hongdun.credit.engine.indicators import INDICATORS
from hongdun.credit.engine.scheme import (
    DEFAULT_DEFINITION,
    DEFAULT_SAMPLING,
    Scheme,
    SchemeError,
    default_scheme,
    scheme_from_data,
    scheme_to_data,
)


def _definition(**changes):
    definition = copy.deepcopy(DEFAULT_DEFINITION)
    definition.update(changes)
    return definition


def _with_e(**changes):
    """Class E enabled, the serious class left to its default (the worst class)."""
    definition = _definition(
        **{"class_e": True, "thresholds": {"A": 10, "B": 25, "C": 45, "D": 70}, **changes}
    )
    if "serious_class" not in changes:
        del definition["serious_class"]
    return definition


def test_the_default_scheme():
    scheme = default_scheme()
    assert scheme.classes == ("A", "B", "C", "D")
    assert not scheme.class_e
    assert sum(scheme.weights.values()) == 100
    assert set(scheme.weights) == set(INDICATORS)
    assert scheme.thresholds == {"A": 10, "B": 25, "C": 45}
    assert (scheme.abnormal_floor, scheme.serious_class, scheme.revoked_class) == ("C", "D", "D")
    assert scheme.sampling == {
        "A": (Decimal("0.05"), 1),
        "B": (Decimal("0.2"), 1),
        "C": (Decimal("0.6"), 2),
        "D": (Decimal("1"), None),
    }
    assert scheme.params["age"] == {"young_months": 12, "mature_months": 60}


def test_the_defaults_are_json_ready_and_round_trip():
    import json

    assert json.loads(json.dumps(DEFAULT_DEFINITION)) == DEFAULT_DEFINITION
    assert json.loads(json.dumps(DEFAULT_SAMPLING)) == DEFAULT_SAMPLING
    for scheme in (default_scheme(), scheme_from_data(_with_e(), DEFAULT_SAMPLING)):
        definition, sampling = scheme_to_data(scheme)
        assert json.loads(json.dumps([definition, sampling])) == [definition, sampling]
        assert scheme_from_data(definition, sampling) == scheme


def test_class_e_adds_a_class_its_threshold_and_its_sampling():
    scheme = scheme_from_data(_with_e(), DEFAULT_SAMPLING)
    assert scheme.classes == ("A", "B", "C", "D", "E")
    assert scheme.serious_class == "E"  # the worst class unless the scheme says D
    assert scheme.revoked_class == "D"
    assert scheme.thresholds["D"] == 70
    assert scheme.sampling["E"] == (Decimal("1"), None)
    assert scheme_from_data(_with_e(serious_class="D"), DEFAULT_SAMPLING).serious_class == "D"


def test_a_scheme_may_weigh_only_some_indicators_and_change_their_params():
    scheme = scheme_from_data(
        _definition(
            weight_total=10,
            weights={"filing": 6, "penalties": 4},
            params={"penalties": {"full": 5}},
            thresholds={"A": 1, "B": 2.5, "C": 10},
            abnormal_floor="",
        ),
        {
            "A": {"ratio": 0.1, "max_per_year": 3},
            "B": {"ratio": "0.3"},
            "C": {"ratio": 1},
            "D": {"ratio": "1"},
        },
    )
    assert list(scheme.weights) == ["filing", "penalties"]
    assert scheme.params == {"filing": {"missing": 1.0, "late": 1.0}, "penalties": {"full": 5}}
    assert scheme.abnormal_floor == ""
    assert scheme.sampling["A"] == (Decimal("0.1"), 3)
    assert scheme.sampling["B"] == (Decimal("0.3"), None)


def test_weights_within_the_tolerance_sum_to_the_total():
    weights = {"filing": 100 / 3, "penalties": 100 / 3, "age": 100 / 3}
    assert scheme_from_data(_definition(weights=weights), DEFAULT_SAMPLING).weights == weights


SAMPLING_D_NONE = {**DEFAULT_SAMPLING, "D": {"ratio": "1", "max_per_year": None}}

REFUSALS = [
    # (definition changes, sampling changes, field, words in the message)
    (
        {"weights": {**DEFAULT_DEFINITION["weights"], "credit_rating": 0}},
        {},
        "weights.credit_rating",
        "未知的指标",
    ),
    ({"weights": {}}, {}, "weights", "至少"),
    ({"weights": None}, {}, "weights", "至少"),
    (
        {"weights": {**DEFAULT_DEFINITION["weights"], "filing": -5, "penalties": 35}},
        {},
        "weights.filing",
        "不能为负数",
    ),
    (
        {"weights": {**DEFAULT_DEFINITION["weights"], "filing": "十五"}},
        {},
        "weights.filing",
        "须为数字",
    ),
    (
        {"weights": {**DEFAULT_DEFINITION["weights"], "filing": True}},
        {},
        "weights.filing",
        "须为数字",
    ),
    (
        {"weights": {**DEFAULT_DEFINITION["weights"], "filing": float("nan")}},
        {},
        "weights.filing",
        "有限",
    ),
    ({"weights": {**DEFAULT_DEFINITION["weights"], "filing": 16}}, {}, "weights", "101"),
    (
        {"weights": {**DEFAULT_DEFINITION["weights"], "filing": 15 - 1e-8}},
        {},
        "weights",
        "应等于权重总分100",
    ),
    ({"weight_total": 0}, {}, "weight_total", "大于0"),
    ({"weight_total": 90}, {}, "weights", "应等于权重总分90"),
    ({"params": {"age": {"old_months": 3}}}, {}, "params.age.old_months", "没有参数"),
    ({"params": {"ratings": {}}}, {}, "params.ratings", "未知的指标"),
    (
        {"params": {"age": {"young_months": 60, "mature_months": 60}}},
        {},
        "params.age.mature_months",
        "mature_months",
    ),
    ({"params": {"penalties": {"full": 0}}}, {}, "params.penalties.full", "不小于1"),
    ({"params": {"penalties": {"full": "x"}}}, {}, "params.penalties.full", "须为数字"),
    ({"params": {"penalties": 3}}, {}, "params.penalties", "格式"),
    ({"thresholds": None}, {}, "thresholds", "阈值"),
    ({"thresholds": {"A": 10, "C": 45}}, {}, "thresholds.B", "缺少B类"),
    ({"thresholds": {"A": 25, "B": 25, "C": 45}}, {}, "thresholds.B", "严格递增"),
    ({"thresholds": {"A": 30, "B": 25, "C": 45}}, {}, "thresholds.B", "严格递增"),
    ({"thresholds": {"A": -1, "B": 25, "C": 45}}, {}, "thresholds.A", "超出0至100"),
    ({"thresholds": {"A": 10, "B": 25, "C": 100.5}}, {}, "thresholds.C", "超出0至100"),
    ({"thresholds": {"A": 10, "B": 25, "C": 45, "D": 70}}, {}, "thresholds.D", "未启用E类"),
    ({"thresholds": {"A": 10, "B": 25, "C": 45, "X": 70}}, {}, "thresholds.X", "不存在"),
    ({"abnormal_floor": "F"}, {}, "abnormal_floor", "列入经营异常名录"),
    ({"abnormal_floor": "E"}, {}, "abnormal_floor", "列入经营异常名录"),
    ({"serious_class": "C"}, {}, "serious_class", "严重违法失信"),
    ({"serious_class": "E"}, {}, "serious_class", "严重违法失信"),
    ({"revoked_class": "X"}, {}, "revoked_class", "吊销"),
    ({"class_e": "yes"}, {}, "class_e", "E类"),
    ({"grade": 1}, {}, "grade", "未知的项目"),
    ({}, {"A": {"ratio": "0"}}, "sampling.A.ratio", "大于0"),
    ({}, {"B": {"ratio": 0, "max_per_year": 1}}, "sampling.B.ratio", "不能免于抽查"),
    ({}, {"C": {"ratio": "-0.1"}}, "sampling.C.ratio", "大于0"),
    ({}, {"C": {"ratio": "1.01"}}, "sampling.C.ratio", "大于1"),
    ({}, {"A": {"ratio": "百分之五"}}, "sampling.A.ratio", "0到1之间"),
    ({}, {"A": {"ratio": "NaN"}}, "sampling.A.ratio", "大于0"),
    ({}, {"D": None}, "sampling.D.ratio", "缺少D类"),
    ({}, {"D": {"max_per_year": 1}}, "sampling.D.ratio", "缺少D类"),
    ({}, {"A": {"ratio": "0.05", "max_per_year": 0}}, "sampling.A.max_per_year", "不小于1"),
    ({}, {"A": {"ratio": "0.05", "max_per_year": 1.5}}, "sampling.A.max_per_year", "正整数"),
    ({}, {"A": {"ratio": "0.05", "max_per_year": True}}, "sampling.A.max_per_year", "正整数"),
    ({}, {"Z": {"ratio": "0.05"}}, "sampling.Z", "不存在"),
]


@pytest.mark.parametrize(("changes", "sampling_changes", "field", "words"), REFUSALS)
def test_every_unusable_scheme_is_refused_naming_its_field(changes, sampling_changes, field, words):
    sampling = {**SAMPLING_D_NONE, **sampling_changes}
    sampling = {key: value for key, value in sampling.items() if value is not None}
    with pytest.raises(SchemeError) as refused:
        scheme_from_data(_definition(**changes), sampling)
    assert refused.value.field == field
    assert words in refused.value.message
    assert str(refused.value) == refused.value.message
    assert not isinstance(refused.value, ValueError)


E_REFUSALS = [
    ({"thresholds": {"A": 10, "B": 25, "C": 45}}, {}, "thresholds.D", "缺少D类"),
    ({"thresholds": {"A": 10, "B": 25, "C": 45, "D": 45}}, {}, "thresholds.D", "严格递增"),
    ({}, {"E": None}, "sampling.E.ratio", "缺少E类"),
    ({}, {"E": {"ratio": "0"}}, "sampling.E.ratio", "大于0"),
    ({"abnormal_floor": "F"}, {}, "abnormal_floor", "E"),
]


@pytest.mark.parametrize(("changes", "sampling_changes", "field", "words"), E_REFUSALS)
def test_class_e_refusals(changes, sampling_changes, field, words):
    sampling = {**DEFAULT_SAMPLING, **sampling_changes}
    sampling = {key: value for key, value in sampling.items() if value is not None}
    with pytest.raises(SchemeError) as refused:
        scheme_from_data(_with_e(**changes), sampling)
    assert refused.value.field == field
    assert words in refused.value.message


def test_a_definition_that_is_not_a_mapping_is_refused():
    with pytest.raises(SchemeError) as refused:
        scheme_from_data([1, 2], DEFAULT_SAMPLING)  # type: ignore[arg-type]
    assert refused.value.field == "definition"
    with pytest.raises(SchemeError) as refused:
        scheme_from_data(DEFAULT_DEFINITION, ["A"])  # type: ignore[arg-type]
    assert refused.value.field == "sampling"


def test_the_scheme_is_immutable():
    scheme = default_scheme()
    assert isinstance(scheme, Scheme)
    with pytest.raises(AttributeError):
        scheme.abnormal_floor = ""  # type: ignore[misc]
