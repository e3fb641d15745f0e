"""The serious-violation list's staff pages and decision notices: role × scope, the decisions
through the pages, the queue's filters and the PDF notices."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.enterprises.models import Enterprise
from hongdun.registration.models import DisqualifiedPerson
from hongdun.supervision.choices import ListingStatus, SeriousGround
from hongdun.supervision.models import SeriousListing
from hongdun.supervision.services_serious import serious_confirm, serious_propose
from hongdun.supervision.tests import factories_serious as f
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

BASE = "/staff/supervision/serious/"


@pytest.fixture
def firm(bureau: Any) -> Enterprise:
    return f.enterprise(bureau["kundulun"], name="包头市严重视图测试商贸有限公司")


@pytest.fixture
def proposal(firm: Enterprise, role_users: Any) -> SeriousListing:
    today = timezone.localdate()
    return serious_propose(
        actor=role_users[Role.SUPERVISOR],
        enterprise=firm,
        ground=SeriousGround.SERIOUS_PENALTY,
        legal_basis="《市场监督管理严重违法失信名单管理办法》",
        facts="受到较重行政处罚。",
        basis_on=today,
    )


@pytest.fixture
def listed(proposal: SeriousListing, role_users: Any) -> SeriousListing:
    return serious_confirm(
        actor=role_users[Role.SUPERVISOR],
        listing=proposal,
        decided_on=timezone.localdate(),
        document_number="包市监严字〔2026〕1号",
    )


@pytest.fixture
def jiuyuan_supervisor(make_user: Any, bureau: Any) -> Any:
    return make_user(Role.SUPERVISOR, bureau["jiuyuan"])


class TestSeriousReadPages(ScopedViewSuite):
    pages = (
        ScopedPage("queue", BASE, lists=True),
        ScopedPage("detail", BASE + "{pk}/"),
        ScopedPage("export", BASE + "export.xlsx", lists=True, shows_marker=False),
    )

    @pytest.fixture
    def scope_case(self, role_users: Any, proposal: SeriousListing) -> ScopeCase:
        return ScopeCase(
            record=proposal,
            marker=proposal.enterprise.name,
            in_scope=role_users[Role.REGISTRAR],
            out_of_scope=role_users["out_of_scope_registrar"],
            wrong_roles=[
                role_users[Role.APPLICANT],
                role_users["no_role"],
                role_users[Role.PERSONNEL],
            ],
        )


class TestSeriousDecisionPages(ScopedViewSuite):
    pages = (
        ScopedPage(
            "confirm",
            BASE + "{pk}/confirm/",
            method="post",
            data={"decided_on": "", "document_number": "包市监严字〔2026〕9号"},
            ok_status=302,
            shows_marker=False,
        ),
        ScopedPage(
            "dismiss",
            BASE + "{pk}/dismiss/",
            method="post",
            data={"reason": "证据不足"},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture(autouse=True)
    def _today(self) -> None:
        for page in self.pages:
            if "decided_on" in page.data:
                page.data["decided_on"] = timezone.localdate().isoformat()

    @pytest.fixture
    def scope_case(
        self, role_users: Any, proposal: SeriousListing, jiuyuan_supervisor: Any
    ) -> ScopeCase:
        return ScopeCase(
            record=proposal,
            marker=proposal.enterprise.name,
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=jiuyuan_supervisor,
            # registrars and leaders read the list but do not decide
            wrong_roles=[
                role_users[Role.REGISTRAR],
                role_users[Role.LEADER],
                role_users[Role.APPLICANT],
                role_users["no_role"],
            ],
        )


class TestSeriousRemovePage(ScopedViewSuite):
    pages = (
        ScopedPage(
            "remove",
            BASE + "{pk}/remove/",
            method="post",
            data={"removed_on": "", "removal_document_number": "移1", "removal_reason": "届满"},
            ok_status=400,  # listed today: removal is years away, the page says from when
            shows_marker=True,
        ),
    )

    @pytest.fixture(autouse=True)
    def _today(self) -> None:
        self.pages[0].data["removed_on"] = timezone.localdate().isoformat()

    @pytest.fixture
    def scope_case(
        self, role_users: Any, listed: SeriousListing, jiuyuan_supervisor: Any
    ) -> ScopeCase:
        return ScopeCase(
            record=listed,
            marker="方可移出",
            in_scope=role_users[Role.SUPERVISOR],
            out_of_scope=jiuyuan_supervisor,
            wrong_roles=[role_users[Role.REGISTRAR], role_users[Role.APPLICANT]],
        )


def test_confirm_through_the_page(login: Any, role_users: Any, proposal: SeriousListing) -> None:
    client = login(role_users[Role.SUPERVISOR])
    page = client.get(f"{BASE}{proposal.pk}/")
    assert 'data-testid="confirm-form"' in page.content.decode()
    response = client.post(
        f"{BASE}{proposal.pk}/confirm/",
        {
            "decided_on": timezone.localdate().isoformat(),
            "document_number": "包市监严字〔2026〕5号",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ListingStatus.LISTED
    assert proposal.disqualification_id is not None
    assert DisqualifiedPerson.objects.filter(pk=proposal.disqualification_id).exists()
    body = client.get(f"{BASE}{proposal.pk}/").content.decode()
    assert "包市监严字〔2026〕5号" in body
    assert 'data-testid="remove-form"' in body


def test_late_confirm_without_reason_shows_the_refusal(
    login: Any, role_users: Any, proposal: SeriousListing
) -> None:
    SeriousListing.objects.filter(pk=proposal.pk).update(
        basis_on=timezone.localdate() - datetime.timedelta(days=60),
        decision_due_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    client = login(role_users[Role.SUPERVISOR])
    response = client.post(
        f"{BASE}{proposal.pk}/confirm/",
        {"decided_on": timezone.localdate().isoformat(), "document_number": "号"},
    )
    assert response.status_code == 400
    assert "逾期决定理由" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ListingStatus.PROPOSED


def test_registrar_reads_without_actions(
    login: Any, role_users: Any, proposal: SeriousListing
) -> None:
    body = login(role_users[Role.REGISTRAR]).get(f"{BASE}{proposal.pk}/").content.decode()
    assert proposal.enterprise.name in body
    assert 'data-testid="actions"' not in body


def test_unknown_action_and_bad_input_never_fail(
    login: Any, role_users: Any, proposal: SeriousListing
) -> None:
    client = login(role_users[Role.SUPERVISOR])
    assert client.post(f"{BASE}{proposal.pk}/explode/").status_code == 404
    assert client.post(f"{BASE}{proposal.pk}/confirm/", {"decided_on": "x"}).status_code == 400
    assert client.get(BASE, {"status": "nope", "authority": "abc"}).status_code == 200


def test_queue_filters(login: Any, role_users: Any, proposal: SeriousListing, bureau: Any) -> None:
    other = serious_propose(
        actor=role_users[Role.SUPERVISOR],
        enterprise=f.enterprise(bureau["kundulun"], name="包头市逾期候选商贸有限公司"),
        ground=SeriousGround.OTHER,
        legal_basis="依据",
        facts="事实",
        basis_on=timezone.localdate(),
    )
    SeriousListing.objects.filter(pk=other.pk).update(
        decision_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = login(role_users[Role.REGISTRAR])
    everything = client.get(BASE).content.decode()  # the nearest deadline first
    assert everything.index("包头市逾期候选商贸有限公司") < everything.index(
        proposal.enterprise.name
    )
    overdue = client.get(BASE, {"due": "overdue"}).content.decode()
    assert "包头市逾期候选商贸有限公司" in overdue
    assert proposal.enterprise.name not in overdue
    assert 'data-level="overdue"' in overdue
    by_ground = client.get(BASE, {"ground": SeriousGround.SERIOUS_PENALTY}).content.decode()
    assert proposal.enterprise.name in by_ground
    assert "逾期候选" not in by_ground
    listed = client.get(BASE, {"status": "listed"}).content.decode()
    assert proposal.enterprise.name not in listed
    eligible = client.get(BASE, {"removal_eligible": "on"}).content.decode()
    assert proposal.enterprise.name not in eligible
    authority = client.get(BASE, {"authority": bureau["kundulun"].pk}).content.decode()
    assert proposal.enterprise.name in authority


def test_export_is_a_workbook(login: Any, role_users: Any, listed: SeriousListing) -> None:
    response = login(role_users[Role.REGISTRAR]).get(BASE + "export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_propose_page(login: Any, role_users: Any, firm: Enterprise, bureau: Any) -> None:
    client = login(role_users[Role.SUPERVISOR])
    assert client.get(BASE + "propose/").status_code == 200
    data = {
        "uscc": firm.uscc,
        "ground": SeriousGround.FRAUDULENT_REGISTRATION,
        "legal_basis": "《市场主体登记管理条例》第四十条",
        "facts": "提交虚假材料取得登记，已被撤销登记。",
        "basis_on": timezone.localdate().isoformat(),
    }
    response = client.post(BASE + "propose/", data)
    assert response.status_code == 302
    row = SeriousListing.objects.get(enterprise=firm)
    assert row.ground == SeriousGround.FRAUDULENT_REGISTRATION
    again = client.post(BASE + "propose/", data)
    assert again.status_code == 400
    assert "同一事由" in again.content.decode()
    # escalation is not offered; an enterprise out of reach is "not found"
    outside = f.enterprise(bureau["jiuyuan"])
    refused = client.post(BASE + "propose/", {**data, "uscc": outside.uscc})
    assert refused.status_code == 400
    assert "没有找到" in refused.content.decode()
    bad = client.post(BASE + "propose/", {**data, "ground": SeriousGround.ABNORMAL_THREE_YEARS})
    assert bad.status_code == 400


def test_propose_page_refuses_readers(client: Client, login: Any, role_users: Any) -> None:
    assert client.get(BASE + "propose/").status_code == 302  # anonymous → login
    assert login(role_users[Role.REGISTRAR]).get(BASE + "propose/").status_code == 403
    assert login(role_users[Role.APPLICANT]).post(BASE + "propose/", {}).status_code == 403


# --- the decision notices --------------------------------------------------------------------


def test_notice_pdf_for_staff_in_reach_and_the_enterprises_users(
    client: Client,
    login: Any,
    role_users: Any,
    listed: SeriousListing,
    make_user: Any,
    jiuyuan_supervisor: Any,
) -> None:
    url = f"{BASE}{listed.pk}/notice.pdf"
    owner = make_user(Role.APPLICANT)
    f.authorise(owner, listed.enterprise)
    for user in (role_users[Role.SUPERVISOR], role_users[Role.REGISTRAR], owner):
        response = login(user).get(url)
        assert response.status_code == 200, user.username
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    for user in (jiuyuan_supervisor, role_users[Role.APPLICANT], role_users["no_role"]):
        assert login(user).get(url).status_code == 404, user.username
    client.logout()
    assert client.get(url).status_code == 302
    # not removed yet: no removal notice; a proposal has no notice at all
    assert login(owner).get(f"{BASE}{listed.pk}/removal-notice.pdf").status_code == 404


def test_notice_text(listed: SeriousListing) -> None:
    from hongdun.supervision.views.serious_pdf import notice_html

    html = notice_html(listed, removal=False)
    assert "列入严重违法失信名单决定书" in html
    assert listed.document_number in html
    assert listed.legal_rep_id_number not in html  # masked
    assert listed.legal_rep_id_number[:6] in html


def test_proposal_has_no_notice(login: Any, role_users: Any, proposal: SeriousListing) -> None:
    assert (
        login(role_users[Role.SUPERVISOR]).get(f"{BASE}{proposal.pk}/notice.pdf").status_code == 404
    )
