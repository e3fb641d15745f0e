"""The scope rule on platform models only: a test kind over users (placed at their unit) and one
over audit entries (owned by their actor, bureau-wide), with a test row in the role table.

The domain registers' own rows are tested in their apps (who sees which enterprise, application,
question or workforce record)."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hongdun.accounts.memo import request_memo
from hongdun.accounts.models import User
from hongdun.accounts.roles import DerivedRole, Role
from hongdun.core import scope, scope_rules
from hongdun.core.checks import check_scope_table
from hongdun.core.models import AuditLog
from hongdun.core.scope import (
    Action,
    HeldRole,
    Reach,
    instance_in_reach,
    permits,
    restrict,
    unit_condition,
    unit_ids_in_reach,
    unit_in_reach,
    units_in_reach,
)
from hongdun.orgs.choices import UnitKind
from hongdun.orgs.models import Unit

pytestmark = pytest.mark.django_db

MEMBERS = "test.members"
LOG = "test.log"
VIEW, EDIT = Action.VIEW, Action.EDIT

# The test rows: each reach once, and a read-only grant beside an editing one.
TEST_RULES: dict[str, dict[str, dict[Action, Reach]]] = {
    MEMBERS: {
        Role.REGISTRAR: {VIEW: Reach.UNIT, EDIT: Reach.UNIT},
        Role.PERSONNEL: {VIEW: Reach.ANCHOR},
        Role.LEADER: {VIEW: Reach.ALL},
        DerivedRole.UNIT_HEAD: {VIEW: Reach.UNIT},
    },
    LOG: {
        Role.APPLICANT: {VIEW: Reach.OWN},
        Role.SUPERVISOR: {VIEW: Reach.UNIT},
    },
}


@pytest.fixture
def tree() -> dict[str, Unit]:
    """city ─┬─ office (内设机构)
    ├─ county ── station
    └─ other"""
    city = Unit.objects.create(code="city", name="市局", kind=UnitKind.CITY_BUREAU)
    units = {"city": city}
    units["office"] = Unit.objects.create(
        code="office", name="政工科", kind=UnitKind.OFFICE, parent=city
    )
    units["county"] = Unit.objects.create(
        code="county", name="县局", kind=UnitKind.COUNTY_BUREAU, parent=city
    )
    units["station"] = Unit.objects.create(
        code="station", name="所", kind=UnitKind.STATION, parent=units["county"]
    )
    units["other"] = Unit.objects.create(
        code="other", name="另一县局", kind=UnitKind.COUNTY_BUREAU, parent=city
    )
    return units


@pytest.fixture
def test_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(scope._kinds, MEMBERS, scope.KindSpec(MEMBERS, "members"))
    monkeypatch.setitem(scope._kinds, LOG, scope.KindSpec(LOG, "log"))
    monkeypatch.setitem(scope._models, "accounts.user", scope.ModelScope(MEMBERS, ("unit",), None))
    monkeypatch.setitem(scope._models, "core.auditlog", scope.ModelScope(LOG, None, "actor"))
    monkeypatch.setattr(scope_rules, "RULES", {**scope_rules.RULES, **TEST_RULES})


@pytest.fixture
def person(tree: dict[str, Unit]) -> Callable[..., User]:
    counter = iter(range(1000))

    def make(role: str | None, unit: str | None) -> User:
        user = User.objects.create_user(
            username=f"u{next(counter)}", unit=tree[unit] if unit else None
        )
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make


def _names(queryset: object) -> set[str]:
    return {u.unit.code if u.unit else "-" for u in queryset}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("role", "unit", "action", "sees"),
    [
        # UNIT: the user's unit and below.
        (Role.REGISTRAR, "county", VIEW, {"county", "station"}),
        (Role.REGISTRAR, "county", EDIT, {"county", "station"}),
        (Role.REGISTRAR, "station", VIEW, {"station"}),
        # ANCHOR: an office works for its bureau; anyone else for their own unit.
        (Role.PERSONNEL, "office", VIEW, {"city", "office", "county", "station", "other"}),
        (Role.PERSONNEL, "county", VIEW, {"county", "station"}),
        (Role.PERSONNEL, "office", EDIT, set()),  # a read grant is not an edit grant
        # ALL: every row, units or none.
        (Role.LEADER, "station", VIEW, {"city", "office", "county", "station", "other", "-"}),
        # No row for the role, no role, no unit: nothing.
        (Role.DISCIPLINE, "city", VIEW, set()),
        (None, "city", VIEW, set()),
        (Role.REGISTRAR, None, VIEW, set()),
    ],
)
def test_reach_by_role_table(test_kinds, tree, person, role, unit, action, sees):
    for code in tree:
        person(None, code)  # one member placed at every unit
    person(None, None)  # and one at none
    user = person(role, unit)
    visible = restrict(User.objects.exclude(pk=user.pk).select_related("unit"), user, action)
    assert _names(visible) == sees
    assert permits(user, MEMBERS, action) is (
        role is not None and action in TEST_RULES[MEMBERS].get(role, {})
    )


def test_anonymous_and_missing_users_reach_nothing(test_kinds, tree, person):
    person(None, "city")
    for nobody in (AnonymousUser(), None):
        assert not restrict(User.objects.all(), nobody).exists()
        assert not permits(nobody, MEMBERS)
        assert unit_ids_in_reach(nobody, MEMBERS) == frozenset()


def test_own_reach_keeps_the_users_own_rows_and_bureau_wide_models_stay_whole(
    test_kinds, tree, person
):
    applicant, other = person(Role.APPLICANT, None), person(Role.APPLICANT, None)
    mine = AuditLog.objects.create(actor=applicant, action="a", object_type="t", object_id="1")
    theirs = AuditLog.objects.create(actor=other, action="a", object_type="t", object_id="2")
    assert list(restrict(AuditLog.objects.all(), applicant)) == [mine]
    assert instance_in_reach(applicant, mine)
    assert not instance_in_reach(applicant, theirs)
    # A unit reach on a model declared bureau-wide (no unit lookup) sees every row.
    supervisor = person(Role.SUPERVISOR, "station")
    assert set(restrict(AuditLog.objects.all(), supervisor)) == {mine, theirs}
    assert unit_condition(AuditLog, [tree["city"].pk]) is None


def test_derived_roles_are_anchored_where_their_source_says(test_kinds, tree, person, monkeypatch):
    head = person(None, "city")
    assert not permits(head, MEMBERS)
    county = tree["county"].pk

    def heads_the_county(user: object) -> list[HeldRole]:
        return [HeldRole(DerivedRole.UNIT_HEAD, frozenset({county}))] if user == head else []

    monkeypatch.setattr(
        scope, "_role_sources", [(frozenset({DerivedRole.UNIT_HEAD}), heads_the_county)]
    )
    placed = person(None, "station")
    elsewhere = person(None, "other")
    visible = set(restrict(User.objects.all(), head))
    assert placed in visible
    assert elsewhere not in visible
    assert not permits(head, MEMBERS, EDIT)


def test_unit_helpers_agree_with_restrict(test_kinds, tree, person):
    registrar = person(Role.REGISTRAR, "county")
    expected = {tree["county"].pk, tree["station"].pk}
    assert unit_ids_in_reach(registrar, MEMBERS) == expected
    assert [u.code for u in units_in_reach(registrar, MEMBERS)] == ["county", "station"]
    assert unit_in_reach(registrar, MEMBERS, tree["station"].pk, EDIT)
    assert not unit_in_reach(registrar, MEMBERS, tree["other"].pk, EDIT)
    assert unit_ids_in_reach(person(Role.LEADER, "other"), MEMBERS) is None  # everything
    # An unsaved record is judged by the unit it is about to be placed at.
    assert instance_in_reach(registrar, User(unit=tree["station"]), EDIT)
    assert not instance_in_reach(registrar, User(unit=tree["other"]), EDIT)
    assert not instance_in_reach(registrar, User(), EDIT)
    assert instance_in_reach(registrar, User(), EDIT, unplaced=True)
    assert not instance_in_reach(person(None, "county"), User(), EDIT, unplaced=True)


def test_an_undeclared_model_is_a_configuration_error(test_kinds, person):
    with pytest.raises(ImproperlyConfigured):
        restrict(Group.objects.all(), person(Role.LEADER, "city"))
    with pytest.raises(ImproperlyConfigured):
        scope.register_model(Group, kind="nobody.declared.this", unit=None)


def test_the_memo_lasts_one_request_and_outside_requests_reads_afresh(test_kinds, tree, person):
    user = person(Role.REGISTRAR, "county")
    with request_memo():
        restrict(User.objects.all(), user)
        with CaptureQueriesContext(connection) as again:
            unit_ids_in_reach(user, MEMBERS)
        assert len(again.captured_queries) == 0
    user.groups.clear()
    # No memo outside a request: the change of groups is seen at once.
    assert not permits(user, MEMBERS)


def test_the_system_check_holds_table_and_declarations_together(monkeypatch):
    assert check_scope_table() == []
    broken = {
        **scope_rules.RULES,
        "nowhere.kind": {Role.REGISTRAR: {VIEW: Reach.UNIT}},
        "enterprises.enterprise": {"no-such-role": {VIEW: Reach.ALL}},
    }
    monkeypatch.setattr(scope_rules, "RULES", broken)
    monkeypatch.setitem(scope._kinds, "orphan.kind", scope.KindSpec("orphan.kind", "orphan"))
    monkeypatch.setitem(
        scope._models, "core.auditlog", scope.ModelScope("orphan.kind", ("object_type",), None)
    )
    ids = sorted(str(message.id) for message in check_scope_table())
    assert ids == ["core.E013", "core.E014", "core.E015", "core.E016"]
