"""Approvals write the facts public by law (docs/rules/disclosure.md §1) through the real clerk
flow: establishment writes investors, contributions and officers; a branch appears on its head
office; a change of members, capital, officers or legal representative replaces them, and the
old rows' history shows what changed."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.enterprises.models import (
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
)
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.choices import ChangeItemKind, ContributionForm, MemberRole
from hongdun.registration.models import ChangeItem, Member, Officer, Subscription
from hongdun.registration.review import services
from hongdun.registration.review.tests.conftest import TODAY, make_application, reserve

pytestmark = pytest.mark.django_db

LATER = date(2026, 12, 1)  # a Tuesday after TODAY


@pytest.fixture
def firm(clerk, establishment):
    """沃动机械, established through the flow: 贺明远 (shareholder, 执行董事, 经理, 法定代表人)
    and 白雪 (监事)."""
    done = services.application_approve(clerk=clerk, application=establishment, as_of=TODAY)
    return done.enterprise


def _change(applicant, kundulun, firm, items, *, members=(), officers=(), capital=None):
    application = make_application(
        applicant=applicant,
        authority=kundulun,
        kind="change",
        enterprise=firm,
        capital=capital if capital is not None else firm.registered_capital,
    )
    for item in items:
        ChangeItem.objects.create(application=application, item=item)
    for position, (name, id_number, subs) in enumerate(members):
        member = Member.objects.create(
            application=application,
            position=position,
            role=MemberRole.SHAREHOLDER,
            name=name,
            id_number=id_number,
        )
        for amount, paid in subs:
            Subscription.objects.create(
                member=member,
                amount=Decimal(amount),
                paid_amount=Decimal(paid),
                form=ContributionForm.MONEY,
                due_date=date(2030, 12, 31),
            )
    for position, (name, id_number, posts) in enumerate(officers):
        Officer.objects.create(
            application=application,
            position=position,
            name=name,
            id_number=id_number,
            **dict.fromkeys(posts, True),
        )
    return application


def _officers(enterprise):
    return {
        o.name: {
            post
            for post in ("is_director", "is_chair", "is_supervisor", "is_manager")
            if getattr(o, post)
        }
        | ({"rep"} if o.is_legal_representative else set())
        for o in EnterpriseOfficer.objects.filter(enterprise=enterprise)
    }


def test_establishment_writes_investors_contributions_and_officers(firm):
    (investor,) = EnterpriseInvestor.objects.filter(enterprise=firm)
    assert (investor.name, investor.role, investor.id_number) == (
        "贺明远",
        "shareholder",
        "150203198001011234",
    )
    (contribution,) = investor.contributions.all()
    assert contribution.subscribed_amount == Decimal("1000000.00")
    assert contribution.form == "money"
    assert contribution.subscribed_due == date(2030, 12, 31)
    assert _officers(firm) == {
        "贺明远": {"is_director", "is_chair", "is_manager", "rep"},
        "白雪": {"is_supervisor"},
    }
    assert firm.legal_rep_name == "贺明远"
    # each fact has its first history entry, dated on the day of establishment
    for row in (investor, contribution, *EnterpriseOfficer.objects.filter(enterprise=firm)):
        (entry,) = row.history.all()  # type: ignore[attr-defined]
        assert entry.history_type == "+"
        assert entry.history_date.date() == TODAY
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"enterprise.investors", "enterprise.officers"} <= actions
    audit = AuditLog.objects.get(action="enterprise.officers")
    assert "150203198001011234" not in str(audit.after)  # no ID numbers in the audit log


def test_a_branch_establishment_appears_on_the_head_office(clerk, applicant, kundulun, firm):
    reservation = reserve(applicant, kundulun, "包头市沃动机械有限公司昆都仑分公司")
    application = make_application(
        applicant=applicant,
        authority=kundulun,
        reservation=reservation,
        entity_type="branch",
        capital=None,
        parent_enterprise=firm,
    )
    application.members.all().delete()
    application.officers.exclude(is_legal_representative=True).delete()
    done = services.application_approve(clerk=clerk, application=application, as_of=LATER)
    branch = done.enterprise
    assert branch is not None
    (record,) = EnterpriseBranch.objects.filter(enterprise=firm)
    assert record.branch == branch
    assert (record.name, record.uscc) == (branch.name, branch.uscc)
    assert record.registration_authority_name == kundulun.name
    assert record.recorded_on == LATER
    assert not EnterpriseInvestor.objects.filter(enterprise=branch).exists()
    assert _officers(branch) == {"贺明远": {"is_director", "is_chair", "is_manager", "rep"}}


def test_a_change_of_members_replaces_them_with_history(clerk, applicant, kundulun, firm):
    application = _change(
        applicant,
        kundulun,
        firm,
        [ChangeItemKind.MEMBERS],
        members=[
            ("贺明远", "150203198001011234", [("600000.00", "100000.00")]),
            ("乌云其木格", "150203198505051238", [("400000.00", "0")]),
        ],
    )
    kept = EnterpriseInvestor.objects.get(enterprise=firm)
    old_contribution = kept.contributions.get()
    done = services.application_approve(clerk=clerk, application=application, as_of=LATER)
    assert done.status == S.APPROVED
    rows = list(EnterpriseInvestor.objects.filter(enterprise=firm))
    assert [r.name for r in rows] == ["贺明远", "乌云其木格"]
    assert rows[0].pk == kept.pk  # the investor who stays keeps their row
    contribution = EnterpriseContribution.objects.get(pk=old_contribution.pk)
    assert (contribution.subscribed_amount, contribution.paid_amount) == (
        Decimal("600000.00"),
        Decimal("100000.00"),
    )
    # the history shows the amount before and after, dated on the change
    amounts = list(
        contribution.history.order_by("history_date", "history_id").values_list(
            "subscribed_amount", "history_type"
        )
    )
    assert amounts == [(Decimal("1000000.00"), "+"), (Decimal("600000.00"), "~")]
    assert contribution.history.latest("history_date").history_date.date() == LATER
    assert rows[1].history.get().history_type == "+"


def test_an_investor_who_leaves_is_deleted_with_a_last_history_entry(
    clerk, applicant, kundulun, firm
):
    leaving = EnterpriseInvestor.objects.get(enterprise=firm)
    application = _change(
        applicant,
        kundulun,
        firm,
        [ChangeItemKind.MEMBERS],
        members=[("乌云其木格", "150203198505051238", [("1000000.00", "0")])],
    )
    services.application_approve(clerk=clerk, application=application, as_of=LATER)
    assert list(
        EnterpriseInvestor.objects.filter(enterprise=firm).values_list("name", flat=True)
    ) == ["乌云其木格"]
    last = EnterpriseInvestor.history.filter(id=leaving.pk).latest("history_id")
    assert (last.history_type, last.name, last.history_date.date()) == ("-", "贺明远", LATER)
    assert last.history_user == clerk
    assert EnterpriseContribution.history.filter(investor_id=leaving.pk, history_type="-").exists()


def test_a_capital_change_replaces_the_subscriptions(clerk, applicant, kundulun, firm):
    application = _change(
        applicant,
        kundulun,
        firm,
        [ChangeItemKind.CAPITAL],
        capital=Decimal("3000000.00"),
        members=[("贺明远", "150203198001011234", [("3000000.00", "0")])],
    )
    services.application_approve(clerk=clerk, application=application, as_of=LATER)
    firm.refresh_from_db()
    assert firm.registered_capital == Decimal("3000000.00")
    contribution = EnterpriseContribution.objects.get(investor__enterprise=firm)
    assert contribution.subscribed_amount == Decimal("3000000.00")


def test_a_change_of_officers_and_legal_representative(clerk, applicant, kundulun, firm):
    application = _change(
        applicant,
        kundulun,
        firm,
        [ChangeItemKind.OFFICERS, ChangeItemKind.LEGAL_REPRESENTATIVE],
        officers=[
            ("贺明远", "150203198001011234", ["is_director", "is_chair"]),
            ("高俊峰", "150203197803031231", ["is_manager", "is_legal_representative"]),
            ("白雪", "150203199002021236", ["is_supervisor"]),
        ],
    )
    services.application_approve(clerk=clerk, application=application, as_of=LATER)
    firm.refresh_from_db()
    assert firm.legal_rep_name == "高俊峰"
    assert firm.legal_rep_id_number == "150203197803031231"
    assert _officers(firm) == {
        "贺明远": {"is_director", "is_chair"},
        "高俊峰": {"is_manager", "rep"},
        "白雪": {"is_supervisor"},
    }
    he = EnterpriseOfficer.objects.get(enterprise=firm, name="贺明远")
    flags = list(
        he.history.order_by("history_id").values_list("is_legal_representative", "is_manager")
    )
    assert flags == [(True, True), (False, False)]
    assert firm.history.latest("history_id").legal_rep_name == "高俊峰"


def test_a_change_of_the_legal_representative_alone_moves_the_flag(
    clerk, applicant, kundulun, firm
):
    # the new representative, as the application names them, is already the supervisor's
    # successor: a person not yet among the officers
    application = _change(
        applicant,
        kundulun,
        firm,
        [ChangeItemKind.LEGAL_REPRESENTATIVE],
        officers=[
            ("高俊峰", "150203197803031231", ["is_manager", "is_legal_representative"]),
        ],
    )
    services.application_approve(clerk=clerk, application=application, as_of=LATER)
    firm.refresh_from_db()
    assert firm.legal_rep_name == "高俊峰"
    assert _officers(firm) == {
        "贺明远": {"is_director", "is_chair", "is_manager"},
        "高俊峰": {"is_manager", "rep"},
        "白雪": {"is_supervisor"},
    }


def test_officers_changed_without_the_legal_representative_item_cannot_move_the_flag(
    clerk, applicant, kundulun, firm
):
    application = _change(
        applicant,
        kundulun,
        firm,
        [ChangeItemKind.OFFICERS],
        officers=[
            ("贺明远", "150203198001011234", ["is_director", "is_chair"]),
            ("高俊峰", "150203197803031231", ["is_manager", "is_legal_representative"]),
        ],
    )
    before = _officers(firm)
    with pytest.raises(ApplicationError) as caught:
        services.application_approve(clerk=clerk, application=application, as_of=LATER)
    assert caught.value.field == "change_items"
    assert "法定代表人" in caught.value.message
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert _officers(firm) == before  # nothing half-written
    firm.refresh_from_db()
    assert firm.legal_rep_name == "贺明远"


def test_a_change_of_officers_keeping_the_representative(clerk, applicant, kundulun, firm):
    application = _change(
        applicant,
        kundulun,
        firm,
        [ChangeItemKind.OFFICERS],
        officers=[
            (
                "贺明远",
                "150203198001011234",
                ["is_director", "is_chair", "is_legal_representative"],
            ),
            ("高俊峰", "150203197803031231", ["is_manager"]),
            ("乌云", "150203199103031233", ["is_supervisor"]),
        ],
    )
    services.application_approve(clerk=clerk, application=application, as_of=LATER)
    assert _officers(firm) == {
        "贺明远": {"is_director", "is_chair", "rep"},
        "高俊峰": {"is_manager"},
        "乌云": {"is_supervisor"},
    }
    gone = EnterpriseOfficer.history.filter(name="白雪").latest("history_id")
    assert gone.history_type == "-"


def test_a_change_starts_from_the_registers_members_and_officers(applicant, firm):
    from hongdun.registration.services import application_create_change

    application = application_create_change(
        applicant=applicant, enterprise=firm, items=["members", "officers"]
    )
    member = application.members.get()
    assert (member.name, member.id_number) == ("贺明远", "150203198001011234")
    assert member.subscriptions.get().amount == Decimal("1000000.00")
    officers = {o.name: o.is_legal_representative for o in application.officers.all()}
    assert officers == {"贺明远": True, "白雪": False}
