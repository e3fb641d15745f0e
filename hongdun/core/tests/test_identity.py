"""The one identity-number check (GB 11643-1999): format, birth date and check digit are errors;
the address code at most warns, and never because of the holder's birth year."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError

from hongdun.core.identity import (
    Problem,
    resident_id_check,
    resident_id_check_digit,
    resident_id_from_legacy,
)
from hongdun.core.validators import (
    resident_id_clean,
    resident_id_message,
    resident_id_warnings,
    validate_resident_id,
)

TODAY = date(2026, 12, 7)

# The standard's published example (GB 11643-1999, appendix): a woman born 31 December 1949
# registered in Beijing's Chaoyang district.
PUBLISHED_EXAMPLE = "11010519491231002X"


def valid(first17: str) -> str:
    """A number with the right check digit, computed by the algorithm checked just below."""
    return first17 + resident_id_check_digit(first17)


def test_the_algorithm_reproduces_the_published_example() -> None:
    assert resident_id_check_digit(PUBLISHED_EXAMPLE[:17]) == "X"


# (description, number, errors, warnings)
ROWS: list[tuple[str, str, set[Problem], set[Problem]]] = [
    ("published example", PUBLISHED_EXAMPLE, set(), set()),
    ("lower-case x", PUBLISHED_EXAMPLE.lower(), set(), set()),
    ("full-width digits from a Chinese IME", "１１０１０５１９４９１２３１００２Ｘ", set(), set()),
    ("spaces typed between groups", "110105 19491231 002X", set(), set()),
    # Older cadres: the code was given when the number was issued, not at birth.
    (
        "born 1950 in a district coded from 1983 (包头郊区, now 九原区)",
        valid("15020719500315001"),
        set(),
        set(),
    ),
    ("born 1948, 昆都仑区 code dates from 1983", valid("15020319480707003"), set(), set()),
    ("retired code: 北京崇文区, abolished 2010", valid("11010319650101002"), set(), set()),
    ("retired code: 集宁市, abolished 2003", valid("15260119601010001"), set(), set()),
    ("a code created after the birth, still in use", valid("15020519421111001"), set(), set()),
    ("address code never in GB/T 2260", valid("99010119800101001"), set(), {Problem.AREA_UNKNOWN}),
    ("wrong check digit only", PUBLISHED_EXAMPLE[:17] + "1", {Problem.CHECK_DIGIT}, set()),
    ("two adjacent digits swapped", "11010519491213002X", {Problem.CHECK_DIGIT}, set()),
    ("30 February", valid("15020319850230001"), {Problem.BIRTH_DATE_INVALID}, set()),
    ("born in the future", valid("15020320300101001"), {Problem.BIRTH_DATE_FUTURE}, set()),
    ("born before 1900", valid("15020318990101001"), {Problem.BIRTH_DATE_TOO_EARLY}, set()),
    ("17 characters", PUBLISHED_EXAMPLE[:17], {Problem.LENGTH}, set()),
    ("19 characters", PUBLISHED_EXAMPLE + "1", {Problem.LENGTH}, set()),
    ("15-digit first-generation number", "110105491231002", {Problem.LEGACY_15}, set()),
    ("a letter inside", "1101051949123I002X", {Problem.FORMAT}, set()),
    ("X not last", "11010519491231X021", {Problem.FORMAT}, set()),
]


@pytest.mark.parametrize(
    ("number", "errors", "warnings"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_findings(number: str, errors: set[Problem], warnings: set[Problem]) -> None:
    check = resident_id_check(number, today=TODAY)
    assert {f.problem for f in check.errors} == errors
    assert {f.problem for f in check.warnings} == warnings
    assert check.is_valid is (not errors)


def test_valid_numbers_are_normalised_and_read() -> None:
    check = resident_id_check("１１０１０５１９４９１２３１００２ｘ", today=TODAY)
    assert check.number == PUBLISHED_EXAMPLE
    assert check.birth_date == date(1949, 12, 31)
    assert check.area_name == "北京市朝阳区"


def test_the_birth_date_may_be_today_but_not_tomorrow() -> None:
    today = valid("150203" + TODAY.strftime("%Y%m%d") + "001")
    assert resident_id_check(today, today=TODAY).is_valid
    assert not resident_id_check(today, today=date(2026, 12, 6)).is_valid


def test_a_15_digit_number_is_refused_with_its_18_digit_form() -> None:
    assert resident_id_from_legacy("110105491231002") == PUBLISHED_EXAMPLE
    (finding,) = resident_id_check("110105491231002", today=TODAY).errors
    assert PUBLISHED_EXAMPLE in resident_id_message(finding)


@pytest.mark.django_db
def test_django_validator_names_the_real_problem() -> None:
    older_cadre = valid("15020719500315001")
    validate_resident_id(older_cadre)  # no error: the check digit is right
    assert resident_id_clean(older_cadre.lower()) == older_cadre
    assert resident_id_clean("  ") == ""
    with pytest.raises(ValidationError) as bad_date:
        validate_resident_id(valid("15020319850230001"))
    assert "出生日期" in bad_date.value.messages[0]
    assert "校验码" not in bad_date.value.messages[0]
    with pytest.raises(ValidationError) as bad_digit:
        validate_resident_id(PUBLISHED_EXAMPLE[:17] + "1")
    assert "校验码" in bad_digit.value.messages[0]
    unknown_area = valid("99010119800101001")
    assert resident_id_clean(unknown_area) == unknown_area  # a warning never refuses
    (warning,) = resident_id_warnings(unknown_area)
    assert "990101" in warning
    assert "校验" not in warning


class _PersonLikeForm(forms.Form):
    id_number = forms.CharField(required=False, validators=[validate_resident_id])


@pytest.mark.django_db
def test_validator_works_as_a_form_field_validator() -> None:
    assert _PersonLikeForm({"id_number": valid("11010319650101002")}).is_valid()
    form = _PersonLikeForm({"id_number": "110105491231002"})
    assert not form.is_valid()
    assert PUBLISHED_EXAMPLE in form.errors["id_number"][0]
