"""The legacy-class staff pages: who reads the list, a row and the export (the risk classes'
readers, by the enterprise's authority), who imports and deletes (the city's administrators), the
filters, and the import page listing row errors."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hongdun.accounts.roles import Role
from hongdun.credit.models import LegacyClassification
from hongdun.credit.tests.test_legacy_import import REGISTRATION_NUMBER, good_rows, workbook
from hongdun.enterprises.tests.factories import register
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db
BASE = "/staff/credit/legacy"


@pytest.fixture
def rows(bureau, make_user):
    from hongdun.credit.services_legacy import legacy_import

    company = register("包头市昆都仑区历史分类页面测试有限公司", bureau["kundulun"])
    admin = make_user(Role.ADMINISTRATOR, bureau["baotou"])
    legacy_import(actor=admin, chunks=[workbook(good_rows(company))])
    return company, admin


@pytest.fixture
def case(rows, make_user, bureau, role_users) -> ScopeCase:
    company, _admin = rows
    entry = LegacyClassification.objects.get(uscc=company.uscc, year=2009)
    return ScopeCase(
        record=entry,
        marker=company.uscc,
        in_scope=make_user(Role.SUPERVISOR, bureau["kundulun"]),
        out_of_scope=make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
        wrong_roles=[role_users[Role.REGISTRAR], role_users[Role.APPLICANT], role_users["no_role"]],
    )


class TestLegacyReadPages(ScopedViewSuite):
    pages = (
        ScopedPage("list", f"{BASE}/", lists=True),
        ScopedPage("detail", f"{BASE}/{{pk}}/"),
        ScopedPage("export", f"{BASE}/export.xlsx", lists=True, shows_marker=False),
    )

    @pytest.fixture
    def scope_case(self, case) -> ScopeCase:
        return case


@pytest.mark.parametrize(
    "path", [f"{BASE}/import/", f"{BASE}/import/template.xlsx", f"{BASE}/{{pk}}/delete/"]
)
def test_only_administrators_import_and_delete(client, case, rows, path: str) -> None:
    _company, admin = rows
    url = path.format(pk=case.record.pk)
    assert client.get(url).status_code == 302
    for user in [case.in_scope, *case.wrong_roles]:
        client.force_login(user)
        assert client.get(url).status_code == 403, user.username
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_unmatched_rows_are_the_administrators_only(client, case, rows) -> None:
    _company, admin = rows
    client.force_login(case.in_scope)
    assert REGISTRATION_NUMBER not in client.get(f"{BASE}/").content.decode()
    client.force_login(admin)
    assert REGISTRATION_NUMBER in client.get(f"{BASE}/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2009", {2009}),
        ("legacy_class=C", {2011}),
        ("matched=no", {2010}),
        ("matched=yes", {2009, 2011}),
        ("q=某某商贸", {2010}),
        (f"q={REGISTRATION_NUMBER[:6]}", {2010}),
    ],
)
def test_the_list_filters(client, rows, query: str, expected: set[int]) -> None:
    _company, admin = rows
    client.force_login(admin)
    response = client.get(f"{BASE}/export.xlsx?{query}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    years = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert years == expected
    page = client.get(f"{BASE}/?{query}").content.decode()
    assert page.count('data-testid="legacy-row"') == len(expected)


def test_a_bad_upload_lists_its_row_errors_and_writes_nothing(client, rows) -> None:
    company, admin = rows
    client.force_login(admin)
    bad = good_rows(company)
    bad[0][3] = "优"
    upload = io.BytesIO(workbook([[REGISTRATION_NUMBER, "新企业", 2012, "A"], *bad]))
    upload.name = "history.xlsx"
    response = client.post(f"{BASE}/import/", {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-testid="row-error"' in text
    assert "A/B/C/D" in text
    assert not LegacyClassification.objects.filter(year=2012).exists()


def test_a_good_upload_and_a_delete(client, rows) -> None:
    company, admin = rows
    client.force_login(admin)
    upload = io.BytesIO(workbook([[company.uscc, company.name, 2013, "黄"]]))
    upload.name = "history.xlsx"
    response = client.post(f"{BASE}/import/", {"file": upload})
    assert response.status_code == 302
    entry = LegacyClassification.objects.get(uscc=company.uscc, year=2013)
    assert entry.legacy_class == "C"
    assert client.post(f"{BASE}/{entry.pk}/delete/").status_code == 302
    assert not LegacyClassification.objects.filter(pk=entry.pk).exists()
