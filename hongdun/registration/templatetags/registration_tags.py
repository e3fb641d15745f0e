"""Presentational helpers for the registration templates."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """mapping[key], or an empty list when absent (defects by field)."""
    if not hasattr(mapping, "get"):
        return []
    return mapping.get(str(key), [])


@register.filter
def row_key(section: str, index: int) -> str:
    """ "members" and 0 → "members.0", the key of a formset row's defects."""
    return f"{section}.{index}"
