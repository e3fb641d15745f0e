"""Who may read and edit which workforce records, for which units, and who sees personal data.

The workforce's part of the one scope rule (ADR 0007, ADR 0013): this module declares the record
kinds and which unit scopes each model's rows (`MODEL_SCOPE`, registered with `hongdun.core.scope`
by `declare_scope()` from the app's `ready()`), and derives the unit-head role from positions. The
role × kind table itself is `hongdun.core.scope_rules.RULES`; views, figures, Excel import/export
and the API ask `hongdun.core.scope` (`permits`, `restrict`, `units_in_reach`, ...).

- Row scope: staff of a role see the subtree of their *anchor unit*: their own unit, or, when
  they sit in an internal office (内设机构, e.g. the city bureau's 政工科), the bureau that
  office belongs to, because the personnel and discipline offices serve the whole bureau,
  not only themselves (reach ANCHOR).
- Unit heads are not a group: a person whose login is linked to a workforce `Person` holding an open
  position flagged `is_unit_head` (单位主要负责人) holds the derived role UNIT_HEAD, anchored at the
  unit they head, and reads the non-integrity records of its subtree, read-only, with personal
  data masked.
- Personal data (ID numbers, phones, family members) is shown to the personnel office only.
- Integrity records (pillar 4): the discipline office alone edits them and reads them in full;
  leaders read them with the confidential texts (findings, ratings' raters and comments,
  supervisors' feedback) withheld, so they see counts, votes and results but not who said what.
"""

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.memo import per_request
from hongdun.accounts.roles import DerivedRole, Role, user_roles
from hongdun.core.scope import (
    Action,
    HeldRole,
    permits,
    register_kind,
    register_model,
    register_role_source,
)

if TYPE_CHECKING:
    from hongdun.accounts.types import AnyUser

__all__ = ["Action", "RecordKind"]


class RecordKind(StrEnum):
    PEOPLE = "workforce.people"  # cadre records, posts, quotas, reserve pools
    FAMILY = "workforce.family"  # family members: personal data through and through
    LEADERSHIP = "workforce.leadership"  # pillar 1
    LEARNING = "workforce.learning"  # pillar 2
    CIVIC = "workforce.civic"  # pillar 3
    INTEGRITY = "workforce.integrity"  # pillar 4
    CULTURE = "workforce.culture"  # pillar 5
    FIGURES = "workforce.figures"  # overview pages, snapshots, report drafts
    IMPORTS = "workforce.imports"  # Excel import jobs


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

PERSONAL_DATA_READERS = frozenset({Role.PERSONNEL})
INTEGRITY_DETAIL_READERS = frozenset({Role.DISCIPLINE})


# --- who the user is ---------------------------------------------------------------------------


def headed_unit_ids(user: "AnyUser | None", on: date | None = None) -> frozenset[int]:
    """Units the user heads on `on` (default today), through their workforce record's positions."""
    if user is None or not user.is_authenticated:
        return frozenset()
    day = on or timezone.localdate()
    signed_in = user

    def read() -> frozenset[int]:
        from hongdun.workforce.models import PositionRecord

        return frozenset(
            PositionRecord.objects.filter(
                person__user=signed_in, is_unit_head=True, start_date__lte=day
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .values_list("unit_id", flat=True)
        )

    return per_request(("workforce.headed", user.pk, day), read)


def unit_head_roles(user: "AnyUser") -> list[HeldRole]:
    """The derived role UNIT_HEAD, anchored at the units the user heads today (role source)."""
    headed = headed_unit_ids(user)
    return [HeldRole(role=DerivedRole.UNIT_HEAD, unit_ids=headed)] if headed else []


def can_use_workforce(user: "AnyUser | None") -> bool:
    """Whether the user sees the workforce menu at all."""
    return any(permits(user, kind) for kind in RecordKind)


def can_see_personal_data(user: "AnyUser | None") -> bool:
    """ID numbers, phones and family members: the personnel office only."""
    return bool(user_roles(user) & PERSONAL_DATA_READERS)


def can_see_integrity_details(user: "AnyUser | None") -> bool:
    """The confidential texts of integrity records: the discipline office only."""
    return bool(user_roles(user) & INTEGRITY_DETAIL_READERS)


# --- records -------------------------------------------------------------------------------------

# model name -> (kind, lookup of the unit that scopes its rows; several for records about a person
# *or* a unit, placed by whichever is set; None for bureau-wide records such as exam sittings or
# evaluation rounds, which every reader of the kind sees).
_SUBJECT = ("unit", "person__unit")
MODEL_SCOPE: dict[str, tuple[RecordKind, str | tuple[str, ...] | None]] = {
    "person": (RecordKind.PEOPLE, "unit"),
    "unitmembership": (RecordKind.PEOPLE, "person__unit"),
    "familymember": (RecordKind.FAMILY, "person__unit"),
    "educationrecord": (RecordKind.PEOPLE, "person__unit"),
    "rankrecord": (RecordKind.PEOPLE, "person__unit"),
    "enforcementcredential": (RecordKind.PEOPLE, "person__unit"),
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
    "competitionentry": (RecordKind.LEARNING, _SUBJECT),  # person or unit
    "honour": (RecordKind.CIVIC, _SUBJECT),  # person or unit
    "disclosureentry": (RecordKind.CIVIC, "unit"),
    "responsibilityletter": (RecordKind.INTEGRITY, "unit"),
    "dutyreport": (RecordKind.INTEGRITY, "unit"),
    "dutyreportrating": (RecordKind.INTEGRITY, "report__unit"),
    "supervisionrecord": (RecordKind.INTEGRITY, "unit"),
    "integritysupervisor": (RecordKind.INTEGRITY, "unit"),
    "supervisorfeedback": (RecordKind.INTEGRITY, "unit"),
    "evaluationround": (RecordKind.INTEGRITY, None),
    "evaluationresult": (RecordKind.INTEGRITY, "unit"),
    "commendation": (RecordKind.INTEGRITY, _SUBJECT),  # person or unit
    "cultureactivity": (RecordKind.CULTURE, "organiser"),
    "activityparticipant": (RecordKind.CULTURE, _SUBJECT),  # person or unit
    "pairingproject": (RecordKind.CULTURE, "supporting_unit"),
    "pairingvisit": (RecordKind.CULTURE, "project__supporting_unit"),
    "pairingfund": (RecordKind.CULTURE, "project__supporting_unit"),
    "pairingoutcome": (RecordKind.CULTURE, "project__supporting_unit"),
    "donationcampaign": (RecordKind.CULTURE, "organiser"),
    "donation": (RecordKind.CULTURE, "unit"),
    "figuresnapshot": (RecordKind.FIGURES, "unit"),
}


def kind_of(model: type[models.Model] | models.Model) -> RecordKind:
    return MODEL_SCOPE[model._meta.model_name or ""][0]


def declare_scope() -> None:
    """Register the kinds, every model's unit lookup and the unit-head role with the platform's
    scope rule (called from the app's ready())."""
    for kind in RecordKind:
        register_kind(kind.value, label=KIND_LABELS[kind])
    for model in apps.get_app_config("workforce").get_models():
        name = model._meta.model_name or ""
        if name.startswith("historical"):
            continue
        kind, unit = MODEL_SCOPE[name]
        register_model(model, kind=kind.value, unit=unit)
    register_role_source(unit_head_roles, provides=[DerivedRole.UNIT_HEAD])


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


def hidden_fields(
    user: "AnyUser | None", model: type[models.Model] | models.Model
) -> frozenset[str]:
    """Fields of `model` the user must not see (their values are replaced by a mask)."""
    name = model._meta.model_name or ""
    hidden: set[str] = set()
    if not can_see_personal_data(user):
        hidden |= PERSONAL_FIELDS.get(name, frozenset())
    if not can_see_integrity_details(user):
        hidden |= INTEGRITY_CONFIDENTIAL_FIELDS.get(name, frozenset())
    return frozenset(hidden)


def display_value(user: "AnyUser | None", instance: models.Model, field: str, value: Any) -> Any:
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
