"""What a random-inspection draw reads from the records: the inspection-object roster
(检查对象名录库), the inspector roster (执法检查人员名录) and the conflict pairs.

Plain values only (`values_list`, no model instances): a city-wide population of a million
enterprises is read in one query.

The plan's `filters` (checked by `clean_filters`, every key optional):

- ``enterprise_types``: a list of `EnterpriseType` values;
- ``authorities``: a list of registration-authority unit ids, each within the plan unit's subtree;
- ``list_status``: "" (all), "abnormal" (on the abnormal-operation list), "serious" (on the
  serious-violation list), "clean" (on neither);
- ``established_after`` / ``established_before``: ISO dates (inclusive);
- ``report_year`` with ``corrected_twice`` (the year's report was submitted three times or more,
  i.e. corrected at least twice) and/or ``filed_late`` (the year's report was filed late): the
  targeted groups (定向抽查).

The group of each enterprise is its `enterprise_type` or its registration authority's id
(`plan.group_by`), or "" when the plan draws all alike; or the group a grouping registered by an
app above supervision gives it (`register_grouping`: the credit app's "credit_class", the
enterprise's credit-risk class in the current classification). Such a grouping also gives each
group its default ratio and, optionally, its maximum number of inspections a year: the plan
records both when it is saved (`group_ratios`, and `filters["group_max_per_year"]`), and the
enterprises of a group drawn that many times in the year's other plans, drawn before this one,
are left out of the population.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from hongdun.core.exceptions import ApplicationError
from hongdun.disclosure.choices import VersionStatus
from hongdun.disclosure.models import AnnualReport
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit
from hongdun.supervision.models import (
    InspectionDraw,
    InspectionPlan,
    InspectionTask,
    InspectorRelation,
)
from hongdun.workforce.models import EnforcementCredential, Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The groupings supervision knows itself; others come from `register_grouping`.
BUILT_IN_GROUP_BY = ("", "enterprise_type", "authority")
# The annotation a registered grouping puts on the population's rows: the enterprise's group.
GROUP_FIELD = "draw_group"
# The plan filter a registered grouping's frequency limits are recorded under.
MAX_PER_YEAR_KEY = "group_max_per_year"
LIST_STATUSES = ("", "abnormal", "serious", "clean")
FILTER_KEYS = frozenset(
    {
        "enterprise_types",
        "authorities",
        "list_status",
        "established_after",
        "established_before",
        "report_year",
        "corrected_twice",
        "filed_late",
        MAX_PER_YEAR_KEY,
    }
)
# A report submitted this many times was corrected at least twice.
CORRECTED_TWICE_VERSIONS = 3


@dataclass(frozen=True)
class Grouping:
    """A way of grouping the population that an app above supervision provides.

    - ``annotate(rows)``: the enterprise rows with the annotation `GROUP_FIELD` (a string: the
      enterprise's group), read in the same query as the ids (a join, never a per-row lookup);
    - ``groups()``: every group value with its label, in the order pages list them;
    - ``default_ratios()``: the ratio of each group a plan takes unless it gives its own (a group
      left out takes the plan's ratio);
    - ``max_per_year()``: the most times an enterprise of a group is drawn in one year's plans
      (a group left out has no limit);
    - ``source()``: what the groups are read from, in words, for the plan page and the audit
      entry of the draw.
    """

    key: str
    label: StrOrPromise
    annotate: Callable[[QuerySet[Enterprise]], QuerySet[Enterprise]]
    groups: Callable[[], Sequence[tuple[str, str]]]
    default_ratios: Callable[[], Mapping[str, Decimal]]
    max_per_year: Callable[[], Mapping[str, int]]
    source: Callable[[], str]

    def label_of(self, group: str) -> str:
        return dict(self.groups()).get(group, group)


_GROUPINGS: dict[str, Grouping] = {}


def register_grouping(
    key: str,
    *,
    label: StrOrPromise,
    annotate: Callable[[QuerySet[Enterprise]], QuerySet[Enterprise]],
    groups: Callable[[], Sequence[tuple[str, str]]],
    default_ratios: Callable[[], Mapping[str, Decimal]],
    max_per_year: Callable[[], Mapping[str, int]],
    source: Callable[[], str],
) -> Grouping:
    """Offer `key` as a plan's `group_by` (called from the providing app's `ready()`); supervision
    imports nothing of that app (docs/architecture.md, layers)."""
    if key in BUILT_IN_GROUP_BY:
        raise ValueError(f"{key!r} is a grouping of supervision itself")
    grouping = Grouping(
        key=key,
        label=label,
        annotate=annotate,
        groups=groups,
        default_ratios=default_ratios,
        max_per_year=max_per_year,
        source=source,
    )
    _GROUPINGS[key] = grouping
    return grouping


def registered_grouping(key: str) -> Grouping | None:
    return _GROUPINGS.get(key)


def registered_groupings() -> dict[str, Grouping]:
    return dict(_GROUPINGS)


def group_by_choices() -> list[tuple[str, StrOrPromise]]:
    """The plan's `group_by` choices: supervision's own, then the registered ones."""
    choices: list[tuple[str, StrOrPromise]] = [
        ("", _("不分组")),
        ("enterprise_type", _("按企业类型")),
        ("authority", _("按登记机关")),
    ]
    choices.extend((key, grouping.label) for key, grouping in _GROUPINGS.items())
    return choices


def group_by_values() -> tuple[str, ...]:
    return (*BUILT_IN_GROUP_BY, *_GROUPINGS)


def _grouping_of(plan: InspectionPlan) -> Grouping | None:
    if plan.group_by in BUILT_IN_GROUP_BY:
        return None
    grouping = _GROUPINGS.get(plan.group_by)
    if grouping is None:
        raise ApplicationError(
            _("分组依据“%(key)s”当前不可用（提供它的功能未启用），请修改计划的分组依据。")
            % {"key": plan.group_by},
            field="group_by",
        )
    return grouping


def clean_max_per_year(value: Any, *, grouping: Grouping | None) -> dict[str, int]:
    """The frequency limits of a plan's groups: {group: at least 1}; only for a registered
    grouping, and only for its groups."""
    if value in (None, "", {}):
        return {}
    if grouping is None:
        raise ApplicationError(
            _("每年最多抽查次数只适用于按信用风险等分组的计划，请先选择分组依据。"),
            field=MAX_PER_YEAR_KEY,
        )
    if not isinstance(value, dict):
        raise ApplicationError(_("每年最多抽查次数格式不正确。"), field=MAX_PER_YEAR_KEY)
    known = dict(grouping.groups())
    cleaned: dict[str, int] = {}
    for group, times in value.items():
        label = known.get(str(group))
        if label is None:
            raise ApplicationError(
                _("每年最多抽查次数：没有“%(group)s”这一分组。") % {"group": group},
                field=MAX_PER_YEAR_KEY,
            )
        try:
            number = int(times)
        except (TypeError, ValueError):
            number = 0
        if number < 1 or str(times).strip() not in (str(number), f"{number}.0"):
            raise ApplicationError(
                _("“%(label)s”每年最多抽查次数：请填写不小于1的整数。") % {"label": label},
                field=MAX_PER_YEAR_KEY,
            )
        cleaned[str(group)] = number
    return dict(sorted(cleaned.items()))


def drawn_at_least(plan: InspectionPlan, times: int) -> QuerySet[Any]:
    """Enterprise ids drawn `times` times or more in the plan year's other plans that were drawn
    before this plan (all of them while it is a draft), as a subquery."""
    tasks = InspectionTask.objects.filter(plan__year=plan.year)
    if plan.pk is not None:
        tasks = tasks.exclude(plan_id=plan.pk)
        drawn_at = (
            InspectionDraw.objects.filter(plan_id=plan.pk)
            .values_list("drawn_at", flat=True)
            .first()
        )
        if drawn_at is not None:
            tasks = tasks.filter(plan__draw__drawn_at__lt=drawn_at)
    return (
        tasks.order_by()
        .values("enterprise_id")
        .annotate(times=Count("pk"))
        .filter(times__gte=times)
        .values("enterprise_id")
    )


def subtree_ids(unit: Unit | int) -> list[int]:
    root = unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit)
    return list(Unit.objects.descendants(root, include_self=True).values_list("pk", flat=True))


def _date(value: Any, field: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ApplicationError(
            _("%(field)s：请填写日期，格式如 2024-01-31。") % {"field": field}, field=field
        ) from None


def clean_filters(filters: Any, *, unit: Unit) -> dict[str, Any]:
    """The plan's filters checked and normalised; ApplicationError naming the field otherwise."""
    if filters in (None, ""):
        return {}
    if not isinstance(filters, dict):
        raise ApplicationError(_("抽查对象范围格式不正确。"), field="filters")
    unknown = sorted(set(filters) - FILTER_KEYS)
    if unknown:
        raise ApplicationError(
            _("抽查对象范围中没有“%(key)s”这一条件。") % {"key": unknown[0]}, field=unknown[0]
        )
    cleaned: dict[str, Any] = {}
    types = filters.get("enterprise_types") or []
    if not isinstance(types, list) or any(t not in EnterpriseType.values for t in types):
        raise ApplicationError(_("企业类型：请从列表中选择。"), field="enterprise_types")
    if types:
        cleaned["enterprise_types"] = sorted(set(types))
    authorities = filters.get("authorities") or []
    try:
        authority_ids = sorted({int(a) for a in authorities})
    except (TypeError, ValueError):
        raise ApplicationError(_("登记机关：请从列表中选择。"), field="authorities") from None
    if authority_ids:
        outside = set(authority_ids) - set(subtree_ids(unit))
        if outside:
            raise ApplicationError(
                _("登记机关：只能选择本单位及其下级单位（编号 %(id)s 不在其中）。")
                % {"id": min(outside)},
                field="authorities",
            )
        cleaned["authorities"] = authority_ids
    list_status = filters.get("list_status") or ""
    if list_status not in LIST_STATUSES:
        raise ApplicationError(_("名录状态：请从列表中选择。"), field="list_status")
    if list_status:
        cleaned["list_status"] = list_status
    after = _date(filters.get("established_after"), "established_after")
    before = _date(filters.get("established_before"), "established_before")
    if after and before and after > before:
        raise ApplicationError(
            _("成立日期范围：起始日期不能晚于截止日期。"), field="established_before"
        )
    if after:
        cleaned["established_after"] = after
    if before:
        cleaned["established_before"] = before
    corrected = bool(filters.get("corrected_twice"))
    late = bool(filters.get("filed_late"))
    year = filters.get("report_year")
    if year not in (None, ""):
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ApplicationError(_("报告年度：请填写四位年份。"), field="report_year") from None
        if not 2000 <= year <= 2100:
            raise ApplicationError(_("报告年度：请填写四位年份。"), field="report_year")
        cleaned["report_year"] = year
    elif corrected or late:
        raise ApplicationError(_("按年度报告情况定向抽查时，请填写报告年度。"), field="report_year")
    if corrected:
        cleaned["corrected_twice"] = True
    if late:
        cleaned["filed_late"] = True
    return cleaned


def population_queryset(plan: InspectionPlan) -> QuerySet[Enterprise]:
    """The enterprises the plan may draw (the inspection-object roster)."""
    filters = plan.filters or {}
    authorities = filters.get("authorities") or subtree_ids(plan.unit_id)
    if filters.get("authorities"):
        authorities = sorted(set(authorities) & set(subtree_ids(plan.unit_id)))
    rows = Enterprise.objects.filter(
        status=EnterpriseStatus.ACTIVE, registration_authority_id__in=authorities
    )
    if filters.get("enterprise_types"):
        rows = rows.filter(enterprise_type__in=filters["enterprise_types"])
    match filters.get("list_status"):
        case "abnormal":
            rows = rows.filter(on_abnormal_list=True)
        case "serious":
            rows = rows.filter(on_serious_list=True)
        case "clean":
            rows = rows.filter(on_abnormal_list=False, on_serious_list=False)
    if filters.get("established_after"):
        rows = rows.filter(established_on__gte=filters["established_after"])
    if filters.get("established_before"):
        rows = rows.filter(established_on__lte=filters["established_before"])
    year = filters.get("report_year")
    if year and filters.get("corrected_twice"):
        corrected = (
            AnnualReport.objects.filter(year=year)
            .annotate(
                submitted=Count(
                    "versions",
                    filter=Q(versions__submitted_at__isnull=False)
                    & ~Q(versions__status=VersionStatus.DRAFT),
                )
            )
            .filter(submitted__gte=CORRECTED_TWICE_VERSIONS)
            .values("enterprise_id")
        )
        rows = rows.filter(pk__in=corrected)
    if year and filters.get("filed_late"):
        late = AnnualReport.objects.filter(year=year, filed_late=True).values("enterprise_id")
        rows = rows.filter(pk__in=late)
    grouping = _grouping_of(plan)
    if grouping is not None:
        rows = grouping.annotate(rows)
        limits: dict[int, list[str]] = {}
        for group, times in (filters.get(MAX_PER_YEAR_KEY) or {}).items():
            limits.setdefault(int(times), []).append(group)
        for times, groups in sorted(limits.items()):
            rows = rows.exclude(
                Q(**{f"{GROUP_FIELD}__in": sorted(groups)}) & Q(pk__in=drawn_at_least(plan, times))
            )
    return rows


def population(plan: InspectionPlan) -> list[tuple[int, str]]:
    """(enterprise id, group) of the plan's population, sorted by id."""
    rows = population_queryset(plan).order_by("pk")
    match plan.group_by:
        case "enterprise_type":
            return list(rows.values_list("pk", "enterprise_type"))
        case "authority":
            return [
                (pk, str(authority))
                for pk, authority in rows.values_list("pk", "registration_authority_id")
            ]
        case "":
            return [(pk, "") for pk in rows.values_list("pk", flat=True)]
        case _:
            return list(rows.values_list("pk", GROUP_FIELD))


def population_counts(plan: InspectionPlan) -> dict[str, int]:
    """How many enterprises each group of the plan holds (one grouped query)."""
    rows = population_queryset(plan)
    match plan.group_by:
        case "enterprise_type":
            column = "enterprise_type"
        case "authority":
            column = "registration_authority_id"
        case "":
            return {"": rows.count()}
        case _:
            column = GROUP_FIELD
    counted = rows.order_by().values_list(column).annotate(n=Count("pk"))
    return {str(group): n for group, n in counted}


def credentials_valid_on(day: datetime.date) -> QuerySet[EnforcementCredential]:
    return EnforcementCredential.objects.filter(issued_on__lte=day, valid_until__gte=day).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)
    )


def inspector_queryset(unit: Unit | int, day: datetime.date) -> QuerySet[Person]:
    """The people of the unit's subtree holding an enforcement credential valid on `day`."""
    from hongdun.workforce.choices import EmploymentStatus

    return Person.objects.filter(
        unit_id__in=subtree_ids(unit),
        status=EmploymentStatus.ACTIVE,
        pk__in=credentials_valid_on(day).values("person_id"),
    )


def inspector_roster(plan: InspectionPlan, day: datetime.date) -> list[int]:
    """The inspector roster of the plan's unit on `day`: person ids, sorted."""
    return list(inspector_queryset(plan.unit_id, day).order_by("pk").values_list("pk", flat=True))


def conflicts(plan: InspectionPlan, roster: list[int]) -> set[tuple[int, int]]:
    """(inspector, enterprise) pairs never to be assigned: recorded relations, and the
    enterprises each inspector inspected under last year's plans."""
    pairs: set[tuple[int, int]] = set(
        InspectorRelation.objects.filter(person_id__in=roster).values_list(
            "person_id", "enterprise_id"
        )
    )
    last_year = InspectionTask.objects.filter(plan__year=plan.year - 1)
    for field in ("inspector_a_id", "inspector_b_id"):
        pairs.update(
            last_year.filter(**{f"{field}__in": roster}).values_list(field, "enterprise_id")
        )
    return pairs
