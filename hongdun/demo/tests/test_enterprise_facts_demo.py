"""The demo register's public facts: every enterprise has investors (where its type has any) and
officers consistent with its type, companies' subscriptions add up to the registered capital,
larger companies have branches, some liquidated enterprises a liquidation group; loading again
adds nothing."""

from collections import defaultdict
from decimal import Decimal

import pytest

from hongdun.demo.bureau import demo_enterprises_load
from hongdun.demo.enterprise_facts import demo_facts_load
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType, MemberRole
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
    LiquidationMember,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_with_facts(bureau):
    demo_enterprises_load(count=600, seed=5)
    assert demo_facts_load(seed=5) == 600
    return list(Enterprise.objects.all())


def test_every_enterprise_has_officers_and_its_legal_representative(register_with_facts):
    officers = defaultdict(list)
    for officer in EnterpriseOfficer.objects.all():
        officers[officer.enterprise_id].append(officer)
    for enterprise in register_with_facts:
        rows = officers[enterprise.pk]
        (rep,) = [o for o in rows if o.is_legal_representative]
        assert rep.name == enterprise.legal_rep_name
        for officer in rows:  # 公司法第七十六条: no director or manager is also a supervisor
            assert not (officer.is_supervisor and (officer.is_director or officer.is_manager))
        if enterprise.enterprise_type in (EnterpriseType.LLC, EnterpriseType.JSC):
            assert any(o.is_supervisor for o in rows)
            assert any(o.is_manager for o in rows)
        if enterprise.enterprise_type in (
            EnterpriseType.BRANCH,
            EnterpriseType.INDIVIDUAL_BUSINESS,
            EnterpriseType.PARTNERSHIP,
        ):
            assert rows == [rep]


def test_investors_and_contributions_follow_the_type_and_the_capital(register_with_facts):
    investors = defaultdict(list)
    for investor in EnterpriseInvestor.objects.all():
        investors[investor.enterprise_id].append(investor)
    subscribed: dict[int, Decimal] = defaultdict(Decimal)
    paid_any = False
    for contribution in EnterpriseContribution.objects.select_related("investor"):
        assert 0 <= contribution.paid_amount <= contribution.subscribed_amount
        subscribed[contribution.investor.enterprise_id] += contribution.subscribed_amount
        paid_any = paid_any or contribution.paid_amount < contribution.subscribed_amount
    assert paid_any  # not everything is paid in
    for enterprise in register_with_facts:
        rows = investors[enterprise.pk]
        etype = enterprise.enterprise_type
        if etype == EnterpriseType.BRANCH:
            assert rows == []
            continue
        assert rows, enterprise.name
        if enterprise.registered_capital is not None:
            assert subscribed[enterprise.pk] == enterprise.registered_capital, enterprise.name
        roles = {i.role for i in rows}
        if etype == EnterpriseType.INDIVIDUAL_BUSINESS:
            assert roles == {MemberRole.OPERATOR}
        elif etype == EnterpriseType.LLC:
            assert roles == {MemberRole.SHAREHOLDER}
        elif etype == EnterpriseType.JSC:
            assert roles == {MemberRole.PROMOTER}
        elif etype == EnterpriseType.PARTNERSHIP:
            assert MemberRole.GENERAL_PARTNER in roles


def test_branches_and_liquidation_groups_and_their_history(register_with_facts):
    branches = list(EnterpriseBranch.objects.select_related("enterprise"))
    assert branches
    for branch in branches:
        assert branch.name.startswith(branch.enterprise.name)
        capital = branch.enterprise.registered_capital
        assert capital is not None
        assert capital >= 10_000_000
    groups = defaultdict(list)
    for member in LiquidationMember.objects.select_related("enterprise"):
        groups[member.enterprise].append(member)
    assert groups
    for enterprise, members in groups.items():
        assert enterprise.status in (
            EnterpriseStatus.DEREGISTERED,
            EnterpriseStatus.LICENCE_REVOKED,
        )
        assert sum(m.is_leader for m in members) == 1
    # each row's first history entry is dated on the day the fact took effect
    officer = EnterpriseOfficer.objects.select_related("enterprise").first()
    assert officer is not None
    assert officer.history.get().history_date.date() == officer.enterprise.established_on
    # some companies replaced their supervisor: the former one's row ends on the day the
    # current one's starts
    ended = list(EnterpriseOfficer.history.filter(history_type="-"))
    assert ended
    for entry in ended:
        successor = EnterpriseOfficer.objects.get(
            enterprise_id=entry.enterprise_id, is_supervisor=True, position=entry.position
        )
        assert successor.history.get().history_date == entry.history_date
        assert entry.history_date.date() > successor.enterprise.established_on


def test_loading_again_adds_nothing(register_with_facts):
    count = EnterpriseOfficer.objects.count()
    assert demo_facts_load(seed=5) == 0
    assert EnterpriseOfficer.objects.count() == count
