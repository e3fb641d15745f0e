"""Rule codes (C-SAME-1, R-1 …) are staff shorthand: the public reads the article, the message and
the fix, on the portal and in the API; registrars see the codes (issue 14, item 16)."""

import json

import pytest

from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.tests.factories import CHINA_PREFIX_FINDING, reservation_row
from hongdun.namecheck.tests.test_pages import CONFLICTING, HX, RESTRICTED, declaration

pytestmark = pytest.mark.django_db

CODES = ("C-SAME-1", "R-1")


def _post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def pending(applicant, kundulun):
    return reservation_row(
        applicant,
        kundulun,
        RESTRICTED,
        "沃德",
        status=ReservationStatus.PENDING_REVIEW,
        verdict="restricted",
        findings=[CHINA_PREFIX_FINDING],
    )


def test_anonymous_api_check_leaves_the_codes_out(client, hongguang):
    body = _post_json(
        client, "/api/v1/namecheck/check", {"name": CONFLICTING, "registry": "150203"}
    ).json()
    assert body["verdict"] == "identical"
    assert body["findings"], "the finding itself is still there"
    assert all("rule" not in finding for finding in body["findings"])
    assert all(finding["article"] and finding["message"] for finding in body["findings"])


@pytest.mark.parametrize(("who", "sees_codes"), [("applicant", False), ("reviewer", True)])
def test_batch_api_shows_codes_to_staff_only(request, login, hongguang, who, sees_codes):
    client = login(request.getfixturevalue(who))
    body = _post_json(
        client, "/api/v1/namecheck/batch", {"registry": "150203", "names": [CONFLICTING]}
    ).json()
    (result,) = body["results"]
    rules = [finding.get("rule") for finding in result["findings"]]
    assert ("C-SAME-1" in rules) is sees_codes
    assert (None in rules) is not sees_codes


def test_api_refusal_to_an_applicant_leaves_the_codes_out(login, applicant, hongguang):
    response = _post_json(
        login(applicant),
        "/api/v1/namecheck/reservations/",
        {"name": CONFLICTING, "registry": "150203"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["findings"]
    assert all("rule" not in finding for finding in body["findings"])
    assert "C-SAME-1" not in response.content.decode()


def test_the_declaration_check_shows_no_codes_to_the_applicant(
    login, applicant, kundulun, hongguang
):
    response = login(applicant).post(
        "/names/check/", {**declaration(kundulun, CONFLICTING), "slot": "1"}, headers=HX
    )
    page = response.content.decode()
    assert "第十七条" in page  # the article is still cited
    assert not any(code in page for code in CODES)
    assert 'class="rule-id"' not in page


def test_the_applicants_own_name_page_shows_no_codes(login, applicant, pending):
    page = login(applicant).get(f"/names/{pending.pk}/").content.decode()
    assert "国务院批准" in page
    assert "R-1" not in page


def test_the_reviewing_registrar_sees_the_codes(login, reviewer, pending):
    page = login(reviewer).get(f"/staff/names/{pending.pk}/").content.decode()
    assert "国务院批准" in page
    assert '<code class="rule-id"' in page
    assert 'data-rule="R-1"' in page
