"""The abnormal list's pages through every door: staff queues, the entry's page, the decisions,
the exports and notices; the enterprise's own pages. Who gets what: anonymous users, wrong roles,
the supervisor of another subtree, another enterprise's user, and the right user."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from hongdun.accounts.roles import Role
from hongdun.supervision.choices import AbnormalReason, ListingStatus, RemovalGround
from hongdun.supervision.models import AbnormalListing, ListingObjection, RemovalRequest
from hongdun.supervision.services_abnormal import (
    abnormal_confirm,
    last_closed_report_year,
    objection_file,
    removal_apply,
    removal_decide,
)
from hongdun.supervision.tests.abnormal_fixtures import (
    file_report,
    jiuyuan_company,
    jiuyuan_supervisor,
    kundulun_company,
    listed,
    owner,
    propose,
    stranger,
    supervisor,
    today,
)
from hongdun.testing.pdf import pdf_text
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

STAFF = "/staff/supervision/abnormal/"
PORTAL = "/enterprise/abnormal-list/"

__all__ = [
    "jiuyuan_company",
    "jiuyuan_supervisor",
    "kundulun_company",
    "owner",
    "stranger",
    "supervisor",
]


@pytest.fixture
def entry(kundulun_company, supervisor, owner) -> AbnormalListing:
    """A listed entry with a pending removal application and a pending objection."""
    row = listed(kundulun_company, supervisor)
    removal_apply(
        actor=supervisor, listing=row, ground=RemovalGround.REACHABLE, statement="上门核实"
    )
    objection_file(actor=owner, listing=row, grounds="住所一直正常经营")
    return row


def _staff_case(record, marker, role_users, supervisor, jiuyuan_supervisor, owner, **kw):
    return ScopeCase(
        record=record,
        marker=marker,
        in_scope=kw.get("in_scope", supervisor),
        out_of_scope=jiuyuan_supervisor,
        wrong_roles=[owner, role_users["no_role"], role_users[Role.PERSONNEL], *kw.get("more", [])],
    )


class TestStaffReadPages(ScopedViewSuite):
    pages = (
        ScopedPage("queue", STAFF, lists=True),
        ScopedPage("export", STAFF + "export.xlsx", lists=True, shows_marker=False),
        ScopedPage("detail", STAFF + "{pk}/"),
        ScopedPage("listing-notice", STAFF + "{pk}/notice/listing.pdf", shows_marker=False),
        ScopedPage("removals", STAFF + "removals/", lists=True),
        ScopedPage("objections", STAFF + "objections/", lists=True),
    )

    @pytest.fixture
    def scope_case(self, entry, role_users, supervisor, jiuyuan_supervisor, owner) -> ScopeCase:
        return _staff_case(
            entry, entry.enterprise.name, role_users, supervisor, jiuyuan_supervisor, owner
        )


class TestRegistrarsAndLeadersRead(ScopedViewSuite):
    pages = (ScopedPage("detail", STAFF + "{pk}/"), ScopedPage("queue", STAFF, lists=True))

    @pytest.fixture
    def scope_case(self, entry, role_users, jiuyuan_supervisor, owner) -> ScopeCase:
        return ScopeCase(
            record=entry,
            marker=entry.enterprise.name,
            in_scope=role_users[Role.REGISTRAR],
            out_of_scope=role_users["out_of_scope_registrar"],
            wrong_roles=[owner, role_users[Role.DISCIPLINE]],
        )


class TestConfirmPost(ScopedViewSuite):
    pages = (
        ScopedPage("confirm", STAFF + "{pk}/confirm/", method="post", ok_status=302),
        ScopedPage(
            "dismiss",
            STAFF + "{pk}/dismiss/",
            method="post",
            data={"reason": "已核实可以联系"},
            ok_status=302,
        ),
    )

    @pytest.fixture
    def scope_case(
        self, kundulun_company, role_users, supervisor, jiuyuan_supervisor, owner
    ) -> ScopeCase:
        candidate = propose(kundulun_company, supervisor)
        # registrars and leaders read the list but do not decide
        more = [role_users[Role.REGISTRAR], role_users[Role.LEADER]]
        return _staff_case(
            candidate, "", role_users, supervisor, jiuyuan_supervisor, owner, more=more
        )


class TestRemovalDecidePost(ScopedViewSuite):
    pages = (
        ScopedPage(
            "removal-decide",
            STAFF + "removals/{pk}/decide/",
            method="post",
            data={"decision": "grant"},
            ok_status=302,
        ),
    )

    @pytest.fixture
    def scope_case(self, entry, role_users, supervisor, jiuyuan_supervisor, owner) -> ScopeCase:
        request = RemovalRequest.objects.get(listing=entry)
        more = [role_users[Role.REGISTRAR]]
        return _staff_case(
            request, "", role_users, supervisor, jiuyuan_supervisor, owner, more=more
        )


class TestObjectionDecidePost(ScopedViewSuite):
    pages = (
        ScopedPage(
            "objection-decide",
            STAFF + "objections/{pk}/decide/",
            method="post",
            data={"decision": "rejected", "reason": "多次邮寄被退回"},
            ok_status=302,
        ),
    )

    @pytest.fixture
    def scope_case(self, entry, role_users, supervisor, jiuyuan_supervisor, owner) -> ScopeCase:
        objection = ListingObjection.objects.get(listing=entry)
        return _staff_case(objection, "", role_users, supervisor, jiuyuan_supervisor, owner)


class TestPortalPages(ScopedViewSuite):
    pages = (
        ScopedPage("list", PORTAL, lists=True),
        ScopedPage("detail", PORTAL + "{pk}/"),
        ScopedPage("apply", PORTAL + "{pk}/removal/"),
        ScopedPage("objection", PORTAL + "{pk}/objection/"),
        ScopedPage("listing-notice", PORTAL + "{pk}/notice/listing.pdf", shows_marker=False),
    )

    @pytest.fixture
    def scope_case(self, kundulun_company, supervisor, owner, stranger, role_users) -> ScopeCase:
        row = listed(kundulun_company, supervisor)
        return ScopeCase(
            record=row,
            marker=kundulun_company.name,
            in_scope=owner,
            out_of_scope=stranger,
            wrong_roles=[supervisor, role_users["no_role"]],
        )


# --- behaviour ----------------------------------------------------------------------------------


def test_queue_filters_and_colours_overdue_candidates(
    login, kundulun_company, jiuyuan_company, supervisor
):
    overdue = propose(kundulun_company, supervisor, basis_on=today() - datetime.timedelta(40))
    client = login(supervisor)
    page = client.get(STAFF, {"due": "overdue"}).content.decode()
    assert 'class="row-overdue"' in page
    assert kundulun_company.name in page
    assert f'value="{overdue.pk}"' in page  # selectable for bulk confirmation
    assert kundulun_company.name not in client.get(STAFF, {"status": "listed"}).content.decode()
    by_uscc = client.get(STAFF, {"q": kundulun_company.uscc.lower()}).content.decode()
    assert kundulun_company.name in by_uscc
    bad = client.get(STAFF, {"reason": "9", "report_year": "abc", "authority": "x"})
    assert bad.status_code == 200


def test_bulk_confirm_through_the_page(login, bureau, supervisor, jiuyuan_supervisor, role_users):
    from hongdun.enterprises.tests.factories import register

    companies = [register(f"包头市页面批量{n}有限公司", bureau["kundulun"]) for n in "甲乙"]
    ids = [str(propose(company, supervisor).pk) for company in companies]
    # another subtree's supervisor: the ids are not theirs to choose
    login(jiuyuan_supervisor).post(STAFF + "bulk-confirm/", {"ids": ids})
    assert not AbnormalListing.objects.filter(status=ListingStatus.LISTED).exists()
    assert (
        login(role_users[Role.REGISTRAR]).post(STAFF + "bulk-confirm/", {"ids": ids}).status_code
        == 403
    )
    response = login(supervisor).post(STAFF + "bulk-confirm/", {"ids": ids}, follow=True)
    assert "已列入 2 户" in response.content.decode()
    assert AbnormalListing.objects.filter(status=ListingStatus.LISTED).count() == 2


def test_confirm_refused_on_the_page_says_why(login, kundulun_company, supervisor):
    year = last_closed_report_year(today())
    from hongdun.disclosure.engine.window import deadline

    candidate = propose(
        kundulun_company,
        supervisor,
        reason=AbnormalReason.NOT_FILED,
        basis_on=deadline(year),
        report_year=year,
    )
    file_report(kundulun_company, year)
    response = login(supervisor).post(STAFF + f"{candidate.pk}/confirm/", {"late_reason": "核实"})
    assert response.status_code == 400
    assert "不能以未报送年度报告为由列入" in response.content.decode()


def test_export_has_the_rows(login, entry, supervisor):
    response = login(supervisor).get(STAFF + "export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert entry.enterprise.name in values
    assert entry.document_number in values


def test_detail_shows_the_timeline(login, entry, supervisor):
    page = login(supervisor).get(STAFF + f"{entry.pk}/").content.decode()
    for label in ("提出列入候选", "决定列入", "申请移出", "提出异议"):
        assert label in page


def test_portal_apply_refused_says_what_to_fix(login, kundulun_company, supervisor, owner):
    row = listed(kundulun_company, supervisor)
    client = login(owner)
    form = client.get(PORTAL + f"{row.pk}/removal/").content.decode()
    assert RemovalGround.ADDRESS_CHANGED in form
    assert f'value="{RemovalGround.REACHABLE}"' not in form  # a clerk's finding only
    response = client.post(PORTAL + f"{row.pk}/removal/", {"ground": "address_changed"})
    assert response.status_code == 400
    assert "住所（经营场所）变更登记" in response.content.decode()


def test_notices_as_pdf(login, kundulun_company, supervisor, owner, tmp_path):
    row = listed(kundulun_company, supervisor)
    request = removal_apply(
        actor=supervisor, listing=row, ground=RemovalGround.REACHABLE, statement="上门核实"
    )
    removal_decide(actor=supervisor, request=request, grant=True)
    row.refresh_from_db()
    client = login(owner)
    listing_pdf = client.get(PORTAL + f"{row.pk}/notice/listing.pdf")
    assert listing_pdf["Content-Type"] == "application/pdf"
    text = pdf_text(listing_pdf.content, tmp_path)
    assert "列入经营异常名录决定书" in text
    assert row.document_number in text
    assert kundulun_company.uscc in text
    assert "验证码" in text
    removal_text = pdf_text(client.get(PORTAL + f"{row.pk}/notice/removal.pdf").content, tmp_path)
    assert "移出经营异常名录决定书" in removal_text
    assert row.removal_document_number in removal_text
    assert client.get(PORTAL + f"{row.pk}/notice/other.pdf").status_code == 404


def test_no_removal_notice_before_removal(login, kundulun_company, supervisor):
    candidate = propose(kundulun_company, supervisor)
    client = login(supervisor)
    assert client.get(STAFF + f"{candidate.pk}/notice/listing.pdf").status_code == 404
    abnormal_confirm(actor=supervisor, listing=candidate)
    assert client.get(STAFF + f"{candidate.pk}/notice/removal.pdf").status_code == 404


def test_candidates_are_not_shown_to_the_enterprise(login, kundulun_company, supervisor, owner):
    candidate = propose(kundulun_company, supervisor)
    client = login(owner)
    assert kundulun_company.name not in client.get(PORTAL).content.decode()
    assert client.get(PORTAL + f"{candidate.pk}/").status_code == 404


def test_nav_links(login, supervisor, owner, role_users):
    assert 'data-testid="nav-abnormal-list"' in login(supervisor).get(STAFF).content.decode()
    assert 'data-testid="nav-abnormal-list"' in login(owner).get(PORTAL).content.decode()
    page = login(role_users[Role.PERSONNEL]).get("/staff/").content.decode()
    assert 'data-testid="nav-abnormal-list"' not in page
