"""Registration checks identity numbers with the platform's one check (issue 14.1): forms, API and
pre-review agree; an older person's number with a retired or later birthplace code passes."""

from typing import Any

import pytest

from hongdun.core.identity import resident_id_check_digit
from hongdun.registration.forms import MemberForm, OfficerForm
from hongdun.registration.services import application_prereview

pytestmark = pytest.mark.django_db


def valid(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


OLDER_CADRE = valid("15020719500315001")  # code 150207 used only from 1983
RETIRED_CODE = valid("11010319650101002")  # 北京崇文区, abolished 2010
UNKNOWN_AREA = valid("99010119800101001")
BAD_CHECK_DIGIT = "11010519491231002" + "1"

# (number, form accepts it, pre-review rules found for it)
CASES = [
    (OLDER_CADRE, True, set()),
    (RETIRED_CODE, True, set()),
    (UNKNOWN_AREA, True, {"REG-ID-2"}),
    (BAD_CHECK_DIGIT, False, {"REG-ID-1"}),
    ("110105491231002", False, {"REG-ID-1"}),
]


@pytest.mark.parametrize(("number", "accepted", "rules"), CASES)
def test_forms_api_and_prereview_agree(
    login: Any, applicant: Any, draft: Any, number: str, accepted: bool, rules: set[str]
) -> None:
    member = MemberForm({"kind": "natural_person", "role": "shareholder", "name": "郝志刚",
                         "id_type": "resident_id", "id_number": number})  # fmt: skip
    officer = OfficerForm({"name": "郝志刚", "id_type": "resident_id", "id_number": number})
    assert member.is_valid() is accepted
    assert officer.is_valid() is accepted
    if not accepted:
        assert "id_number" in member.errors
    # A passport number is not a resident ID: the check does not apply.
    assert MemberForm({"kind": "natural_person", "role": "shareholder", "name": "John Smith",
                       "id_type": "passport", "id_number": "E12345678"}).is_valid()  # fmt: skip

    client = login(applicant)
    officers = [{"name": "郝志刚", "id_number": number, "is_legal_representative": True}]
    response = client.patch(
        f"/api/v1/registration/applications/{draft.pk}/",
        {"officers": officers},
        content_type="application/json",
    )
    assert (response.status_code == 200) is accepted, response.content
    if not accepted:
        assert "id_number" in response.content.decode()
        return
    defects = application_prereview(application=draft)
    found = {d["rule"] for d in defects if d["field"].startswith("officers.0.id_number")}
    assert found == rules
    if rules:
        (defect,) = [d for d in defects if d["field"] == "officers.0.id_number"]
        assert not defect["blocks"]
        assert "990101" in defect["fix"]
        assert "校验" not in defect["fix"]


def test_prereview_names_the_real_problem_of_a_stored_number(applicant: Any, draft: Any) -> None:
    # Numbers stored before the forms checked them are still reported by the pre-review.
    officer = draft.officers.first()
    officer.id_number = BAD_CHECK_DIGIT
    officer.save()
    defects = application_prereview(application=draft)
    (defect,) = [d for d in defects if d["rule"] == "REG-ID-1"]
    assert defect["blocks"]
    assert "校验码" in defect["fix"]
