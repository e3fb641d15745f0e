"""Latency statistics used by every benchmark table, defined once.

Percentiles use the nearest-rank method: the p-th percentile of n samples is the smallest sample
such that at least p % of the samples are less than or equal to it, i.e. the value at 1-based rank
ceil(p / 100 * n) of the sorted samples. It is always an observed value (no interpolation), so
p99 of 200 samples is the 198th smallest and p100 is the maximum.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile, 0 < p <= 100."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class Summary:
    """Latency summary in milliseconds."""

    n: int
    p50: float
    p99: float
    max: float
    mean: float

    def as_dict(self) -> dict[str, float]:
        return {"n": self.n, "p50": self.p50, "p99": self.p99, "max": self.max, "mean": self.mean}


def summarize(samples_ms: Sequence[float]) -> Summary:
    return Summary(
        n=len(samples_ms),
        p50=percentile(samples_ms, 50),
        p99=percentile(samples_ms, 99),
        max=max(samples_ms),
        mean=sum(samples_ms) / len(samples_ms),
    )


def ratio(baseline: float, ours: float) -> float:
    """How many times slower the baseline is (baseline / ours); inf if ours rounds to zero."""
    return baseline / ours if ours > 0 else math.inf


def fmt_ms(value: float) -> str:
    """Milliseconds with precision that suits the magnitude."""
    if value < 10:
        return f"{value:.2f}"
    if value < 1000:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def fmt_ratio(value: float) -> str:
    if math.isinf(value):
        return "inf"
    if value < 1:
        return f"{value:.2f}x"
    if value < 10:
        return f"{value:.1f}x"
    return f"{value:,.0f}x"
