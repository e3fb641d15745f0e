"""One row-scope rule for every register: `restrict(queryset, user, action)` (ADR 0013).

Who may do what to which rows is decided here and nowhere else:

- A **record kind** is a named group of models that share permissions ("enterprises.enterprise",
  "workforce.integrity"). Domain apps declare their kinds and models in `AppConfig.ready()` with
  `register_kind()` and `register_model()`, saying how a row reaches its unit in the org tree
  (`unit="authority"`, or several lookups for records about a person *or* a unit, or None for
  bureau-wide definitions) and, where rows belong to a user, how it reaches its owner.
- The **role table** (`hongdun.core.scope_rules.RULES`) says, per kind and role, which actions the
  role has and with what **reach**: the user's own records, their unit's subtree, the subtree of
  the bureau their unit serves (an internal office works for its bureau), or the whole bureau.
- A user's **roles** are their groups, each anchored at the user's unit, plus roles that apps derive
  from their data (a unit head is one by position, anchored at the units they head), declared with
  `register_role_source()`.

`core` imports nothing of the domain: kinds, models and derived roles reach it by registration.
Out-of-scope rows are simply absent from the queryset, so views answer 404 exactly as for a row
that does not exist; `permits()` tells the edge whether to answer 403 first.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import Promise
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from hongdun.accounts.memo import per_request
from hongdun.accounts.roles import user_roles
from hongdun.orgs.choices import UnitKind
from hongdun.orgs.models import Unit

if TYPE_CHECKING:
    from hongdun.accounts.models import User
    from hongdun.accounts.types import AnyUser

ModelT = TypeVar("ModelT", bound=models.Model)


class Action(StrEnum):
    VIEW = "view"  # lists, details, history, exports
    EDIT = "edit"  # create, change, delete, decide


class Reach(StrEnum):
    """How far a grant reaches from where the user stands in the org tree."""

    OWN = "own"  # rows the user owns (the model's owner lookup)
    UNIT = "unit"  # rows of the user's unit and every unit below it
    ANCHOR = "anchor"  # rows of the bureau the unit serves (an office → its bureau) and below
    ALL = "all"  # every row of the bureau


Grant = Mapping[Action, Reach]


@dataclass(frozen=True)
class KindSpec:
    name: str
    label: str | Promise


@dataclass(frozen=True)
class ModelScope:
    """How the rows of one model reach the org tree and their owner."""

    kind: str
    unit_lookups: tuple[str, ...] | None  # None: bureau-wide rows, seen whole by every grantee
    owner_lookup: str | None


@dataclass(frozen=True)
class HeldRole:
    """A role the user holds, anchored at units (their own unit, or the units a position gives)."""

    role: str
    unit_ids: frozenset[int]


RoleSource = Callable[["AnyUser"], Iterable[HeldRole]]

_kinds: dict[str, KindSpec] = {}
_models: dict[str, ModelScope] = {}
# Each source with the roles it can give, so that a kind no derived role reaches never runs it.
_role_sources: list[tuple[frozenset[str], RoleSource]] = []


# --- declarations (called from the domain apps' AppConfig.ready) -------------------------------


def register_kind(name: str, *, label: str | Promise) -> None:
    """Declare a record kind; `name` is "<app>.<kind>" and is what the role table refers to."""
    existing = _kinds.get(name)
    if existing is not None and existing.label != label:
        raise ImproperlyConfigured(f"Record kind {name!r} is declared twice.")
    _kinds[name] = KindSpec(name=name, label=label)


def register_model(
    model: type[models.Model],
    *,
    kind: str,
    unit: str | Sequence[str] | None,
    owner: str | None = None,
) -> None:
    """Declare that `model`'s rows belong to `kind`, reach their unit through `unit` (a lookup
    ending at a Unit foreign key; several lookups when a row is about a person *or* a unit, any
    one of which places it; None for bureau-wide rows) and their owner through `owner`."""
    if kind not in _kinds:
        raise ImproperlyConfigured(f"Register the record kind {kind!r} before {model.__name__}.")
    lookups = (unit,) if isinstance(unit, str) else (tuple(unit) if unit is not None else None)
    _models[model._meta.label_lower] = ModelScope(
        kind=kind, unit_lookups=lookups, owner_lookup=owner
    )


def register_role_source(source: RoleSource, *, provides: Iterable[str]) -> None:
    """Add roles derived from an app's data (e.g. unit heads by position) to users' roles.
    `provides` names the roles the source can give; it is asked only about kinds whose row in
    the table grants one of them."""
    entry = (frozenset(str(role) for role in provides), source)
    if entry not in _role_sources:
        _role_sources.append(entry)


def registered_kinds() -> dict[str, KindSpec]:
    return dict(_kinds)


def registered_models() -> dict[str, ModelScope]:
    return dict(_models)


def model_scope(model: type[models.Model] | models.Model) -> ModelScope:
    try:
        return _models[model._meta.label_lower]
    except KeyError as error:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no record kind: call register_model() in its app's ready()."
        ) from error


def kind_of(model: type[models.Model] | models.Model) -> str:
    return model_scope(model).kind


# --- who the user is ----------------------------------------------------------------------------


def _is_signed_in(user: "AnyUser | None") -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def held_roles(
    user: "AnyUser | None", *, among: Iterable[str] | None = None
) -> tuple[HeldRole, ...]:
    """The user's roles: their groups anchored at their unit, and the derived roles of every
    source that can give one of `among` (all sources when None)."""
    if user is None or not _is_signed_in(user):
        return ()
    unit_id = getattr(user, "unit_id", None)
    anchors = frozenset({unit_id}) if unit_id is not None else frozenset()
    held = [HeldRole(role=str(role), unit_ids=anchors) for role in sorted(user_roles(user))]
    wanted = None if among is None else frozenset(str(role) for role in among)
    for index, (provides, source) in enumerate(_role_sources):
        if wanted is not None and not provides & wanted:
            continue
        held.extend(per_request(("scope.derived", user.pk, index), partial(_derive, source, user)))
    return tuple(held)


def _derive(source: RoleSource, user: "AnyUser") -> tuple[HeldRole, ...]:
    return tuple(source(user))


def anchor_unit(unit: Unit | None) -> Unit | None:
    """The unit whose subtree a member of staff works for; an internal office (内设机构) works
    for the bureau it belongs to."""
    while unit is not None and unit.kind == UnitKind.OFFICE and unit.parent_id is not None:
        unit = unit.parent
    return unit


def _subtree_ids(user: "AnyUser", anchors: frozenset[int], *, lift_offices: bool) -> frozenset[int]:
    """The units below the anchors (or below the bureaus they serve), read once per request."""

    def read() -> frozenset[int]:
        unit_id = getattr(user, "unit_id", None)
        roots: list[Unit | None]
        if unit_id is not None and anchors == {unit_id}:
            # The user's own unit, through the foreign key: the page's header reads it too.
            roots = [cast("User", user).unit]  # only signed-in users have anchors
        else:
            roots = list(Unit.objects.filter(pk__in=sorted(anchors)).select_related("parent"))
        ids: set[int] = set()
        for unit in roots:
            root = anchor_unit(unit) if lift_offices else unit
            if root is not None:
                ids.update(
                    Unit.objects.descendants(root, include_self=True).values_list("pk", flat=True)
                )
        return frozenset(ids)

    if not anchors:
        return frozenset()
    return per_request(("scope.subtree", anchors, lift_offices), read)


@dataclass(frozen=True)
class Reachable:
    """What one user may reach for one kind and action."""

    permitted: bool  # some role grants the action at all (otherwise: 403 at the edge)
    everything: bool  # Reach.ALL: every row
    unit_ids: frozenset[int]  # units in reach (UNIT, ANCHOR)
    by_unit: bool  # some grant reaches by unit (bureau-wide rows are then seen whole)
    own: bool  # Reach.OWN: the user's own rows


NOTHING = Reachable(False, False, frozenset(), False, False)


def _grants(
    user: "AnyUser | None", kind: str, action: Action
) -> tuple[tuple[Reach, frozenset[int]], ...]:
    """The reaches the user's roles grant for `kind` and `action`, each with its anchor units."""
    if user is None or not _is_signed_in(user):
        return ()
    from hongdun.core.scope_rules import RULES

    if kind not in _kinds:
        raise ImproperlyConfigured(f"Unknown record kind {kind!r}.")
    row = RULES.get(kind, {})
    found = []
    for held in held_roles(user, among=row):
        reach = row.get(held.role, {}).get(action)
        if reach is not None:
            found.append((reach, held.unit_ids))
    return tuple(found)


def reachable(user: "AnyUser | None", kind: str, action: Action = Action.VIEW) -> Reachable:
    """What `user` may reach for `kind` and `action`, from the role table."""
    grants = _grants(user, kind, action)
    if user is None or not grants:
        return NOTHING
    unit_ids: set[int] = set()
    for reach, anchors in grants:
        if reach in (Reach.UNIT, Reach.ANCHOR):
            unit_ids |= _subtree_ids(user, anchors, lift_offices=reach == Reach.ANCHOR)
    return Reachable(
        permitted=True,
        everything=any(reach == Reach.ALL for reach, _ in grants),
        unit_ids=frozenset(unit_ids),
        by_unit=any(reach in (Reach.UNIT, Reach.ANCHOR) for reach, _ in grants),
        own=any(reach == Reach.OWN for reach, _ in grants),
    )


# --- the primitive -----------------------------------------------------------------------------


def permits(user: "AnyUser | None", kind: str, action: Action = Action.VIEW) -> bool:
    """Whether any of the user's roles grants `action` on `kind` at all (the 403 question);
    reads no units, so menus may ask it for every kind."""
    return bool(_grants(user, kind, action))


def reach_condition(
    model: type[models.Model], user: "AnyUser | None", action: Action = Action.VIEW
) -> Q | None:
    """The filter keeping the rows of `model` the user may act on; None means every row.
    A user with no grant gets a condition that matches nothing."""
    spec = model_scope(model)
    reach = reachable(user, spec.kind, action)
    if not reach.permitted:
        return Q(pk__in=[])
    if reach.everything or (reach.by_unit and spec.unit_lookups is None):
        return None
    condition = Q(pk__in=[])
    by_unit = unit_condition(model, sorted(reach.unit_ids)) if reach.by_unit else None
    if by_unit is not None:
        condition |= by_unit
    if reach.own and spec.owner_lookup is not None and user is not None:
        condition |= Q(**{spec.owner_lookup: user.pk})
    return condition


def restrict(
    queryset: QuerySet[ModelT], user: "AnyUser | None", action: Action = Action.VIEW
) -> QuerySet[ModelT]:
    """The rows of `queryset` that `user` may `action`: none without a grant, else those within
    the grant's reach. Rows out of reach are absent, so a lookup by id answers 404 for them."""
    if not permits(user, kind_of(queryset.model), action):
        return queryset.none()
    condition = reach_condition(queryset.model, user, action)
    return queryset if condition is None else queryset.filter(condition)


def unit_condition(model: type[models.Model], unit_ids: Iterable[int]) -> Q | None:
    """A filter keeping the rows of `model` placed at one of `unit_ids` through the model's
    declared unit lookups (for "this unit's subtree" filters); None for bureau-wide rows."""
    lookups = model_scope(model).unit_lookups
    if lookups is None:
        return None
    ids = list(unit_ids)
    condition = Q(pk__in=[])
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__in": ids})
    return condition


def unit_ids_in_reach(
    user: "AnyUser | None", kind: str, action: Action = Action.VIEW
) -> frozenset[int] | None:
    """The units whose rows of `kind` the user may `action`; None means every unit."""
    reach = reachable(user, kind, action)
    if reach.everything:
        return None
    return reach.unit_ids


def units_in_reach(
    user: "AnyUser | None", kind: str, action: Action = Action.VIEW
) -> QuerySet[Unit]:
    """The same units as a queryset in tree order, for choice fields and filters."""
    ids = unit_ids_in_reach(user, kind, action)
    units = Unit.objects.order_by("ordering_key", "code")
    return units if ids is None else units.filter(pk__in=ids)


def unit_in_reach(
    user: "AnyUser | None", kind: str, unit_id: int | None, action: Action = Action.VIEW
) -> bool:
    """May the user `action` a record of `kind` placed at this unit? (For rows not yet saved,
    and for decisions about one authority.) A record with no unit needs only the grant."""
    reach = reachable(user, kind, action)
    if not reach.permitted:
        return False
    if unit_id is None or reach.everything:
        return True
    return unit_id in reach.unit_ids


def instance_in_reach(
    user: "AnyUser | None",
    instance: models.Model,
    action: Action = Action.VIEW,
    *,
    unplaced: bool = False,
) -> bool:
    """May the user `action` this one record? The same rule as `restrict`, read from the
    instance's own foreign keys, so it also answers for a record about to be saved. `unplaced` is
    the answer for a record whose unit is not filled in yet (a service that validates required
    fields afterwards passes True, so the user hears "required", not "out of scope")."""
    spec = model_scope(instance)
    reach = reachable(user, spec.kind, action)
    if not reach.permitted:
        return False
    if reach.everything:
        return True
    owned = reach.own and spec.owner_lookup is not None and user is not None
    if owned and _follow(instance, spec.owner_lookup or "") == getattr(user, "pk", None):
        return True
    if not reach.by_unit:
        return False
    if spec.unit_lookups is None:
        return True
    placed = [_follow(instance, lookup) for lookup in spec.unit_lookups]
    placed_ids = [unit_id for unit_id in placed if unit_id is not None]
    if not placed_ids:
        return unplaced
    return any(unit_id in reach.unit_ids for unit_id in placed_ids)


def _follow(instance: models.Model, lookup: str) -> object:
    """The id at the end of `lookup` ("person__unit" → instance.person.unit_id), or None."""
    target: object = instance
    *path, last = lookup.split("__")
    for part in path:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


# --- the edge: 403 before the rows -------------------------------------------------------------


class ScopeRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; users whose roles grant no `scope_action` on
    `scope_kind` get 403. Rows out of reach are then absent (404) through `restrict`."""

    scope_kind: str = ""
    scope_action: Action = Action.VIEW

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permits(request.user, self.scope_kind, self.scope_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class HasScope(BasePermission):
    """DRF permission: the user's roles grant the view's `scope_action` (default view) on its
    `scope_kind`. Anonymous users are refused like any other user without a grant."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        kind: str = getattr(view, "scope_kind", "")
        action: Action = getattr(view, "scope_action", Action.VIEW)
        return permits(request.user, kind, action)
