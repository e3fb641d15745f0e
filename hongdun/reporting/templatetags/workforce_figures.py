"""Formatting of computed figures: thousands separators, "—" for nothing to divide by."""

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def figure_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int | Decimal):
        return str(intcomma(value, use_l10n=False))
    return str(value)
