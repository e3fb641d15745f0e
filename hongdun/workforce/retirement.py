"""Statutory retirement ages (法定退休年龄), as data, and the date a person reaches theirs.

The rule in force until 31 December 2024 (国发〔1978〕104号, which issued both of these):

- 《国务院关于安置老弱病残干部的暂行办法》第四条: cadres (干部) retire at 60 (men)
  and 55 (women). Civil servants, staff managed under the Civil Servant Law (参公) and
  institution staff (事业编制) are cadres (`CADRE_CATEGORIES`).
- 《国务院关于工人退休、退职的暂行办法》第一条: workers (工人) retire at 60 (men)
  and 50 (women). Logistics workers (工勤人员) and contract staff (编外聘用人员) fall under it.

From 1 January 2025 the NPC Standing Committee's decision on gradually raising the statutory
retirement age (《关于实施渐进式延迟法定退休年龄的决定》, 2024) raises these ages month by
month by date of birth. That schedule is not in this table: a date after 2024 is refused rather
than answered with the old ages. The demo bureau's dates (2006–2008) fall under the 1978 rule.
"""

from dataclasses import dataclass
from datetime import date

from hongdun.workforce.choices import CADRE_CATEGORIES, Gender


@dataclass(frozen=True)
class RetirementRule:
    gender: str
    cadre: bool  # 干部 (True) or 工人 (False)
    age: int
    in_force_until: date
    source: str


CADRES_1978 = "国发〔1978〕104号《国务院关于安置老弱病残干部的暂行办法》第四条"
WORKERS_1978 = "国发〔1978〕104号《国务院关于工人退休、退职的暂行办法》第一条"
RULE_1978_ENDS = date(2024, 12, 31)

RETIREMENT_RULES: tuple[RetirementRule, ...] = (
    RetirementRule(Gender.MALE, True, 60, RULE_1978_ENDS, CADRES_1978),
    RetirementRule(Gender.FEMALE, True, 55, RULE_1978_ENDS, CADRES_1978),
    RetirementRule(Gender.MALE, False, 60, RULE_1978_ENDS, WORKERS_1978),
    RetirementRule(Gender.FEMALE, False, 50, RULE_1978_ENDS, WORKERS_1978),
)


def retirement_rule(*, gender: str, staff_category: str, on: date) -> RetirementRule:
    """The rule that applies on `on` to a person of this gender and staff category."""
    cadre = staff_category in CADRE_CATEGORIES
    for rule in RETIREMENT_RULES:
        if rule.gender == gender and rule.cadre == cadre and on <= rule.in_force_until:
            return rule
    raise ValueError(
        f"no statutory retirement age recorded for gender {gender!r}, category "
        f"{staff_category!r} on {on.isoformat()} (the table ends {RULE_1978_ENDS.isoformat()})"
    )


def retirement_date(*, birth_date: date, gender: str, staff_category: str, on: date) -> date:
    """The day the person reaches the retirement age of the rule in force on `on` (a 29 February
    birthday is reached on 1 March in common years, as `age_on` counts it)."""
    age = retirement_rule(gender=gender, staff_category=staff_category, on=on).age
    year = birth_date.year + age
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return date(year, 3, 1)
