"""The deployment's supervision settings as engine rules, and the app's working-day calendar."""

from functools import cache

from django.conf import settings

from hongdun.core.workdays import add_working_days
from hongdun.supervision.engine.deadlines import SupervisionRules

__all__ = ["add_working_days", "supervision_rules"]


@cache
def supervision_rules() -> SupervisionRules:
    return SupervisionRules.parse(dict(settings.HONGDUN))
