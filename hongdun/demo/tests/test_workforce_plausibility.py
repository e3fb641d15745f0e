"""The demo staff are people a personnel clerk would believe: every person of the generated bureau
(not a sample) is checked against the rules below — names match gender, nobody past the statutory
retirement age is in service on a demo date, and education agrees with age and work history."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

import pytest

from hongdun.demo.workforce import (
    GIVEN_NAMES,
    MONGOLIAN_GIVEN_NAMES,
    PERIOD_START,
    REPORT_DATE,
    workforce_demo_load,
)
from hongdun.workforce.choices import EducationLevel, EmploymentStatus, Gender, StudyMode
from hongdun.workforce.models import (
    EducationRecord,
    Person,
    PositionRecord,
    RankRecord,
    TeamMembership,
    UnitMembership,
    age_on,
)
from hongdun.workforce.retirement import retirement_date, retirement_rule

pytestmark = pytest.mark.django_db

# Characters no one gives a boy / a girl in the names of this generation.
ONLY_FEMALE = set("芳娜娟霞萍燕梅婷莉兰珍凤翠娃")
ONLY_MALE = set("刚军勇杰涛鹏峰斌兵凯毅")

# Completed years of age at graduation a personnel clerk accepts, by mode and level.
PLAUSIBLE_GRADUATION_AGE: dict[tuple[str, str], tuple[int, int]] = {
    (StudyMode.FULL_TIME, EducationLevel.HIGH_SCHOOL): (16, 20),
    (StudyMode.FULL_TIME, EducationLevel.SECONDARY_VOCATIONAL): (17, 21),
    (StudyMode.FULL_TIME, EducationLevel.COLLEGE): (19, 24),
    (StudyMode.FULL_TIME, EducationLevel.BACHELOR): (20, 25),
    (StudyMode.FULL_TIME, EducationLevel.MASTER): (23, 30),
    (StudyMode.IN_SERVICE, EducationLevel.COLLEGE): (20, 55),
    (StudyMode.IN_SERVICE, EducationLevel.BACHELOR): (21, 55),
    (StudyMode.IN_SERVICE, EducationLevel.MASTER): (24, 55),
}
DEGREE_LEVEL = {"bachelor": EducationLevel.BACHELOR, "master": EducationLevel.MASTER}
# 《劳动法》第十五条: nobody is hired under 16.
# 《中国共产党章程》第一条: members are 18 or older.
MINIMUM_WORKING_AGE = 16
MINIMUM_PARTY_AGE = 18

Problems = list[str]


def _given_name(name: str) -> str:
    for pools in (MONGOLIAN_GIVEN_NAMES[Gender.MALE], MONGOLIAN_GIVEN_NAMES[Gender.FEMALE]):
        for given in pools:
            if name.endswith(given) and len(name) - len(given) <= 1:
                return given
    return name[1:]


def names_match_gender(people: list[Person], _records: dict[str, dict[int, list]]) -> Problems:
    problems = []
    for person in people:
        given = _given_name(person.name)
        other = Gender.FEMALE if person.gender == Gender.MALE else Gender.MALE
        pools = GIVEN_NAMES[other] + MONGOLIAN_GIVEN_NAMES[other]
        markers = ONLY_MALE if person.gender == Gender.FEMALE else ONLY_FEMALE
        if given in pools or markers & set(given):
            problems.append(
                f"{person.employee_number} {person.name} ({person.get_gender_display()})"
            )
    return problems


def nobody_in_service_past_retirement_age(
    people: list[Person], records: dict[str, dict[int, list]]
) -> Problems:
    problems = []
    for person in people:
        for membership in records["memberships"][person.pk]:
            last = min(membership.end_date or REPORT_DATE, REPORT_DATE)
            if membership.start_date > REPORT_DATE or last < PERIOD_START:
                continue  # not in service on any demo date
            rule = retirement_rule(
                gender=person.gender, staff_category=person.staff_category, on=last
            )
            if age_on(person.birth_date, last) >= rule.age:
                problems.append(f"{person.employee_number} in service at {last} past {rule.age}")
        open_now = any(m.end_date is None for m in records["memberships"][person.pk])
        if person.status == EmploymentStatus.RETIRED:
            retired = retirement_date(
                birth_date=person.birth_date,
                gender=person.gender,
                staff_category=person.staff_category,
                on=REPORT_DATE,
            )
            if open_now or person.status_date != retired:
                problems.append(
                    f"{person.employee_number} retired {person.status_date}, due {retired}"
                )
    return problems


def education_agrees_with_age_and_work(
    people: list[Person], records: dict[str, dict[int, list]]
) -> Problems:
    problems = []
    for person in people:
        education: list[EducationRecord] = records["education"][person.pk]
        started = person.work_start_date
        if not education or started is None or person.bureau_join_date is None:
            problems.append(f"{person.employee_number}: no education or no work start")
            continue
        if age_on(person.birth_date, started) < MINIMUM_WORKING_AGE:
            problems.append(f"{person.employee_number}: started work at {started}, under 16")
        if person.bureau_join_date < started:
            problems.append(f"{person.employee_number}: joined the bureau before starting work")
        if not any(r.mode == StudyMode.FULL_TIME for r in education):
            problems.append(f"{person.employee_number}: no full-time education before work")
        for record in education:
            where = (
                f"{person.employee_number} {record.get_mode_display()}{record.get_level_display()}"
            )
            ages = PLAUSIBLE_GRADUATION_AGE.get((record.mode, record.level))
            age = age_on(person.birth_date, record.end_date)
            if ages is None or not ages[0] <= age <= ages[1]:
                problems.append(f"{where}: graduated at {age}")
            if record.mode == StudyMode.FULL_TIME and record.end_date > started:
                problems.append(
                    f"{where}: full-time graduation {record.end_date} after work {started}"
                )
            if record.mode == StudyMode.IN_SERVICE and (
                record.start_date is None or record.start_date < started
            ):
                problems.append(f"{where}: in-service study began before work {started}")
            if record.degree and DEGREE_LEVEL[record.degree] != record.level:
                problems.append(f"{where}: degree {record.degree}")
            if record.start_date is None or record.end_date > REPORT_DATE:
                problems.append(f"{where}: dates {record.start_date}–{record.end_date}")
        if person.party_join_date is not None and not (
            age_on(person.birth_date, person.party_join_date) >= MINIMUM_PARTY_AGE
            and person.party_join_date <= REPORT_DATE
        ):
            problems.append(f"{person.employee_number}: joined the party {person.party_join_date}")
    return problems


def posts_follow_joining(people: list[Person], records: dict[str, dict[int, list]]) -> Problems:
    """Ranks, positions, team seats and unit memberships start once the person is in the bureau."""
    problems = []
    for person in people:
        joined = person.bureau_join_date or date.max
        for kind in ("ranks", "positions", "teams", "memberships"):
            for record in records[kind][person.pk]:
                if record.start_date < joined:
                    problems.append(
                        f"{person.employee_number}: {kind} from {record.start_date}, "
                        f"joined {joined}"
                    )
    return problems


RULES: list[tuple[str, Callable[[list[Person], dict[str, dict[int, list]]], Problems]]] = [
    ("names match gender", names_match_gender),
    ("nobody in service past the statutory retirement age", nobody_in_service_past_retirement_age),
    ("education agrees with age and work history", education_agrees_with_age_and_work),
    ("posts follow joining the bureau", posts_follow_joining),
]


def _by_person(rows: Iterable[object]) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.person_id].append(row)  # type: ignore[attr-defined]
    return grouped


def test_every_demo_person_is_plausible() -> None:
    workforce_demo_load()
    people = list(Person.objects.order_by("employee_number"))
    records = {
        "memberships": _by_person(UnitMembership.objects.all()),
        "education": _by_person(EducationRecord.objects.all()),
        "ranks": _by_person(RankRecord.objects.all()),
        "positions": _by_person(PositionRecord.objects.all()),
        "teams": _by_person(TeamMembership.objects.all()),
    }
    assert len(people) > 1000
    assert {p.gender for p in people} == {Gender.MALE, Gender.FEMALE}
    failures = {name: rule(people, records) for name, rule in RULES}
    assert {name: found[:10] for name, found in failures.items() if found} == {}


@pytest.mark.parametrize(
    ("gender", "category", "age"),
    [
        (Gender.MALE, "civil_servant", 60),
        (Gender.FEMALE, "civil_servant", 55),
        (Gender.FEMALE, "reference_civil_servant", 55),
        (Gender.FEMALE, "institution_staff", 55),
        (Gender.MALE, "worker", 60),
        (Gender.FEMALE, "worker", 50),
        (Gender.FEMALE, "contract", 50),
    ],
)
def test_the_retirement_ages_of_the_1978_rule(gender: str, category: str, age: int) -> None:
    rule = retirement_rule(gender=gender, staff_category=category, on=REPORT_DATE)
    assert rule.age == age
    assert "国发〔1978〕104号" in rule.source
    born = date(1953, 2, 28)
    assert retirement_date(
        birth_date=born, gender=gender, staff_category=category, on=REPORT_DATE
    ) == date(1953 + age, 2, 28)


def test_a_leap_day_birthday_retires_on_the_first_of_march() -> None:
    assert retirement_date(
        birth_date=date(1948, 2, 29),
        gender=Gender.MALE,
        staff_category="civil_servant",
        on=REPORT_DATE,
    ) == date(2008, 2, 29)
    assert retirement_date(
        birth_date=date(1952, 2, 29),
        gender=Gender.FEMALE,
        staff_category="civil_servant",
        on=REPORT_DATE,
    ) == date(2007, 3, 1)


def test_dates_after_the_1978_rule_are_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="2024-12-31"):
        retirement_rule(gender=Gender.MALE, staff_category="civil_servant", on=date(2025, 1, 1))
