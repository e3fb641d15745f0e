"""Who may read and edit which workforce records, for which units, and who sees personal data.

The one place these rules live (ADR 0007); views, figures, Excel import/export and the API call it.

- Roles are groups (accounts.roles). The rule table `RULES` says which actions a role has on each
  kind of record; everything else is refused.
- Row scope: staff of a role see the subtree of their *anchor unit*: their own unit, or, when
  they sit in an internal office (内设机构, e.g. the city bureau's 政工科), the bureau that
  office belongs to, because the personnel and discipline offices serve the whole bureau,
  not only themselves.
- Unit heads are not a role: a person whose login is linked to a workforce `Person` holding an open
  position flagged `is_unit_head` (单位主要负责人) reads the non-integrity records of that unit's
  subtree, read-only, with personal data masked.
- Personal data (ID numbers, phones, family members) is shown to the personnel office only.
- Integrity records (pillar 4): the discipline office alone edits them and reads them in full;
  leaders read them with the confidential texts (findings, ratings' raters and comments,
  supervisors' feedback) withheld, so they see counts, votes and results but not who said what.
"""

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.roles import Role, user_roles
from hongdun.orgs.choices import UnitKind
from hongdun.orgs.models import Unit

ModelT = TypeVar("ModelT", bound=models.Model)


class RecordKind(StrEnum):
    PEOPLE = "people"  # cadre records, posts, quotas, reserve pools
    FAMILY = "family"  # family members: personal data through and through
    LEADERSHIP = "leadership"  # pillar 1
    LEARNING = "learning"  # pillar 2
    CIVIC = "civic"  # pillar 3
    INTEGRITY = "integrity"  # pillar 4
    CULTURE = "culture"  # pillar 5
    FIGURES = "figures"  # overview pages, snapshots, report drafts
    IMPORTS = "imports"  # Excel import jobs


KIND_LABELS: dict[RecordKind, Any] = {
    RecordKind.PEOPLE: _("干部队伍"),
    RecordKind.FAMILY: _("家庭成员"),
    RecordKind.LEADERSHIP: _("领导班子建设"),
    RecordKind.LEARNING: _("学习培训"),
    RecordKind.CIVIC: _("精神文明建设"),
    RecordKind.INTEGRITY: _("党风廉政建设"),
    RecordKind.CULTURE: _("工商文化建设"),
    RecordKind.FIGURES: _("统计"),
    RecordKind.IMPORTS: _("导入导出"),
}


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # create, change and delete


UNIT_HEAD = "unit_head"  # not a Role: derived from the user's positions (see headed_unit_ids)

_READ = frozenset({Action.VIEW})
_EDIT = frozenset({Action.VIEW, Action.EDIT})
_NONE: frozenset[Action] = frozenset()

# (role, kind) -> actions. Absent pairs grant nothing. Read the module docstring for the why.
RULES: dict[tuple[str, RecordKind], frozenset[Action]] = {
    # The personnel office (政工) keeps the people and learning records, and the records of the
    # leadership, civic-virtue and culture pillars, which it organises in such bureaus.
    (Role.PERSONNEL, RecordKind.PEOPLE): _EDIT,
    (Role.PERSONNEL, RecordKind.FAMILY): _EDIT,
    (Role.PERSONNEL, RecordKind.LEADERSHIP): _EDIT,
    (Role.PERSONNEL, RecordKind.LEARNING): _EDIT,
    (Role.PERSONNEL, RecordKind.CIVIC): _EDIT,
    (Role.PERSONNEL, RecordKind.CULTURE): _EDIT,
    (Role.PERSONNEL, RecordKind.FIGURES): _EDIT,
    (Role.PERSONNEL, RecordKind.IMPORTS): _EDIT,
    # The discipline office (纪检) alone edits integrity records; it reads the others to pick the
    # people and units its records are about.
    (Role.DISCIPLINE, RecordKind.INTEGRITY): _EDIT,
    (Role.DISCIPLINE, RecordKind.PEOPLE): _READ,
    (Role.DISCIPLINE, RecordKind.LEADERSHIP): _READ,
    (Role.DISCIPLINE, RecordKind.LEARNING): _READ,
    (Role.DISCIPLINE, RecordKind.CIVIC): _READ,
    (Role.DISCIPLINE, RecordKind.CULTURE): _READ,
    (Role.DISCIPLINE, RecordKind.FIGURES): _READ,
    (Role.DISCIPLINE, RecordKind.IMPORTS): _EDIT,  # imports of integrity data (evaluations)
    # Leaders read everything except personal data (family records are nothing but that).
    (Role.LEADER, RecordKind.PEOPLE): _READ,
    (Role.LEADER, RecordKind.LEADERSHIP): _READ,
    (Role.LEADER, RecordKind.LEARNING): _READ,
    (Role.LEADER, RecordKind.CIVIC): _READ,
    (Role.LEADER, RecordKind.INTEGRITY): _READ,
    (Role.LEADER, RecordKind.CULTURE): _READ,
    (Role.LEADER, RecordKind.FIGURES): _READ,
    # Unit heads read their subtree's non-integrity records and figures.
    (UNIT_HEAD, RecordKind.PEOPLE): _READ,
    (UNIT_HEAD, RecordKind.LEADERSHIP): _READ,
    (UNIT_HEAD, RecordKind.LEARNING): _READ,
    (UNIT_HEAD, RecordKind.CIVIC): _READ,
    (UNIT_HEAD, RecordKind.CULTURE): _READ,
    (UNIT_HEAD, RecordKind.FIGURES): _READ,
}

# Roles whose scope is their anchor unit's subtree (administrators are not among them: they
# repair data in Django admin, not in the workforce pages).
WORKFORCE_ROLES = frozenset({Role.PERSONNEL, Role.DISCIPLINE, Role.LEADER})

PERSONAL_DATA_READERS = frozenset({Role.PERSONNEL})
INTEGRITY_DETAIL_READERS = frozenset({Role.DISCIPLINE})


# --- who the user is ---------------------------------------------------------------------------


def anchor_unit(unit: Unit | None) -> Unit | None:
    """The unit whose subtree a member of staff works for; an office works for its bureau."""
    while unit is not None and unit.kind == UnitKind.OFFICE and unit.parent_id is not None:
        unit = unit.parent
    return unit


def headed_unit_ids(user: Any, on: date | None = None) -> frozenset[int]:
    """Units the user heads on `on` (default today), through their workforce record's positions."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    on = on or timezone.localdate()
    cache_key = f"_wf_headed_{on.isoformat()}"
    cached: frozenset[int] | None = getattr(user, cache_key, None)
    if cached is not None:
        return cached
    from hongdun.workforce.models import PositionRecord

    ids = frozenset(
        PositionRecord.objects.filter(person__user=user, is_unit_head=True, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("unit_id", flat=True)
    )
    setattr(user, cache_key, ids)
    return ids


def effective_roles(user: Any) -> frozenset[str]:
    """The user's roles relevant here, plus UNIT_HEAD when they head a unit today."""
    roles = frozenset(user_roles(user) & WORKFORCE_ROLES)
    if headed_unit_ids(user):
        roles = roles | {UNIT_HEAD}
    return roles


def allowed_actions(user: Any, kind: RecordKind) -> frozenset[Action]:
    actions: set[Action] = set()
    for role in effective_roles(user):
        actions |= RULES.get((role, kind), _NONE)
    return frozenset(actions)


def can_view(user: Any, kind: RecordKind) -> bool:
    return Action.VIEW in allowed_actions(user, kind)


def can_edit(user: Any, kind: RecordKind) -> bool:
    return Action.EDIT in allowed_actions(user, kind)


def can_use_workforce(user: Any) -> bool:
    """Whether the user sees the workforce menu at all."""
    return any(can_view(user, kind) for kind in RecordKind)


def can_see_personal_data(user: Any) -> bool:
    """ID numbers, phones and family members: the personnel office only."""
    return bool(user_roles(user) & PERSONAL_DATA_READERS)


def can_see_integrity_details(user: Any) -> bool:
    """The confidential texts of integrity records: the discipline office only."""
    return bool(user_roles(user) & INTEGRITY_DETAIL_READERS)


# --- which units ---------------------------------------------------------------------------


def _subtree_ids(units: Iterable[Unit]) -> set[int]:
    ids: set[int] = set()
    for unit in units:
        ids.update(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))
    return ids


def _role_unit_ids(user: Any, kind: RecordKind, action: Action) -> set[int]:
    roles = user_roles(user) & WORKFORCE_ROLES
    if not any(action in RULES.get((role, kind), _NONE) for role in roles):
        return set()
    anchor = anchor_unit(getattr(user, "unit", None))
    return _subtree_ids([anchor]) if anchor is not None else set()


def visible_unit_ids(
    user: Any, kind: RecordKind = RecordKind.PEOPLE, action: Action = Action.VIEW
) -> frozenset[int]:
    """Ids of the units whose records of `kind` the user may act on; empty means none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[tuple[str, str], frozenset[int]] = user.__dict__.setdefault("_wf_scope", {})
    key = (str(kind), str(action))
    if key in cache:
        return cache[key]
    ids = _role_unit_ids(user, kind, action)
    if action in RULES.get((UNIT_HEAD, kind), _NONE):
        headed = headed_unit_ids(user)
        if headed:
            ids |= _subtree_ids(Unit.objects.filter(pk__in=headed))
    cache[key] = frozenset(ids)
    return cache[key]


def visible_units(user: Any, kind: RecordKind = RecordKind.PEOPLE) -> QuerySet[Unit]:
    """The units the user may read records of `kind` for, in tree order."""
    return Unit.objects.filter(pk__in=visible_unit_ids(user, kind)).order_by("ordering_key", "code")


# --- records -------------------------------------------------------------------------------------

# model label -> (kind, path to the unit that scopes its rows, or None for bureau-wide records such
# as exam sittings or evaluation rounds, which every reader of the kind sees).
MODEL_SCOPE: dict[str, tuple[RecordKind, str | None]] = {
    "person": (RecordKind.PEOPLE, "unit"),
    "unitmembership": (RecordKind.PEOPLE, "person__unit"),
    "familymember": (RecordKind.FAMILY, "person__unit"),
    "educationrecord": (RecordKind.PEOPLE, "person__unit"),
    "rankrecord": (RecordKind.PEOPLE, "person__unit"),
    "positionrecord": (RecordKind.PEOPLE, "person__unit"),
    "grassrootsexperience": (RecordKind.PEOPLE, "person__unit"),
    "post": (RecordKind.PEOPLE, "unit"),
    "postquota": (RecordKind.PEOPLE, "unit"),
    "reservepool": (RecordKind.PEOPLE, "unit"),
    "poolmembership": (RecordKind.PEOPLE, "person__unit"),
    "leadershipteam": (RecordKind.LEADERSHIP, "unit"),
    "teammembership": (RecordKind.LEADERSHIP, "team__unit"),
    "teamtarget": (RecordKind.LEADERSHIP, None),
    "supervisoryvisit": (RecordKind.LEADERSHIP, "unit"),
    "supervisoryfinding": (RecordKind.LEADERSHIP, "visit__unit"),
    "rotationcycle": (RecordKind.LEADERSHIP, None),
    "rotationcompletion": (RecordKind.LEADERSHIP, "person__unit"),
    "litigationcase": (RecordKind.LEADERSHIP, "unit"),
    "trainingplan": (RecordKind.LEARNING, "unit"),
    "trainingclass": (RecordKind.LEARNING, "organiser"),
    "trainingsession": (RecordKind.LEARNING, "training_class__organiser"),
    "attendance": (RecordKind.LEARNING, "unit"),
    # Derived from attendance for the figures (ADR 0011); no page of its own, never edited.
    "persontime": (RecordKind.LEARNING, "unit"),
    "persontimetotal": (RecordKind.LEARNING, "training_class__organiser"),
    "studyseries": (RecordKind.LEARNING, "unit"),
    "studysession": (RecordKind.LEARNING, "series__unit"),
    "studyattendance": (RecordKind.LEARNING, "unit"),
    "externalexam": (RecordKind.LEARNING, None),
    "examresult": (RecordKind.LEARNING, "unit"),
    "competition": (RecordKind.LEARNING, None),
    "competitionentry": (RecordKind.LEARNING, None),  # person or unit: see _subject_scope
    "honour": (RecordKind.CIVIC, None),  # person or unit
    "disclosureentry": (RecordKind.CIVIC, "unit"),
    "responsibilityletter": (RecordKind.INTEGRITY, "unit"),
    "dutyreport": (RecordKind.INTEGRITY, "unit"),
    "dutyreportrating": (RecordKind.INTEGRITY, "report__unit"),
    "supervisionrecord": (RecordKind.INTEGRITY, "unit"),
    "integritysupervisor": (RecordKind.INTEGRITY, "unit"),
    "supervisorfeedback": (RecordKind.INTEGRITY, "unit"),
    "evaluationround": (RecordKind.INTEGRITY, None),
    "evaluationresult": (RecordKind.INTEGRITY, "unit"),
    "commendation": (RecordKind.INTEGRITY, None),  # person or unit
    "cultureactivity": (RecordKind.CULTURE, "organiser"),
    "activityparticipant": (RecordKind.CULTURE, None),  # person or unit
    "pairingproject": (RecordKind.CULTURE, "supporting_unit"),
    "pairingvisit": (RecordKind.CULTURE, "project__supporting_unit"),
    "pairingfund": (RecordKind.CULTURE, "project__supporting_unit"),
    "pairingoutcome": (RecordKind.CULTURE, "project__supporting_unit"),
    "donationcampaign": (RecordKind.CULTURE, "organiser"),
    "donation": (RecordKind.CULTURE, "unit"),
    "figuresnapshot": (RecordKind.FIGURES, "unit"),
}

# Records about a person *or* a unit (two nullable FKs): scoped by whichever is set.
SUBJECT_SCOPED = frozenset({"competitionentry", "honour", "commendation", "activityparticipant"})


def kind_of(model: type[models.Model] | models.Model) -> RecordKind:
    return MODEL_SCOPE[model._meta.model_name or ""][0]


def unit_q(model: type[models.Model], unit_ids: Iterable[int]) -> Q | None:
    """A filter keeping the rows of `model` that belong to `unit_ids`; None if not unit-scoped."""
    name = model._meta.model_name or ""
    ids = list(unit_ids)
    if name in SUBJECT_SCOPED:
        return Q(unit_id__in=ids) | Q(person__unit_id__in=ids)
    path = MODEL_SCOPE[name][1]
    if path is None:
        return None
    return Q(**{f"{path}__in": ids})


def scope_queryset(
    queryset: QuerySet[ModelT], user: Any, action: Action = Action.VIEW
) -> QuerySet[ModelT]:
    """The rows of `queryset` the user may act on: none without the kind's permission, otherwise
    those of the units in scope (bureau-wide records stay whole)."""
    model = queryset.model
    kind = kind_of(model)
    if action not in allowed_actions(user, kind):
        return queryset.none()
    condition = unit_q(model, visible_unit_ids(user, kind, action))
    return queryset if condition is None else queryset.filter(condition)


def can_act_on(user: Any, instance: models.Model, action: Action = Action.VIEW) -> bool:
    """Whether the user may `action` this one record (same rules as scope_queryset)."""
    if instance.pk is None:
        return can_edit(user, kind_of(instance)) if action == Action.EDIT else False
    model = type(instance)
    return scope_queryset(model._default_manager.filter(pk=instance.pk), user, action).exists()


def unit_in_scope(user: Any, unit: Unit | int | None, kind: RecordKind, action: Action) -> bool:
    """For forms: may the user file a record of `kind` under this unit?"""
    if unit is None:
        return can_edit(user, kind) if action == Action.EDIT else can_view(user, kind)
    unit_id = unit if isinstance(unit, int) else unit.pk
    return unit_id in visible_unit_ids(user, kind, action)


# --- personal data and confidential texts --------------------------------------------------------

# model -> fields that are personal data (families are personal data entirely: RecordKind.FAMILY).
# The phones of invited integrity supervisors are the discipline office's (see below).
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "person": frozenset({"id_number", "phone"}),
}

# model -> texts only the discipline office reads (leaders see the rest of the record).
INTEGRITY_CONFIDENTIAL_FIELDS: dict[str, frozenset[str]] = {
    "responsibilityletter": frozenset({"content"}),
    "dutyreport": frozenset({"summary"}),
    "dutyreportrating": frozenset({"rater_label", "rater_organisation", "comment"}),
    "supervisionrecord": frozenset({"findings", "rectification", "person"}),
    "integritysupervisor": frozenset({"phone"}),
    "supervisorfeedback": frozenset({"content", "response"}),
    "commendation": frozenset({"deeds"}),
}

MASK = "******"


def mask_id_number(value: str) -> str:
    """Keep the region (first 6) and the last 4 characters: enough to tell records apart."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def hidden_fields(user: Any, model: type[models.Model] | models.Model) -> frozenset[str]:
    """Fields of `model` the user must not see (their values are replaced by a mask)."""
    name = model._meta.model_name or ""
    hidden: set[str] = set()
    if not can_see_personal_data(user):
        hidden |= PERSONAL_FIELDS.get(name, frozenset())
    if not can_see_integrity_details(user):
        hidden |= INTEGRITY_CONFIDENTIAL_FIELDS.get(name, frozenset())
    return frozenset(hidden)


def display_value(user: Any, instance: models.Model, field: str, value: Any) -> Any:
    """`value` of `field` as the user may see it: masked when hidden from them."""
    if field not in hidden_fields(user, instance):
        return value
    if value in (None, ""):
        return value
    if field == "id_number":
        return mask_id_number(str(value))
    if field == "phone":
        return mask_phone(str(value))
    return MASK
