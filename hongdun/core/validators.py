"""Django validators over the platform's pure checks, with the translated messages users read."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from hongdun.core.identity import Finding, ResidentIdCheck, resident_id_check


def resident_id_message(finding: Finding) -> str:
    """What is wrong and how to fix it, in the user's language."""
    return gettext(finding.template) % finding.params


def resident_id_check_today(value: str) -> ResidentIdCheck:
    """The check with today's date in the bureau's time zone."""
    return resident_id_check(value, today=timezone.localdate())


def validate_resident_id(value: str) -> None:
    """Refuse a number with an error (format, date, check digit); warnings never refuse."""
    resident_id_clean(value)


def resident_id_clean(value: str) -> str:
    """The normalised number ("" stays ""), or a ValidationError; for form and serializer fields."""
    if not (value or "").strip():
        return ""
    check = resident_id_check_today(value)
    if check.errors:
        raise ValidationError(
            [resident_id_message(finding) for finding in check.errors],
            code="invalid_resident_id",
        )
    return check.number


def resident_id_warnings(value: str) -> list[str]:
    """The translated warnings about a number that is otherwise valid (shown, never refusing)."""
    if not (value or "").strip():
        return []
    return [resident_id_message(finding) for finding in resident_id_check_today(value).warnings]
