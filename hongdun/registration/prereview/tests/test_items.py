"""One table-driven test per numbered item of docs/rules/registration.md §6 that the pre-review
answers.

Each row starts from a well-formed sample (`samples.py`, which passes every rule), changes one
thing and lists exactly the defects expected as (rule, field, severity). Items 9–11 (working-day
deadlines, the clerk's decision, USCC issue) belong to the clerk's side and are tested there; the
rows here cover the data those steps rely on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from hongdun.registration.prereview import blocking, prereview
from hongdun.registration.prereview import samples as s
from hongdun.registration.prereview.config import default_rules
from hongdun.registration.prereview.types import (
    ApplicationData,
    AuthorityData,
    ChangeItemData,
    Disqualification,
    MaterialData,
    MemberData,
    OfficerData,
    Phase,
    ScopeItemData,
    SubscriptionData,
)

Row = tuple[str, Callable[[], ApplicationData], set[tuple[str, str, str]]]
AS_OF = s.AS_OF


def _found(app: ApplicationData) -> set[tuple[str, str, str]]:
    return {(d.rule, d.field, str(d.severity)) for d in prereview(app)}


def _ids(rows: list[Row]) -> list[str]:
    return [r[0] for r in rows]


def _params(rows: list[Row]) -> list[tuple[Callable[[], ApplicationData], set]]:
    return [(r[1], r[2]) for r in rows]


def without_material(app: ApplicationData, kind: str) -> ApplicationData:
    return replace(app, materials=tuple(m for m in app.materials if m.kind != kind))


def with_member_sub(app: ApplicationData, index: int, **changes: object) -> ApplicationData:
    """Change the first subscription of member `index`."""
    members = list(app.members)
    subs = list(members[index].subscriptions)
    subs[0] = replace(subs[0], **changes)  # type: ignore[arg-type]
    members[index] = replace(members[index], subscriptions=tuple(subs))
    return replace(app, members=tuple(members))


def with_officers(app: ApplicationData, *officers: OfficerData) -> ApplicationData:
    return replace(app, officers=officers)


def shareholders(count: int) -> tuple[MemberData, ...]:
    return tuple(
        MemberData(
            name=f"股东{i}",
            role="shareholder",
            id_number=s.resident_id(100 + i),
            subscriptions=(
                SubscriptionData(Decimal("1000.00"), "money", AS_OF + timedelta(days=30)),
            ),
        )
        for i in range(count)
    )


E, W, M = "error", "warning", "manual"
REP = OfficerData(
    name="李青", id_number=s.resident_id(1), is_director=True, is_legal_representative=True
)
SUP = OfficerData(name="赵监", id_number=s.resident_id(3), is_supervisor=True)

# --- 1. materials M1–M7 --------------------------------------------------------------------

ITEM_1: list[Row] = [
    *[
        (
            f"llc-missing-{kind}",
            lambda kind=kind: without_material(s.llc(), kind),
            {("REG-MAT-1", f"materials.{kind}", E)},
        )
        for kind in s.COMPANY_MATERIAL_KINDS
    ],
    *[
        (
            f"jsc-missing-{kind}",
            lambda kind=kind: without_material(s.jsc(), kind),
            {("REG-MAT-1", f"materials.{kind}", E)},
        )
        for kind in ("application_form", "articles", "appointment")
    ],
    (
        "pre-permit-without-M6",
        lambda: replace(s.llc(), scope=(s.GENERAL, s.PRE_PERMIT)),
        {("REG-SCOPE-2", "scope.1", E)},
    ),
    (
        "pre-permit-with-M6",
        lambda: replace(
            s.llc(),
            scope=(s.GENERAL, s.PRE_PERMIT),
            materials=(
                *s.COMPANY_MATERIALS,
                MaterialData(
                    "pre_approval",
                    scope_code=s.PRE_PERMIT.code,
                    issued_on=AS_OF - timedelta(days=10),
                ),
            ),
        ),
        set(),
    ),
    (
        "M6-for-another-entry-does-not-count",
        lambda: replace(
            s.llc(),
            scope=(s.GENERAL, s.PRE_PERMIT),
            materials=(
                *s.COMPANY_MATERIALS,
                MaterialData("pre_approval", scope_code="X0000-00", issued_on=AS_OF),
            ),
        ),
        {("REG-SCOPE-2", "scope.1", E)},
    ),
    (
        "M7-for-public-offering-jsc",
        lambda: replace(s.jsc(), jsc_by_public_offering=True),
        {("REG-MAT-2", "materials.capital_verification", E)},
    ),
    (
        "M7-present",
        lambda: replace(
            s.jsc(),
            jsc_by_public_offering=True,
            materials=(*s.COMPANY_MATERIALS, MaterialData("capital_verification")),
        ),
        set(),
    ),
    ("M7-not-for-promotion-jsc", s.jsc, set()),
    ("M7-not-for-llc", lambda: replace(s.llc(), jsc_by_public_offering=True), set()),
    ("individual-business-needs-no-articles", s.individual_business, set()),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_1), ids=_ids(ITEM_1))
def test_item_01_required_materials(build: Callable[[], ApplicationData], expected: set) -> None:
    assert _found(build()) == expected


# --- 2. all defects in one response ---------------------------------------------------------


def test_item_02_every_defect_in_one_response() -> None:
    app = replace(
        with_member_sub(s.llc(), 0, form="labour", due_date=AS_OF + timedelta(days=365 * 6)),
        registered_capital=Decimal("999999.99"),
        address_division_code="150207",
        scope=(ScopeItemData(wording="自编的经营项目", in_catalogue=False),),
        officers=(replace(REP, is_director=False), SUP),
        materials=(),
    )
    found = _found(app)
    rules = {rule for rule, _field, _sev in found}
    assert {
        "REG-CAP-2",
        "REG-CAP-3",
        "REG-CAP-4",
        "REG-ADDR-2",
        "REG-SCOPE-1",
        "REG-OFF-2",
        "REG-OFF-4",
        "REG-MAT-1",
    } <= rules
    assert len([f for f in found if f[0] == "REG-MAT-1"]) == 5
    defects = prereview(app)
    assert all(d.article.startswith("《") and d.message and d.fix for d in defects)
    assert blocking(defects) == [d for d in defects if d.severity == "error"]


# --- 3. capital, shareholder count, five-year limit ----------------------------------------

FIVE_YEARS = date(2031, 11, 27)
ITEM_3: list[Row] = [
    (
        "capital-one-cent-more",
        lambda: replace(s.llc(), registered_capital=Decimal("1000000.01")),
        {("REG-CAP-2", "registered_capital", E)},
    ),
    (
        "capital-one-cent-less",
        lambda: replace(s.llc(), registered_capital=Decimal("999999.99")),
        {("REG-CAP-2", "registered_capital", E)},
    ),
    (
        "capital-equal-to-the-cent",
        lambda: replace(s.llc(), registered_capital=Decimal("1000000.00")),
        set(),
    ),
    (
        "capital-missing",
        lambda: replace(s.llc(), registered_capital=None),
        {("REG-CAP-1", "registered_capital", E)},
    ),
    (
        "capital-fraction-of-cent",
        lambda: with_member_sub(
            replace(s.llc(), registered_capital=Decimal("1000000.001")),
            0,
            amount=Decimal("600000.001"),
        ),
        {
            ("REG-CAP-2", "registered_capital", E),
            ("REG-CAP-2", "members.0.subscriptions.0.amount", E),
        },
    ),
    (
        "zero-shareholders",
        lambda: replace(s.llc(), members=()),
        {("REG-MEM-1", "members", E), ("REG-CAP-2", "registered_capital", E)},
    ),
    (
        "fifty-shareholders",
        lambda: replace(s.llc(), members=shareholders(50), registered_capital=Decimal("50000.00")),
        set(),
    ),
    (
        "fifty-one-shareholders",
        lambda: replace(s.llc(), members=shareholders(51), registered_capital=Decimal("51000.00")),
        {("REG-MEM-1", "members", E)},
    ),
    (
        "one-shareholder",
        lambda: replace(s.llc(), members=shareholders(1), registered_capital=Decimal("1000.00")),
        set(),
    ),
    ("due-exactly-five-years", lambda: with_member_sub(s.llc(), 0, due_date=FIVE_YEARS), set()),
    (
        "due-five-years-and-a-day",
        lambda: with_member_sub(s.llc(), 0, due_date=FIVE_YEARS + timedelta(days=1)),
        {("REG-CAP-3", "members.0.subscriptions.0.due_date", E)},
    ),
    (
        "due-date-missing",
        lambda: with_member_sub(s.llc(), 1, due_date=None),
        {("REG-CAP-3", "members.1.subscriptions.0.due_date", E)},
    ),
    (
        "shareholder-without-subscription",
        lambda: replace(
            s.llc(),
            members=(s.llc().members[0], replace(s.llc().members[1], subscriptions=())),
            registered_capital=Decimal("600000.00"),
        ),
        {("REG-CAP-2", "members.1.subscriptions", E)},
    ),
    (
        "jsc-promoter-not-paid-in-full",
        lambda: with_member_sub(s.jsc(), 0, paid_amount=Decimal("599999.99")),
        {("REG-CAP-6", "members.0.subscriptions.0.paid_amount", E)},
    ),
    (
        "jsc-has-no-five-year-rule-but-pays-first",
        lambda: with_member_sub(s.jsc(), 0, due_date=None),
        set(),
    ),
    (
        "two-hundred-one-promoters",
        lambda: replace(
            s.jsc(),
            members=tuple(
                replace(
                    m,
                    role="promoter",
                    subscriptions=tuple(replace(x, paid_amount=x.amount) for x in m.subscriptions),
                )
                for m in shareholders(201)
            ),
            registered_capital=Decimal("201000.00"),
        ),
        {("REG-MEM-1", "members", E)},
    ),
    (
        "abnormal-capital-warns",
        lambda: with_member_sub(
            replace(s.llc(), registered_capital=Decimal("20000400000.00")),
            0,
            amount=Decimal("20000000000.00"),
        ),
        {("REG-CAP-7", "registered_capital", W)},
    ),
    (
        "partnership-one-partner",
        lambda: replace(s.partnership(), members=s.partnership().members[:1]),
        {("REG-MEM-1", "members", E)},
    ),
    (
        "partnership-no-general-partner",
        lambda: replace(
            s.partnership(),
            members=tuple(replace(m, role="limited_partner") for m in s.partnership().members),
        ),
        {("REG-MEM-4", "members", E)},
    ),
    (
        "sole-proprietorship-two-investors",
        lambda: replace(
            _named(s.individual_business, "包头市青禾商行"),
            entity_type="sole_proprietorship",
            members=tuple(
                MemberData(name=n, role="investor", id_number=s.resident_id(i))
                for i, n in ((1, "甲"), (2, "乙"))
            ),
        ),
        {("REG-MEM-1", "members", E)},
    ),
    (
        "individual-business-legal-entity",
        lambda: replace(
            s.individual_business(),
            members=(replace(s.individual_business().members[0], kind="legal_entity"),),
        ),
        {("REG-MEM-3", "members.0.kind", E)},
    ),
    (
        "member-role-wrong-for-type",
        lambda: replace(
            s.llc(), members=(replace(s.llc().members[0], role="promoter"), s.llc().members[1])
        ),
        {("REG-MEM-2", "members.0.role", E)},
    ),
    (
        "member-entered-twice",
        lambda: replace(
            s.llc(),
            members=(
                s.llc().members[0],
                replace(s.llc().members[1], id_number=s.llc().members[0].id_number),
            ),
        ),
        {("REG-MEM-5", "members.0.id_number", E), ("REG-MEM-5", "members.1.id_number", E)},
    ),
    (
        "member-bad-resident-id",
        lambda: replace(
            s.llc(),
            members=(
                replace(s.llc().members[0], id_number="150203198503120010"),
                s.llc().members[1],
            ),
        ),
        {("REG-ID-1", "members.0.id_number", E)},
    ),
    (
        "member-bad-uscc",
        lambda: replace(
            s.llc(),
            members=(
                replace(
                    s.llc().members[0],
                    kind="legal_entity",
                    id_type="uscc",
                    id_number="91150203MA0000000X",
                ),
                s.llc().members[1],
            ),
        ),
        {("REG-ID-1", "members.0.id_number", E)},
    ),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_3), ids=_ids(ITEM_3))
def test_item_03_capital_count_and_five_years(
    build: Callable[[], ApplicationData], expected: set
) -> None:
    assert _found(build()) == expected


# --- 4. forms of contribution and currency --------------------------------------------------

FORBIDDEN = ("labour", "credit", "personal_name", "goodwill", "franchise", "encumbered_property")
ALLOWED = (
    "money",
    "in_kind",
    "intellectual_property",
    "land_use_right",
    "equity",
    "creditor_right",
)
ITEM_4: list[Row] = [
    *[
        (
            f"llc-{form}",
            lambda form=form: with_member_sub(s.llc(), 0, form=form),
            {("REG-CAP-4", "members.0.subscriptions.0.form", E)},
        )
        for form in FORBIDDEN
    ],
    *[
        (f"llc-{form}-allowed", lambda form=form: with_member_sub(s.llc(), 0, form=form), set())
        for form in ALLOWED
    ],
    *[
        (
            f"jsc-{form}",
            lambda form=form: with_member_sub(s.jsc(), 1, form=form),
            {("REG-CAP-4", "members.1.subscriptions.0.form", E)},
        )
        for form in FORBIDDEN
    ],
    (
        "general-partner-labour-allowed",
        lambda: with_member_sub(s.partnership(), 0, form="labour"),
        set(),
    ),
    (
        "limited-partner-labour",
        lambda: with_member_sub(s.partnership(), 1, form="labour"),
        {("REG-CAP-4", "members.1.subscriptions.0.form", E)},
    ),
    ("usd-domestic", lambda: replace(s.llc(), currency="USD"), {("REG-CAP-5", "currency", E)}),
    (
        "usd-foreign-invested",
        lambda: replace(s.llc(), currency="USD", is_foreign_invested=True),
        set(),
    ),
    ("cny-foreign-invested", lambda: replace(s.llc(), is_foreign_invested=True), set()),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_4), ids=_ids(ITEM_4))
def test_item_04_contribution_forms_and_currency(
    build: Callable[[], ApplicationData], expected: set
) -> None:
    assert _found(build()) == expected


# --- 5. business scope from the catalogue ---------------------------------------------------

M6_FRESH = MaterialData(
    "pre_approval", scope_code=s.PRE_PERMIT.code, issued_on=AS_OF - timedelta(days=90)
)
M6_STALE = MaterialData(
    "pre_approval", scope_code=s.PRE_PERMIT.code, issued_on=AS_OF - timedelta(days=91)
)
ITEM_5: list[Row] = [
    (
        "free-text",
        lambda: replace(
            s.llc(),
            scope=(s.GENERAL, ScopeItemData(wording="各类商品批发零售", in_catalogue=False)),
        ),
        {("REG-SCOPE-1", "scope.1", E)},
    ),
    (
        "inactive-entry",
        lambda: replace(s.llc(), scope=(replace(s.GENERAL, active=False),)),
        {("REG-SCOPE-1", "scope.0", E)},
    ),
    ("no-entry", lambda: replace(s.llc(), scope=()), {("REG-SCOPE-1", "scope", E)}),
    (
        "post-permit-noted",
        lambda: replace(s.llc(), scope=(s.GENERAL, s.POST_PERMIT)),
        {("REG-SCOPE-4", "scope.1", W)},
    ),
    (
        "pre-permit-90-days-old",
        lambda: replace(s.llc(), scope=(s.PRE_PERMIT,), materials=(*s.COMPANY_MATERIALS, M6_FRESH)),
        set(),
    ),
    (
        "pre-permit-91-days-old",
        lambda: replace(s.llc(), scope=(s.PRE_PERMIT,), materials=(*s.COMPANY_MATERIALS, M6_STALE)),
        {("REG-SCOPE-3", "scope.0", E)},
    ),
    (
        "pre-permit-old-but-valid",
        lambda: replace(
            s.llc(),
            scope=(s.PRE_PERMIT,),
            materials=(
                *s.COMPANY_MATERIALS,
                replace(M6_STALE, valid_until=AS_OF + timedelta(days=1)),
            ),
        ),
        set(),
    ),
    (
        "pre-permit-expired",
        lambda: replace(
            s.llc(),
            scope=(s.PRE_PERMIT,),
            materials=(
                *s.COMPANY_MATERIALS,
                replace(M6_FRESH, valid_until=AS_OF - timedelta(days=1)),
            ),
        ),
        {("REG-SCOPE-3", "scope.0", E)},
    ),
    (
        "pre-permit-no-date",
        lambda: replace(
            s.llc(),
            scope=(s.PRE_PERMIT,),
            materials=(*s.COMPANY_MATERIALS, replace(M6_FRESH, issued_on=None)),
        ),
        {("REG-SCOPE-3", "scope.0", E)},
    ),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_5), ids=_ids(ITEM_5))
def test_item_05_scope_entries_from_catalogue(
    build: Callable[[], ApplicationData], expected: set
) -> None:
    assert _found(build()) == expected


# --- 6. legal representative, officers, disqualifications ------------------------------------

BARRED = s.resident_id(1)


def _disqualified(reason: str, until: date | None, who: str = BARRED) -> ApplicationData:
    """The sample llc, with one disqualification (until `until`, or open-ended) of `who`."""
    return replace(s.llc(), disqualifications={who: (Disqualification(reason, until),)})


ITEM_6: list[Row] = [
    ("rep-is-director", lambda: with_officers(s.llc(), REP, SUP), set()),
    (
        "rep-is-manager",
        lambda: with_officers(
            s.llc(),
            replace(REP, is_director=False, is_manager=True),
            OfficerData(name="董", id_number=s.resident_id(5), is_director=True),
            SUP,
        ),
        set(),
    ),
    (
        "rep-neither",
        lambda: with_officers(
            s.llc(),
            replace(REP, is_director=False),
            OfficerData(name="董", id_number=s.resident_id(5), is_director=True),
            SUP,
        ),
        {("REG-OFF-2", "officers.0.is_legal_representative", E)},
    ),
    (
        "no-rep",
        lambda: with_officers(s.llc(), replace(REP, is_legal_representative=False), SUP),
        {("REG-OFF-1", "officers", E)},
    ),
    (
        "director-also-supervisor",
        lambda: with_officers(s.llc(), REP, replace(SUP, is_director=True)),
        {("REG-OFF-3", "officers.1.is_supervisor", E)},
    ),
    (
        "manager-also-supervisor",
        lambda: with_officers(s.llc(), REP, replace(SUP, is_manager=True)),
        {("REG-OFF-3", "officers.1.is_supervisor", E)},
    ),
    (
        "cfo-also-supervisor",
        lambda: with_officers(s.llc(), REP, replace(SUP, is_other_senior_manager=True)),
        {("REG-OFF-3", "officers.1.is_supervisor", E)},
    ),
    (
        "same-person-on-two-rows",
        lambda: with_officers(s.llc(), REP, replace(SUP, id_number=REP.id_number)),
        {("REG-OFF-3", "officers.1.is_supervisor", E)},
    ),
    (
        "no-director",
        lambda: with_officers(s.llc(), replace(REP, is_director=False, is_manager=True), SUP),
        {("REG-OFF-4", "officers", E)},
    ),
    ("no-supervisor", lambda: with_officers(s.llc(), REP), {("REG-OFF-5", "officers", E)}),
    (
        "no-supervisor-by-consent",
        lambda: replace(with_officers(s.llc(), REP), no_supervisor=True),
        set(),
    ),
    (
        "audit-committee-instead",
        lambda: replace(with_officers(s.llc(), REP), audit_committee=True),
        set(),
    ),
    (
        "jsc-may-not-skip-supervisor-by-consent",
        lambda: replace(with_officers(s.jsc(), REP), no_supervisor=True),
        {("REG-OFF-5", "officers", E)},
    ),
    (
        "officer-bad-id",
        lambda: with_officers(s.llc(), REP, replace(SUP, id_number="12345")),
        {("REG-ID-1", "officers.1.id_number", E)},
    ),
    (
        "rep-criminal-sentence-active",
        lambda: _disqualified("criminal_sentence", AS_OF + timedelta(days=1)),
        {("REG-OFF-6", "officers.0", E)},
    ),
    (
        "rep-criminal-sentence-ended",
        lambda: _disqualified("criminal_sentence", AS_OF - timedelta(days=1)),
        set(),
    ),
    (
        "rep-bankruptcy-3y",
        lambda: _disqualified("bankruptcy_responsible", AS_OF + timedelta(days=400)),
        {("REG-OFF-6", "officers.0", E)},
    ),
    (
        "rep-revocation-3y",
        lambda: _disqualified("revocation_responsible", AS_OF),
        {("REG-OFF-6", "officers.0", E)},
    ),
    (
        "rep-no-capacity-no-end",
        lambda: _disqualified("no_civil_capacity", None),
        {("REG-OFF-6", "officers.0", E)},
    ),
    (
        "rep-unpaid-debt",
        lambda: _disqualified("unpaid_debt", None),
        {("REG-OFF-6", "officers.0", E)},
    ),
    (
        "rep-serious-violation-list-3y",
        lambda: _disqualified("serious_violation_list", AS_OF + timedelta(days=30)),
        {("REG-OFF-6", "officers.0", E)},
    ),
    (
        "director-dishonest-debtor",
        lambda: _disqualified("dishonest_debtor", None),
        {("REG-OFF-6", "officers.0", E)},
    ),
    (
        "supervisor-suspended-sentence",
        lambda: _disqualified("suspended_sentence", AS_OF + timedelta(days=30), who=SUP.id_number),
        {("REG-OFF-6", "officers.1", E)},
    ),
    (
        "supervisor-serious-list-does-not-apply",
        lambda: _disqualified(
            "serious_violation_list", AS_OF + timedelta(days=30), who=SUP.id_number
        ),
        set(),
    ),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_6), ids=_ids(ITEM_6))
def test_item_06_officers_and_disqualifications(
    build: Callable[[], ApplicationData], expected: set
) -> None:
    assert _found(build()) == expected


def test_item_06_disqualification_can_route_to_manual_review() -> None:
    app = _disqualified("criminal_sentence", None)
    rules = default_rules().replace(disqualification_severity="manual")
    (defect,) = prereview(app, rules)
    assert (defect.rule, str(defect.severity)) == ("REG-OFF-6", M)
    assert blocking([defect]) == []


# --- 7. names --------------------------------------------------------------------------------


def _named(build: Callable[[], ApplicationData], name: str, **changes: object) -> ApplicationData:
    app = build()
    assert app.reservation is not None
    reservation = replace(app.reservation, name=name, **changes)  # type: ignore[arg-type]
    return replace(app, name=name, reservation=reservation)


ITEM_7: list[Row] = [
    (
        "no-reservation",
        lambda: replace(s.llc(), reservation=None),
        {("REG-NAME-1", "name_reservation", E)},
    ),
    (
        "reservation-expired",
        lambda: _named(s.llc, "包头市青禾科技有限公司", reserved_until=AS_OF - timedelta(days=1)),
        {("REG-NAME-1", "name_reservation", E)},
    ),
    (
        "reservation-last-day",
        lambda: _named(s.llc, "包头市青禾科技有限公司", reserved_until=AS_OF),
        set(),
    ),
    (
        "reservation-pending-review",
        lambda: _named(s.llc, "包头市青禾科技有限公司", status="pending_review"),
        {("REG-NAME-1", "name_reservation", E)},
    ),
    (
        "reservation-of-someone-else",
        lambda: _named(s.llc, "包头市青禾科技有限公司", owned_by_applicant=False),
        {("REG-NAME-1", "name_reservation", E)},
    ),
    (
        "reservation-at-other-authority",
        lambda: _named(s.llc, "包头市青禾科技有限公司", authority_id=99),
        {("REG-NAME-2", "name_reservation", E)},
    ),
    (
        "llc-named-as-jsc",
        lambda: _named(s.llc, "包头市青禾科技股份有限公司"),
        {("REG-NAME-3", "name", E)},
    ),
    ("llc-without-form", lambda: _named(s.llc, "包头市青禾科技中心"), {("REG-NAME-3", "name", E)}),
    ("llc-youxianzerengongsi", lambda: _named(s.llc, "包头市青禾科技有限责任公司"), set()),
    (
        "jsc-named-as-llc",
        lambda: _named(s.jsc, "包头市青禾科技有限公司"),
        {("REG-NAME-3", "name", E)},
    ),
    ("jsc-gufengongsi", lambda: _named(s.jsc, "包头市青禾科技股份公司"), set()),
    (
        "partnership-without-marker",
        lambda: _named(s.partnership, "包头市青禾咨询中心"),
        {("REG-NAME-3", "name", E)},
    ),
    (
        "individual-business-as-company",
        lambda: _named(s.individual_business, "包头市青禾餐饮有限公司"),
        {("REG-NAME-3", "name", E)},
    ),
    (
        "trade-name-one-character",
        lambda: _named(s.llc, "包头市禾科技有限公司", trade_name="禾"),
        {("REG-NAME-4", "name", E)},
    ),
    (
        "reserved-prefix-routes-to-manual",
        lambda: _named(s.llc, "中国青禾科技有限公司"),
        {("REG-NAME-5", "name", M)},
    ),
    ("prefix-inside-is-fine", lambda: _named(s.llc, "包头市中华青禾科技有限公司"), set()),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_7), ids=_ids(ITEM_7))
def test_item_07_names(build: Callable[[], ApplicationData], expected: set) -> None:
    """字号 duplicates at the same authority are refused when the name is reserved (namecheck's
    engine and its partial unique constraint); a live reservation is what the rows check here."""
    assert _found(build()) == expected


# --- 8. one address, inside the jurisdiction -------------------------------------------------

CITY = AuthorityData(
    id=1,
    name="包头市市场监督管理局",
    division_code="150200",
    jurisdiction=frozenset({"150202", "150203", "150207", "150221"}),
)
ITEM_8: list[Row] = [
    (
        "outside-jurisdiction",
        lambda: replace(s.llc(), address_division_code="150207"),
        {("REG-ADDR-2", "address_division_code", E)},
    ),
    (
        "city-authority-covers-district",
        lambda: replace(s.llc(), authority=CITY, address_division_code="150207"),
        set(),
    ),
    (
        "other-city",
        lambda: replace(s.llc(), authority=CITY, address_division_code="150102"),
        {("REG-ADDR-2", "address_division_code", E)},
    ),
    (
        "no-division",
        lambda: replace(s.llc(), address_division_code=""),
        {("REG-ADDR-2", "address_division_code", E)},
    ),
    (
        "two-addresses",
        lambda: replace(s.llc(), address="包头市昆都仑区钢铁大街66号；包头市九原区建华南路1号"),
        {("REG-ADDR-1", "address", E)},
    ),
    ("empty-address", lambda: replace(s.llc(), address="   "), {("REG-ADDR-1", "address", E)}),
    ("too-short-address", lambda: replace(s.llc(), address="昆区"), {("REG-ADDR-1", "address", E)}),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_8), ids=_ids(ITEM_8))
def test_item_08_address_in_jurisdiction(
    build: Callable[[], ApplicationData], expected: set
) -> None:
    assert _found(build()) == expected


def test_item_08_jurisdiction_check_is_configurable() -> None:
    app = replace(s.llc(), address_division_code="150207")
    assert prereview(app, default_rules().replace(check_jurisdiction=False)) == []


# --- 12. change registration ----------------------------------------------------------------


def _change(**changes: object) -> ApplicationData:
    return replace(s.change(), **changes)  # type: ignore[arg-type]


REP_CHANGE = (ChangeItemData("legal_representative", "李青", "王禾"),)
ITEM_12: list[Row] = [
    ("resolution-30-days-ago", lambda: _change(resolution_date=AS_OF - timedelta(days=30)), set()),
    (
        "resolution-31-days-ago",
        lambda: _change(resolution_date=AS_OF - timedelta(days=31)),
        {("REG-CHG-3", "resolution_date", W)},
    ),
    (
        "resolution-in-future",
        lambda: _change(resolution_date=AS_OF + timedelta(days=1)),
        {("REG-CHG-2", "resolution_date", E)},
    ),
    (
        "resolution-missing",
        lambda: _change(resolution_date=None),
        {("REG-CHG-2", "resolution_date", E)},
    ),
    (
        "no-change-items",
        lambda: _change(change_items=(), materials=s.change().materials),
        {("REG-CHG-1", "change_items", E)},
    ),
    (
        "new-rep-not-signed",
        lambda: _change(change_items=REP_CHANGE, officers=(REP, SUP)),
        {("REG-CHG-4", "new_legal_rep_signed", E)},
    ),
    (
        "new-rep-signed",
        lambda: _change(change_items=REP_CHANGE, officers=(REP, SUP), new_legal_rep_signed=True),
        set(),
    ),
    (
        "new-rep-must-be-director-or-manager",
        lambda: _change(
            change_items=REP_CHANGE,
            officers=(replace(REP, is_director=False), SUP),
            new_legal_rep_signed=True,
        ),
        {("REG-OFF-2", "officers.0.is_legal_representative", E)},
    ),
    (
        "articles-amendment-missing",
        lambda: without_material(s.change(), "articles_amendment"),
        {("REG-MAT-1", "materials.articles_amendment", E)},
    ),
    (
        "resolution-material-missing",
        lambda: without_material(s.change(), "resolution"),
        {("REG-MAT-1", "materials.resolution", E)},
    ),
    (
        "capital-decrease-without-notice",
        lambda: _change(
            change_items=(ChangeItemData("capital", "500000.00", "300000.00"),),
            registered_capital=Decimal("300000.00"),
            members=(
                MemberData(
                    "李青",
                    "shareholder",
                    id_number=s.resident_id(1),
                    subscriptions=(
                        SubscriptionData(Decimal("300000.00"), "money", date(2030, 1, 1)),
                    ),
                ),
            ),
        ),
        {("REG-CHG-5", "capital_reduction_notice_on", E)},
    ),
    (
        "capital-decrease-after-45-days",
        lambda: _change(
            change_items=(ChangeItemData("capital", "500000.00", "300000.00"),),
            registered_capital=Decimal("300000.00"),
            capital_reduction_notice_on=AS_OF - timedelta(days=45),
            members=(
                MemberData(
                    "李青",
                    "shareholder",
                    id_number=s.resident_id(1),
                    subscriptions=(
                        SubscriptionData(Decimal("300000.00"), "money", date(2030, 1, 1)),
                    ),
                ),
            ),
        ),
        set(),
    ),
    (
        "unreachable-must-change-address",
        lambda: _change(
            enterprise=replace(s.registered_llc(), listed_unreachable=True),
            change_items=(ChangeItemData("scope", "", "软件开发"),),
            scope=(s.GENERAL,),
        ),
        {("REG-CHG-6", "change_items", E)},
    ),
    (
        "deregistered-enterprise",
        lambda: _change(enterprise=replace(s.registered_llc(), status="deregistered")),
        {("REG-ENT-1", "enterprise", E)},
    ),
    (
        "other-authority-without-move",
        lambda: _change(
            enterprise=replace(s.registered_llc(), authority_id=7),
            change_items=(ChangeItemData("scope", "", "软件开发"),),
            scope=(s.GENERAL,),
        ),
        {("REG-ENT-2", "authority", E)},
    ),
    (
        "move-outside-jurisdiction",
        lambda: _change(address_division_code="150207"),
        {("REG-ADDR-2", "address_division_code", E)},
    ),
    (
        "individual-business-cannot-change-members",
        lambda: _change(
            entity_type="individual_business",
            change_items=(ChangeItemData("members", "", ""),),
            members=(MemberData("李青", "operator", id_number=s.resident_id(1)),),
            materials=(MaterialData("application_form"),),
        ),
        {("REG-CHG-1", "change_items", E)},
    ),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_12), ids=_ids(ITEM_12))
def test_item_12_change_registration(build: Callable[[], ApplicationData], expected: set) -> None:
    assert _found(build()) == expected


# --- 13. simplified deregistration ------------------------------------------------------------


def _simple(
    as_of: date | None = None, phase: Phase = Phase.SUBMIT, **dereg: object
) -> ApplicationData:
    app = s.simplified_deregistration()
    assert app.deregistration is not None
    return replace(
        app,
        as_of=as_of or app.as_of,
        phase=phase,
        deregistration=replace(app.deregistration, **dereg),  # type: ignore[arg-type]
    )


def _dereg(**changes: object) -> ApplicationData:
    app = s.deregistration()
    assert app.deregistration is not None
    return replace(app, deregistration=replace(app.deregistration, **changes))  # type: ignore[arg-type]


def _barred(flag: str) -> ApplicationData:
    app = s.simplified_deregistration()
    assert app.deregistration is not None
    flags: dict[str, Any] = {flag: True}
    return replace(app, deregistration=replace(app.deregistration, **flags))


NOTICE_END = AS_OF - timedelta(days=5)
BARS = (
    "on_abnormal_list",
    "on_serious_violation_list",
    "equity_frozen_or_pledged",
    "has_chattel_mortgage",
    "has_outside_investments",
    "under_investigation",
    "in_litigation",
    "penalty_unexecuted",
    "needs_approval",
)
ITEM_13: list[Row] = [
    *[
        (
            f"bar-{flag}",
            lambda flag=flag: _barred(flag),
            {("REG-DER-6", f"deregistration.{flag}", E)},
        )
        for flag in BARS
    ],
    (
        "revoked",
        lambda: replace(_simple(), enterprise=replace(s.registered_llc(), status="revoked")),
        {("REG-DER-6", "enterprise", E)},
    ),
    (
        "debts-not-settled",
        lambda: _simple(debts_settled=False),
        {("REG-DER-7", "deregistration.debts_settled", E)},
    ),
    (
        "not-all-investors-committed",
        lambda: _simple(all_investors_committed=False),
        {("REG-DER-7", "deregistration.all_investors_committed", E)},
    ),
    (
        "notice-never-published",
        lambda: _simple(notice_start=None, notice_end=None),
        {("REG-DER-8", "deregistration.notice_start", E)},
    ),
    (
        "on-last-notice-day",
        lambda: _simple(as_of=NOTICE_END),
        {("REG-DER-8", "deregistration.notice_end", E)},
    ),
    ("day-after-notice", lambda: _simple(as_of=NOTICE_END + timedelta(days=1)), set()),
    ("last-day-of-window", lambda: _simple(as_of=NOTICE_END + timedelta(days=20)), set()),
    (
        "window-passed",
        lambda: _simple(as_of=NOTICE_END + timedelta(days=21)),
        {("REG-DER-8", "deregistration.notice_end", E)},
    ),
    ("objection-open", lambda: _simple(objections_open=1), {("REG-DER-9", "objections", E)}),
    (
        "publish-notice",
        lambda: _simple(phase=Phase.PUBLISH_NOTICE, notice_start=None, notice_end=None),
        set(),
    ),
    (
        "publish-notice-refused-when-barred",
        lambda: _simple(
            phase=Phase.PUBLISH_NOTICE, notice_start=None, notice_end=None, in_litigation=True
        ),
        {("REG-DER-6", "deregistration.in_litigation", E)},
    ),
    (
        "publish-twice",
        lambda: _simple(phase=Phase.PUBLISH_NOTICE),
        {("REG-DER-8", "deregistration.notice_start", E)},
    ),
    (
        "individual-business-no-notice",
        lambda: replace(
            _simple(notice_start=None, notice_end=None),
            entity_type="individual_business",
            materials=(MaterialData("application_form"),),
        ),
        set(),
    ),
    (
        "individual-business-cannot-publish",
        lambda: replace(
            _simple(phase=Phase.PUBLISH_NOTICE, notice_start=None, notice_end=None),
            entity_type="individual_business",
        ),
        {("REG-DER-8", "deregistration.notice_start", E)},
    ),
    (
        "ordinary-liquidation-unfinished",
        lambda: _dereg(liquidation_ended_on=None),
        {("REG-DER-3", "deregistration.liquidation_ended_on", E)},
    ),
    (
        "ordinary-late",
        lambda: _dereg(liquidation_ended_on=AS_OF - timedelta(days=31)),
        {("REG-DER-3", "deregistration.liquidation_ended_on", W)},
    ),
    (
        "ordinary-no-tax-clearance",
        lambda: _dereg(tax_cleared=False),
        {("REG-DER-2", "deregistration.tax_cleared", E)},
    ),
    (
        "ordinary-branches-first",
        lambda: _dereg(branches_deregistered=False),
        {("REG-DER-1", "deregistration.branches_deregistered", E)},
    ),
    (
        "ordinary-committee-published-late",
        lambda: _dereg(
            liquidation_committee_published_on=AS_OF - timedelta(days=74),
        ),
        {("REG-DER-4", "deregistration.liquidation_committee_published_on", W)},
    ),
    (
        "ordinary-revoked-allowed",
        lambda: replace(
            s.deregistration(), enterprise=replace(s.registered_llc(), status="revoked")
        ),
        set(),
    ),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_13), ids=_ids(ITEM_13))
def test_item_13_deregistration(build: Callable[[], ApplicationData], expected: set) -> None:
    assert _found(build()) == expected


# --- 14. companies registered before 2024-06-30 ---------------------------------------------


def _legacy(established: date, entity_type: str, **sub: object) -> ApplicationData:
    # 股份有限公司 are registered at the city (实施细则第四条).
    authority = s.BAOTOU if entity_type == "jsc" else s.KUNDULUN
    app = _change(
        entity_type=entity_type,
        authority=authority,
        enterprise=replace(s.registered_llc(established), authority_id=authority.id),
        change_items=(ChangeItemData("members", "", ""),),
        registered_capital=Decimal("500000.00"),
        members=(
            MemberData(
                "李青",
                "shareholder" if entity_type == "llc" else "promoter",
                id_number=s.resident_id(1),
                subscriptions=(SubscriptionData(Decimal("500000.00"), "money", **sub),),  # type: ignore[arg-type]
            ),
        ),
    )
    return app


ITEM_14: list[Row] = [
    (
        "llc-2019-due-2032-06-30",
        lambda: _legacy(date(2019, 5, 20), "llc", due_date=date(2032, 6, 30)),
        set(),
    ),
    (
        "llc-2019-due-2032-07-01",
        lambda: _legacy(date(2019, 5, 20), "llc", due_date=date(2032, 7, 1)),
        {("REG-CAP-8", "members.0.subscriptions.0.due_date", W)},
    ),
    (
        "llc-2024-06-29-due-2040",
        lambda: _legacy(date(2024, 6, 29), "llc", due_date=date(2040, 1, 1)),
        {("REG-CAP-8", "members.0.subscriptions.0.due_date", W)},
    ),
    (
        "llc-2024-07-01-follows-five-years",
        lambda: _legacy(date(2024, 7, 1), "llc", due_date=date(2040, 1, 1)),
        {("REG-CAP-3", "members.0.subscriptions.0.due_date", E)},
    ),
    (
        "jsc-2019-unpaid",
        lambda: _legacy(date(2019, 5, 20), "jsc", due_date=None, paid_amount=Decimal("1.00")),
        {("REG-CAP-8", "members.0.subscriptions.0.paid_amount", W)},
    ),
    (
        "jsc-2019-paid",
        lambda: _legacy(date(2019, 5, 20), "jsc", due_date=None, paid_amount=Decimal("500000.00")),
        set(),
    ),
]


@pytest.mark.parametrize(("build", "expected"), _params(ITEM_14), ids=_ids(ITEM_14))
def test_item_14_transition_for_older_companies(
    build: Callable[[], ApplicationData], expected: set
) -> None:
    assert _found(build()) == expected


@pytest.mark.parametrize(
    "build",
    [
        s.llc,
        s.jsc,
        s.partnership,
        s.individual_business,
        s.change,
        s.deregistration,
        s.simplified_deregistration,
    ],
)
def test_samples_are_clean(build: Callable[[], ApplicationData]) -> None:
    assert prereview(build()) == []
