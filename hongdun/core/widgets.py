"""Widgets every form of the project uses for the same kind of value."""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """The browser's date control. It only accepts an ISO date (RFC 3339 full-date) as its value:
    a date rendered in the locale's format (Chinese `Y/m/d`) shows as empty, and the next save
    would erase it. So the value is always rendered as ISO whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)
