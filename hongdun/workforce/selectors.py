"""Reads about one person as of a date: highest education, rank, unit, positions, and the timelines
of the person page and the appointment form. Figures over many people live in figures.py."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, restrict
from hongdun.orgs.models import Unit
from hongdun.workforce.choices import (
    DEGREE_RANK,
    EDUCATION_RANK,
    RANK_ORDER,
    SATISFIED_RATINGS,
    ReservePoolKind,
    StudyMode,
)
from hongdun.workforce.models import (
    Attendance,
    EducationRecord,
    Person,
    PositionRecord,
    RankRecord,
    ReservePool,
    TeamMembership,
    UnitMembership,
    age_on,
)


def open_on(on: date, start: str = "start_date", end: str = "end_date") -> Q:
    """Rows in force on `on`: started on or before it, not ended before it."""
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


def person_get_for_user(*, user: AnyUser, pk: int, action: Action = Action.VIEW) -> Person:
    """The person if the user may act on them, else 404 (ids outside the scope are not revealed)."""
    qs = restrict(Person.objects.select_related("unit", "user"), user, action)
    return get_object_or_404(qs, pk=pk)


def highest_education(
    person: Person, *, on: date, full_time_only: bool = False
) -> EducationRecord | None:
    """The highest education completed by `on` (level first, then degree, then the latest)."""
    records = [r for r in person.education_records.all() if r.end_date <= on]
    if full_time_only:
        records = [r for r in records if r.mode == StudyMode.FULL_TIME]
    if not records:
        return None
    return max(
        records,
        key=lambda r: (EDUCATION_RANK[r.level], DEGREE_RANK.get(r.degree, 0), r.end_date),
    )


def rank_on(person: Person, *, on: date) -> RankRecord | None:
    """The rank in force on `on` (the latest that started by then and had not ended)."""
    held = [
        r
        for r in person.rank_records.all()
        if r.start_date <= on and (r.end_date is None or r.end_date >= on)
    ]
    return max(held, key=lambda r: r.start_date) if held else None


def unit_on(person: Person, *, on: date) -> Unit | None:
    """The unit the person belonged to on `on`, from the dated memberships."""
    membership = (
        UnitMembership.objects.filter(person=person)
        .filter(open_on(on))
        .select_related("unit")
        .order_by("-start_date")
        .first()
    )
    return membership.unit if membership else None


def positions_on(person: Person, *, on: date) -> list[PositionRecord]:
    return [
        p
        for p in person.positions.all()
        if p.start_date <= on and (p.end_date is None or p.end_date >= on)
    ]


@dataclass(frozen=True)
class PersonSummary:
    """What the person page header and the appointment form show as of a date."""

    age: int
    rank: RankRecord | None
    highest: EducationRecord | None
    highest_full_time: EducationRecord | None
    highest_in_service: EducationRecord | None
    current_positions: list[PositionRecord]
    grassroots_years: int


def person_summary(person: Person, *, on: date) -> PersonSummary:
    in_service = [
        r
        for r in person.education_records.all()
        if r.mode == StudyMode.IN_SERVICE and r.end_date <= on
    ]
    highest_in_service = (
        max(in_service, key=lambda r: (EDUCATION_RANK[r.level], DEGREE_RANK.get(r.degree, 0)))
        if in_service
        else None
    )
    days = 0
    for experience in person.grassroots_experiences.all():
        if experience.start_date > on:
            continue
        end = min(experience.end_date or on, on)
        days += max((end - experience.start_date).days, 0)
    return PersonSummary(
        age=age_on(person.birth_date, on),
        rank=rank_on(person, on=on),
        highest=highest_education(person, on=on),
        highest_full_time=highest_education(person, on=on, full_time_only=True),
        highest_in_service=highest_in_service,
        current_positions=positions_on(person, on=on),
        grassroots_years=days // 365,
    )


def person_with_timelines(*, user: AnyUser, pk: int) -> Person:
    """The person with every timeline of the person page prefetched (a fixed number of queries)."""
    person = person_get_for_user(user=user, pk=pk)
    return (
        Person.objects.select_related("unit")
        .prefetch_related(
            "education_records",
            "rank_records",
            "positions__unit",
            "unit_memberships__unit",
            "grassroots_experiences",
            "team_memberships__team",
            "pool_memberships__pool",
            "honours",
            "exam_results__exam",
            "competition_entries__competition",
            "rotation_completions__cycle",
            "family_members",
        )
        .get(pk=person.pk)
    )


def person_trainings(person: Person, *, limit: int = 50) -> QuerySet[Attendance]:
    """The person's training attendance, newest first, with class and session."""
    return (
        Attendance.objects.filter(person=person)
        .select_related("training_class", "session")
        .order_by("-date", "-id")[:limit]
    )


def person_team_memberships(person: Person) -> QuerySet[TeamMembership]:
    return (
        TeamMembership.objects.filter(person=person).select_related("team").order_by("start_date")
    )


@dataclass(frozen=True)
class PoolCheck:
    """Why a person does or does not meet a reserve pool's criteria on a date."""

    failures: list[str]

    @property
    def eligible(self) -> bool:
        return not self.failures


def pool_criteria_check(pool: ReservePool, person: Person, *, on: date) -> PoolCheck:
    """Check the pool's criteria (age, education, grassroots years, rank, gender, ethnicity, party)
    against the person's records as of `on`; each failure is a translated sentence."""
    from django.utils.translation import gettext as _

    from hongdun.workforce.choices import HAN_CODE, PARTY_MEMBER_STATUSES, Gender

    summary = person_summary(person, on=on)
    failures: list[str] = []
    if pool.max_age is not None and summary.age > pool.max_age:
        failures.append(
            _("年龄 %(age)s 岁，超过上限 %(limit)s 岁。")
            % {"age": summary.age, "limit": pool.max_age}
        )
    if pool.min_education:
        have = EDUCATION_RANK[summary.highest.level] if summary.highest else 0
        if have < EDUCATION_RANK[pool.min_education]:
            failures.append(_("学历低于 %(level)s。") % {"level": pool.get_min_education_display()})
    if (
        pool.min_grassroots_years is not None
        and summary.grassroots_years < pool.min_grassroots_years
    ):
        failures.append(
            _("基层工作 %(years)s 年，少于 %(limit)s 年。")
            % {"years": summary.grassroots_years, "limit": pool.min_grassroots_years}
        )
    if pool.min_rank:
        have_rank = RANK_ORDER[summary.rank.rank] if summary.rank else 0
        if have_rank < RANK_ORDER[pool.min_rank]:
            failures.append(_("现任职级低于 %(rank)s。") % {"rank": pool.get_min_rank_display()})
    if (pool.requires_female or pool.kind == ReservePoolKind.FEMALE) and (
        person.gender != Gender.FEMALE
    ):
        failures.append(_("该库仅限女干部。"))
    if (pool.requires_minority or pool.kind == ReservePoolKind.MINORITY) and (
        person.ethnicity == HAN_CODE
    ):
        failures.append(_("该库仅限少数民族干部。"))
    if pool.requires_party_member and person.political_status not in PARTY_MEMBER_STATUSES:
        failures.append(_("该库仅限中共党员。"))
    return PoolCheck(failures=failures)


def satisfaction_share(ratings: list[str]) -> float | None:
    """Share of satisfied ratings (非常满意 + 满意) in percent, or None without ratings."""
    if not ratings:
        return None
    satisfied = sum(1 for r in ratings if r in SATISFIED_RATINGS)
    return round(100 * satisfied / len(ratings), 1)
