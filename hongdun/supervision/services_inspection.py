"""Services of the random inspections (双随机一公开, docs/rules/supervision.md §5): plans, the
reproducible draw, its publication and its verification.

A plan is edited while it is a draft. `inspection_draw` reads the population, the inspector
roster and the conflict pairs, stores them (compressed, with their SHA-256 digests) with the seed,
draws with the pure engine (`engine/draw.py`) and creates the tasks, all in one transaction; the
plan row is locked and the draw is one-to-one with the plan, so a second draw is refused.
`inspection_draw_publish` makes the draw public; from then on nothing of it changes.
`verify_draw` re-runs the engine from the stored snapshots (or from the register as it is now)
and compares with the stored tasks.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import InspectionKind, PlanStatus
from hongdun.supervision.engine import draw as engine
from hongdun.supervision.models import InspectionDraw, InspectionPlan, InspectionTask
from hongdun.supervision.population import (
    MAX_PER_YEAR_KEY,
    Grouping,
    clean_filters,
    clean_max_per_year,
    conflicts,
    group_by_values,
    inspector_roster,
    population,
    registered_grouping,
)
from hongdun.supervision.rules import supervision_rules

PLAN_FIELDS = ("unit", "year", "title", "kind", "filters", "ratio", "group_by", "group_ratios")


def plan_snapshot(plan: InspectionPlan) -> dict[str, Any]:
    return {
        "unit": plan.unit_id,
        "year": plan.year,
        "title": plan.title,
        "kind": plan.kind,
        "filters": plan.filters,
        "ratio": str(plan.ratio),
        "group_by": plan.group_by,
        "group_ratios": plan.group_ratios,
        "status": plan.status,
        "notes": plan.notes,
    }


def _is_zero(value: Any) -> bool:
    try:
        return Decimal(str(value).strip()) == 0
    except (ArithmeticError, ValueError):
        return False


def _ratio(value: Any, *, field: str, label: str) -> Decimal:
    if _is_zero(value):
        raise ApplicationError(
            _("%(label)s不能为0：每一组都要抽查，请填写大于0的比例，如 0.05 表示 5%%。")
            % {"label": label},
            field=field,
        )
    try:
        ratio = engine.parse_ratio(value)
    except engine.DrawError:
        raise ApplicationError(
            _("%(label)s：请填写大于0且不超过1的小数，如 0.05 表示 5%%。") % {"label": label},
            field=field,
        ) from None
    if ratio.as_tuple().exponent < -4:  # type: ignore[operator]
        raise ApplicationError(_("%(label)s：最多保留四位小数。") % {"label": label}, field=field)
    minimum = supervision_rules().inspection_min_ratio
    if ratio < minimum:
        raise ApplicationError(
            _("%(label)s不能低于最低抽查比例 %(minimum)s（%(percent)s%%）。")
            % {"label": label, "minimum": minimum, "percent": minimum * 100},
            field=field,
        )
    return ratio


def _clean_plan(data: dict[str, Any], *, unit: Unit) -> dict[str, Any]:
    try:
        year = int(data.get("year") or 0)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度：请填写四位年份。"), field="year")
    title = str(data.get("title") or "").strip()
    if not title:
        raise ApplicationError(_("请填写计划名称。"), field="title")
    if len(title) > 200:
        raise ApplicationError(_("计划名称不能超过200个字。"), field="title")
    kind = data.get("kind") or ""
    if kind not in InspectionKind.values:
        raise ApplicationError(_("抽查类型：请从列表中选择。"), field="kind")
    ratio = _ratio(data.get("ratio"), field="ratio", label=_("抽查比例"))
    group_by = data.get("group_by") or ""
    if group_by not in group_by_values():
        raise ApplicationError(_("分组依据：请从列表中选择。"), field="group_by")
    grouping = registered_grouping(group_by)
    raw_groups = data.get("group_ratios") or {}
    if not isinstance(raw_groups, dict):
        raise ApplicationError(_("分组抽查比例格式不正确。"), field="group_ratios")
    if raw_groups and not group_by:
        raise ApplicationError(_("填写分组抽查比例前，请先选择分组依据。"), field="group_ratios")
    if grouping is not None:
        raw_groups = _with_default_ratios(grouping, raw_groups)
    group_ratios = {
        str(group): str(
            _ratio(
                value,
                field="group_ratios",
                label=_("分组“%(group)s”的抽查比例")
                % {"group": grouping.label_of(str(group)) if grouping else group},
            )
        )
        for group, value in raw_groups.items()
    }
    raw_filters = data.get("filters") or {}
    if isinstance(raw_filters, dict):
        raw_filters = dict(raw_filters)
        raw_limits = raw_filters.pop(MAX_PER_YEAR_KEY, None)
    else:
        raw_limits = None
    filters = clean_filters(raw_filters, unit=unit)
    if grouping is not None and raw_limits in (None, "", {}):
        raw_limits = dict(grouping.max_per_year())
    limits = clean_max_per_year(raw_limits, grouping=grouping)
    if limits:
        filters[MAX_PER_YEAR_KEY] = limits
    return {
        "year": year,
        "title": title,
        "kind": kind,
        "ratio": ratio,
        "group_by": group_by,
        "group_ratios": group_ratios,
        "filters": filters,
        "notes": str(data.get("notes") or "").strip()[:2000],
    }


def _with_default_ratios(grouping: Grouping, given: dict[str, Any]) -> dict[str, Any]:
    """The plan's own ratios over the grouping's defaults; a group the grouping does not know is
    refused (a typo would otherwise silently take the plan's ratio)."""
    known = dict(grouping.groups())
    for group in given:
        if str(group) not in known:
            raise ApplicationError(
                _("分组抽查比例：没有“%(group)s”这一分组（可填写：%(groups)s）。")
                % {"group": group, "groups": "、".join(known)},
                field="group_ratios",
            )
    merged: dict[str, Any] = {
        group: str(ratio) for group, ratio in grouping.default_ratios().items()
    }
    merged.update({str(group): value for group, value in given.items()})
    return dict(sorted(merged.items()))


def _title_taken(unit: Unit, year: int, title: str, exclude: int | None) -> bool:
    rows = InspectionPlan.objects.filter(unit=unit, year=year, title=title)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.exists()


def _title_error() -> ApplicationError:
    return ApplicationError(_("本单位该年度已有同名的抽查计划，请换一个计划名称。"), field="title")


@transaction.atomic
def inspection_plan_create(*, actor: User, unit: Unit, data: dict[str, Any]) -> InspectionPlan:
    """A new draft plan of `unit`; refused naming the field when a value does not hold."""
    values = _clean_plan(data, unit=unit)
    if _title_taken(unit, values["year"], values["title"], None):
        raise _title_error()
    try:
        with transaction.atomic():
            plan = InspectionPlan.objects.create(unit=unit, created_by=actor, **values)
    except IntegrityError:  # a concurrent create of the same title won
        raise _title_error() from None
    audit_record(
        actor=actor, action="supervision.plan.create", instance=plan, after=plan_snapshot(plan)
    )
    return plan


def _refuse_drawn(plan: InspectionPlan) -> None:
    if plan.status == PlanStatus.PUBLISHED:
        raise ApplicationError(
            _("该计划的抽取结果已公布，抽取结果和计划都不能再修改。"), field="plan"
        )
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(
            _("该计划已经抽取（%(status)s），计划不能再修改。")
            % {"status": plan.get_status_display()},
            field="plan",
        )


@transaction.atomic
def inspection_plan_update(
    *, actor: User, plan: InspectionPlan, data: dict[str, Any]
) -> InspectionPlan:
    """Change a draft plan; refused once it has been drawn."""
    locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    _refuse_drawn(locked)
    before = plan_snapshot(locked)
    values = _clean_plan(data, unit=locked.unit)
    if _title_taken(locked.unit, values["year"], values["title"], locked.pk):
        raise _title_error()
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    audit_record(
        actor=actor,
        action="supervision.plan.update",
        instance=locked,
        before=before,
        after=plan_snapshot(locked),
    )
    return locked


def new_seed() -> str:
    return secrets.token_hex(16)


def _draw_error(error: engine.DrawError) -> ApplicationError:
    if isinstance(error, engine.NoInspectorPairError):
        name = (
            Enterprise.objects.filter(pk=error.enterprise_id).values_list("name", flat=True).first()
        )
        return ApplicationError(
            _(
                "无法为抽中的“%(name)s”（编号 %(id)s）分配两名没有回避关系的执法检查人员"
                "（可用 %(available)s 名）。请增加执法检查人员或核实回避关系后再抽取。"
            )
            % {"name": name or "", "id": error.enterprise_id, "available": error.available},
            field="roster",
        )
    return ApplicationError(str(error), field="seed")


@transaction.atomic
def inspection_draw(
    *,
    plan: InspectionPlan,
    actor: User | None,
    seed: str | None = None,
    day: datetime.date | None = None,
) -> InspectionDraw:
    """Draw the plan's enterprises and inspectors (see the module); refused when already drawn,
    when the population is empty or when the roster cannot staff every drawn enterprise."""
    locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT or InspectionDraw.objects.filter(plan=locked).exists():
        raise ApplicationError(_("该计划已经抽取过，不能再次抽取。"), field="plan")
    seed = new_seed() if seed in (None, "") else str(seed).strip().lower()
    try:
        engine.seed_key(seed)
    except engine.DrawError:
        raise ApplicationError(
            _("随机种子：请填写32位十六进制数字（0–9、a–f），或留空由系统生成。"), field="seed"
        ) from None
    day = day or timezone.localdate()
    pop = population(locked)
    if not pop:
        raise ApplicationError(
            _("抽查对象名录库为空：没有符合抽查对象范围的市场主体，请调整范围。"),
            field="filters",
        )
    roster = inspector_roster(locked, day)
    if len(roster) < 2:
        raise ApplicationError(
            _("执法检查人员名录不足两人（%(count)s 人持有有效执法证），不能抽取。")
            % {"count": len(roster)},
            field="roster",
        )
    pairs = conflicts(locked, roster)
    try:
        sample = engine.draw_sample(pop, locked.ratio, locked.group_ratios, seed)
        assigned = engine.assign_inspectors(sample, roster, pairs, seed)
    except engine.DrawError as error:
        raise _draw_error(error) from None
    population_bytes = engine.encode_population(pop)
    roster_bytes = engine.encode_roster(roster, pairs)
    try:
        with transaction.atomic():
            draw = InspectionDraw.objects.create(
                plan=locked,
                seed=seed,
                algorithm=engine.ALGORITHM,
                population_count=len(pop),
                population_digest=engine.digest(population_bytes),
                population=engine.compress(population_bytes),
                roster_count=len(roster),
                roster_digest=engine.digest(roster_bytes),
                roster=engine.compress(roster_bytes),
                sample_count=len(sample),
                drawn_at=timezone.now(),
                drawn_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:  # the plan's one draw exists (a concurrent draw won)
        raise ApplicationError(_("该计划已经抽取过，不能再次抽取。"), field="plan") from None
    InspectionTask.objects.bulk_create(
        InspectionTask(
            plan=locked,
            enterprise_id=enterprise_id,
            rank=rank,
            group=group,
            inspector_a_id=assigned[enterprise_id][0],
            inspector_b_id=assigned[enterprise_id][1],
        )
        for rank, enterprise_id, group in sample
    )
    before = plan_snapshot(locked)
    locked.status = PlanStatus.DRAWN
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="supervision.plan.draw",
        instance=locked,
        before=before,
        after={
            **plan_snapshot(locked),
            "seed": seed,
            "algorithm": engine.ALGORITHM,
            "population_count": draw.population_count,
            "population_digest": draw.population_digest,
            "roster_count": draw.roster_count,
            "roster_digest": draw.roster_digest,
            "sample_count": draw.sample_count,
            **_grouping_source(locked),
        },
    )
    return draw


def _grouping_source(plan: InspectionPlan) -> dict[str, str]:
    grouping = registered_grouping(plan.group_by)
    return {"group_source": grouping.source()} if grouping is not None else {}


@transaction.atomic
def inspection_draw_publish(*, plan: InspectionPlan, actor: User | None) -> InspectionDraw:
    """Publish the plan's draw; refused before the draw and once published."""
    locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status == PlanStatus.DRAFT:
        raise ApplicationError(_("该计划尚未抽取，不能公布抽取结果。"), field="plan")
    if locked.status != PlanStatus.DRAWN:
        raise ApplicationError(_("该计划的抽取结果已经公布。"), field="plan")
    draw = InspectionDraw.objects.select_for_update().get(plan=locked)
    draw.published_at = timezone.now()
    draw.save(update_fields=["published_at"])
    before = plan_snapshot(locked)
    locked.status = PlanStatus.PUBLISHED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="supervision.plan.publish",
        instance=locked,
        before=before,
        after={**plan_snapshot(locked), "published_at": draw.published_at.isoformat()},
    )
    return draw


@dataclass
class DrawReport:
    """What `verify_draw` found."""

    seed: str
    algorithm: str
    population_count: int
    population_digest: str
    roster_count: int
    roster_digest: str
    sample_count: int
    source: str  # "snapshot" or "register"
    digests_match: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_draw(
    draw: InspectionDraw, *, from_register: bool = False, day: datetime.date | None = None
) -> DrawReport:
    """Re-run the draw from its stored snapshots (or, with `from_register`, from the register and
    rosters as they are now, as of `day` or the draw's day) and compare with the stored tasks."""
    if draw.algorithm != engine.ALGORITHM:
        raise ApplicationError(
            _("不支持的抽取算法：%(algorithm)s。") % {"algorithm": draw.algorithm},
            field="algorithm",
        )
    plan = draw.plan
    stored_population = engine.decompress(bytes(draw.population))
    stored_roster = engine.decompress(bytes(draw.roster))
    if from_register:
        pop = population(plan)
        roster = inspector_roster(plan, day or timezone.localdate(draw.drawn_at))
        pairs = conflicts(plan, roster)
        population_bytes = engine.encode_population(pop)
        roster_bytes = engine.encode_roster(roster, pairs)
    else:
        population_bytes, roster_bytes = stored_population, stored_roster
        pop = engine.decode_population(population_bytes)
        roster, pairs = engine.decode_roster(roster_bytes)
    report = DrawReport(
        seed=draw.seed,
        algorithm=draw.algorithm,
        population_count=len(pop),
        population_digest=engine.digest(population_bytes),
        roster_count=len(roster),
        roster_digest=engine.digest(roster_bytes),
        sample_count=0,
        source="register" if from_register else "snapshot",
    )
    if report.population_digest != draw.population_digest:
        report.digests_match = False
        report.problems.append(
            f"population digest {report.population_digest} != recorded {draw.population_digest}"
        )
    if report.roster_digest != draw.roster_digest:
        report.digests_match = False
        report.problems.append(
            f"roster digest {report.roster_digest} != recorded {draw.roster_digest}"
        )
    try:
        sample = engine.draw_sample(pop, plan.ratio, plan.group_ratios, draw.seed)
        assigned = engine.assign_inspectors(sample, roster, pairs, draw.seed)
    except engine.DrawError as error:
        report.problems.append(f"the draw cannot be re-run: {error}")
        return report
    report.sample_count = len(sample)
    expected = [
        (rank, enterprise_id, group, *assigned[enterprise_id])
        for rank, enterprise_id, group in sample
    ]
    stored = list(
        InspectionTask.objects.filter(plan=plan)
        .order_by("rank")
        .values_list("rank", "enterprise_id", "group", "inspector_a_id", "inspector_b_id")
    )
    if len(sample) != draw.sample_count:
        report.problems.append(f"{len(sample)} drawn, recorded {draw.sample_count}")
    if expected != stored:
        differing = next(
            (ours, theirs) for ours, theirs in zip_longest(expected, stored) if ours != theirs
        )
        report.problems.append(
            f"tasks differ: re-run gives {differing[0]}, recorded {differing[1]}"
        )
    return report
