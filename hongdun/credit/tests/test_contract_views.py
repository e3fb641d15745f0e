"""守合同重信用 pages: role × scope of the staff queue, the decisions and the enterprise's pages
(anonymous, wrong role, out of scope, another enterprise's user), the decisions through the
pages, the public list and the section of the enterprise's public record."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.credit.choices import ApplicationStatus, ContractLevel, PublicityStatus
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.credit.public_sections import CONTRACT_KEY, contract_public_entries
from hongdun.credit.services_contract import contract_approve, contract_publicity_revoke
from hongdun.credit.tests import factories_contract as f
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_sections import registered_sources
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

STAFF = "/staff/credit/contract/"
PORTAL = "/enterprise/contract-credit/"
PUBLIC = "/credit/contract/"


def _today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def firm(bureau: Any) -> Enterprise:
    return f.firm(bureau["kundulun"], name="包头市守重视图测试商贸有限公司")


@pytest.fixture
def owner(make_user: Callable[..., User], firm: Enterprise) -> User:
    user = make_user(Role.APPLICANT)
    f.authorise(user, firm)
    return user


@pytest.fixture
def application(owner: User, firm: Enterprise) -> ContractCreditApplication:
    return f.apply(owner, firm, today=_today(), year=_today().year)


@pytest.fixture
def supervisor(role_users: Any) -> User:
    user: User = role_users[Role.SUPERVISOR]
    return user


@pytest.fixture
def published(application: ContractCreditApplication, supervisor: User) -> ContractCreditPublicity:
    return contract_approve(actor=supervisor, application=application, today=_today())


@pytest.fixture
def jiuyuan_supervisor(make_user: Callable[..., User], bureau: Any) -> User:
    return make_user(Role.SUPERVISOR, bureau["jiuyuan"])


def _wrong_staff_roles(role_users: Any) -> list[User]:
    return [
        role_users[Role.APPLICANT],
        role_users[Role.REGISTRAR],
        role_users[Role.PERSONNEL],
        role_users["no_role"],
    ]


class TestApplicationPages(ScopedViewSuite):
    pages = (
        ScopedPage("queue", STAFF, lists=True),
        ScopedPage("detail", STAFF + "{pk}/"),
        ScopedPage("export", STAFF + "export.xlsx", lists=True, shows_marker=False),
    )

    @pytest.fixture
    def scope_case(
        self, role_users: Any, application: ContractCreditApplication, jiuyuan_supervisor: User
    ) -> ScopeCase:
        return ScopeCase(
            record=application,
            marker=application.enterprise.name,
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=jiuyuan_supervisor,
            wrong_roles=_wrong_staff_roles(role_users),
        )


class TestPublicityPages(ScopedViewSuite):
    pages = (
        ScopedPage("list", STAFF + "publicities/", lists=True),
        ScopedPage("detail", STAFF + "publicities/{pk}/"),
        ScopedPage("export", STAFF + "publicities/export.xlsx", lists=True, shows_marker=False),
    )

    @pytest.fixture
    def scope_case(
        self, role_users: Any, published: ContractCreditPublicity, jiuyuan_supervisor: User
    ) -> ScopeCase:
        return ScopeCase(
            record=published,
            marker=published.enterprise.name,
            in_scope=role_users[Role.LEADER],
            out_of_scope=jiuyuan_supervisor,
            wrong_roles=_wrong_staff_roles(role_users),
        )


class TestDecisionPages(ScopedViewSuite):
    pages = (
        ScopedPage(
            "approve",
            STAFF + "{pk}/approve/",
            method="post",
            data={"note": "材料齐全"},
            ok_status=302,
            shows_marker=False,
        ),
        ScopedPage(
            "reject",
            STAFF + "{pk}/reject/",
            method="post",
            data={"reason": "合同台账不完整"},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(
        self, role_users: Any, application: ContractCreditApplication, jiuyuan_supervisor: User
    ) -> ScopeCase:
        return ScopeCase(
            record=application,
            marker=application.enterprise.name,
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=jiuyuan_supervisor,
            # leaders and administrators read but do not decide
            wrong_roles=[role_users[Role.LEADER], *_wrong_staff_roles(role_users)],
        )


class TestRevokePage(ScopedViewSuite):
    pages = (
        ScopedPage(
            "revoke",
            STAFF + "publicities/{pk}/revoke/",
            method="post",
            data={"reason": "发生严重违约行为"},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(
        self, role_users: Any, published: ContractCreditPublicity, jiuyuan_supervisor: User
    ) -> ScopeCase:
        return ScopeCase(
            record=published,
            marker=published.enterprise.name,
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=jiuyuan_supervisor,
            wrong_roles=[role_users[Role.ADMINISTRATOR], *_wrong_staff_roles(role_users)],
        )


def test_staff_decisions_through_the_pages(
    login: Callable[[User | None], Client],
    supervisor: User,
    application: ContractCreditApplication,
    owner: User,
) -> None:
    client = login(supervisor)
    response = client.post(STAFF + f"{application.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "不予通过理由" in response.content.decode()
    page = client.get(STAFF + f"{application.pk}/").content.decode()
    assert 'data-testid="approve-form"' in page
    assert "提交申报" in page  # the timeline
    response = client.post(STAFF + f"{application.pk}/approve/", {"note": ""})
    assert response.status_code == 302
    publicity = ContractCreditPublicity.objects.get(application=application)
    queue = client.get(STAFF + "?status=approved").content.decode()
    assert application.enterprise.name in queue
    assert (
        application.enterprise.name not in client.get(STAFF + "?status=submitted").content.decode()
    )
    assert client.get(STAFF + "?year=abc").status_code == 200  # a bad filter is shown, not a 500
    response = client.post(STAFF + f"publicities/{publicity.pk}/revoke/", {"reason": " "})
    assert response.status_code == 400
    publicity.refresh_from_db()
    assert publicity.status == PublicityStatus.ACTIVE


def test_approval_refused_on_the_page_when_listed(
    login: Callable[[User | None], Client],
    supervisor: User,
    application: ContractCreditApplication,
) -> None:
    Enterprise.objects.filter(pk=application.enterprise_id).update(on_serious_list=True)
    response = login(supervisor).post(STAFF + f"{application.pk}/approve/", {"note": ""})
    assert response.status_code == 400
    assert "严重违法失信名单" in response.content.decode()
    assert not ContractCreditPublicity.objects.exists()


# --- the enterprise's pages ----------------------------------------------------------------------


def _portal_urls(application: ContractCreditApplication, uscc: str) -> list[tuple[str, str]]:
    return [
        ("get", PORTAL),
        ("get", PORTAL + f"apply/{uscc}/"),
        ("get", PORTAL + f"applications/{application.pk}/"),
        ("post", PORTAL + f"applications/{application.pk}/withdraw/"),
    ]


def test_portal_anonymous_and_wrong_role(
    client: Client,
    login: Callable[[User | None], Client],
    application: ContractCreditApplication,
    supervisor: User,
) -> None:
    for method, url in _portal_urls(application, application.enterprise.uscc):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    staff = login(supervisor)
    for method, url in _portal_urls(application, application.enterprise.uscc):
        assert getattr(staff, method)(url).status_code == 403, url


def test_portal_another_enterprise_user_finds_nothing(
    login: Callable[[User | None], Client],
    make_user: Callable[..., User],
    bureau: Any,
    published: ContractCreditPublicity,
) -> None:
    stranger = make_user(Role.APPLICANT)
    f.authorise(stranger, f.firm(bureau["kundulun"], name="包头市别家商贸有限公司"))
    client = login(stranger)
    application = published.application
    assert application.enterprise.name not in client.get(PORTAL).content.decode()
    for method, url in [
        *_portal_urls(application, application.enterprise.uscc)[1:],
        ("get", PORTAL + f"publicities/{published.pk}/withdraw/"),
        ("post", PORTAL + f"publicities/{published.pk}/withdraw/"),
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    published.refresh_from_db()
    assert published.status == PublicityStatus.ACTIVE


def test_portal_apply_withdraw_and_leave(
    login: Callable[[User | None], Client], owner: User, firm: Enterprise, supervisor: User
) -> None:
    client = login(owner)
    today = _today()
    form = {
        "year": str(today.year),
        "level": "A",
        "contract_management": "设合同管理科，专人管理合同台账。",
        "contracts_signed": "50",
        "contracts_performed": "49",
        "revenue": "1200.50",
        "leading_exception": "",
        "leading_evidence": "",
        "consent_to_publish": "on",
    }
    response = client.post(PORTAL + f"apply/{firm.uscc}/", form)
    assert response.status_code == 400
    assert "履约率为98.0%" in response.content.decode()
    response = client.post(PORTAL + f"apply/{firm.uscc}/", {**form, "consent_to_publish": ""})
    assert response.status_code == 400
    assert "同意公示" in response.content.decode()
    assert not ContractCreditApplication.objects.exists()
    response = client.post(PORTAL + f"apply/{firm.uscc}/", {**form, "contracts_performed": "50"})
    assert response.status_code == 302
    row = ContractCreditApplication.objects.get()
    assert row.revenue == row.revenue.__class__("1200.50")
    assert "已有待审核的申报" in client.get(PORTAL).content.decode()
    page = client.get(PORTAL + f"applications/{row.pk}/").content.decode()
    assert 'data-testid="withdraw-form"' in page
    assert client.post(PORTAL + f"applications/{row.pk}/withdraw/").status_code == 302
    row.refresh_from_db()
    assert row.status == ApplicationStatus.WITHDRAWN
    client.post(PORTAL + f"apply/{firm.uscc}/", {**form, "contracts_performed": "50"})
    again = ContractCreditApplication.objects.get(status=ApplicationStatus.SUBMITTED)
    publicity = contract_approve(actor=supervisor, application=again, today=today)
    page = client.get(PORTAL + f"publicities/{publicity.pk}/withdraw/").content.decode()
    assert "年内不得重新申报" in page
    assert client.post(PORTAL + f"publicities/{publicity.pk}/withdraw/", {}).status_code == 302
    publicity.refresh_from_db()
    assert publicity.status == PublicityStatus.WITHDRAWN
    assert 'data-testid="bar"' in client.get(PORTAL).content.decode()


# --- public --------------------------------------------------------------------------------------


def test_public_list_shows_only_publicities_in_force(
    client: Client, bureau: Any, published: ContractCreditPublicity
) -> None:
    today = _today()
    expired = f.firm(bureau["kundulun"], name="包头市届满商贸有限公司")
    f.publicity(expired, year=today.year - 3, status=PublicityStatus.EXPIRED)
    lapsed = f.firm(bureau["kundulun"], name="包头市未及终止商贸有限公司")
    f.publicity(
        lapsed,
        year=today.year - 3,
        status=PublicityStatus.ACTIVE,
        published_on=today - datetime.timedelta(days=800),
    )
    revoked = f.firm(bureau["kundulun"], name="包头市撤销商贸有限公司")
    f.publicity(revoked, year=today.year - 1, status=PublicityStatus.REVOKED, ended_on=today)
    aa = f.firm(bureau["jiuyuan"], name="包头市双A商贸有限公司")
    f.publicity(
        aa,
        year=today.year,
        level=ContractLevel.AA,
        status=PublicityStatus.ACTIVE,
        published_on=today,
    )
    body = client.get(PUBLIC).content.decode()
    assert published.enterprise.name in body
    assert aa.name in body
    for hidden in (expired, lapsed, revoked):
        assert hidden.name not in body
    assert published.enterprise.legal_rep_name not in body
    only_aa = client.get(PUBLIC + "?level=AA").content.decode()
    assert aa.name in only_aa
    assert published.enterprise.name not in only_aa
    by_name = client.get(PUBLIC, {"q": "双A"}).content.decode()
    assert aa.name in by_name
    assert published.enterprise.name not in by_name
    assert aa.name not in client.get(PUBLIC + f"?year={today.year - 1}").content.decode()
    for bad, message in (("level=B", "等级只能是"), ("year=20x", "四位年份"), ("page=0", "页码")):
        response = client.get(PUBLIC + "?" + bad)
        assert response.status_code == 400
        assert message in response.content.decode()


def _section(client: Client, enterprise: Enterprise) -> str:
    body = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    match = re.search(
        rf'<section id="section-{CONTRACT_KEY}" data-section="{CONTRACT_KEY}">(.*?)</section>',
        body,
        re.S,
    )
    assert match is not None
    return match.group(1)


def test_public_record_section_follows_the_publicity(
    client: Client,
    published: ContractCreditPublicity,
    supervisor: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    enterprise = published.enterprise
    section = _section(client, enterprise)
    assert 'data-status="active"' in section
    assert "公示中" in section
    with django_capture_on_commit_callbacks(execute=True):
        contract_publicity_revoke(actor=supervisor, publicity=published, reason="严重违约")
    section = _section(client, enterprise)  # the cached record is drawn again
    assert 'data-status="active"' not in section
    assert "已撤销" in section
    assert "严重违约" not in section  # the reason stays with the authority
    api = client.get(f"/api/v1/enterprises/{enterprise.uscc}/").json()["sections"]
    assert api[CONTRACT_KEY][0]["status"] == PublicityStatus.REVOKED
    assert api[CONTRACT_KEY][0]["active"] is False


def test_public_section_reads_a_lapsed_term_as_expired(bureau: Any) -> None:
    enterprise = f.firm(bureau["kundulun"])
    f.publicity(
        enterprise,
        year=2023,
        status=PublicityStatus.ACTIVE,
        published_on=datetime.date(2023, 5, 1),
    )
    (entry,) = contract_public_entries(enterprise, today=datetime.date(2025, 5, 1))
    assert (entry.active, entry.status) == (False, PublicityStatus.EXPIRED)
    (entry,) = contract_public_entries(enterprise, today=datetime.date(2025, 4, 30))
    assert entry.active


def test_section_sources_cover_both_models() -> None:
    sources = registered_sources()
    assert sources["credit.ContractCreditPublicity"] == {"enterprise_id"}
    assert sources["credit.ContractCreditApplication"] == {"enterprise_id"}
