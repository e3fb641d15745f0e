"""ID-number checks that need no outside service: the GB 11643 resident ID check digit."""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def resident_id_is_valid(value: str) -> bool:
    """18 characters, a real birth date in positions 7–14, and the ISO 7064 MOD 11-2 check digit."""
    text = value.strip().upper()
    if len(text) != 18 or not text[:17].isascii() or not text[:17].isdigit():
        return False
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text[:17], _WEIGHTS, strict=True))
    return text[17] == _CHECK[total % 11]


def resident_id_check_digit(first17: str) -> str:
    """The check digit for 17 digits (used by generators of test and demo data)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]
