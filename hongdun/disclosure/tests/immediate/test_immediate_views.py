"""Immediate disclosures through every door: the enterprise user's portal pages, the staff list
(generic back office), the public section and the public API; who gets what (anonymous, wrong
role, another enterprise's user or another subtree's staff, the right user)."""

from io import BytesIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template.loader import render_to_string
from openpyxl import load_workbook

from hongdun.accounts.roles import Role
from hongdun.disclosure.choices import ImmediateKind
from hongdun.disclosure.immediate_public import SECTION, SECTION_KEY
from hongdun.disclosure.immediate_services import immediate_disclosure_correct
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.disclosure.tests.immediate.factories import (
    VALID,
    publish,
)
from hongdun.enterprises.api import PublicQueryThrottle
from hongdun.enterprises.public_sections import public_sections
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

PORTAL = "/enterprise/immediate-disclosures/"
STAFF = "/staff/disclosure/immediate/"
PENALTY_NUMBER = VALID[ImmediateKind.PENALTY]["decision_number"]


@pytest.fixture
def penalty(discloser, kundulun_company) -> ImmediateDisclosure:
    return publish(discloser, kundulun_company)


# --- security matrix --------------------------------------------------------------------------


class TestPortalDisclosurePages(ScopedViewSuite):
    pages = (
        ScopedPage("list", PORTAL, lists=True),
        ScopedPage("detail", PORTAL + "{pk}/"),
        ScopedPage("correct", PORTAL + "{pk}/correct/"),
        ScopedPage(
            "correct-post",
            PORTAL + "{pk}/correct/",
            method="post",
            data={**VALID[ImmediateKind.PENALTY], "content": "警告"},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, penalty, discloser, other_discloser, role_users) -> ScopeCase:
        return ScopeCase(
            record=penalty,
            marker=PENALTY_NUMBER,
            in_scope=discloser,
            out_of_scope=other_discloser,
            wrong_roles=[role_users[Role.SUPERVISOR], role_users["no_role"]],
        )


class TestPortalPublishPages(ScopedViewSuite):
    pages = (
        ScopedPage("choose", PORTAL + "new/{pk}/"),
        ScopedPage("form", PORTAL + "new/{pk}/penalty/"),
        ScopedPage(
            "publish",
            PORTAL + "new/{pk}/penalty/",
            method="post",
            data=VALID[ImmediateKind.PENALTY],
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, kundulun_company, discloser, other_discloser, role_users) -> ScopeCase:
        return ScopeCase(
            record=kundulun_company,
            marker=kundulun_company.name,
            in_scope=discloser,
            out_of_scope=other_discloser,
            wrong_roles=[role_users[Role.REGISTRAR], role_users["no_role"]],
        )


class TestStaffImmediateList(ScopedViewSuite):
    pages = (
        ScopedPage("list", STAFF, lists=True, query_baseline=True),
        ScopedPage("export", STAFF + "export.xlsx", lists=True, shows_marker=False),
        ScopedPage("detail", STAFF + "{pk}/"),
        ScopedPage("history", STAFF + "{pk}/history/"),
    )

    @pytest.fixture
    def scope_case(self, penalty, kundulun_company, role_users) -> ScopeCase:
        return ScopeCase(
            record=penalty,
            marker=kundulun_company.name,
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=role_users["out_of_scope_registrar"],
            wrong_roles=[
                role_users[Role.APPLICANT],
                role_users[Role.PERSONNEL],
                role_users["no_role"],
            ],
        )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", STAFF + "new/"),
        ("get", STAFF + "{pk}/edit/"),
        ("post", STAFF + "{pk}/edit/"),
        ("get", STAFF + "{pk}/delete/"),
        ("post", STAFF + "{pk}/delete/"),
    ],
)
def test_staff_cannot_write_an_enterprises_disclosure(login, role_users, penalty, method, path):
    client = login(role_users[Role.SUPERVISOR])
    response = getattr(client, method)(path.format(pk=penalty.pk))
    assert response.status_code == 403
    assert ImmediateDisclosure.objects.get().details == penalty.details


# --- portal behaviour -------------------------------------------------------------------------


def test_publish_form_is_generated_from_the_declaration(login, discloser, kundulun_company):
    body = login(discloser).get(f"{PORTAL}new/{kundulun_company.pk}/licence/").content.decode()
    for label in ("许可文件名称", "许可文件编号", "许可机关", "有效期自", "有效期至", "许可内容"):
        assert label in body
    contribution = login(discloser).get(f"{PORTAL}new/{kundulun_company.pk}/contribution/")
    assert "信息形成日期" in contribution.content.decode()
    assert login(discloser).get(f"{PORTAL}new/{kundulun_company.pk}/gossip/").status_code == 404


def test_publish_through_the_form(login, discloser, kundulun_company):
    client = login(discloser)
    response = client.post(
        f"{PORTAL}new/{kundulun_company.pk}/equity_change/", VALID[ImmediateKind.EQUITY_CHANGE]
    )
    row = ImmediateDisclosure.objects.get()
    assert response.status_code == 302
    assert response.url == f"{PORTAL}{row.pk}/"
    page = client.get(response.url).content.decode()
    assert "已公示" in page
    assert "李四" in page
    assert "25.5%" in page


def test_bad_input_is_shown_beside_each_field_and_nothing_is_saved(
    login, discloser, kundulun_company
):
    data = {**VALID[ImmediateKind.PENALTY], "decision_number": "", "decided_on": "2099-01-01"}
    response = login(discloser).post(f"{PORTAL}new/{kundulun_company.pk}/penalty/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["decision_number"] == ["请填写。"]
    assert "不能晚于今天" in form.errors["decided_on"][0]
    assert "行政处罚决定书文号" in response.content.decode()
    assert not ImmediateDisclosure.objects.exists()


def test_correct_through_the_form(login, discloser, penalty):
    client = login(discloser)
    form_page = client.get(f"{PORTAL}{penalty.pk}/correct/")
    assert form_page.context["form"].initial["decision_number"] == PENALTY_NUMBER
    response = client.post(
        f"{PORTAL}{penalty.pk}/correct/", {**VALID[ImmediateKind.PENALTY], "content": "警告"}
    )
    correction = ImmediateDisclosure.objects.exclude(pk=penalty.pk).get()
    assert response.url == f"{PORTAL}{correction.pk}/"
    assert correction.corrects == penalty
    # The corrected one says so and offers no second correction of itself.
    page = client.get(f"{PORTAL}{penalty.pk}/").content.decode()
    assert "该信息已被更正" in page
    assert 'data-testid="correct-link"' not in page
    again = client.get(f"{PORTAL}{penalty.pk}/correct/")
    assert again.status_code == 302


def test_list_offers_every_authorised_enterprise(login, discloser, kundulun_company, penalty):
    body = login(discloser).get(PORTAL).content.decode()
    assert kundulun_company.name in body
    assert PENALTY_NUMBER in body


def test_an_applicant_without_authorisation_is_told_what_to_do(login, make_user):
    body = login(make_user(Role.APPLICANT)).get(PORTAL).content.decode()
    assert "到登记机关窗口办理授权" in body


# --- staff list ---------------------------------------------------------------------------------


@pytest.fixture
def three_rows(discloser, other_discloser, kundulun_company, jiuyuan_company):
    from datetime import UTC, datetime

    late = publish(
        discloser,
        kundulun_company,
        decided_on="2026-09-01",
        now=datetime(2026, 11, 30, 2, 0, tzinfo=UTC),
    )
    licence = publish(discloser, kundulun_company, ImmediateKind.LICENCE)
    elsewhere = publish(other_discloser, jiuyuan_company, ImmediateKind.IP_PLEDGE)
    return late, licence, elsewhere


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {0, 1, 2}),
        ("late=1", {0}),
        ("late=0", {1, 2}),
        ("kind=licence", {1}),
        ("authority={jiuyuan}", {2}),
        ("authority={kundulun}", {0, 1}),
        ("date_from=2026-11-01", {1, 2}),
        ("date_from=2026-08-01&date_to=2026-09-30", {0}),
        ("q=九原区", {2}),
    ],
)
def test_staff_filters(login, role_users, bureau, three_rows, query, expected):
    query = query.format(jiuyuan=bureau["jiuyuan"].pk, kundulun=bureau["kundulun"].pk)
    response = login(role_users[Role.ADMINISTRATOR]).get(f"{STAFF}?{query}")
    assert response.status_code == 200
    shown = {row.pk for row in response.context["page"].object_list}
    assert shown == {three_rows[i].pk for i in expected}


def test_staff_export_has_the_content_and_the_filters(login, role_users, three_rows):
    response = login(role_users[Role.ADMINISTRATOR]).get(f"{STAFF}export.xlsx?late=1")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("市场主体", "信息类别", "公示内容")
    assert len(rows) == 2
    assert "统一社会信用代码" not in rows[0]
    assert three_rows[0].enterprise.uscc in rows[1][0]
    assert "行政处罚决定书文号：" + PENALTY_NUMBER in rows[1][2]
    assert rows[1][-2] == "是"


def test_staff_of_a_district_see_only_their_subtree(login, role_users, three_rows):
    response = login(role_users[Role.SUPERVISOR]).get(STAFF)
    shown = {row.pk for row in response.context["page"].object_list}
    assert shown == {three_rows[0].pk, three_rows[1].pk}


# --- public section and API ---------------------------------------------------------------------


def test_the_section_is_registered():
    sections = {section.key: section for section in public_sections()}
    assert sections[SECTION_KEY] is SECTION
    assert str(SECTION.title) == "即时信息"


def test_public_section_renders_for_an_anonymous_user(discloser, kundulun_company, penalty):
    from datetime import UTC, datetime

    late = publish(
        discloser,
        kundulun_company,
        ImmediateKind.LICENCE,
        valid_from="2026-09-01",
        now=datetime(2026, 11, 30, 2, 0, tzinfo=UTC),
    )
    correction = immediate_disclosure_correct(
        user=discloser, original=penalty, details={**VALID["penalty"], "content": "警告"}
    )
    html = render_to_string(SECTION.template, SECTION.context(kundulun_company, AnonymousUser()))
    assert html.count('data-testid="immediate-row"') == 3
    assert html.count('data-testid="late-mark"') == 1
    assert f'id="immediate-{late.pk}"' in html
    assert "行政处罚" in html
    assert "食品经营许可证" in html
    assert "警告，罚款人民币一万元" in html
    assert ">警告<" in html
    assert f'href="#immediate-{penalty.pk}"' in html  # the correction says what it corrects
    assert f'href="#immediate-{correction.pk}"' in html  # the original says it was corrected
    assert "2026-11-20" in html  # occurred date
    assert "发布人" not in html
    assert discloser.username not in html


def test_public_section_is_one_query(
    discloser, kundulun_company, penalty, django_assert_num_queries
):
    publish(discloser, kundulun_company, ImmediateKind.LICENCE)
    with django_assert_num_queries(1):
        context = SECTION.context(kundulun_company, AnonymousUser())
    assert len(context["immediate_disclosures"]) == 2


def test_empty_section_says_so(kundulun_company):
    html = render_to_string(SECTION.template, SECTION.context(kundulun_company, AnonymousUser()))
    assert "暂无即时信息" in html


def _api(code: str) -> str:
    return f"/api/v1/enterprises/{code}/immediate-disclosures/"


def test_api_lists_every_disclosure_publicly(client, discloser, kundulun_company, penalty):
    correction = immediate_disclosure_correct(
        user=discloser, original=penalty, details={**VALID["penalty"], "content": "警告"}
    )
    cache.clear()
    response = client.get(_api(kundulun_company.uscc))
    assert response.status_code == 200
    data = response.json()
    assert data["uscc"] == kundulun_company.uscc
    first, second = data["results"]
    assert first["id"] == correction.pk
    assert first["corrects"] == penalty.pk
    assert second["corrected_by"] == [correction.pk]
    assert second["kind"] == "penalty"
    assert second["kind_label"] == "行政处罚"
    assert second["content"]["decision_number"] == PENALTY_NUMBER
    assert second["content_labels"]["decision_number"] == "行政处罚决定书文号"
    assert (second["occurred_on"], second["due_on"], second["late"]) == (
        "2026-11-20",
        "2026-12-18",
        False,
    )
    assert "published_by" not in second


@pytest.mark.parametrize(
    ("code", "status"), [("91150203MA0000000X", 400), ("not-a-code", 400), ("", 404)]
)
def test_api_bad_codes(client, code, status):
    cache.clear()
    assert client.get(_api(code)).status_code == status


def test_api_unknown_enterprise_is_404(client, kundulun_company):
    cache.clear()
    code = "91350100M000100Y43"  # a valid code (services.md's worked example) not registered here
    assert code != kundulun_company.uscc
    assert client.get(_api(code)).status_code == 404


def test_api_is_throttled_like_the_public_query(client, kundulun_company, monkeypatch):
    cache.clear()
    monkeypatch.setattr(PublicQueryThrottle, "THROTTLE_RATES", {"public_query": "2/min"})
    statuses = [client.get(_api(kundulun_company.uscc)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_api_refuses_writes(client, kundulun_company):
    cache.clear()
    assert client.post(_api(kundulun_company.uscc), {}).status_code == 405
