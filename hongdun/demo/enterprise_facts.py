"""The register's public facts for the demo enterprises (docs/rules/disclosure.md §1): investors
with subscribed and paid-in contributions, key personnel by type, branches of the larger companies
registered in other cities, and the liquidation group of some enterprises that liquidated.

Fictional and reproducible: people are drawn from the same surname and given-name pools as the
demo's legal representatives, ID numbers have the GB 11643 shape and belong to nobody, and
corporate shareholders get codes outside the register's own serial range. Written in bulk, batch
by batch (`demo_facts_write`, also called by the benchmarks per batch of enterprises); with
history, each row's first history entry is dated on the day it took effect.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from simple_history.utils import bulk_create_with_history

from hongdun.demo.bureau import GIVEN, SURNAMES, _fictional_id_number
from hongdun.enterprises import uscc
from hongdun.enterprises.choices import (
    ContributionForm,
    EnterpriseStatus,
    EnterpriseType,
    IdType,
    MemberKind,
    MemberRole,
)
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
    LiquidationMember,
)
from hongdun.enterprises.services import history_stamp

BATCH_SIZE = 5_000
INSERT_BATCH = 2_000
# Cities where the larger companies run branches, with the authority that registered them there.
BRANCH_PLACES = (
    ("150102", "呼和浩特", "呼和浩特市新城区市场监督管理局"),
    ("150602", "鄂尔多斯", "鄂尔多斯市东胜区市场监督管理局"),
    ("150802", "巴彦淖尔", "巴彦淖尔市临河区市场监督管理局"),
    ("150902", "乌兰察布", "乌兰察布市集宁区市场监督管理局"),
    ("110105", "北京", "北京市朝阳区市场监督管理局"),
    ("610113", "西安", "西安市雁塔区市场监督管理局"),
    ("640104", "银川", "银川市兴庆区市场监督管理局"),
    ("140105", "太原", "太原市小店区市场监督管理局"),
)
CORPORATE_WORDS = ("鑫源", "宏达", "恒通", "瑞丰", "德信", "泰和", "金鼎", "华泰", "博远", "汇通")
CORPORATE_FORMS = ("投资有限公司", "实业有限公司", "控股有限公司", "商贸有限公司")
# Corporate shareholders' codes use serials below the register's own "MA…" range.
_SHAREHOLDER_SERIALS = 31**6
# How much of the subscribed capital is paid in: (share of enterprises, paid fraction).
_PAID_SHARES = ((0.35, Decimal("1")), (0.30, None), (0.35, Decimal("0")))
_NON_MONEY_FORMS = (
    ContributionForm.IN_KIND,
    ContributionForm.INTELLECTUAL_PROPERTY,
    ContributionForm.LAND_USE_RIGHT,
)
COMPANY_TYPES = frozenset({EnterpriseType.LLC, EnterpriseType.JSC})
SUPERVISOR_CHANGES = 0.08  # of enterprises drawn; only active LLCs of 3 years or more qualify


@dataclass
class _Person:
    name: str
    id_number: str


@dataclass
class _Facts:
    """The rows of one batch, in insertion order; contributions wait for their investors' ids."""

    investors: list[EnterpriseInvestor] = field(default_factory=list)
    contributions: list[tuple[int, EnterpriseContribution]] = field(default_factory=list)
    officers: list[EnterpriseOfficer] = field(default_factory=list)
    branches: list[EnterpriseBranch] = field(default_factory=list)
    liquidation: list[LiquidationMember] = field(default_factory=list)
    # With history: a supervisor replaced on a date (the former row, the date, the current row).
    replaced: list[tuple[EnterpriseOfficer, date, EnterpriseOfficer]] = field(default_factory=list)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def _person(rng: random.Random, division: str) -> _Person:
    return _Person(_name(rng), _fictional_id_number(rng, division))


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """`total` in `parts` shares of whole ten-thousands where possible, largest first, summing
    exactly to `total`."""
    unit = Decimal(10_000) if total >= parts * 10_000 else Decimal("0.01")
    units = int(total / unit)
    weights = sorted((rng.random() + 0.2 for _ in range(parts)), reverse=True)
    scale = sum(weights)
    rest = units - parts
    shares = [1 + int(rest * w / scale) for w in weights]
    shares[0] += units - sum(shares)
    amounts = [unit * s for s in shares]
    amounts[0] += total - sum(amounts)
    return amounts


def _due(established: date, rng: random.Random) -> date:
    # Subscriptions of companies formed since the 2024 Company Law are paid within five years.
    years = rng.randint(1, 5) if established >= date(2024, 7, 1) else rng.choice([5, 10, 20, 30])
    return established + timedelta(days=365 * years)


def _contributions(
    rng: random.Random, amount: Decimal, established: date, today: date, *, paid_now: bool
) -> list[EnterpriseContribution]:
    form = ContributionForm.MONEY if rng.random() < 0.9 else rng.choice(_NON_MONEY_FORMS)
    roll, paid_fraction = rng.random(), Decimal("0")
    acc = 0.0
    for share, fraction in _PAID_SHARES:
        acc += share
        if roll < acc:
            paid_fraction = (
                fraction
                if fraction is not None
                else Decimal(rng.choice([10, 20, 30, 50, 60, 80])) / 100
            )
            break
    if paid_now:
        paid_fraction = Decimal("1")
    paid = (amount * paid_fraction).quantize(Decimal("0.01"))
    paid_on = None
    if paid > 0:
        span = max(0, min((today - established).days, 365 * 3))
        paid_on = established + timedelta(days=rng.randrange(0, span + 1))
    return [
        EnterpriseContribution(
            subscribed_amount=amount,
            form=form,
            subscribed_due=established if paid_now else _due(established, rng),
            paid_amount=paid,
            paid_on=paid_on,
        )
    ]


def _corporate_shareholder(rng: random.Random, division: str) -> tuple[str, str]:
    name = f"包头市{rng.choice(CORPORATE_WORDS)}{rng.choice(CORPORATE_FORMS)}"
    code = uscc.issue(
        category="1", division_code=division, serial=rng.randrange(1, _SHAREHOLDER_SERIALS)
    )
    return name, code


def _officer(
    enterprise: Enterprise, person: _Person, position: int, **posts: bool
) -> EnterpriseOfficer:
    return EnterpriseOfficer(
        enterprise_id=enterprise.pk,
        position=position,
        name=person.name,
        id_type=IdType.RESIDENT_ID,
        id_number=person.id_number,
        **posts,
    )


def _company_officers(
    enterprise: Enterprise, rep: _Person, others: list[_Person], rng: random.Random, *, board: bool
) -> list[EnterpriseOfficer]:
    """A board (董事长 = legal representative, directors, a supervisory board, a manager and a
    finance chief) for larger companies; 执行董事 (often also 经理) and one 监事 for small ones."""
    division = enterprise.uscc[2:8]
    rows: list[EnterpriseOfficer] = []
    if board:
        directors = list(others[:4])
        wanted = rng.choice([2, 4])
        while len(directors) < wanted:
            directors.append(_person(rng, division))
        manager_is_chair = rng.random() < 0.3
        rows.append(
            _officer(
                enterprise,
                rep,
                0,
                is_director=True,
                is_chair=True,
                is_manager=manager_is_chair,
                is_legal_representative=True,
            )
        )
        for person in directors:
            rows.append(_officer(enterprise, person, len(rows), is_director=True))
        if not manager_is_chair:
            rows.append(_officer(enterprise, _person(rng, division), len(rows), is_manager=True))
        for _ in range(
            3 if enterprise.enterprise_type == EnterpriseType.JSC else rng.choice([1, 3])
        ):
            rows.append(_officer(enterprise, _person(rng, division), len(rows), is_supervisor=True))
        if rng.random() < 0.6:
            rows.append(
                _officer(
                    enterprise, _person(rng, division), len(rows), is_other_senior_manager=True
                )
            )
        return rows
    manager_too = rng.random() < 0.65
    rows.append(
        _officer(
            enterprise,
            rep,
            0,
            is_director=True,
            is_chair=True,
            is_manager=manager_too,
            is_legal_representative=True,
        )
    )
    if not manager_too:
        rows.append(_officer(enterprise, _person(rng, division), 1, is_manager=True))
    # The supervisor is never the executive director (公司法第七十六条); often a shareholder.
    supervisor = others[0] if others and rng.random() < 0.5 else _person(rng, division)
    rows.append(_officer(enterprise, supervisor, len(rows), is_supervisor=True))
    return rows


def _investors_and_officers(
    enterprise: Enterprise, rng: random.Random, today: date, facts: _Facts
) -> list[_Person]:
    """Write the investors, contributions and officers of one enterprise; returns the natural
    persons among the investors (the liquidation group is drawn from them)."""
    etype = enterprise.enterprise_type
    division = enterprise.uscc[2:8]
    established = enterprise.established_on
    capital = enterprise.registered_capital
    rep = _Person(
        enterprise.legal_rep_name,
        enterprise.legal_rep_id_number or _fictional_id_number(rng, division),
    )
    if etype == EnterpriseType.BRANCH:
        facts.officers.append(_officer(enterprise, rep, 0, is_legal_representative=True))
        return [rep]
    if etype in (EnterpriseType.INDIVIDUAL_BUSINESS, EnterpriseType.SOLE_PROPRIETORSHIP):
        role = (
            MemberRole.OPERATOR
            if etype == EnterpriseType.INDIVIDUAL_BUSINESS
            else MemberRole.INVESTOR
        )
        members: list[tuple[_Person, str, str | None]] = [(rep, role, None)]
        facts.officers.append(_officer(enterprise, rep, 0, is_legal_representative=True))
    elif etype == EnterpriseType.PARTNERSHIP:
        limited = "有限合伙" in enterprise.name
        count = rng.randint(2, 6 if limited else 4)
        people = [rep, *(_person(rng, division) for _ in range(count - 1))]
        members = [
            (
                person,
                MemberRole.LIMITED_PARTNER if limited and i > 0 else MemberRole.GENERAL_PARTNER,
                None,
            )
            for i, person in enumerate(people)
        ]
        # 执行事务合伙人: the register names them as the one who answers for the partnership.
        facts.officers.append(_officer(enterprise, rep, 0, is_legal_representative=True))
    else:  # companies and co-operatives
        jsc = etype == EnterpriseType.JSC
        coop = etype == EnterpriseType.FARMER_COOPERATIVE
        count = rng.randint(5, 9) if jsc or coop else rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0]
        rep_invests = rng.random() < 0.75
        people = [rep] if rep_invests else []
        while len(people) < count:
            people.append(_person(rng, division))
        role = (
            MemberRole.PROMOTER if jsc else MemberRole.INVESTOR if coop else MemberRole.SHAREHOLDER
        )
        members = [(person, role, None) for person in people]
        if not coop and rng.random() < 0.12:
            corporate_name, code = _corporate_shareholder(rng, division)
            members.append((_Person(corporate_name, code), role, MemberKind.LEGAL_ENTITY))
        board = jsc or (capital is not None and capital >= 10_000_000 and count >= 3)
        others = [p for p in people if p is not rep]
        if coop:
            facts.officers.append(
                _officer(
                    enterprise,
                    rep,
                    0,
                    is_director=True,
                    is_chair=True,
                    is_legal_representative=True,
                )
            )
            supervisor = others[0] if others else _person(rng, division)
            facts.officers.append(_officer(enterprise, supervisor, 1, is_supervisor=True))
        else:
            facts.officers.extend(_company_officers(enterprise, rep, others, rng, board=board))
    amounts = _split(capital, len(members), rng) if capital else []
    natural: list[_Person] = []
    for position, (person, member_role, kind) in enumerate(members):
        investor = EnterpriseInvestor(
            enterprise_id=enterprise.pk,
            position=position,
            kind=kind or MemberKind.NATURAL_PERSON,
            role=member_role,
            name=person.name,
            id_type=IdType.USCC if kind == MemberKind.LEGAL_ENTITY else IdType.RESIDENT_ID,
            id_number=person.id_number,
        )
        facts.investors.append(investor)
        if kind is None:
            natural.append(person)
        if position < len(amounts):
            for contribution in _contributions(
                rng,
                amounts[position],
                established,
                today,
                paid_now=etype == EnterpriseType.INDIVIDUAL_BUSINESS,
            ):
                facts.contributions.append((len(facts.investors) - 1, contribution))
    return natural


def _branches(enterprise: Enterprise, rng: random.Random, today: date, facts: _Facts) -> None:
    end = enterprise.status_date if enterprise.status != EnterpriseStatus.ACTIVE else today
    span = ((end or today) - enterprise.established_on).days
    if span < 60:
        return
    for division, city, authority in rng.sample(BRANCH_PLACES, k=rng.choice([1, 1, 2, 3])):
        facts.branches.append(
            EnterpriseBranch(
                enterprise_id=enterprise.pk,
                name=f"{enterprise.name}{city}分公司",
                uscc=uscc.issue(
                    category="1",
                    division_code=division,
                    serial=rng.randrange(1, _SHAREHOLDER_SERIALS),
                ),
                registration_authority_name=authority,
                recorded_on=enterprise.established_on + timedelta(days=rng.randrange(30, span)),
            )
        )


def _liquidation_group(
    enterprise: Enterprise,
    natural: list[_Person],
    rng: random.Random,
    today: date,
    facts: _Facts,
) -> None:
    """A group of the investors (a lawyer or accountant joins larger ones), filed before the
    deregistration, or within a year of the licence being revoked."""
    status_date = enterprise.status_date or today
    if enterprise.status == EnterpriseStatus.DEREGISTERED:
        recorded = status_date - timedelta(days=rng.randint(45, 120))
    else:
        recorded = min(today, status_date + timedelta(days=rng.randint(15, 365)))
    recorded = max(recorded, enterprise.established_on)
    division = enterprise.uscc[2:8]
    people = natural[:4] or [_person(rng, division)]
    if len(people) < 3 and rng.random() < 0.5:
        people.append(_person(rng, division))
    for position, person in enumerate(people):
        facts.liquidation.append(
            LiquidationMember(
                enterprise_id=enterprise.pk,
                position=position,
                name=person.name,
                is_leader=position == 0,
                phone=f"13{rng.randrange(0, 10**9):09d}" if position == 0 else "",
                recorded_on=recorded,
            )
        )


def _supervisor_replaced(
    enterprise: Enterprise, rng: random.Random, today: date, facts: _Facts
) -> None:
    """Some active companies replaced their supervisor years ago: the change shows in the
    officers' history (the former supervisor's row ends on that day, the current one starts)."""
    age = (today - enterprise.established_on).days
    if (
        enterprise.enterprise_type != EnterpriseType.LLC
        or enterprise.status != EnterpriseStatus.ACTIVE
        or age < 3 * 365
    ):
        return
    current = next(
        (
            o
            for o in reversed(facts.officers)
            if o.enterprise_id == enterprise.pk and o.is_supervisor
        ),
        None,
    )
    if current is None:
        return
    former = _officer(
        enterprise, _person(rng, enterprise.uscc[2:8]), current.position, is_supervisor=True
    )
    changed_on = enterprise.established_on + timedelta(days=rng.randrange(365, age - 30))
    facts.replaced.append((former, changed_on, current))


def _insert(rows: Sequence[models.Model], model: type[models.Model], *, with_history: bool) -> None:
    if not rows:
        return
    if with_history:
        bulk_create_with_history(list(rows), model, batch_size=INSERT_BATCH)
    else:
        model._default_manager.bulk_create(list(rows), batch_size=INSERT_BATCH)


def demo_facts_write(
    enterprises: Sequence[Enterprise],
    *,
    seed: int,
    with_history: bool = True,
    today: date | None = None,
) -> dict[str, int]:
    """Write the facts of a batch of saved enterprises (they need `pk`, `uscc`, type, capital,
    legal representative, dates and status); returns the rows written by kind. The same batch and
    seed give the same rows."""
    if not enterprises:
        return {}
    today = today or date.today()  # noqa: DTZ011 - a calendar date in the bureau's own zone
    rng = random.Random(seed * 1_000_003 + enterprises[0].pk)
    facts = _Facts()
    for enterprise in enterprises:
        natural = _investors_and_officers(enterprise, rng, today, facts)
        capital = enterprise.registered_capital or 0
        if (
            enterprise.enterprise_type in COMPANY_TYPES
            and capital >= 10_000_000
            and rng.random() < 0.3
        ):
            _branches(enterprise, rng, today, facts)
        liquidated = enterprise.status in (
            EnterpriseStatus.DEREGISTERED,
            EnterpriseStatus.LICENCE_REVOKED,
        ) and enterprise.enterprise_type not in (
            EnterpriseType.INDIVIDUAL_BUSINESS,
            EnterpriseType.BRANCH,
        )
        if liquidated and rng.random() < 0.4:
            _liquidation_group(enterprise, natural, rng, today, facts)
        if rng.random() < SUPERVISOR_CHANGES and with_history:
            _supervisor_replaced(enterprise, rng, today, facts)
    established = {e.pk: e.established_on for e in enterprises}
    if with_history:
        for investor in facts.investors:
            history_stamp(investor, on=established[investor.enterprise_id])
        for officer in facts.officers:
            history_stamp(officer, on=established[officer.enterprise_id])
        for branch in facts.branches:
            history_stamp(branch, on=branch.recorded_on)
        for member in facts.liquidation:
            history_stamp(member, on=member.recorded_on)
        formers = []
        for former, changed_on, current in facts.replaced:
            history_stamp(former, on=established[former.enterprise_id])
            history_stamp(current, on=changed_on)
            formers.append(former)
        _insert(formers, EnterpriseOfficer, with_history=True)
        for former, changed_on, _current in facts.replaced:
            history_stamp(former, on=changed_on)
            former.delete()
    _insert(facts.investors, EnterpriseInvestor, with_history=with_history)
    contributions = []
    for index, contribution in facts.contributions:
        investor = facts.investors[index]
        contribution.investor_id = investor.pk
        if with_history:
            history_stamp(contribution, on=established[investor.enterprise_id])
        contributions.append(contribution)
    _insert(contributions, EnterpriseContribution, with_history=with_history)
    _insert(facts.officers, EnterpriseOfficer, with_history=with_history)
    _insert(facts.branches, EnterpriseBranch, with_history=with_history)
    _insert(facts.liquidation, LiquidationMember, with_history=with_history)
    return {
        "investors": len(facts.investors),
        "contributions": len(contributions),
        "officers": len(facts.officers),
        "branches": len(facts.branches),
        "liquidation_members": len(facts.liquidation),
    }


FACT_FIELDS = (
    "pk",
    "uscc",
    "name",
    "enterprise_type",
    "registered_capital",
    "legal_rep_name",
    "legal_rep_id_number",
    "established_on",
    "status",
    "status_date",
)


def demo_facts_load(
    *,
    seed: int,
    with_history: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    today: date | None = None,
) -> int:
    """Give every enterprise that has neither investors nor officers its demo facts, in batches;
    returns how many enterprises were filled (0 on a second run)."""
    bare = Enterprise.objects.filter(
        ~Exists(EnterpriseOfficer.objects.filter(enterprise=OuterRef("pk"))),
        ~Exists(EnterpriseInvestor.objects.filter(enterprise=OuterRef("pk"))),
    ).order_by("pk")
    total = bare.count()
    done = 0
    last_pk = 0
    while done < total:
        batch = list(bare.filter(pk__gt=last_pk).only(*FACT_FIELDS[1:])[:BATCH_SIZE])
        if not batch:
            break
        with transaction.atomic():
            demo_facts_write(batch, seed=seed, with_history=with_history, today=today)
        done += len(batch)
        last_pk = batch[-1].pk
        if progress:
            progress("enterprise facts", done, total)
    return done
