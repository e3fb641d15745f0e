"""A role × scope view suite that a register declares in a few lines.

    class TestEnterprisePages(ScopedViewSuite):
        pages = (
            ScopedPage("list", "/staff/enterprises/", lists=True, query_baseline=True),
            ScopedPage("detail", "/staff/enterprises/{pk}/"),
        )

        @pytest.fixture
        def scope_case(self, role_users, kundulun_enterprise) -> ScopeCase:
            return ScopeCase(
                record=kundulun_enterprise,
                marker=kundulun_enterprise.name,
                in_scope=role_users["registrar"],
                out_of_scope=role_users["out_of_scope_registrar"],
                wrong_roles=[role_users["applicant"], role_users["no_role"]],
            )

For every page it checks, as the project answers them (ADR 0002, ADR 0013):
- anonymous users are sent to the login page (HTML) or refused with 403 (API: `anonymous=403`);
- users whose roles grant nothing on the page get 403;
- a user whose reach does not include the record gets 404 on its pages, exactly as for a record
  that does not exist, and does not see it in lists;
- a user in scope gets the page (200, or the page's `ok_status`) and sees the record;
- optionally, the in-scope request's query count equals its baseline (`query_counts.json`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client

from hongdun.accounts.models import User
from hongdun.testing.query_counts import query_baseline


@dataclass(frozen=True)
class ScopedPage:
    """One page of a register. `path` may hold "{pk}", the scope case's record's primary key."""

    name: str
    path: str
    lists: bool = False  # a list: out of scope answers 200 without the record, not 404
    shows_marker: bool = True  # the body names the record (False for files: exports, PDFs)
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    ok_status: int = 200
    query_baseline: bool = False

    def url(self, record: models.Model) -> str:
        return self.path.format(pk=record.pk)


@dataclass
class ScopeCase:
    """A record, a user who may reach it, one who may not, and users of the wrong roles."""

    record: models.Model
    marker: str
    in_scope: User
    out_of_scope: User
    wrong_roles: Sequence[User]


def _request(client: Client, page: ScopedPage, user: User | None, record: models.Model) -> Any:
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    send = getattr(client, page.method)
    return send(page.url(record), page.data)


def _body(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return response.content.decode(errors="replace")


class ScopedViewSuite:
    """Subclass with `pages` and a `scope_case` fixture; pytest collects one test per check and
    page. Set `anonymous = 403` for API endpoints."""

    pages: ClassVar[Sequence[ScopedPage]] = ()
    anonymous: ClassVar[str | int] = "login"

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "page" in metafunc.fixturenames:
            metafunc.parametrize("page", list(self.pages), ids=[p.name for p in self.pages])

    @pytest.fixture
    def scope_case(self) -> ScopeCase:
        raise NotImplementedError("Declare a scope_case fixture in the suite.")

    def test_anonymous(self, client: Client, scope_case: ScopeCase, page: ScopedPage) -> None:
        response = _request(client, page, None, scope_case.record)
        if self.anonymous == "login":
            assert response.status_code == 302, page.name
            assert response.url.startswith(resolve_url(settings.LOGIN_URL)), response.url
        else:
            assert response.status_code == self.anonymous, page.name

    def test_wrong_role_is_refused(
        self, client: Client, scope_case: ScopeCase, page: ScopedPage
    ) -> None:
        assert scope_case.wrong_roles, "declare at least one user of a wrong role"
        for user in scope_case.wrong_roles:
            response = _request(client, page, user, scope_case.record)
            assert response.status_code == 403, (page.name, user.username)

    def test_out_of_scope_is_not_found(
        self, client: Client, scope_case: ScopeCase, page: ScopedPage
    ) -> None:
        response = _request(client, page, scope_case.out_of_scope, scope_case.record)
        if page.lists:
            assert response.status_code == page.ok_status, page.name
            assert scope_case.marker not in _body(response), page.name
        else:
            assert response.status_code == 404, page.name

    def test_in_scope_is_served(
        self,
        client: Client,
        scope_case: ScopeCase,
        page: ScopedPage,
        request: pytest.FixtureRequest,
    ) -> None:
        if page.query_baseline:
            _request(client, page, scope_case.in_scope, scope_case.record)  # warm the caches
            client.force_login(
                scope_case.in_scope, backend="django.contrib.auth.backends.ModelBackend"
            )
            name = f"{type(self).__name__}.{page.name}"
            with query_baseline(request.node.path.parent, name):
                response = getattr(client, page.method)(page.url(scope_case.record), page.data)
        else:
            response = _request(client, page, scope_case.in_scope, scope_case.record)
        assert response.status_code == page.ok_status, page.name
        if page.shows_marker:
            assert scope_case.marker in _body(response), page.name
