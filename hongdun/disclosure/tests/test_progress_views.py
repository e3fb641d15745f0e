"""The filing-progress pages for anonymous, wrong-role, out-of-scope and in-scope users (the
testing kit's suite), what they show, their filters, and the Excel export of the not-filed list."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from hongdun.accounts.roles import Role
from hongdun.disclosure.tests.factories_progress import YEAR
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

PROGRESS = "/staff/disclosure/progress/"
NOT_FILED = PROGRESS + "not-filed/"
EXPORT = NOT_FILED + "export.xlsx"


def _wrong_roles(role_users):
    return [role_users[Role.APPLICANT], role_users[Role.PERSONNEL], role_users["no_role"]]


class TestProgressPage(ScopedViewSuite):
    pages = (
        ScopedPage("progress", PROGRESS + f"?year={YEAR}", lists=True),
        ScopedPage("progress-default-year", PROGRESS, lists=True),
    )

    @pytest.fixture
    def scope_case(self, role_users, filings, bureau, jiuyuan_supervisor) -> ScopeCase:
        return ScopeCase(
            record=filings.no_report,
            # The district's row in the by-authority table.
            marker=f'data-testid="authority-{bureau["kundulun"].pk}"',
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=jiuyuan_supervisor,
            wrong_roles=_wrong_roles(role_users),
        )


class TestNotFiledPages(ScopedViewSuite):
    pages = (
        ScopedPage("list", NOT_FILED + f"?year={YEAR}", lists=True, query_baseline=True),
        ScopedPage(
            "filtered", NOT_FILED + f"?year={YEAR}&enterprise_type=individual_business", lists=True
        ),
        ScopedPage("export", EXPORT + f"?year={YEAR}", lists=True, shows_marker=False),
    )

    @pytest.fixture
    def scope_case(self, role_users, filings, jiuyuan_supervisor) -> ScopeCase:
        return ScopeCase(
            record=filings.no_report,
            marker=filings.no_report.name,
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=jiuyuan_supervisor,
            wrong_roles=_wrong_roles(role_users),
        )


def _counts(body: str, testid: str) -> dict[str, str]:
    import re

    row = re.search(rf'data-testid="{testid}"(.*?)</tr>', body, re.S)
    assert row, testid
    return dict(re.findall(r'data-count="(\w+)">(?:<a [^>]*>)?([^<]+)', row.group(1)))


def test_progress_page_shows_the_counts_the_chart_and_links(login, role_users, filings, bureau):
    body = login(role_users[Role.SUPERVISOR]).get(PROGRESS, {"year": YEAR}).content.decode()
    assert "2025年度报告报送进度" in body
    assert "报送期已结束" in body
    kundulun = _counts(body, f"authority-{bureau['kundulun'].pk}")
    assert kundulun == {"due": "6", "on_time": "1", "late": "1", "not_filed": "4", "rate": "33.3%"}
    assert _counts(body, "type-individual_business")["not_filed"] == "1"
    assert 'id="figure-charts"' in body
    assert 'data-chart="chart-authority"' in body
    assert "echarts-5.6.0.min.js" in body
    assert f"{NOT_FILED}?year={YEAR}&amp;authority={bureau['kundulun'].pk}" in body
    assert "九原" not in body


def test_administrator_sees_every_authority(login, role_users, filings, bureau):
    body = login(role_users[Role.ADMINISTRATOR]).get(PROGRESS, {"year": YEAR}).content.decode()
    assert _counts(body, f"authority-{bureau['jiuyuan'].pk}")["not_filed"] == "1"
    assert _counts(body, f"authority-{bureau['kundulun'].pk}")["due"] == "6"


@pytest.mark.parametrize("query", [{"year": "1999"}, {"year": "abc"}, {"authority": "x"}])
def test_bad_filters_are_refused_with_a_message_not_an_error(login, role_users, filings, query):
    response = login(role_users[Role.SUPERVISOR]).get(PROGRESS, query)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_an_authority_out_of_reach_is_refused_and_shows_nothing_of_it(
    login, jiuyuan_supervisor, filings, bureau
):
    client = login(jiuyuan_supervisor)
    query = {"year": YEAR, "authority": bureau["kundulun"].pk}
    body = client.get(PROGRESS, query).content.decode()
    assert "请从列表中选择您管辖范围内的登记机关" in body
    assert f'data-testid="authority-{bureau["kundulun"].pk}"' not in body
    listed = client.get(NOT_FILED, query).content.decode()
    assert filings.no_report.name not in listed


def test_not_filed_list_filters(login, role_users, filings):
    client = login(role_users[Role.SUPERVISOR])
    body = client.get(
        NOT_FILED, {"year": YEAR, "established_from": "2019-01-01", "established_to": "2020-12-31"}
    ).content.decode()
    assert filings.no_report.name in body
    assert filings.draft_only.name in body
    assert filings.other_year_only.name not in body
    assert filings.on_time.name not in body
    bad = client.get(
        NOT_FILED, {"year": YEAR, "established_from": "2020-01-01", "established_to": "2019-01-01"}
    ).content.decode()
    assert "成立日期的结束日期不能早于开始日期" in bad


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_export_holds_the_not_filed_rows(login, role_users, filings):
    rows = _sheet(login(role_users[Role.SUPERVISOR]).get(EXPORT, {"year": YEAR}))
    header, body = rows[0], rows[1:]
    assert header[:2] == ("统一社会信用代码", "名称")
    assert {row[1] for row in body} == {
        filings.no_report.name,
        filings.draft_only.name,
        filings.left_during.name,
        filings.other_year_only.name,
    }
    assert {row[0] for row in body} >= {filings.no_report.uscc}
    assert all(row[5] == YEAR for row in body)


def test_export_follows_the_filters_and_the_scope(login, role_users, filings, jiuyuan_supervisor):
    rows = _sheet(
        login(role_users[Role.SUPERVISOR]).get(
            EXPORT, {"year": YEAR, "enterprise_type": "individual_business"}
        )
    )
    assert [row[1] for row in rows[1:]] == [filings.no_report.name]
    theirs = _sheet(login(jiuyuan_supervisor).get(EXPORT, {"year": YEAR}))
    assert [row[1] for row in theirs[1:]] == [filings.out_of_scope.name]


def test_export_with_bad_filters_goes_back_to_the_list(login, role_users, filings):
    response = login(role_users[Role.SUPERVISOR]).get(
        EXPORT, {"year": YEAR, "established_from": "bad"}, follow=True
    )
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()


def test_workbench_and_menu_link_the_progress_page(login, role_users):
    body = login(role_users[Role.SUPERVISOR]).get("/staff/").content.decode()
    assert 'data-testid="nav-annual-report-progress"' in body
    assert 'data-testid="annual-report-progress"' in body
    personnel = login(role_users[Role.PERSONNEL]).get("/staff/").content.decode()
    assert "nav-annual-report-progress" not in personnel
    assert 'data-testid="annual-report-progress"' not in personnel
