"""The classification scheme as data: which indicators count and how much, the thresholds of the
score, the overrides, class E, and the per-class sampling of random inspections.

A deployment edits the scheme (``CreditScheme.definition`` and ``.sampling``, JSON);
``scheme_from_data`` checks every part of it and says, in Chinese, which field is wrong and how to
fix it. The result is immutable; ``scheme_to_data`` gives the JSON back.

The definition::

    {"class_e": false, "weight_total": 100,
     "weights": {"filing": 15, ...}, "params": {"age": {"young_months": 12}, ...},
     "thresholds": {"A": 10, "B": 25, "C": 45},        # and "D" when class E is enabled
     "abnormal_floor": "C", "serious_class": "D", "revoked_class": "D"}

and the sampling ``{"A": {"ratio": "0.05", "max_per_year": 1}, ...}`` (``max_per_year`` null: as
needed). ``SchemeError.field`` names the part: ``weights.filing``, ``thresholds.B``,
``params.age.mature_months``, ``sampling.A.ratio``, ``abnormal_floor`` …

The method follows the provincial standards that publish one (Guangxi DB45/T 2779-2023,
[GX2023]: the qualitative situations place an enterprise in a class directly, the others are
scored by weighted quantitative indicators). The national indicator list and weights are not
published: the default WEIGHTS, PARAMETERS AND THRESHOLDS BELOW ARE UNVERIFIED choices of this
project, for a deployment to replace (docs/rules/credit.md §2).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from hongdun.credit.engine.indicators import INDICATORS

CLASSES_ABCD: tuple[str, ...] = ("A", "B", "C", "D")
CLASSES_ABCDE: tuple[str, ...] = ("A", "B", "C", "D", "E")
WEIGHT_TOLERANCE = 1e-9


class SchemeError(Exception):
    """A scheme that cannot be used: ``message`` says why and how to fix it, ``field`` where."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Scheme:
    classes: tuple[str, ...]
    # Indicator code → weight, in the order the scores add them up.
    weights: dict[str, float]
    # Indicator code → its parameters (the indicator's defaults with the scheme's changes).
    params: dict[str, dict[str, float]]
    # Upper bounds of the score of each class but the last: score < thresholds["A"] → A …
    thresholds: dict[str, float]
    weight_total: float = 100.0
    abnormal_floor: str = "C"
    serious_class: str = "D"
    revoked_class: str = "D"
    # Class → (share of the class drawn in a random inspection, most inspections a year or None).
    sampling: dict[str, tuple[Decimal, int | None]] = field(default_factory=dict)

    @property
    def class_e(self) -> bool:
        return "E" in self.classes

    def rank(self, risk_class: str) -> int:
        """0 for A (lowest risk) and up."""
        return self.classes.index(risk_class)


# UNVERIFIED weights (see the module docstring): they sum to weight_total.
DEFAULT_DEFINITION: dict[str, Any] = {
    "class_e": False,
    "weight_total": 100,
    "weights": {
        "filing": 15,
        "corrections": 5,
        "immediate_late": 5,
        "abnormal_history": 15,
        "serious_history": 15,
        "penalties": 15,
        "inspection_findings": 10,
        "age": 5,
        "paid_in": 5,
        "address_changes": 5,
        "related": 5,
    },
    "params": {code: dict(indicator.defaults) for code, indicator in INDICATORS.items()},
    "thresholds": {"A": 10, "B": 25, "C": 45},
    "abnormal_floor": "C",
    "serious_class": "D",
    "revoked_class": "D",
}

# Per-class sampling ([R11], one city's practice): ratios as decimal strings, max_per_year None
# where inspections are as often as needed. E only counts when a scheme enables class E.
DEFAULT_SAMPLING: dict[str, dict[str, Any]] = {
    "A": {"ratio": "0.05", "max_per_year": 1},
    "B": {"ratio": "0.2", "max_per_year": 1},
    "C": {"ratio": "0.6", "max_per_year": 2},
    "D": {"ratio": "1", "max_per_year": None},
    "E": {"ratio": "1", "max_per_year": None},
}

_DEFINITION_KEYS = frozenset(DEFAULT_DEFINITION)


def _number(value: Any, field: str, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise SchemeError(f"{label}须为数字，请填写数值。", field)
    try:
        number = float(value)
    except ValueError:
        raise SchemeError(f"{label}须为数字，请填写数值。", field) from None
    if not math.isfinite(number):
        raise SchemeError(f"{label}须为有限的数字，请填写数值。", field)
    return number


def _classes(definition: Mapping[str, Any]) -> tuple[str, ...]:
    class_e = definition.get("class_e", False)
    if not isinstance(class_e, bool):
        raise SchemeError("“启用E类”须为是或否。", "class_e")
    return CLASSES_ABCDE if class_e else CLASSES_ABCD


def _weights(definition: Mapping[str, Any], total: float) -> dict[str, float]:
    raw = definition.get("weights")
    if not isinstance(raw, Mapping) or not raw:
        raise SchemeError("请至少为一个指标设置权重。", "weights")
    weights: dict[str, float] = {}
    for code, value in raw.items():
        if code not in INDICATORS:
            raise SchemeError(
                f"未知的指标“{code}”，请删除它或改为以下之一：{'、'.join(INDICATORS)}。",
                f"weights.{code}",
            )
        weight = _number(value, f"weights.{code}", f"指标“{code}”的权重")
        if weight < 0:
            raise SchemeError(f"指标“{code}”的权重不能为负数，请改为0或正数。", f"weights.{code}")
        weights[code] = weight
    weight_sum = math.fsum(weights.values())
    if abs(weight_sum - total) > WEIGHT_TOLERANCE:
        raise SchemeError(
            f"各指标权重之和为{weight_sum:g}，应等于权重总分{total:g}，请调整权重。", "weights"
        )
    return weights


def _params(
    definition: Mapping[str, Any], weights: Mapping[str, float]
) -> dict[str, dict[str, float]]:
    raw = definition.get("params", {})
    if not isinstance(raw, Mapping):
        raise SchemeError("指标参数格式不正确，应按指标列出参数。", "params")
    for code in raw:
        if code not in INDICATORS:
            raise SchemeError(f"参数中有未知的指标“{code}”，请删除它。", f"params.{code}")
    params: dict[str, dict[str, float]] = {}
    for code in weights:
        indicator = INDICATORS[code]
        given = raw.get(code, {})
        if not isinstance(given, Mapping):
            raise SchemeError(f"指标“{code}”的参数格式不正确。", f"params.{code}")
        merged = dict(indicator.defaults)
        for name, value in given.items():
            if name not in indicator.defaults:
                raise SchemeError(
                    f"指标“{code}”没有参数“{name}”，请删除它（可用参数：{'、'.join(indicator.defaults)}）。",
                    f"params.{code}.{name}",
                )
            merged[name] = _number(value, f"params.{code}.{name}", f"指标“{code}”的参数“{name}”")
        problem = indicator.check(merged)
        if problem is not None:
            name, message = problem
            raise SchemeError(f"指标“{code}”：{message}。", f"params.{code}.{name}")
        params[code] = merged
    return params


def _thresholds(
    definition: Mapping[str, Any], classes: tuple[str, ...], total: float
) -> dict[str, float]:
    raw = definition.get("thresholds")
    if not isinstance(raw, Mapping):
        raise SchemeError("请设置各类别的分值上限（阈值）。", "thresholds")
    bounded = classes[:-1]
    for key in raw:
        if key not in bounded:
            if key == "D" and "E" not in classes:
                raise SchemeError(
                    "未启用E类时不设D类的分值上限，请删除D类阈值或启用E类。", "thresholds.D"
                )
            raise SchemeError(
                f"不存在“{key}”类的阈值，阈值只设{'、'.join(bounded)}类的分值上限。",
                f"thresholds.{key}",
            )
    thresholds: dict[str, float] = {}
    previous: float | None = None
    for risk_class in bounded:
        name = f"thresholds.{risk_class}"
        if risk_class not in raw:
            raise SchemeError(f"缺少{risk_class}类的分值上限，请填写。", name)
        value = _number(raw[risk_class], name, f"{risk_class}类的分值上限")
        if not 0 <= value <= total:
            raise SchemeError(
                f"{risk_class}类的分值上限{value:g}超出0至{total:g}的范围，请改在此范围内。", name
            )
        if previous is not None and value <= previous:
            raise SchemeError(
                f"{risk_class}类的分值上限{value:g}须大于上一类的上限{previous:g}（阈值须严格递增）。",
                name,
            )
        thresholds[risk_class] = value
        previous = value
    return thresholds


def _class_setting(
    definition: Mapping[str, Any],
    key: str,
    allowed: tuple[str, ...],
    default: str,
    label: str,
) -> str:
    value = definition.get(key, default)
    if value not in allowed:
        shown = "、".join(choice or "不适用" for choice in allowed)
        raise SchemeError(f"{label}“{value}”不可用，请选择：{shown}。", key)
    return str(value)


def _sampling(
    sampling: Mapping[str, Any], classes: tuple[str, ...]
) -> dict[str, tuple[Decimal, int | None]]:
    if not isinstance(sampling, Mapping):
        raise SchemeError("抽查比例格式不正确，应按类别列出比例和频次。", "sampling")
    for key in sampling:
        # E's row is kept (ignored) while class E is off, so switching it on finds it there.
        if key not in classes and key not in CLASSES_ABCDE:
            raise SchemeError(f"不存在“{key}”类，请删除该抽查比例。", f"sampling.{key}")
    result: dict[str, tuple[Decimal, int | None]] = {}
    for risk_class in classes:
        entry = sampling.get(risk_class)
        if not isinstance(entry, Mapping) or "ratio" not in entry:
            raise SchemeError(
                f"缺少{risk_class}类的抽查比例，请填写（任何类别都不能免于抽查）。",
                f"sampling.{risk_class}.ratio",
            )
        raw_ratio = entry["ratio"]
        name = f"sampling.{risk_class}.ratio"
        try:
            if isinstance(raw_ratio, bool):
                raise InvalidOperation
            ratio = Decimal(str(raw_ratio))
        except (InvalidOperation, ValueError):
            raise SchemeError(f"{risk_class}类的抽查比例须为0到1之间的小数。", name) from None
        if not ratio.is_finite() or ratio <= 0:
            raise SchemeError(
                f"{risk_class}类的抽查比例须大于0（任何类别都不能免于抽查），请填写不大于1的正数。",
                name,
            )
        if ratio > 1:
            raise SchemeError(
                f"{risk_class}类的抽查比例{ratio}大于1（100%），请改为不大于1的正数。", name
            )
        most = entry.get("max_per_year")
        name = f"sampling.{risk_class}.max_per_year"
        if most is not None and (isinstance(most, bool) or not isinstance(most, int)):
            raise SchemeError(
                f"{risk_class}类每年最多抽查次数须为正整数，或留空表示根据需要。", name
            )
        if most is not None and most < 1:
            raise SchemeError(
                f"{risk_class}类每年最多抽查次数须不小于1，或留空表示根据需要。", name
            )
        result[risk_class] = (ratio, most)
    return result


def scheme_from_data(definition: Mapping[str, Any], sampling: Mapping[str, Any]) -> Scheme:
    """The scheme `definition` and `sampling` describe; ``SchemeError`` if any part is wrong."""
    if not isinstance(definition, Mapping):
        raise SchemeError("方案定义格式不正确。", "definition")
    for key in definition:
        if key not in _DEFINITION_KEYS:
            raise SchemeError(f"方案定义中有未知的项目“{key}”，请删除它。", str(key))
    classes = _classes(definition)
    total = _number(definition.get("weight_total", 100), "weight_total", "权重总分")
    if total <= 0:
        raise SchemeError("权重总分须大于0。", "weight_total")
    weights = _weights(definition, total)
    params = _params(definition, weights)
    thresholds = _thresholds(definition, classes, total)
    worst = classes[-1]
    serious_class = _class_setting(
        definition,
        "serious_class",
        tuple(c for c in ("D", "E") if c in classes),
        worst,
        "列入严重违法失信名单的类别",
    )
    revoked_class = _class_setting(
        definition, "revoked_class", classes, "D", "被吊销营业执照的类别"
    )
    abnormal_floor = _class_setting(
        definition, "abnormal_floor", ("", *classes), "C", "列入经营异常名录的最低类别"
    )
    return Scheme(
        classes=classes,
        weights=weights,
        params=params,
        thresholds=thresholds,
        weight_total=total,
        abnormal_floor=abnormal_floor,
        serious_class=serious_class,
        revoked_class=revoked_class,
        sampling=_sampling(sampling, classes),
    )


def _plain(number: float) -> int | float:
    return int(number) if number.is_integer() else number


def scheme_to_data(scheme: Scheme) -> tuple[dict[str, Any], dict[str, Any]]:
    """(definition, sampling) as JSON-ready data: ``scheme_from_data`` of them is `scheme`."""
    definition: dict[str, Any] = {
        "class_e": scheme.class_e,
        "weight_total": _plain(scheme.weight_total),
        "weights": {code: _plain(weight) for code, weight in scheme.weights.items()},
        "params": {
            code: {name: _plain(value) for name, value in values.items()}
            for code, values in scheme.params.items()
        },
        "thresholds": {key: _plain(value) for key, value in scheme.thresholds.items()},
        "abnormal_floor": scheme.abnormal_floor,
        "serious_class": scheme.serious_class,
        "revoked_class": scheme.revoked_class,
    }
    sampling = {
        risk_class: {"ratio": str(ratio), "max_per_year": most}
        for risk_class, (ratio, most) in scheme.sampling.items()
    }
    return definition, sampling


def default_scheme() -> Scheme:
    return scheme_from_data(DEFAULT_DEFINITION, DEFAULT_SAMPLING)
