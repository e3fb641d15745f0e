"""The role × scope view suites of the workforce register (hongdun.testing.views): the pages and
API of a cadre's record, for anonymous users, roles without workforce rights, a county personnel
office that works for another county, and the city personnel office.

The tables in test_views.py and test_api.py cover every kind of record and every role; these
suites pin the query counts of the pages and check the pages of one person in full."""

import pytest

from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

BASE = "/staff/workforce"


@pytest.fixture
def person_case(wf_users, samples) -> ScopeCase:
    person = samples["kundulun"]["people"]
    return ScopeCase(
        record=person,
        marker=person.name,
        in_scope=wf_users["personnel"],  # the city bureau's personnel office: the whole bureau
        out_of_scope=wf_users["county_personnel"],  # Jiuyuan's: its own county only
        wrong_roles=[wf_users["registrar"], wf_users["applicant"], wf_users["administrator"]],
    )


class TestPersonPages(ScopedViewSuite):
    pages = (
        ScopedPage("list", f"{BASE}/people/", lists=True, query_baseline=True),
        ScopedPage("person", f"{BASE}/people/{{pk}}/", query_baseline=True),
        ScopedPage("edit", f"{BASE}/people/{{pk}}/edit/", query_baseline=True),
        ScopedPage("delete", f"{BASE}/people/{{pk}}/delete/"),
        ScopedPage("history", f"{BASE}/people/{{pk}}/history/", query_baseline=True),
        ScopedPage(
            "appointment-form", f"{BASE}/people/{{pk}}/appointment-form.docx", shows_marker=False
        ),
    )

    @pytest.fixture
    def scope_case(self, person_case) -> ScopeCase:
        return person_case


class TestPersonApi(ScopedViewSuite):
    anonymous = 403
    pages = (
        ScopedPage("list", "/api/v1/workforce/people/", lists=True, query_baseline=True),
        ScopedPage("detail", "/api/v1/workforce/people/{pk}/", query_baseline=True),
    )

    @pytest.fixture
    def scope_case(self, person_case) -> ScopeCase:
        return person_case
