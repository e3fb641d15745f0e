"""Classification: the overrides first, then the weighted score and its thresholds
(docs/rules/credit.md §2).

``classify`` takes every enterprise at once (numpy, no loop per enterprise: a million rows in a
fraction of a second); ``explain`` answers for one enterprise with the same arithmetic (it runs
``classify`` on length-1 arrays), so its class is always the class the month stored.

1. On the serious list → ``serious_class``.
2. Licence revoked → ``revoked_class``.
3. On the abnormal list → the score's class, but at least ``abnormal_floor``.
4. Otherwise the score: the sum over the weighted indicators of risk × weight, rounded to 4
   decimals (so a re-run compares exactly); score < thresholds["A"] → A, < thresholds["B"] → B …,
   else the last class.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hongdun.credit.engine.indicators import INDICATORS
from hongdun.credit.engine.inputs import Inputs, check_inputs, one, row_values
from hongdun.credit.engine.scheme import Scheme

# The override codes (the values of hongdun.credit.choices.Override).
SERIOUS_LIST = "serious_list"
LICENCE_REVOKED = "licence_revoked"
ABNORMAL_LIST = "abnormal_list"
OVERRIDES: tuple[str, ...] = (SERIOUS_LIST, LICENCE_REVOKED, ABNORMAL_LIST)
# The input flag behind each override.
OVERRIDE_FIELDS: dict[str, str] = {
    SERIOUS_LIST: "on_serious_list",
    LICENCE_REVOKED: "licence_revoked",
    ABNORMAL_LIST: "on_abnormal_list",
}

SCORE_DECIMALS = 4
# What "a little more than the gap" is when saying how many points to shed: one step of the
# rounded score.
SCORE_STEP = 10.0**-SCORE_DECIMALS


@dataclass(frozen=True)
class Classified:
    classes: NDArray[np.str_]  # '<U1'
    scores: NDArray[np.float64]
    overrides: NDArray[np.str_]  # '<U24', '' where the score decided
    # Indicator code → its weighted points per enterprise.
    points: dict[str, NDArray[np.float64]]
    # The class the score alone gives (before any override), as an index into scheme.classes.
    score_ranks: NDArray[np.intp]


def risks(inputs: Inputs, scheme: Scheme) -> dict[str, NDArray[np.float64]]:
    return {code: INDICATORS[code].fn(inputs, scheme.params[code]) for code in scheme.weights}


def classify(inputs: Inputs, scheme: Scheme) -> Classified:
    count = check_inputs(inputs)
    points: dict[str, NDArray[np.float64]] = {}
    total = np.zeros(count, dtype=np.float64)
    for code, risk in risks(inputs, scheme).items():
        weighted = risk * scheme.weights[code]
        points[code] = weighted
        # Added one indicator at a time, in the scheme's order: the same operations for one row
        # as for a million, so explain() and a re-run give the same score to the last bit.
        total = total + weighted
    scores = np.round(total, SCORE_DECIMALS)

    bounds = np.array([scheme.thresholds[c] for c in scheme.classes[:-1]], dtype=np.float64)
    # The number of bounds at or below the score: score < bounds[0] → 0 (A) …
    score_ranks = np.searchsorted(bounds, scores, side="right")
    ranks = score_ranks.copy()
    overrides = np.full(count, "", dtype="<U24")

    if scheme.abnormal_floor:
        floor = scheme.rank(scheme.abnormal_floor)
        lifted = inputs["on_abnormal_list"].astype(bool) & (score_ranks <= floor)
        ranks[lifted] = floor
        overrides[lifted] = ABNORMAL_LIST
    revoked = inputs["licence_revoked"].astype(bool)
    ranks[revoked] = scheme.rank(scheme.revoked_class)
    overrides[revoked] = LICENCE_REVOKED
    serious = inputs["on_serious_list"].astype(bool)
    ranks[serious] = scheme.rank(scheme.serious_class)
    overrides[serious] = SERIOUS_LIST

    classes = np.array(scheme.classes, dtype="<U1")[ranks]
    return Classified(classes, scores, overrides, points, score_ranks)


def main_reasons(result: Classified) -> NDArray[np.str_]:
    """Per enterprise, the one code that explains its class best ('<U24'): the override that
    decided it, else the indicator carrying the most points (the first in the scheme's order on a
    tie), else '' (a score of 0). What a month's diff report counts moves by."""
    count = len(result.classes)
    best_points = np.zeros(count, dtype=np.float64)
    best = np.full(count, "", dtype="<U24")
    for code, points in result.points.items():
        better = points > best_points
        best_points = np.where(better, points, best_points)
        best[better] = code
    return np.where(result.overrides != "", result.overrides, best)


# --- one enterprise, explained --------------------------------------------------------------


@dataclass(frozen=True)
class ExplanationRow:
    code: str
    # The input values the indicator read (None for an unknown paid-in ratio).
    values: dict[str, Any]
    risk: float
    weight: float
    points: float


@dataclass(frozen=True)
class MoveUp:
    """What would move the enterprise up one class (to ``to_class``)."""

    to_class: str
    # Overrides that hold it where it is and must be lifted (the enterprise removed from the
    # list, …), most severe first.
    lift: tuple[str, ...]
    # Points the score must shed (0 when the score already allows ``to_class``) …
    points: float
    # … and the indicators that could each alone shed them: (code, the points it carries).
    indicators: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Explanation:
    risk_class: str
    score: float
    override: str
    # The class the score alone gives.
    score_class: str
    # The overrides that apply (its flags set), whether or not they decided the class.
    flags: tuple[str, ...]
    rows: tuple[ExplanationRow, ...]
    move_up: MoveUp | None


def _override_class(scheme: Scheme, code: str) -> str:
    """The class an override puts an enterprise in (at least), '' if the scheme disables it."""
    return {
        SERIOUS_LIST: scheme.serious_class,
        LICENCE_REVOKED: scheme.revoked_class,
        ABNORMAL_LIST: scheme.abnormal_floor,
    }[code]


def _shed(score: float, bound: float) -> float:
    """Points to shed so that the score falls below `bound` (0 if it already does)."""
    if score < bound:
        return 0.0
    return round(score - bound + SCORE_STEP, SCORE_DECIMALS)


def _move_up(
    scheme: Scheme,
    rank: int,
    score: float,
    flags: tuple[str, ...],
    rows: tuple[ExplanationRow, ...],
) -> MoveUp | None:
    if rank == 0:
        return None
    target = rank - 1
    lift = tuple(
        code
        for code in flags
        if (held := _override_class(scheme, code)) and scheme.rank(held) > target
    )
    needed = _shed(score, scheme.thresholds[scheme.classes[target]])
    able = tuple((row.code, row.points) for row in rows if needed > 0 and row.points >= needed)
    return MoveUp(scheme.classes[target], lift, needed, able)


def explain(values: Mapping[str, Any], scheme: Scheme) -> Explanation:
    """Why one enterprise (its input values; missing fields take their defaults) is in its
    class, and what would move it up one class."""
    inputs = one(values)
    result = classify(inputs, scheme)
    risk_of = risks(inputs, scheme)
    rows = tuple(
        sorted(
            (
                ExplanationRow(
                    code=code,
                    values=row_values(inputs, 0, INDICATORS[code].fields),
                    risk=float(risk_of[code][0]),
                    weight=weight,
                    points=float(result.points[code][0]),
                )
                for code, weight in scheme.weights.items()
            ),
            key=lambda row: -row.points,
        )
    )
    flags = tuple(code for code in OVERRIDES if bool(inputs[OVERRIDE_FIELDS[code]][0]))
    risk_class = str(result.classes[0])
    score = float(result.scores[0])
    return Explanation(
        risk_class=risk_class,
        score=score,
        override=str(result.overrides[0]),
        score_class=scheme.classes[int(result.score_ranks[0])],
        flags=flags,
        rows=rows,
        move_up=_move_up(scheme, scheme.rank(risk_class), score, flags, rows),
    )
