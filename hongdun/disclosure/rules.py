"""The deployment's disclosure settings (settings.HONGDUN["ANNUAL_REPORT_*"]) as engine rules."""

from functools import cache

from django.conf import settings

from hongdun.disclosure.engine.window import WindowRules


@cache
def window_rules() -> WindowRules:
    config = settings.HONGDUN
    return WindowRules.parse(
        config["ANNUAL_REPORT_OPENS"],
        config["ANNUAL_REPORT_CLOSES"],
        config.get("ANNUAL_REPORT_CORRECTIONS_UNTIL") or None,
    )
