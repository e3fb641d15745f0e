"""Automated pre-review (登记预审) of registration applications: pure Python, no Django.

`prereview(app)` applies every rule of docs/rules/registration.md §3 and §6 to one application
and returns all defects at once (一次性告知), each with its field, rule id, cited article, message
and fix.
The Django layer builds the input (`registration.prereview_adapter`) and translates the output.
"""

from __future__ import annotations

from hongdun.registration.prereview.config import RuleConfig, default_rules
from hongdun.registration.prereview.rules import RULES, _collector
from hongdun.registration.prereview.types import ApplicationData, Defect

__all__ = ["blocking", "prereview"]


def prereview(app: ApplicationData, rules: RuleConfig | None = None) -> list[Defect]:
    """Every defect of the application, in form order; an empty list means nothing to fix."""
    config = rules or default_rules()
    defects: list[Defect] = []
    add = _collector(defects)
    for rule in RULES:
        rule(app, config, add)
    return defects


def blocking(defects: list[Defect]) -> list[Defect]:
    """The defects that stop submission (warnings and manual-review flags do not)."""
    return [d for d in defects if d.blocks]
