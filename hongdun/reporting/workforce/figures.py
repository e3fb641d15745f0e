"""Every figure of the article, computed from records for a unit subtree and a date (selectors).

The definitions are in `docs/workforce-figures.md`; the keys ("2.1", "3.6", …) are that table's.
Counting happens in the database (COUNT, SUM, EXISTS, GROUP BY); Python only walks results that are
already small (per class, per unit, per honour), never the attendance or staff tables row by row.

Who sees what (`figure_access`): leaders read every unit's figures but no names; the personnel
office and administrators see names where a figure lists persons; unit heads see their own subtree;
pillar 4 is for the discipline office in full and for leaders as unit-level aggregates only.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.http import Http404
from django.utils.translation import gettext as _

from hongdun.accounts.memo import per_request
from hongdun.accounts.roles import Role, user_roles
from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, permits, unit_ids_in_reach
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import unit_subtree_ids
from hongdun.reporting.workforce.figure_rules import (
    age_on,
    birth_date_bounds_for_age,
    gap_to_target,
    mean_age,
    per_person,
    rate_percent,
    streak_ending,
)
from hongdun.reporting.workforce.figure_types import (
    Breakdown,
    Figure,
    FigureScope,
    IntegrityAccess,
    Pillar,
    Value,
)
from hongdun.workforce import permissions
from hongdun.workforce.choices import (
    ATTENDED_STATUSES,
    CADRE_CATEGORIES,
    EDUCATION_RANK,
    HAN_CODE,
    RANK_BAND,
    RANK_ORDER,
    SATISFIED_RATINGS,
    CompetitionKind,
    DonationKind,
    EvaluationGrade,
    EvaluatorKind,
    Gender,
    HonourCategory,
    HonourField,
    HonourLevel,
    PairingKind,
    Prize,
    Rank,
    RankBand,
    TargetComparison,
    TeamLevel,
    TeamMetric,
    TeamRole,
)
from hongdun.workforce.models import (
    ActivityParticipant,
    Attendance,
    Commendation,
    Competition,
    CompetitionEntry,
    CultureActivity,
    DisclosureEntry,
    Donation,
    DonationCampaign,
    DutyReport,
    DutyReportRating,
    EducationRecord,
    EvaluationResult,
    ExamResult,
    ExternalExam,
    Honour,
    IntegritySupervisor,
    LeadershipTeam,
    LitigationCase,
    PairingFund,
    PairingOutcome,
    PairingProject,
    PairingVisit,
    Person,
    PersonTime,
    PersonTimeTotal,
    RankRecord,
    ResponsibilityLetter,
    RotationCompletion,
    RotationCycle,
    StudyAttendance,
    StudySession,
    SupervisionRecord,
    SupervisoryFinding,
    SupervisoryVisit,
    TeamMembership,
    TeamTarget,
    TrainingClass,
    UnitMembership,
)

PILLAR_NUMBERS = (1, 2, 3, 4, 5)

# The exam the article quotes (计算机一级B); other exams are listed in the breakdown.
COMPUTER_EXAM_NAME = "全国计算机等级考试"
COMPUTER_EXAM_LEVEL = "一级B"

# Who counts as "young" when the bureau has not set an age limit in its targets for the year.
DEFAULT_YOUNG_AGE: dict[str, int] = {TeamLevel.GRASSROOTS_BUREAU: 40, TeamLevel.STATION: 35}
ABOUT_TOLERANCE = Decimal("3")

COLLEGE_OR_ABOVE = [level for level, rank in EDUCATION_RANK.items() if rank >= 4]
BACHELOR_OR_ABOVE = [level for level, rank in EDUCATION_RANK.items() if rank >= 5]
SECTION_RANKS = [Rank.SECTION_CHIEF, Rank.DEPUTY_SECTION]
PRIZE_ORDER: dict[str, int] = {
    Prize.SPECIAL: 6,
    Prize.FIRST: 5,
    Prize.SECOND: 4,
    Prize.THIRD: 3,
    Prize.EXCELLENCE: 2,
    Prize.ORGANISATION: 1,
    Prize.NONE: 0,
}
PEOPLES_CONGRESS = [EvaluatorKind.PEOPLES_CONGRESS_WORK, EvaluatorKind.PEOPLES_CONGRESS_DUTY]
COUNTY_LEVEL_KINDS = ["county_bureau", "branch"]
NAMED_ROWS_LIMIT = 200


# --- who may see what --------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureAccess:
    may_read: bool
    unit_ids: tuple[int, ...] | None  # None: every unit of the bureau
    persons_visible: bool
    integrity: IntegrityAccess
    may_freeze: bool


NO_ACCESS = FigureAccess(False, (), False, IntegrityAccess.NONE, False)


def figure_access(*, user: "AnyUser | None") -> FigureAccess:
    """What the figure pages show this user, from the workforce permission rules (ADR 0007).

    Readers of RecordKind.FIGURES see their scope's figures. Named lists (who is not yet trained,
    whose honours run in a streak) go to those who act on them: the personnel office, and unit
    heads for their own subtree; leaders get counts and rates. Pillar 4 is shown in full to the
    discipline office and as unit-level results to other readers of integrity records (leaders).
    """
    if user is None or not user.is_authenticated:
        return NO_ACCESS
    return per_request(("workforce.figure_access", user.pk), lambda: _figure_access(user))


def _figure_access(user: "AnyUser") -> FigureAccess:
    if not permits(user, permissions.RecordKind.FIGURES):
        access = NO_ACCESS
    else:
        integrity = IntegrityAccess.NONE
        if permissions.can_see_integrity_details(user):
            integrity = IntegrityAccess.FULL
        elif permits(user, permissions.RecordKind.INTEGRITY):
            integrity = IntegrityAccess.UNITS
        figures_kind = permissions.RecordKind.FIGURES
        reach_ids = unit_ids_in_reach(user, figures_kind)
        access = FigureAccess(
            may_read=True,
            unit_ids=None if reach_ids is None else tuple(sorted(reach_ids)),
            persons_visible=Role.PERSONNEL in user_roles(user)
            or bool(permissions.headed_unit_ids(user)),
            integrity=integrity,
            may_freeze=permits(user, figures_kind, Action.EDIT),
        )
    return access


def figure_units(*, user: AnyUser) -> QuerySet[Unit]:
    """Units the user may pick as the root of a subtree."""
    access = figure_access(user=user)
    units = Unit.objects.order_by("ordering_key", "code")
    if not access.may_read:
        return units.none()
    if access.unit_ids is not None:
        units = units.filter(pk__in=access.unit_ids)
    return units


def figure_scope(
    *,
    user: AnyUser,
    unit_id: int | None,
    as_of: date,
    period_start: date,
    period_end: date,
) -> FigureScope:
    """The scope a user asked for; a unit outside what they may see is not found (404)."""
    access = figure_access(user=user)
    if not access.may_read:
        raise Http404
    visible = figure_units(user=user)
    if unit_id is not None:
        root = visible.filter(pk=unit_id).first()
        if root is None:
            raise Http404
    else:
        # The topmost unit the user may see: the bureau for offices, the headed unit for heads.
        candidates = list(visible.only("pk", "parent_id", "name", "ordering_key", "code"))
        ids = {u.pk for u in candidates}
        tops = [u for u in candidates if u.parent_id not in ids]
        if not tops:
            raise Http404
        root = tops[0]
    ids_in_scope = unit_subtree_ids(unit=root)
    if access.unit_ids is not None:
        allowed = set(access.unit_ids)
        ids_in_scope = [pk for pk in ids_in_scope if pk in allowed]
    return FigureScope(
        unit_ids=tuple(sorted(ids_in_scope)),
        as_of=as_of,
        period_start=period_start,
        period_end=period_end,
        persons_visible=access.persons_visible,
        integrity=access.integrity,
        root_id=root.pk,
        root_name=root.name,
    )


def figures_latest_year(*, today: date) -> int | None:
    """The latest year, up to today's, with a dated record that a period figure counts (a class,
    a visit, a report, a campaign…), over the whole bureau; None when there is none. The figure
    pages open on it when the current year has no records yet (say, historic data only)."""
    dated: list[tuple[type[Model], str]] = [
        (SupervisoryVisit, "visited_on"),
        (LitigationCase, "filed_on"),
        (TrainingClass, "start_date"),
        (StudySession, "date"),
        (ExternalExam, "held_on"),
        (Competition, "held_on"),
        (DisclosureEntry, "disclosed_on"),
        (DutyReport, "reported_on"),
        (SupervisionRecord, "conducted_on"),
        (PairingFund, "given_on"),
        (CultureActivity, "start_date"),
        (DonationCampaign, "start_date"),
    ]
    years = []
    for model, field in dated:
        latest = model._default_manager.filter(**{f"{field}__lte": today}).aggregate(
            latest=Max(field)
        )["latest"]
        if latest is not None:
            years.append(latest.year)
    # Honours and commendations are recorded by year.
    for model in (Honour, Commendation):
        year = model._default_manager.filter(year__lte=today.year).aggregate(latest=Max("year"))
        if year["latest"] is not None:
            years.append(year["latest"])
    return max(years, default=None)


# --- shared query pieces ------------------------------------------------------------------------


def _open_on(
    day: date | Any, prefix: str = "", start: str = "start_date", end: str = "end_date"
) -> Q:
    """A dated record in force on `day`: started on or before it, not ended by it."""
    return Q(**{f"{prefix}{start}__lte": day}) & (
        Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": day})
    )


def _rank_on(day: date, ref: str = "person_id") -> Subquery:
    return Subquery(
        RankRecord.objects.filter(person_id=OuterRef(ref))
        .filter(_open_on(day))
        .order_by("-start_date")
        .values("rank")[:1]
    )


def _has_education(day: date, levels: list[str], ref: str = "pk") -> Exists:
    return Exists(
        EducationRecord.objects.filter(person_id=OuterRef(ref), end_date__lte=day, level__in=levels)
    )


def _cadre_memberships_on(scope: FigureScope, day: date) -> QuerySet[UnitMembership]:
    return UnitMembership.objects.filter(
        _open_on(day),
        unit_id__in=scope.unit_ids,
        person__staff_category__in=CADRE_CATEGORIES,
    )


def _covers_every_unit(scope: FigureScope) -> bool:
    """Whether the scope is the whole org tree, so a filter on the unit would keep every row."""
    return len(scope.unit_ids) == Unit.objects.count()


def _unit_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Unit.objects.filter(pk__in=set(ids)).values_list("pk", "name"))


def _children_rollup(scope: FigureScope) -> tuple[dict[int, int], dict[int, str]]:
    """Map every unit of the scope to the direct child of the root it lies under (root → root)."""
    units = list(Unit.objects.filter(pk__in=scope.unit_ids).values_list("pk", "parent_id", "name"))
    parent = {pk: parent_id for pk, parent_id, _name in units}
    names = {pk: name for pk, _parent, name in units}
    rollup: dict[int, int] = {}
    for pk in parent:
        node = pk
        while node != scope.root_id and parent.get(node) not in (scope.root_id, None):
            node = parent[node] or node
        rollup[pk] = node
    return rollup, names


def _target_figure(
    figure: Figure, targets: dict[str, TeamTarget], metric: str, actual: Decimal | None
) -> Figure:
    target = targets.get(metric)
    if target is None:
        return figure
    figure.target = target.value
    if target.comparison == TargetComparison.ABOUT:
        figure.gap = None if actual is None else actual - target.value
        figure.met = None if actual is None else abs(actual - target.value) <= ABOUT_TOLERANCE
    else:
        at_least = target.comparison == TargetComparison.AT_LEAST
        figure.gap = gap_to_target(actual, target.value, at_least=at_least)
        figure.met = None if figure.gap is None else figure.gap <= 0
    return figure


def _targets(year: int, level: str) -> dict[str, TeamTarget]:
    return {t.metric: t for t in TeamTarget.objects.filter(year=year, level=level)}


def _percent_value(numerator: int, denominator: int) -> Decimal | None:
    return rate_percent(numerator, denominator)


# --- pillar 1: leadership teams -----------------------------------------------------------------


@dataclass
class Composition:
    members: int
    mean_age: Decimal | None
    ages: list[int]
    college: int
    bachelor: int
    women: int
    minority: int
    young: int


def team_composition(
    *, scope: FigureScope, levels: list[str], young_age: int, roles: list[str] | None = None
) -> Composition:
    """Distinct members on the as-of date of the teams of `levels` in scope, and their structure."""
    day = scope.as_of
    members = TeamMembership.objects.filter(
        _open_on(day), team__unit_id__in=scope.unit_ids, team__level__in=levels
    )
    if roles is not None:
        members = members.filter(role__in=roles)
    young_from, _latest = birth_date_bounds_for_age(0, young_age, day)
    people = Person.objects.filter(pk__in=members.values("person_id")).annotate(
        has_college=_has_education(day, COLLEGE_OR_ABOVE),
        has_bachelor=_has_education(day, BACHELOR_OR_ABOVE),
    )
    counts = people.aggregate(
        members=Count("pk"),
        college=Count("pk", filter=Q(has_college=True)),
        bachelor=Count("pk", filter=Q(has_bachelor=True)),
        women=Count("pk", filter=Q(gender=Gender.FEMALE)),
        minority=Count("pk", filter=~Q(ethnicity=HAN_CODE)),
        young=Count("pk", filter=Q(birth_date__gte=young_from)),
    )
    # Team members are a few hundred people at most: exact ages are computed per person.
    ages = [age_on(born, day) for born in people.values_list("birth_date", flat=True)]
    return Composition(
        members=counts["members"],
        mean_age=mean_age(sum(ages), len(ages)),
        ages=ages,
        college=counts["college"],
        bachelor=counts["bachelor"],
        women=counts["women"],
        minority=counts["minority"],
        young=counts["young"],
    )


def _section_level_members(scope: FigureScope) -> list[int]:
    """Ages of section-level (科级) members of county bureau and branch teams on the as-of date."""
    day = scope.as_of
    births = (
        TeamMembership.objects.filter(
            _open_on(day),
            team__unit_id__in=scope.unit_ids,
            team__level=TeamLevel.GRASSROOTS_BUREAU,
        )
        .annotate(rank_on=_rank_on(day))
        .filter(rank_on__in=SECTION_RANKS)
        .values_list("person_id", "person__birth_date")
    )
    return [age_on(born, day) for _pk, born in dict(births).items()]


def _share_between(ages: list[int], low: int, high: int) -> Decimal | None:
    return rate_percent(sum(1 for a in ages if low <= a <= high), len(ages))


def _age_bands(ages: list[int]) -> list[list[Value]]:
    bands = [(0, 29), (30, 34), (35, 39), (40, 44), (45, 49), (50, 54), (55, 200)]
    rows: list[list[Value]] = []
    for low, high in bands:
        label = f"≤{high}" if low == 0 else (f"≥{low}" if high == 200 else f"{low}–{high}")
        rows.append([label, sum(1 for a in ages if low <= a <= high)])
    return rows


def pillar_leadership(scope: FigureScope) -> Pillar:
    day = scope.as_of
    grassroots_targets = _targets(day.year, TeamLevel.GRASSROOTS_BUREAU)
    station_targets = _targets(day.year, TeamLevel.STATION)

    def young_limit(targets: dict[str, TeamTarget], level: str) -> int:
        for metric in (TeamMetric.YOUNG_SHARE, TeamMetric.YOUNG_COUNT):
            if metric in targets and targets[metric].age_limit:
                return int(targets[metric].age_limit or 0)
        return DEFAULT_YOUNG_AGE[level]

    section_ages = _section_level_members(scope)
    heads = team_composition(
        scope=scope,
        levels=[TeamLevel.STATION],
        roles=[TeamRole.HEAD],
        young_age=young_limit(station_targets, TeamLevel.STATION),
    )
    grass = team_composition(
        scope=scope,
        levels=[TeamLevel.GRASSROOTS_BUREAU],
        young_age=young_limit(grassroots_targets, TeamLevel.GRASSROOTS_BUREAU),
    )
    section_mean = mean_age(sum(section_ages), len(section_ages))
    figures = [
        _target_figure(
            Figure(
                "1.1",
                _("旗县区局、分局科级领导干部平均年龄"),
                section_mean,
                _("岁"),
                _("40岁左右为主体"),
                breakdowns=[
                    Breakdown(_("年龄分布（人）"), [_("年龄"), _("人数")], _age_bands(section_ages))
                ],
            ),
            grassroots_targets,
            TeamMetric.AVERAGE_AGE,
            section_mean,
        ),
        Figure(
            "1.1b",
            _("其中35至45岁所占比例"),
            _share_between(section_ages, 35, 45),
            "%",
        ),
        _target_figure(
            Figure(
                "1.2",
                _("工商所所长平均年龄"),
                heads.mean_age,
                _("岁"),
                _("35岁左右为主体"),
                breakdowns=[
                    Breakdown(_("年龄分布（人）"), [_("年龄"), _("人数")], _age_bands(heads.ages))
                ],
            ),
            station_targets,
            TeamMetric.AVERAGE_AGE,
            heads.mean_age,
        ),
        Figure("1.2b", _("其中30至40岁所占比例"), _share_between(heads.ages, 30, 40), "%"),
        Figure("1.3m", _("基层局领导班子成员人数"), grass.members, _("人")),
    ]
    shares = [
        (
            "1.3",
            _("基层局领导班子成员大专以上学历比例"),
            grass.college,
            TeamMetric.COLLEGE_OR_ABOVE_SHARE,
            _("全部达到大专以上"),
        ),
        (
            "1.4",
            _("基层局领导班子成员本科以上学历比例"),
            grass.bachelor,
            TeamMetric.BACHELOR_OR_ABOVE_SHARE,
            "68%",
        ),
        ("1.5a", _("基层局领导班子女干部比例"), grass.women, TeamMetric.WOMEN_SHARE, ""),
        (
            "1.5b",
            _("基层局领导班子少数民族干部比例"),
            grass.minority,
            TeamMetric.MINORITY_SHARE,
            "",
        ),
        ("1.5c", _("基层局领导班子年轻干部比例"), grass.young, TeamMetric.YOUNG_SHARE, ""),
    ]
    for key, label, count, metric, article in shares:
        share = rate_percent(count, grass.members)
        figures.append(
            _target_figure(
                Figure(key, label, share, "%", article), grassroots_targets, metric, share
            )
        )
    figures.append(_composition_by_level(scope))
    figures.extend(_visit_figures(scope))
    figures.append(_rotation_figure(scope))
    figures.extend(_litigation_figures(scope))
    return Pillar(1, _("一、领导班子建设"), figures)


def _composition_by_level(scope: FigureScope) -> Figure:
    rows: list[list[Value]] = []
    total_members = 0
    total_age = 0
    for level, label in TeamLevel.choices:
        composition = team_composition(
            scope=scope, levels=[level], young_age=DEFAULT_YOUNG_AGE.get(level, 35)
        )
        if not composition.members:
            continue
        total_members += composition.members
        total_age += sum(composition.ages)
        rows.append(
            [
                str(label),
                composition.members,
                composition.mean_age,
                rate_percent(composition.college, composition.members),
                rate_percent(composition.bachelor, composition.members),
                rate_percent(composition.women, composition.members),
                rate_percent(composition.minority, composition.members),
            ]
        )
    return Figure(
        "1.6",
        _("各级领导班子成员平均年龄"),
        mean_age(total_age, total_members),
        _("岁"),
        breakdowns=[
            Breakdown(
                _("按班子层级"),
                [
                    _("班子层级"),
                    _("人数"),
                    _("平均年龄"),
                    _("大专以上%"),
                    _("本科以上%"),
                    _("女干部%"),
                    _("少数民族%"),
                ],
                rows,
            )
        ],
    )


def _visit_figures(scope: FigureScope) -> list[Figure]:
    visits = SupervisoryVisit.objects.filter(
        unit_id__in=scope.unit_ids, visited_on__range=(scope.period_start, scope.period_end)
    )
    findings = SupervisoryFinding.objects.filter(visit__in=visits)
    day = scope.as_of
    counts = findings.aggregate(
        total=Count("pk"),
        due=Count("pk", filter=Q(deadline__lte=day)),
        # Closed by its own deadline (a column comparison) and known by the as-of date.
        on_time=Count(
            "pk",
            filter=Q(deadline__lte=day, closed_on__lte=day) & Q(closed_on__lte=F("deadline")),
        ),
        overdue=Count(
            "pk",
            filter=Q(deadline__lt=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day)),
        ),
    )
    on_time, overdue = counts["on_time"], counts["overdue"]
    return [
        Figure("1.7", _("督查指导次数"), visits.count(), _("次")),
        Figure("1.7a", _("督查发现问题"), counts["total"], _("个问题")),
        Figure("1.7b", _("到期问题按期整改率"), rate_percent(on_time, counts["due"]), "%"),
        Figure("1.7c", _("逾期未整改问题"), overdue, _("个问题")),
    ]


def _rotation_figure(scope: FigureScope) -> Figure:
    cycles = list(
        RotationCycle.objects.filter(
            start_date__lte=scope.period_end, end_date__gte=scope.period_start
        ).order_by("-end_date", "-pk")
    )
    rows: list[list[Value]] = []
    headline: Decimal | None = None
    missing: list[list[Value]] = []
    for index, cycle in enumerate(cycles):
        day = min(cycle.end_date, scope.as_of)
        eligible_ranks = [
            r for r, order in RANK_ORDER.items() if order >= RANK_ORDER[cycle.min_rank]
        ]
        memberships = (
            _cadre_memberships_on(scope, day)
            .annotate(rank_on=_rank_on(day))
            .filter(rank_on__in=eligible_ranks)
            .annotate(
                done=Exists(
                    RotationCompletion.objects.filter(
                        cycle=cycle, person_id=OuterRef("person_id"), completed_on__lte=scope.as_of
                    )
                )
            )
        )
        per_rank = memberships.values("rank_on").annotate(
            n=Count("person_id", distinct=True),
            done_n=Count("person_id", filter=Q(done=True), distinct=True),
        )
        by_band: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in per_rank:
            band = RANK_BAND[row["rank_on"]]
            by_band[band][0] += row["n"]
            by_band[band][1] += row["done_n"]
        eligible = sum(v[0] for v in by_band.values())
        done = sum(v[1] for v in by_band.values())
        for band, label in RankBand.choices:
            if band in by_band:
                n, d = by_band[band]
                rows.append([cycle.title, str(label), n, d, rate_percent(d, n)])
        rows.append([cycle.title, _("合计"), eligible, done, rate_percent(done, eligible)])
        if index == 0:
            headline = rate_percent(done, eligible)
            if scope.persons_visible:
                missing = [
                    [name, unit]
                    for name, unit in memberships.filter(done=False)
                    .order_by("unit__ordering_key", "person__employee_number")
                    .values_list("person__name", "unit__name")[:NAMED_ROWS_LIMIT]
                ]
    breakdowns = [
        Breakdown(
            _("按职级段"),
            [_("轮训"), _("职级段"), _("应训人数"), _("已训人数"), _("覆盖率%")],
            rows,
        )
    ]
    if scope.persons_visible:
        breakdowns.append(
            Breakdown(
                _("最近一期尚未参训人员"),
                [_("姓名"), _("单位")],
                missing,
                chart="none",
                personal=True,
            )
        )
    return Figure(
        "1.8",
        _("副科级以上干部集中轮训覆盖率"),
        headline,
        "%",
        _("全系统副科级以上干部集中轮训"),
        breakdowns=breakdowns,
    )


def _litigation_figures(scope: FigureScope) -> list[Figure]:
    counts = LitigationCase.objects.filter(
        unit_id__in=scope.unit_ids, hearing_on__range=(scope.period_start, scope.period_end)
    ).aggregate(heard=Count("pk"), appeared=Count("pk", filter=Q(head_appeared=True)))
    filed = LitigationCase.objects.filter(
        unit_id__in=scope.unit_ids, filed_on__range=(scope.period_start, scope.period_end)
    ).count()
    return [
        Figure(
            "1.9",
            _("行政首长出庭应诉率"),
            rate_percent(counts["appeared"], counts["heard"]),
            "%",
            _("实行行政首长出庭应诉制度"),
        ),
        Figure("1.9a", _("开庭审理的行政诉讼案件"), counts["heard"], _("件")),
        Figure("1.9b", _("其中行政首长出庭"), counts["appeared"], _("件")),
        Figure("1.9c", _("新收行政诉讼案件"), filed, _("件")),
    ]


# --- pillar 2: learning -------------------------------------------------------------------------


def pillar_learning(scope: FigureScope) -> Pillar:
    period = (scope.period_start, scope.period_end)
    classes = TrainingClass.objects.filter(
        organiser_id__in=scope.unit_ids, start_date__range=period
    )
    class_meta = {
        pk: (method, category, delivery)
        for pk, method, category, delivery in classes.values_list(
            "pk", "teaching_method", "category", "delivery"
        )
    }
    times_by_class, hours_by_class, unique_persons = _attendance_totals(scope)
    person_times = sum(times_by_class.values())
    # Hours are recorded to one decimal; one scale whichever database and path summed them.
    hours = sum(hours_by_class.values(), Decimal(0)).quantize(Decimal("0.1"))
    missing = [pk for pk in times_by_class if pk not in class_meta]
    if missing:
        class_meta.update(
            {
                pk: (method, category, delivery)
                for pk, method, category, delivery in TrainingClass.objects.filter(
                    pk__in=missing
                ).values_list("pk", "teaching_method", "category", "delivery")
            }
        )
    organised = set(classes.values_list("pk", flat=True))

    def grouped(position: int, choices: list[tuple[str, Any]]) -> list[list[Value]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for pk in organised:
            counts[class_meta[pk][position]][0] += 1
        for pk, times in times_by_class.items():
            counts[class_meta[pk][position]][1] += times
        return [
            [str(label), counts[code][0], counts[code][1]]
            for code, label in choices
            if code in counts
        ]

    from hongdun.workforce.choices import Delivery, TeachingMethod, TrainingCategory

    columns = [_("类别"), _("期数"), _("人次")]
    figures = [
        Figure(
            "2.1",
            _("举办各类培训班"),
            len(organised),
            _("期"),
            _("700余期"),
            breakdowns=[Breakdown(_("按培训类别"), columns, grouped(1, TrainingCategory.choices))],
        ),
        Figure(
            "2.2",
            _("培训干部人次"),
            person_times,
            _("人次"),
            _("38100多人次"),
            breakdowns=[Breakdown(_("按教学方法"), columns, grouped(0, TeachingMethod.choices))],
        ),
        Figure("2.3", _("参训人数（去重）"), unique_persons, _("人")),
        Figure(
            "2.4",
            _("参训学时合计"),
            hours,
            _("学时"),
            breakdowns=[
                Breakdown(_("按培训方式"), columns, grouped(2, Delivery.choices), chart="pie")
            ],
        ),
    ]
    figures.extend(_study_figures(scope))
    figures.extend(_exam_figures(scope))
    figures.extend(_contest_figures(scope))
    return Pillar(2, _("二、干部队伍建设（学习培训）"), figures)


def _attendance_totals(scope: FigureScope) -> tuple[dict[int, int], dict[int, Decimal], int]:
    """Person-times and attended hours per class, and unique persons, over the attendance rows
    dated in the period, of units in scope, marked present or late — read from the person-time
    rollup (ADR 0011) rather than from the attendance rows.

    A `PersonTime` row whose attended dates all lie in the period and whose unit is in scope is one
    person-time with all its hours. For the whole bureau the unit filter keeps every row, so a
    class whose attended dates all lie in the period contributes its `PersonTimeTotal` as it is;
    below it, the pairs of the scope's units are counted per class from an index range. Only two
    kinds of pair need their attendance rows, and only theirs are read: pairs whose attended dates
    straddle an end of the period (some rows in, some out), and, below the whole bureau, pairs
    attended under more than one unit (no single unit in the rollup)."""
    start, end = scope.period_start, scope.period_end
    everywhere = _covers_every_unit(scope)
    inside = Q(first_date__gte=start, last_date__lte=end)
    straddling = (Q(first_date__lt=start) | Q(last_date__gt=end)) & Q(
        first_date__lte=end, last_date__gte=start
    )
    spans = list(
        PersonTimeTotal.objects.filter(first_date__lte=end, last_date__gte=start).values_list(
            "training_class_id", "first_date", "last_date", "person_times", "hours"
        )
    )
    crossing = sorted(pk for pk, first, last, _n, _h in spans if first < start or last > end)
    times: dict[int, int] = {}
    hours: dict[int, Decimal] = {}
    doubtful: set[tuple[int, int]] = set()
    pairs = PersonTime.objects.filter(sessions__gt=0)
    if not everywhere:
        pairs = pairs.filter(unit_id__in=scope.unit_ids)
    if everywhere:
        for pk, first, last, person_times, class_hours in spans:
            if start <= first and last <= end:
                times[pk], hours[pk] = person_times, Decimal(class_hours)
    else:
        for pk, persons, class_hours in (
            pairs.filter(inside)
            .values("training_class_id")
            .annotate(n=Count("pk"), h=Sum("hours"))
            .order_by()
            .values_list("training_class_id", "n", "h")
        ):
            times[pk], hours[pk] = persons, Decimal(class_hours or 0)
        doubtful.update(
            PersonTime.objects.filter(
                sessions__gt=0, unit_id__isnull=True, first_date__lte=end, last_date__gte=start
            ).values_list("training_class_id", "person_id")
        )
    for position in range(0, len(crossing), 500):
        chunk = crossing[position : position + 500]
        in_crossing = pairs.filter(training_class_id__in=chunk)
        if everywhere:
            # The classes left out above: their pairs inside the period are counted here.
            for pk, pair_hours in in_crossing.filter(inside).values_list(
                "training_class_id", "hours"
            ):
                times[pk] = times.get(pk, 0) + 1
                hours[pk] = hours.get(pk, Decimal(0)) + Decimal(pair_hours)
        doubtful.update(
            in_crossing.filter(straddling).values_list("training_class_id", "person_id")
        )
    resolved = _pairs_from_attendance(scope, doubtful, everywhere=everywhere)
    for (class_id, _person_id), pair_hours in resolved.items():
        times[class_id] = times.get(class_id, 0) + 1
        hours[class_id] = hours.get(class_id, Decimal(0)) + pair_hours
    # Unique persons: one index probe per person on (person, first date, …).
    has_whole = Exists(pairs.filter(inside, person_id=OuterRef("pk")))
    persons = Person.objects.filter(has_whole).count()
    others = {person_id for _class_id, person_id in resolved}
    if others:
        others -= set(Person.objects.filter(has_whole, pk__in=others).values_list("pk", flat=True))
    return times, hours, persons + len(others)


def _pairs_from_attendance(
    scope: FigureScope, pairs: set[tuple[int, int]], *, everywhere: bool
) -> dict[tuple[int, int], Decimal]:
    """The (class, person) pairs among `pairs` with an attended row in the period and scope, with
    the hours of those rows, read from the attendance rows of these pairs only."""
    found: dict[tuple[int, int], Decimal] = {}
    ordered = sorted(pairs)
    for position in range(0, len(ordered), 500):
        chunk = ordered[position : position + 500]
        rows = Attendance.objects.filter(
            training_class_id__in={c for c, _p in chunk},
            person_id__in={p for _c, p in chunk},
            status__in=ATTENDED_STATUSES,
            date__range=(scope.period_start, scope.period_end),
        )
        if not everywhere:
            rows = rows.filter(unit_id__in=scope.unit_ids)
        wanted = set(chunk)
        for class_id, person_id, pair_hours in (
            rows.values("training_class_id", "person_id")
            .annotate(h=Sum("hours"))
            .order_by()
            .values_list("training_class_id", "person_id", "h")
        ):
            if (class_id, person_id) in wanted:
                found[(class_id, person_id)] = Decimal(pair_hours or 0)
    return found


def _study_figures(scope: FigureScope) -> list[Figure]:
    from hongdun.workforce.choices import StudyKind

    period = (scope.period_start, scope.period_end)
    sessions = dict(
        StudySession.objects.filter(series__unit_id__in=scope.unit_ids, date__range=period)
        .values("series__kind")
        .annotate(n=Count("pk"))
        .values_list("series__kind", "n")
    )
    attendance = {
        row["session__series__kind"]: row
        for row in StudyAttendance.objects.filter(unit_id__in=scope.unit_ids, date__range=period)
        .values("session__series__kind")
        .annotate(
            expected=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED_STATUSES))
        )
    }
    rows: list[list[Value]] = []
    for kind, label in StudyKind.choices:
        if kind in sessions or kind in attendance:
            row = attendance.get(kind, {"expected": 0, "attended": 0})
            rows.append(
                [
                    str(label),
                    sessions.get(kind, 0),
                    row["attended"],
                    rate_percent(row["attended"], row["expected"]),
                ]
            )
    expected = sum(r["expected"] for r in attendance.values())
    present = sum(r["attended"] for r in attendance.values())
    return [
        Figure(
            "2.5",
            _("晨学、周四例学、远程教育学习场次"),
            sum(sessions.values()),
            _("次"),
            breakdowns=[
                Breakdown(
                    _("按学习类型"),
                    [_("类型"), _("场次"), _("出勤人次"), _("出勤率%")],
                    rows,
                )
            ],
        ),
        Figure("2.5a", _("例行学习出勤率"), rate_percent(present, expected), "%"),
    ]


def _exam_figures(scope: FigureScope) -> list[Figure]:
    day = scope.as_of
    passed = Exists(
        ExamResult.objects.filter(
            person_id=OuterRef("person_id"),
            passed=True,
            exam__name=COMPUTER_EXAM_NAME,
            exam__level=COMPUTER_EXAM_LEVEL,
            exam__held_on__lte=day,
        )
    )
    per_unit = (
        _cadre_memberships_on(scope, day)
        .annotate(passed=passed)
        .values("unit_id")
        .annotate(
            n=Count("person_id", distinct=True),
            p=Count("person_id", filter=Q(passed=True), distinct=True),
        )
    )
    rollup, names = _children_rollup(scope)
    by_child: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in per_unit:
        child = rollup.get(row["unit_id"], row["unit_id"])
        by_child[child][0] += row["n"]
        by_child[child][1] += row["p"]
    total = sum(v[0] for v in by_child.values())
    passed_n = sum(v[1] for v in by_child.values())
    unit_rows: list[list[Value]] = [
        [names.get(child, str(child)), n, p, rate_percent(p, n)]
        for child, (n, p) in sorted(by_child.items(), key=lambda item: names.get(item[0], ""))
    ]
    exams = (
        ExamResult.objects.filter(
            unit_id__in=scope.unit_ids,
            exam__held_on__range=(scope.period_start, scope.period_end),
        )
        .values("exam__name", "exam__level")
        .annotate(
            sat=Count("pk", filter=Q(absent=False)),
            ok=Count("pk", filter=Q(passed=True)),
            persons=Count("person_id", distinct=True),
        )
        .order_by("exam__name", "exam__level")
    )
    exam_rows: list[list[Value]] = [
        [
            f"{row['exam__name']} {row['exam__level']}".strip(),
            row["sat"],
            row["ok"],
            rate_percent(row["ok"], row["sat"]),
        ]
        for row in exams
    ]
    return [
        Figure(
            "2.6",
            _("干部通过计算机一级B等级考试比例"),
            rate_percent(passed_n, total),
            "%",
            "71.4%",
            breakdowns=[
                Breakdown(
                    _("按单位"), [_("单位"), _("干部人数"), _("已通过"), _("通过率%")], unit_rows
                ),
                Breakdown(
                    _("统计期内各类考试"),
                    [_("考试"), _("参考人次"), _("合格人次"), _("合格率%")],
                    exam_rows,
                ),
            ],
        ),
        Figure("2.6a", _("在职干部人数"), total, _("人")),
        Figure("2.6b", _("其中已通过计算机一级B"), passed_n, _("人")),
    ]


def _entries_in_scope(scope: FigureScope) -> QuerySet[CompetitionEntry]:
    member_then = UnitMembership.objects.filter(
        person_id=OuterRef("person_id"),
        unit_id__in=scope.unit_ids,
        start_date__lte=OuterRef("competition__held_on"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=OuterRef("competition__held_on")))
    return CompetitionEntry.objects.filter(
        competition__held_on__range=(scope.period_start, scope.period_end)
    ).filter(Q(unit_id__in=scope.unit_ids) | Exists(member_then))


def _contest_figures(scope: FigureScope) -> list[Figure]:
    entries = _entries_in_scope(scope)
    counts = entries.aggregate(
        contests=Count("competition_id", distinct=True),
        collective=Count("pk", filter=Q(person__isnull=True)),
        persons=Count("person_id", distinct=True),
    )
    # One person at one contest is one person-time however many events they entered, as one
    # person at one class is (2.2); a unit's (team) entry is nobody's person-time.
    person_times = (
        entries.filter(person__isnull=False)
        .values("competition_id", "person_id")
        .distinct()
        .count()
    )
    by_kind = dict(
        entries.values("competition__kind")
        .annotate(n=Count("competition_id", distinct=True))
        .values_list("competition__kind", "n")
    )
    regional = list(
        entries.filter(
            competition__level=HonourLevel.REGION, competition__kind=CompetitionKind.KNOWLEDGE
        )
        .exclude(prize="")
        .values_list(
            "competition__year", "competition__title", "unit__name", "person__name", "rank", "prize"
        )
    )
    best = max((PRIZE_ORDER[row[5]] for row in regional), default=None)
    labels = dict(Prize.choices)
    best_label = next((str(labels[p]) for p, o in PRIZE_ORDER.items() if o == best), None)
    prize_rows: list[list[Value]] = [
        [
            _year(year),
            title,
            unit or (person if scope.persons_visible else "—"),
            rank,
            str(labels[prize]),
        ]
        for year, title, unit, person, rank, prize in sorted(regional)
    ]
    return [
        Figure(
            "2.8",
            _("参加技能比武、知识竞赛"),
            counts["contests"],
            _("项"),
            _("计算机操作、执法办案技能大比武"),
            breakdowns=[
                Breakdown(
                    _("按类型"),
                    [_("类型"), _("项数")],
                    [
                        [str(label), by_kind[k]]
                        for k, label in CompetitionKind.choices
                        if k in by_kind
                    ],
                    chart="pie",
                )
            ],
        ),
        Figure("2.8a", _("参赛人次"), person_times, _("人次")),
        Figure("2.8b", _("参赛人数（去重）"), counts["persons"], _("人")),
        Figure("2.8c", _("以单位名义参赛"), counts["collective"], _("次")),
        Figure(
            "2.9",
            _("全区知识竞赛最好成绩"),
            best_label,
            "",
            _("二等奖"),
            breakdowns=[
                Breakdown(
                    _("自治区级知识竞赛获奖"),
                    [_("年度"), _("竞赛"), _("参赛单位/个人"), _("名次"), _("奖项")],
                    prize_rows,
                    chart="none",
                )
            ],
        ),
    ]


# --- pillar 3: civic virtue ---------------------------------------------------------------------


def _honours_held(scope: FigureScope) -> QuerySet[Honour]:
    day = scope.as_of
    return (
        Honour.objects.filter(year__lte=day.year)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .filter(Q(unit_id__in=scope.unit_ids) | Q(person__unit_id__in=scope.unit_ids))
    )


def _distinct_subjects(honours: QuerySet[Honour]) -> int:
    counts = honours.aggregate(
        units=Count("unit_id", distinct=True), persons=Count("person_id", distinct=True)
    )
    return int(counts["units"] + counts["persons"])


HONOUR_GROUPS: list[tuple[str, str, list[str], str]] = [
    ("3.1", HonourLevel.NATIONAL, [HonourCategory.CIVILISED_UNIT], "1"),
    ("3.2", HonourLevel.REGION, [HonourCategory.CIVILISED_UNIT], "4"),
    (
        "3.3",
        HonourLevel.REGION,
        [
            HonourCategory.CIVILISED_WINDOW,
            HonourCategory.CIVILISED_TRADE_POINT,
            HonourCategory.YOUTH_CIVILISATION,
        ],
        "23",
    ),
    (
        "3.4",
        HonourLevel.CITY,
        [
            HonourCategory.CIVILISED_UNIT,
            HonourCategory.CIVILISED_WINDOW,
            HonourCategory.YOUTH_CIVILISATION,
        ],
        "57",
    ),
    ("3.5", HonourLevel.REGION, [HonourCategory.SATISFIED_ENFORCEMENT], "10"),
]


def honour_streaks(scope: FigureScope) -> list[list[Value]]:
    """(subject, title, years running up to the as-of year, awarding body) for runs of 2+ years."""
    years: dict[tuple[int | None, int | None, str, str], list[int]] = defaultdict(list)
    rows = _honours_held(scope).values_list(
        "unit_id", "person_id", "title", "awarding_body", "year"
    )
    for unit_id, person_id, title, body, year in rows:
        years[(unit_id, person_id, title, body)].append(year)
    unit_names = _unit_names(k[0] for k in years if k[0])
    person_names = dict(
        Person.objects.filter(pk__in={k[1] for k in years if k[1]}).values_list("pk", "name")
    )
    result: list[list[Value]] = []
    for (subject_unit, subject_person, title, body), held in years.items():
        run = streak_ending(held, scope.as_of.year)
        if run < 2:
            continue
        if subject_person and not scope.persons_visible:
            continue
        subject = (
            unit_names.get(subject_unit, "")
            if subject_unit
            else person_names.get(subject_person or 0, "")
        )
        result.append([subject, title, run, body])
    result.sort(key=lambda row: (-int(row[2] or 0), str(row[0])))
    return result


def pillar_civic(scope: FigureScope) -> Pillar:
    held = _honours_held(scope)
    labels = [
        _("全国文明单位"),
        _("自治区级文明单位"),
        _("自治区级文明示范窗口、文明行业示范点、青年文明号"),
        _("市级文明单位、文明示范窗口、青年文明号"),
        _("自治区人民满意行政执法单位"),
    ]
    figures = [
        Figure(
            key,
            label,
            _distinct_subjects(held.filter(level=level, category__in=categories)),
            _("个单位"),
            article,
        )
        for (key, level, categories, article), label in zip(HONOUR_GROUPS, labels, strict=True)
    ]
    streaks = honour_streaks(scope)
    figures.append(
        Figure(
            "3.6",
            _("连续获得同一荣誉的最长年数"),
            max((int(row[2] or 0) for row in streaks), default=0),
            _("年"),
            _("注册大厅连续4年获“最佳服务窗口”"),
            breakdowns=[
                Breakdown(
                    _("连续获得的荣誉"),
                    [_("获奖对象"), _("荣誉称号"), _("连续年数"), _("授予机关")],
                    streaks,
                    chart="none",
                )
            ],
        )
    )
    national = list(
        held.filter(level=HonourLevel.NATIONAL)
        .exclude(category=HonourCategory.CIVILISED_UNIT)
        .filter(unit__isnull=False)
        .values_list("unit__name", "title", "year")
        .order_by("year", "title")
    )
    figures.append(
        Figure(
            "3.7",
            _("其他国家级荣誉"),
            len(national),
            _("项"),
            _("全国工商系统政务公开示范点"),
            breakdowns=[
                Breakdown(
                    _("国家级荣誉"),
                    [_("单位"), _("荣誉称号"), _("年度")],
                    [[unit, title, _year(year)] for unit, title, year in national],
                    chart="none",
                )
            ],
        )
    )
    disclosures = DisclosureEntry.objects.filter(
        unit_id__in=scope.unit_ids, disclosed_on__range=(scope.period_start, scope.period_end)
    )
    from hongdun.workforce.choices import DisclosureCategory

    by_category = dict(
        disclosures.values("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    figures.append(
        Figure(
            "3.8",
            _("政务公开事项"),
            sum(by_category.values()),
            _("条"),
            breakdowns=[
                Breakdown(
                    _("按类别"),
                    [_("类别"), _("条数")],
                    [
                        [str(label), by_category[c]]
                        for c, label in DisclosureCategory.choices
                        if c in by_category
                    ],
                    chart="pie",
                )
            ],
        )
    )
    per_level = {
        row["level"]: row
        for row in held.values("level").annotate(
            awards=Count("pk"),
            units=Count("unit_id", distinct=True),
            persons=Count("person_id", distinct=True),
        )
    }
    level_rows: list[list[Value]] = [
        [str(label), per_level[lv]["awards"], per_level[lv]["units"] + per_level[lv]["persons"]]
        for lv, label in HonourLevel.choices
        if lv in per_level
    ]
    figures.append(
        Figure(
            "3.9",
            _("荣誉总数（截至统计日）"),
            sum(row["awards"] for row in per_level.values()),
            _("项次"),
            breakdowns=[
                Breakdown(_("按级别"), [_("级别"), _("项次"), _("获奖对象数")], level_rows)
            ],
        )
    )
    return Pillar(3, _("三、精神文明建设"), figures)


# --- pillar 4: integrity ------------------------------------------------------------------------


def _unanimous() -> Q:
    return (
        Q(votes_for__gt=0)
        & (Q(votes_against__isnull=True) | Q(votes_against=0))
        & (Q(votes_abstain__isnull=True) | Q(votes_abstain=0))
        & (Q(votes_basic__isnull=True) | Q(votes_basic=0))
    )


def pillar_integrity(scope: FigureScope) -> Pillar:
    day = scope.as_of
    results = EvaluationResult.objects.filter(unit_id__in=scope.unit_ids, round__year__lte=day.year)
    pc_year = (
        results.filter(round__evaluator_kind__in=PEOPLES_CONGRESS)
        .order_by("-round__year")
        .values_list("round__year", flat=True)
        .first()
    )
    pc = results.filter(round__evaluator_kind__in=PEOPLES_CONGRESS, round__year=pc_year or 0)
    county = pc.filter(unit__kind__in=COUNTY_LEVEL_KINDS).aggregate(
        evaluated=Count("pk"), satisfied=Count("pk", filter=Q(grade=EvaluationGrade.SATISFIED))
    )
    unanimous = list(
        pc.filter(_unanimous()).values_list("unit__name", "round__title", "round__subject_count")
    )
    appraisal = (
        results.filter(round__evaluator_kind=EvaluatorKind.DEMOCRATIC_APPRAISAL, rank__isnull=False)
        .order_by("-round__year", "rank")
        .values_list("round__year", "rank", "peer_count", "unit__name")
        .first()
    )
    round_rows: list[list[Value]] = [
        [
            _year(row["round__year"]),
            row["round__title"],
            row["round__evaluator_body"],
            row["round__subject_count"],
            row["evaluated"],
            row["satisfied"],
            row["unanimous"],
            row["best_rank"],
        ]
        for row in results.values(
            "round_id",
            "round__year",
            "round__title",
            "round__evaluator_body",
            "round__subject_count",
        )
        .annotate(
            evaluated=Count("pk"),
            satisfied=Count("pk", filter=Q(grade=EvaluationGrade.SATISFIED)),
            unanimous=Count("pk", filter=_unanimous()),
            best_rank=Min("rank"),
        )
        .order_by("round__year", "round__title")
    ]
    figures = [
        Figure("4.1y", _("最近一次人大评议年度"), _year(pc_year), ""),
        Figure(
            "4.1",
            _("旗县区局、分局被评为“满意单位”"),
            county["satisfied"],
            _("个单位"),
            _("各旗县区工商局、分局均为满意单位"),
        ),
        Figure("4.1a", _("参加人大评议的旗县区局、分局"), county["evaluated"], _("个单位")),
        Figure(
            "4.2",
            _("人大评议全票满意的单位"),
            len(unanimous),
            _("个单位"),
            _("9个评议对象中唯一全票满意"),
            breakdowns=[
                Breakdown(
                    _("全票满意"),
                    [_("单位"), _("评议"), _("评议对象总数")],
                    [list(r) for r in unanimous],
                    chart="none",
                )
            ],
        ),
        Figure(
            "4.2a", _("该评议的评议对象总数"), unanimous[0][2] if unanimous else None, _("个单位")
        ),
        Figure(
            "4.3y",
            _("最近一次民主评议政风行风年度"),
            _year(appraisal[0]) if appraisal else None,
            "",
        ),
        Figure(
            "4.3",
            _("民主评议政风行风综合测评名次"),
            appraisal[1] if appraisal else None,
            "",
            _("第一名"),
            breakdowns=[
                Breakdown(
                    _("历次评议"),
                    [
                        _("年度"),
                        _("评议"),
                        _("评议机关"),
                        _("评议对象总数"),
                        _("本系统参评"),
                        _("满意"),
                        _("全票满意"),
                        _("最好名次"),
                    ],
                    round_rows,
                    chart="none",
                )
            ],
        ),
    ]
    integrity_honours = list(
        _honours_held(scope)
        .filter(field=HonourField.INTEGRITY, unit__isnull=False)
        .values_list("unit__name", "title", "year")
        .order_by("year")
    )
    figures.append(
        Figure(
            "4.5",
            _("党风廉政建设集体荣誉"),
            len(integrity_honours),
            _("项"),
            _("反腐倡廉宣传教育先进集体等"),
            breakdowns=[
                Breakdown(
                    _("集体荣誉"),
                    [_("单位"), _("荣誉称号"), _("年度")],
                    [[unit, title, _year(year)] for unit, title, year in integrity_honours],
                    chart="none",
                )
            ],
        )
    )
    note = ""
    if scope.integrity == IntegrityAccess.FULL:
        figures.extend(_integrity_records(scope))
    else:
        note = _("仅显示单位层面的评议结果和集体荣誉；个人表彰、述职述廉和监督记录仅纪检部门可见。")
    return Pillar(4, _("四、党风廉政建设"), figures, note=note)


def _integrity_records(scope: FigureScope) -> list[Figure]:
    day = scope.as_of
    period = (scope.period_start, scope.period_end)
    commendations = Commendation.objects.filter(
        person__isnull=False,
        person__unit_id__in=scope.unit_ids,
        year__range=(scope.period_start.year, scope.period_end.year),
    )
    named: list[list[Value]] = [
        [name, unit, title, _year(year)]
        for name, unit, title, year in commendations.values_list(
            "person__name", "person__unit__name", "title", "year"
        )[:NAMED_ROWS_LIMIT]
    ]
    teams = LeadershipTeam.objects.filter(unit_id__in=scope.unit_ids).values("unit_id")
    team_units = teams.count()
    signed = (
        ResponsibilityLetter.objects.filter(unit_id__in=teams, year=day.year, signed_on__lte=day)
        .values("unit_id")
        .distinct()
        .count()
    )
    reports = DutyReport.objects.filter(unit_id__in=scope.unit_ids, reported_on__range=period)
    ratings = DutyReportRating.objects.filter(report__in=reports).aggregate(
        total=Count("pk"), satisfied=Count("pk", filter=Q(rating__in=SATISFIED_RATINGS))
    )
    from hongdun.workforce.choices import SupervisionKind

    supervision = SupervisionRecord.objects.filter(
        unit_id__in=scope.unit_ids, conducted_on__range=period
    )
    by_kind = dict(supervision.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    due = supervision.filter(rectification_required=True, rectification_deadline__lte=day)
    rectified = due.filter(rectified_on__isnull=False, rectified_on__lte=day).filter(
        rectified_on__lte=F("rectification_deadline")
    )
    supervisors = IntegritySupervisor.objects.filter(
        unit_id__in=scope.unit_ids, term_start__lte=day, term_end__gte=day
    ).count()
    return [
        Figure(
            "4.4",
            _("受表彰的勤廉兼优等先进个人"),
            commendations.values("person_id").distinct().count(),
            _("人"),
            _("勤廉兼优先进典型"),
            breakdowns=[
                Breakdown(
                    _("先进个人"),
                    [_("姓名"), _("单位"), _("表彰"), _("年度")],
                    named,
                    chart="none",
                    personal=True,
                )
            ],
        ),
        Figure("4.6", _("签订党风廉政建设责任书的单位比例"), rate_percent(signed, team_units), "%"),
        Figure("4.7a", _("述职述廉场次"), reports.count(), _("场")),
        Figure(
            "4.7",
            _("服务对象代表满意率"),
            rate_percent(ratings["satisfied"], ratings["total"]),
            "%",
        ),
        Figure(
            "4.8a",
            _("三位一体监督次数"),
            sum(by_kind.values()),
            _("次"),
            breakdowns=[
                Breakdown(
                    _("按监督类型"),
                    [_("类型"), _("次数")],
                    [
                        [str(label), by_kind[k]]
                        for k, label in SupervisionKind.choices
                        if k in by_kind
                    ],
                    chart="pie",
                )
            ],
        ),
        Figure("4.8", _("到期问题按期整改率"), rate_percent(rectified.count(), due.count()), "%"),
        Figure("4.9", _("在聘特邀廉政监督员"), supervisors, _("人")),
    ]


# --- pillar 5: culture --------------------------------------------------------------------------


def pillar_culture(scope: FigureScope) -> Pillar:
    day = scope.as_of
    period = (scope.period_start, scope.period_end)
    projects = PairingProject.objects.filter(supporting_unit_id__in=scope.unit_ids).filter(
        _open_on(day)
    )
    by_pairing = dict(projects.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    funds = PairingFund.objects.filter(
        project__supporting_unit_id__in=scope.unit_ids, given_on__range=period
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    visits = PairingVisit.objects.filter(
        project__supporting_unit_id__in=scope.unit_ids, visited_on__range=period
    ).count()
    outcomes = PairingOutcome.objects.filter(
        project__supporting_unit_id__in=scope.unit_ids, achieved_on__range=period
    ).count()
    project_rows: list[list[Value]] = []
    for row in (
        PairingProject.objects.filter(supporting_unit_id__in=scope.unit_ids, start_date__lte=day)
        .values(
            "pk", "title", "kind", "supporting_unit__name", "partner_unit__name", "partner_name"
        )
        .order_by("start_date", "pk")
    ):
        project_rows.append(
            [
                row["title"],
                str(dict(PairingKind.choices)[row["kind"]]),
                row["supporting_unit__name"],
                row["partner_unit__name"] or row["partner_name"],
            ]
        )
    activities = CultureActivity.objects.filter(
        organiser_id__in=scope.unit_ids, start_date__range=period
    )
    participants = ActivityParticipant.objects.filter(activity__in=activities, person__isnull=False)
    # Person-times as in 2.2 and 2.8a: one person at one activity, whatever events they entered.
    participation = {
        "rows": participants.values("activity_id", "person_id").distinct().count(),
        "persons": participants.values("person_id").distinct().count(),
    }
    from hongdun.workforce.choices import ActivityKind

    by_activity = dict(activities.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    culture_honours = list(
        _honours_held(scope)
        .filter(field=HonourField.CULTURE, unit__isnull=False)
        .values_list("unit__name", "title", "level", "year")
        .order_by("year")
    )
    level_labels = dict(HonourLevel.choices)
    figures = [
        Figure(
            "5.1",
            _("对口支持旗县区局"),
            by_pairing.get(PairingKind.INTERNAL_SUPPORT, 0),
            _("个单位"),
            _("对口支持外五旗县区工商局"),
            breakdowns=[
                Breakdown(
                    _("帮扶项目"),
                    [_("项目"), _("类型"), _("支持单位"), _("受援对象")],
                    project_rows,
                    chart="none",
                )
            ],
        ),
        Figure(
            "5.1a",
            _("结对帮扶、共建项目"),
            by_pairing.get(PairingKind.VILLAGE_ASSISTANCE, 0)
            + by_pairing.get(PairingKind.CO_BUILDING, 0),
            _("项"),
            _("小召子村对口帮扶"),
        ),
        Figure("5.2", _("帮扶资金物资"), funds, _("元")),
        Figure("5.2a", _("帮扶走访"), visits, _("次")),
        Figure("5.2b", _("帮扶成效"), outcomes, _("项")),
        Figure(
            "5.3",
            _("文体、读书、展览等活动"),
            sum(by_activity.values()),
            _("项"),
            _("乒乓球、羽毛球比赛及书画摄影展"),
            breakdowns=[
                Breakdown(
                    _("按活动类型"),
                    [_("类型"), _("项数")],
                    [
                        [str(label), by_activity[k]]
                        for k, label in ActivityKind.choices
                        if k in by_activity
                    ],
                    chart="pie",
                )
            ],
        ),
        Figure("5.3a", _("参与人次"), participation["rows"], _("人次")),
        Figure("5.3b", _("参与人数（去重）"), participation["persons"], _("人")),
        Figure(
            "5.4",
            _("工商文化建设集体荣誉"),
            len(culture_honours),
            _("项"),
            _("民族团结进步模范集体等"),
            breakdowns=[
                Breakdown(
                    _("集体荣誉"),
                    [_("单位"), _("荣誉称号"), _("级别"), _("年度")],
                    [[u, t, str(level_labels[lv]), _year(y)] for u, t, lv, y in culture_honours],
                    chart="none",
                )
            ],
        ),
    ]
    figures.extend(_donation_figures(scope))
    return Pillar(5, _("五、工商文化建设"), figures)


def _donation_figures(scope: FigureScope) -> list[Figure]:
    period = (scope.period_start, scope.period_end)
    donations = Donation.objects.filter(
        unit_id__in=scope.unit_ids,
        person__isnull=False,
        campaign__start_date__range=period,
    )
    totals = {
        row["campaign__kind"]: row
        for row in donations.values("campaign__kind").annotate(
            total=Sum("amount"), donors=Count("person_id", distinct=True)
        )
    }
    rollup, names = _children_rollup(scope)
    per_unit: dict[tuple[str, int], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for row in donations.values("campaign__kind", "unit_id").annotate(
        total=Sum("amount"), donors=Count("person_id", distinct=True)
    ):
        key = (row["campaign__kind"], rollup.get(row["unit_id"], row["unit_id"]))
        per_unit[key][0] += row["donors"]
        per_unit[key][1] += row["total"] or Decimal(0)

    def unit_rows(kind: str) -> list[list[Value]]:
        rows = [
            [names.get(child, ""), donors, total, per_person(total, donors)]
            for (k, child), (donors, total) in per_unit.items()
            if k == kind
        ]
        return sorted(rows, key=lambda r: str(r[0]))

    def kind_figures(
        kind: str, key: str, label: str, donors_label: str, article: str
    ) -> list[Figure]:
        row = totals.get(kind, {"total": None, "donors": 0})
        total = Decimal(row["total"] or 0).quantize(Decimal("0.01"))
        donors = int(row["donors"] or 0)
        return [
            Figure(
                key,
                label,
                total,
                _("元"),
                article,
                breakdowns=[
                    Breakdown(
                        _("按单位"),
                        [_("单位"), _("人数"), _("金额（元）"), _("人均（元）")],
                        unit_rows(kind),
                    )
                ],
            ),
            Figure(f"{key}a", donors_label, donors, _("人")),
            Figure(f"{key}b", _("人均（元）"), per_person(total, donors), _("元")),
        ]

    association = DonationCampaign.objects.filter(
        kind=DonationKind.ASSOCIATION, organiser_id__in=scope.unit_ids, start_date__range=period
    )
    reported = association.aggregate(
        money=Sum("reported_total"), goods=Sum("reported_in_kind_total")
    )
    unreported = Donation.objects.filter(
        campaign__in=association.filter(
            reported_total__isnull=True, reported_in_kind_total__isnull=True
        )
    ).aggregate(money=Sum("amount"), goods=Sum("in_kind_value"))
    organised = sum(
        (v or Decimal(0) for v in (*reported.values(), *unreported.values())), Decimal("0.00")
    )
    return [
        *kind_figures(
            DonationKind.STAFF_DONATION,
            "5.5",
            _("干部职工和离退休老干部捐款"),
            _("捐款人数"),
            _("1000多名干部职工捐款155710元"),
        ),
        *kind_figures(
            DonationKind.SPECIAL_PARTY_DUES,
            "5.6",
            _("党员交纳“特殊党费”"),
            _("交纳党员人数"),
            _("684名党员交纳149060元"),
        ),
        Figure("5.7", _("组织个体私营业者捐款捐物"), organised, _("元"), _("近1250万元")),
    ]


# --- entry points -------------------------------------------------------------------------------

PILLAR_FUNCTIONS = {
    1: pillar_leadership,
    2: pillar_learning,
    3: pillar_civic,
    4: pillar_integrity,
    5: pillar_culture,
}


def visible_pillar_numbers(scope: FigureScope) -> list[int]:
    return [n for n in PILLAR_NUMBERS if n != 4 or scope.integrity != IntegrityAccess.NONE]


def pillar_compute(*, scope: FigureScope, number: int) -> Pillar:
    if number not in visible_pillar_numbers(scope):
        raise Http404
    pillar = PILLAR_FUNCTIONS[number](scope)
    return hide_personal(pillar, scope)


def names_visible(scope: FigureScope, number: int) -> bool:
    """Names: the discipline office sees its own pillar's, others by `persons_visible`."""
    if number == 4:
        return scope.integrity == IntegrityAccess.FULL
    return scope.persons_visible


def hide_personal(pillar: Pillar, scope: FigureScope) -> Pillar:
    if not names_visible(scope, pillar.number):
        for figure in pillar.figures:
            figure.breakdowns = [b for b in figure.breakdowns if not b.personal]
    return pillar


def pillars_compute(*, scope: FigureScope) -> list[Pillar]:
    return [pillar_compute(scope=scope, number=n) for n in visible_pillar_numbers(scope)]


def _year(value: int | None) -> str | None:
    """A year as a figure value: years are labels, not quantities, so they are kept as text that
    no formatter groups ("2005", never "2,005")."""
    return None if value is None else str(value)


def _number(value: Value) -> float | None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    return float(value)


# A series this many times smaller than the largest would be a flat line on the largest's scale.
SECOND_AXIS_RATIO = 10


def value_axes(breakdown: Breakdown, numeric: list[int]) -> dict[int, int]:
    """Which y-axis (0 left, 1 right) each numeric column is drawn on. Rates (a "%" column) beside
    counts go on the right; otherwise a column whose largest value is SECOND_AXIS_RATIO times
    smaller than the largest column's (712 classes beside 38,126 person-times, persons beside
    yuan) goes on the right, so both magnitudes stay readable."""
    rates = {i for i in numeric if "%" in breakdown.columns[i]}
    if rates and len(rates) < len(numeric):
        return {i: 1 if i in rates else 0 for i in numeric}
    largest = {i: max(abs(_number(row[i]) or 0.0) for row in breakdown.rows) for i in numeric}
    top = max(largest.values(), default=0.0)
    return {i: 1 if largest[i] * SECOND_AXIS_RATIO < top else 0 for i in numeric}


def _bar_options(breakdown: Breakdown, categories: list[str], numeric: list[int]) -> dict[str, Any]:
    axes = value_axes(breakdown, numeric)
    two_axes = len(set(axes.values())) == 2
    y_axes: list[dict[str, Any]] = [
        {
            "type": "value",
            "name": "、".join(breakdown.columns[i] for i in numeric if axes[i] == axis),
            "position": "left" if axis == 0 else "right",
        }
        for axis in ((0, 1) if two_axes else (0,))
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 56, "right": 56 if two_axes else 16, "bottom": 72, "top": 48},
        "xAxis": {"type": "category", "data": categories, "axisLabel": {"rotate": 30}},
        "yAxis": y_axes if two_axes else y_axes[0],
        "series": [
            {
                "type": "bar",
                "name": breakdown.columns[i],
                "yAxisIndex": axes[i] if two_axes else 0,
                "data": [_number(row[i]) for row in breakdown.rows],
            }
            for i in numeric
        ],
    }


def chart_options(pillar: Pillar) -> dict[str, dict[str, Any]]:
    """ECharts options for the breakdowns that have a chart, keyed as the template's boxes."""
    options: dict[str, dict[str, Any]] = {}
    for figure in pillar.figures:
        for index, breakdown in enumerate(figure.breakdowns, start=1):
            if breakdown.chart == "none" or not breakdown.rows:
                continue
            numeric = [
                i
                for i in range(1, len(breakdown.columns))
                if any(_number(row[i]) is not None for row in breakdown.rows)
            ]
            if not numeric:
                continue
            categories = [str(row[0]) for row in breakdown.rows]
            key = f"chart-{figure.key}-{index}"
            if breakdown.chart == "pie":
                column = numeric[0]
                options[key] = {
                    "tooltip": {"trigger": "item"},
                    "legend": {"bottom": 0},
                    "series": [
                        {
                            "type": "pie",
                            "radius": ["35%", "65%"],
                            "name": breakdown.columns[column],
                            "data": [
                                {"name": name, "value": _number(row[column]) or 0}
                                for name, row in zip(categories, breakdown.rows, strict=True)
                            ],
                        }
                    ],
                }
            else:
                options[key] = _bar_options(breakdown, categories, numeric)
    return options
