"""The indicators: each a small pure function from the inputs (all enterprises at once) and its
parameters to a risk in [0, 1] per enterprise (docs/rules/credit.md §2).

The scheme weighs them: an indicator's points are its risk times its weight, the score their sum.
Every parameter is data a deployment edits (in the scheme's ``params``); the defaults below are
UNVERIFIED choices of this project (no national indicator list is published, see scheme.py).

Most indicators count events: the risk grows by ``1 / full`` per event and is 1 from ``full``
events on, so one late disclosure is a little risk and three are the whole weight.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hongdun.credit.engine.inputs import Inputs

Risk = NDArray[np.float64]
Params = Mapping[str, float]


@dataclass(frozen=True)
class Indicator:
    code: str
    # The input fields it reads (what an explanation shows next to it).
    fields: tuple[str, ...]
    defaults: Mapping[str, float]
    fn: Callable[[Inputs, Params], Risk]
    # Whether a set of parameters is usable: None, or why not (a Chinese sentence naming the
    # parameter and the fix; scheme.py adds which indicator).
    check: Callable[[Params], tuple[str, str] | None]

    def risk(self, inputs: Inputs, params: Params | None = None) -> Risk:
        merged = {**self.defaults, **(params or {})}
        return self.fn(inputs, merged)


def _saturating(counts: NDArray[Any], full: float) -> Risk:
    return np.minimum(counts.astype(np.float64) / full, 1.0)


def _check_full(params: Params) -> tuple[str, str] | None:
    if not params["full"] >= 1:
        return "full", "达到满风险的次数（full）须不小于1"
    return None


def _counting(code: str, field: str, full: float) -> Indicator:
    def fn(inputs: Inputs, params: Params) -> Risk:
        return _saturating(inputs[field], params["full"])

    fn.__name__ = f"{code}_risk"
    return Indicator(code, (field,), {"full": full}, fn, _check_full)


# --- annual reports -------------------------------------------------------------------------


def filing_risk(inputs: Inputs, params: Params) -> Risk:
    """Missing and late annual reports out of those due in the last three windows (each weighed
    by its parameter); no report due (a new enterprise) is no filing risk."""
    due = inputs["reports_due"].astype(np.float64)
    bad = params["missing"] * inputs["reports_missing"].astype(np.float64) + params[
        "late"
    ] * inputs["reports_late"].astype(np.float64)
    risk = np.divide(bad, due, out=np.zeros_like(bad), where=due > 0)
    return np.clip(risk, 0.0, 1.0)


def _check_filing(params: Params) -> tuple[str, str] | None:
    for name, label in (("missing", "未报"), ("late", "逾期报送")):
        if not 0 <= params[name] <= 1:
            return name, f"每份{label}年报的风险系数（{name}）须在0到1之间"
    return None


# --- age and capital ------------------------------------------------------------------------


def age_risk(inputs: Inputs, params: Params) -> Risk:
    """Young enterprises are riskier: 1 under ``young_months``, falling in a straight line to 0
    at ``mature_months``."""
    age = inputs["age_months"].astype(np.float64)
    young, mature = params["young_months"], params["mature_months"]
    return np.clip((mature - age) / (mature - young), 0.0, 1.0)


def _check_age(params: Params) -> tuple[str, str] | None:
    if not params["young_months"] >= 0:
        return "young_months", "视为新设企业的月数（young_months）不能为负数"
    if not params["mature_months"] > params["young_months"]:
        return "mature_months", "风险降为0的月数（mature_months）须大于新设企业月数（young_months）"
    return None


def paid_in_risk(inputs: Inputs, params: Params) -> Risk:
    """A low paid-in share of the subscribed capital is riskier: 1 at nothing paid in, 0 from
    ``safe_ratio`` on; an unknown ratio (NaN: not reported, or no subscribed capital) takes the
    neutral ``unknown`` risk."""
    ratio = inputs["paid_in_ratio"].astype(np.float64)
    risk = np.clip(1.0 - ratio / params["safe_ratio"], 0.0, 1.0)
    return np.where(np.isnan(ratio), params["unknown"], risk)


def _check_paid_in(params: Params) -> tuple[str, str] | None:
    if not 0 < params["safe_ratio"] <= 1:
        return "safe_ratio", "无风险的实缴比例（safe_ratio）须大于0且不大于1"
    if not 0 <= params["unknown"] <= 1:
        return "unknown", "实缴比例未知时的风险（unknown）须在0到1之间"
    return None


_INDICATOR_LIST: tuple[Indicator, ...] = (
    Indicator(
        "filing",
        ("reports_due", "reports_missing", "reports_late"),
        {"missing": 1.0, "late": 1.0},
        filing_risk,
        _check_filing,
    ),
    _counting("corrections", "report_corrections", 3),
    _counting("immediate_late", "immediate_late", 3),
    _counting("abnormal_history", "abnormal_listings", 2),
    _counting("serious_history", "serious_history", 1),
    _counting("penalties", "penalties", 3),
    _counting("inspection_findings", "inspection_problems", 2),
    Indicator(
        "age", ("age_months",), {"young_months": 12, "mature_months": 60}, age_risk, _check_age
    ),
    Indicator(
        "paid_in",
        ("paid_in_ratio",),
        {"safe_ratio": 1.0, "unknown": 0.3},
        paid_in_risk,
        _check_paid_in,
    ),
    _counting("address_changes", "address_changes", 3),
    _counting("related", "related_listed", 2),
)

INDICATORS: dict[str, Indicator] = {indicator.code: indicator for indicator in _INDICATOR_LIST}
