"""Staff whose identity numbers are right are saved, whatever their birthplace code's history;
a number with a real error is refused with the real problem named (issue 14.1)."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from hongdun.core.identity import resident_id_check_digit
from hongdun.workforce import models as wf

pytestmark = pytest.mark.django_db


def valid(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


def _form_data(unit: Any, number: str, id_number: str) -> dict[str, str]:
    return {
        "employee_number": number,
        "name": "郝志刚",
        "gender": "1",
        "birth_date": "1950-03-15",
        "ethnicity": "01",
        "political_status": "13",
        "staff_category": "civil_servant",
        "status": "active",
        "id_number": id_number,
        "unit": str(unit.pk),
    }


# (description, id_number, saved, message expected on the field or as a warning)
CASES = [
    ("born 1950, code 150207 used only from 1983", valid("15020719500315001"), True, ""),
    ("retired code 152601 (集宁市, to 2003)", valid("15260119500315001"), True, ""),
    ("lower-case x is stored upper-case", "11010519491231002x", True, ""),
    ("unknown address code: saved with a warning", valid("99010119500315001"), True, "990101"),
    ("wrong check digit", "110105194912310021", False, "校验码"),
    ("impossible birth date", valid("15020319500230001"), False, "出生日期"),
    ("15-digit first-generation number", "110105491231002", False, "11010519491231002X"),
]


@pytest.mark.parametrize(
    ("id_number", "saved", "message"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_person_form_checks_the_identity_number(
    login: Any, wf_users: Any, bureau: Any, id_number: str, saved: bool, message: str
) -> None:
    client = login(wf_users["personnel"])
    data = _form_data(bureau["kundulun"], "ID1", id_number)
    response = client.post(reverse("backoffice-workforce:create", args=["people"]), data)
    person = wf.Person.objects.filter(employee_number="ID1").first()
    if saved:
        assert response.status_code == 302, response.context["form"].errors
        assert person is not None
        assert person.id_number == id_number.upper()
        warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
        assert any(message in w for w in warnings) if message else not warnings
    else:
        assert response.status_code == 400
        assert person is None
        page = response.content.decode()
        assert message in page
        if message != "校验码":
            assert "校验码" not in page  # the message names the real problem
