"""The demo bureau's workforce: about 1,000 fictional staff of Baotou and their records for
2006–2008, built so that the article's figures come out of the records when `figures.py`
computes them.

Nothing here stores a figure. The plan (`DEMO_PLAN`) says how many records of each kind to make —
712 classes, 38,126 person-times, 650 of 910 cadres passing the computer exam, 155,710 yuan from
1,032 donors … — and the tests compute every figure from the loaded records and compare it with the
article. All people are fictional (none of the persons the article names); names are drawn from
common surnames and given names with a fixed seed, so the same seed gives the same bureau.

Loading is idempotent (a bureau that already has demo staff is left alone), one transaction, and
uses bulk inserts, so it takes seconds. Bulk inserts write no change history, so the loader then
gives every generated record its first history entry (`core.history`): the first edit of a demo
record shows what it changed.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.history import history_baselines_write
from hongdun.core.identity import resident_id_check_digit
from hongdun.demo.bureau import DEMO_PASSWORD, SURNAMES, demo_bureau_load
from hongdun.orgs.choices import UnitKind
from hongdun.orgs.models import Unit
from hongdun.workforce.choices import (
    ActivityKind,
    AttendanceStatus,
    CheckResult,
    CompetitionKind,
    Delivery,
    DisclosureCategory,
    DisclosureChannel,
    DonationKind,
    EducationLevel,
    EmploymentStatus,
    EvaluationGrade,
    EvaluatorKind,
    FundKind,
    Gender,
    HonourCategory,
    HonourField,
    HonourLevel,
    LitigationResult,
    PairingKind,
    PoliticalStatus,
    Prize,
    Rank,
    RankKind,
    Satisfaction,
    StaffCategory,
    StudyKind,
    StudyMode,
    SupervisionKind,
    TargetComparison,
    TeachingMethod,
    TeamLevel,
    TeamMetric,
    TeamRole,
    TrainingCategory,
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
    EvaluationRound,
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
    PositionRecord,
    RankRecord,
    ResponsibilityLetter,
    RotationCompletion,
    RotationCycle,
    StudyAttendance,
    StudySeries,
    StudySession,
    SupervisionRecord,
    SupervisoryFinding,
    SupervisoryVisit,
    TeamMembership,
    TeamTarget,
    TrainingClass,
    TrainingSession,
    UnitMembership,
)
from hongdun.workforce.person_times import person_times_rebuild
from hongdun.workforce.retirement import retirement_date, retirement_rule

EMPLOYEE_PREFIX = "BT"
DEMO_SEED = 2008
# The change reason on the first history entry of every generated record.
DEMO_HISTORY_REASON = "演示数据载入"
REPORT_DATE = date(2008, 12, 31)
PERIOD_START = date(2006, 1, 1)
UNIT_HEAD_USERNAME = "jiuyuan_head"
# People the article names; the generator never produces them.
ARTICLE_NAMES = frozenset({"王新彦", "丁大为"})


@dataclass(frozen=True)
class DemoPlan:
    """How many records make the article's figures; tests compare the computed figures with it."""

    active_staff: int = 1000
    cadres: int = 910
    retired: int = 64
    computer_passers: int = 650
    classes: int = 712
    person_times: int = 38_126
    staff_donors: int = 1_032
    staff_donation_total: Decimal = Decimal("155710.00")
    party_dues_members: int = 684
    party_dues_total: Decimal = Decimal("149060.00")
    association_money: Decimal = Decimal("9630000.00")
    association_goods: Decimal = Decimal("2850000.00")
    grassroots_team_members: int = 50
    grassroots_bachelor: int = 34  # 68 %
    national_civilised_units: int = 1
    region_civilised_units: int = 4
    region_windows: int = 23
    city_honoured_units: int = 57
    region_satisfied_enforcement: int = 10
    registration_hall_streak: int = 4
    internal_support_pairings: int = 5
    litigation_heard: int = 8
    litigation_head_appeared: int = 6


DEMO_PLAN = DemoPlan()

COUNTY_CODES = [
    "donghe",
    "kundulun",
    "qingshan",
    "shiguai",
    "baiyunebo",
    "jiuyuan",
    "tuyou",
    "guyang",
    "damao",
    "hi-tech",
]
# The city districts' branches support the five outer bureaus (对口支持外五旗县区).
PAIRINGS = [
    ("donghe", "shiguai"),
    ("kundulun", "baiyunebo"),
    ("qingshan", "tuyou"),
    ("jiuyuan", "guyang"),
    ("hi-tech", "damao"),
]
EXTRA_OFFICES = [
    ("registration-hall", "企业注册大厅", "Enterprise Registration Hall"),
    ("complaints-centre", "12315申诉举报中心", "12315 Complaints Centre"),
    ("inspection-detachment", "经济检查支队", "Economic Inspection Detachment"),
    ("general-office", "办公室", "General Office"),
    ("legal-office", "法制科", "Legal Affairs Section"),
]
STATIONS_PER_COUNTY_UNIT = 6
HI_TECH_STATIONS = 4
ORDINALS = "一二三四五六"

# Ages (on the report date) of the members of the ten grassroots-bureau teams, by role, and of the
# station heads: the article's "科级干部以40岁左右为主体" and "所长以35岁左右为主体".
HEAD_AGES = [44, 45, 43, 46, 42, 44, 45, 43, 47, 41]
DEPUTY_AGES = [36, 37, 38, 39, 40, 35, 41, 38, 37, 39]
DISCIPLINE_AGES = [40, 41, 39, 42, 38, 40, 43, 39, 41, 40]
STATION_HEAD_AGES = [33, 34, 35, 36, 37, 32, 35, 36, 34, 38]
MINORITY_CODES = ["02", "03", "10", "05"]  # 蒙古族, 回族, 满族, 维吾尔族 (GB/T 3304)

CLASS_TOPICS = ["政治理论", "业务知识", "法律法规", "计算机应用", "公文写作", "党风廉政"]
DISCLOSURE_TOPICS = ["行政许可事项", "行政处罚结果", "收费项目及标准", "办事程序"]

ProgressFn = Callable[[str, int, int], None]


# Given names by gender, as people born 1930–1985 in Inner Mongolia were named (no 梓轩 or 欣怡,
# names of the 2000s). A name never comes from the other gender's pool.
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    Gender.MALE: (
        "建国",
        "建军",
        "建华",
        "建平",
        "国庆",
        "国强",
        "国华",
        "卫东",
        "卫国",
        "志强",
        "志刚",
        "志勇",
        "志明",
        "海涛",
        "海波",
        "海军",
        "振华",
        "振国",
        "晓东",
        "晓明",
        "宏伟",
        "文斌",
        "文杰",
        "永刚",
        "永强",
        "永明",
        "俊峰",
        "立新",
        "立军",
        "德胜",
        "学军",
        "红军",
        "利民",
        "伟",
        "强",
        "磊",
        "军",
        "勇",
        "杰",
        "涛",
        "明",
        "刚",
        "鹏",
        "辉",
        "峰",
        "斌",
        "超",
        "亮",
        "东",
        "兵",
        "凯",
        "毅",
        "波",
        "林",
    ),
    Gender.FEMALE: (
        "秀英",
        "桂英",
        "秀兰",
        "桂兰",
        "玉兰",
        "玉梅",
        "淑珍",
        "淑芬",
        "淑华",
        "丽华",
        "丽娟",
        "红梅",
        "红霞",
        "晓燕",
        "海燕",
        "春梅",
        "冬梅",
        "美玲",
        "雪梅",
        "慧敏",
        "亚楠",
        "丽萍",
        "秀珍",
        "凤英",
        "金凤",
        "彩霞",
        "翠兰",
        "晓红",
        "晓霞",
        "丽丽",
        "芳",
        "娜",
        "敏",
        "静",
        "丽",
        "艳",
        "娟",
        "霞",
        "萍",
        "燕",
        "红",
        "梅",
        "琳",
        "洁",
        "颖",
        "婷",
        "雪",
        "慧",
        "玲",
        "莉",
    ),
}
# Mongolian names (蒙古族, GB/T 3304 code 02) are written without a Han surname; a few families
# use one (包, 白, 宝 …), which the generator adds when the bare name is taken.
MONGOLIAN_GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    Gender.MALE: (
        "巴特尔",
        "额尔敦",
        "朝鲁",
        "那顺",
        "孟和",
        "巴图",
        "苏和",
        "阿拉坦仓",
        "宝音",
        "布和",
        "毕力格",
        "哈斯",
        "特木尔",
        "乌力吉",
        "吉日嘎拉",
    ),
    Gender.FEMALE: (
        "其木格",
        "乌云",
        "娜仁花",
        "萨仁",
        "托娅",
        "斯琴",
        "高娃",
        "乌兰",
        "阿如娜",
        "图雅",
        "琪琪格",
        "塔娜",
        "萨日娜",
        "乌日娜",
        "格日乐",
    ),
}
MONGOLIAN_SURNAMES = "包白宝韩鲍云"
MONGOLIAN = "02"


class _Names:
    """Unique names matching gender (and, for Mongolians, ethnicity), drawn from their own random
    stream so that naming never shifts the records built from the main one."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def _take(self, name: str) -> bool:
        if name in ARTICLE_NAMES or name in self.seen:
            return False
        self.seen.add(name)
        return True

    def for_person(self, gender: str, ethnicity: str = "01") -> str:
        if ethnicity == MONGOLIAN:
            given = self.rng.choice(MONGOLIAN_GIVEN_NAMES[gender])
            if self._take(given):
                return given
            for surname in MONGOLIAN_SURNAMES:
                if self._take(surname + given):
                    return surname + given
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES[gender])
            if self._take(name):
                return name

    def __next__(self) -> str:
        """A name for someone outside the staff (an invited supervisor), of either gender."""
        return self.for_person(self.rng.choice([Gender.MALE, Gender.FEMALE]))

    def __iter__(self) -> Iterator[str]:
        return self


# Age (year of graduation minus year of birth) at which a full-time student completes each
# level: (youngest, typical, oldest). In-service study (函授, 电大, 在职研究生) takes
# IN_SERVICE_YEARS after a full-time level below it (IN_SERVICE_AFTER) and after starting work.
FULL_TIME_GRADUATION_AGE: dict[str, tuple[int, int, int]] = {
    EducationLevel.HIGH_SCHOOL: (17, 18, 19),
    EducationLevel.SECONDARY_VOCATIONAL: (18, 19, 20),
    EducationLevel.COLLEGE: (20, 21, 23),
    EducationLevel.BACHELOR: (21, 22, 24),
    EducationLevel.MASTER: (24, 25, 28),
}
STUDY_YEARS: dict[str, int] = {
    EducationLevel.HIGH_SCHOOL: 3,
    EducationLevel.SECONDARY_VOCATIONAL: 3,
    EducationLevel.COLLEGE: 3,
    EducationLevel.BACHELOR: 4,
    EducationLevel.MASTER: 3,
}
IN_SERVICE_AFTER: dict[str, tuple[str, ...]] = {
    EducationLevel.COLLEGE: (EducationLevel.SECONDARY_VOCATIONAL, EducationLevel.HIGH_SCHOOL),
    EducationLevel.BACHELOR: (EducationLevel.COLLEGE, EducationLevel.SECONDARY_VOCATIONAL),
    EducationLevel.MASTER: (EducationLevel.BACHELOR,),
}
IN_SERVICE_YEARS = 3
FULL_TIME_SCHOOLS: dict[str, tuple[str, ...]] = {
    EducationLevel.HIGH_SCHOOL: ("包头市第一中学", "包头市第九中学", "包头市第三十三中学"),
    EducationLevel.SECONDARY_VOCATIONAL: ("包头市财贸学校", "内蒙古财经学校"),
    EducationLevel.COLLEGE: ("内蒙古财经学院", "包头师范学院", "内蒙古工业大学"),
    EducationLevel.BACHELOR: ("内蒙古大学", "内蒙古工业大学", "内蒙古财经学院", "内蒙古师范大学"),
    EducationLevel.MASTER: ("内蒙古大学", "内蒙古师范大学"),
}
IN_SERVICE_SCHOOLS: dict[str, tuple[str, ...]] = {
    EducationLevel.COLLEGE: ("中央党校函授学院", "内蒙古广播电视大学"),
    EducationLevel.BACHELOR: ("中央党校函授学院", "内蒙古广播电视大学"),
    EducationLevel.MASTER: ("内蒙古大学",),
}
FULL_TIME_DEGREES: dict[str, str] = {
    EducationLevel.BACHELOR: "bachelor",
    EducationLevel.MASTER: "master",
}
# 在职研究生 earn the degree; 函授 and 电大 courses award the level without one.
IN_SERVICE_DEGREES: dict[str, str] = {EducationLevel.MASTER: "master"}
# Every demo person is in post by then, so the whole 2006–2008 period finds them in service.
LATEST_JOINING = date(2005, 8, 1)
# The city bureau's administration for industry and commerce was re-established in 1979.
BUREAU_REESTABLISHED = date(1979, 3, 1)
# A new civil servant's first rank follows a year's probation (《公务员法》第三十二条).
PROBATION = 1


def _id_number(sequence: int, division: str, born: date) -> str:
    """A GB 11643-shaped number with a valid check digit that belongs to nobody."""
    body = f"{division}{born:%Y%m%d}{sequence % 1000:03d}"
    return body + resident_id_check_digit(body)


def _years_after(day: date, years: int) -> date:
    return date(day.year + years, day.month, min(day.day, 28))


def _born(rng: random.Random, age: int) -> date:
    """A birth date giving exactly `age` on the report date (31 December: birthdays are past)."""
    return date(REPORT_DATE.year - age, rng.randint(1, 12), rng.randint(1, 28))


def demo_units_load() -> dict[str, Unit]:
    """The demo org tree plus the extra stations and offices the workforce demo uses."""
    units = demo_bureau_load()
    city = units["baotou"]
    for order, (code, name, name_en) in enumerate(EXTRA_OFFICES, start=4):
        units[code], _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": UnitKind.OFFICE,
                "parent": city,
                "ordering_key": order,
            },
        )
    for code in COUNTY_CODES:
        parent = units[code]
        count = HI_TECH_STATIONS if code == "hi-tech" else STATIONS_PER_COUNTY_UNIT
        short = parent.short_name or "稀土高新区"
        for number in range(1, count + 1):
            station_code = f"{code}-station-{number}"
            existing = Unit.objects.filter(code=station_code).first()
            if existing is None:
                existing = Unit.objects.create(
                    code=station_code,
                    name=f"{short}第{ORDINALS[number - 1]}市场监督管理所",
                    name_en=f"{parent.name_en} Station {number}",
                    kind=UnitKind.STATION,
                    parent=parent,
                    ordering_key=number,
                )
            units[station_code] = existing
    return units


def _stations(units: dict[str, Unit], county: str) -> list[Unit]:
    count = HI_TECH_STATIONS if county == "hi-tech" else STATIONS_PER_COUNTY_UNIT
    return [units[f"{county}-station-{n}"] for n in range(1, count + 1)]


@dataclass
class _Staff:
    person: Person
    unit: Unit
    county: str | None  # the county-level unit the person works under, None for the city HQ


class _Loader:
    def __init__(self, rng: random.Random, units: dict[str, Unit], progress: ProgressFn) -> None:
        self.rng = rng
        self.units = units
        self.progress = progress
        # Names and career details come from their own streams, seeded from the main one, so
        # making them plausible does not move the records the article's figures are built from.
        self.names = _Names(random.Random(rng.random()))
        self.career = random.Random(rng.random())
        self.sequence = 0
        self.people: list[Person] = []
        self.staff: list[_Staff] = []
        self.retired: list[Person] = []
        self.memberships: list[UnitMembership] = []
        self.ranks: list[RankRecord] = []
        self.education: list[EducationRecord] = []
        self.positions: list[PositionRecord] = []
        self.team_members: list[tuple[str, Person, str, str, date]] = []
        self.eligible_for_rotation: list[_Staff] = []
        self.heads: dict[str, Person] = {}

    # --- people ---------------------------------------------------------------------------------

    def _person(
        self,
        unit: Unit,
        *,
        age: int,
        category: str = StaffCategory.CIVIL_SERVANT,
        gender: str | None = None,
        ethnicity: str = "01",
        party: bool | None = None,
        status: str = EmploymentStatus.ACTIVE,
    ) -> Person:
        rng = self.rng
        self.sequence += 1
        gender = gender or (Gender.FEMALE if rng.random() < 0.3 else Gender.MALE)
        if status == EmploymentStatus.ACTIVE:
            # In service on every demo date: under the statutory retirement age on the last.
            limit = retirement_rule(gender=gender, staff_category=category, on=REPORT_DATE).age
            if age >= limit:
                age = self.career.randint(limit - 12, limit - 1)
        born = _born(rng, age)
        if party is None:
            party = rng.random() < 0.72
        division = (
            unit.division_code or (unit.parent.division_code if unit.parent else "") or "150200"
        )
        party_joined = date(born.year + rng.randint(20, 28), rng.randint(1, 12), 1)
        person = Person(
            employee_number=f"{EMPLOYEE_PREFIX}{self.sequence:05d}",
            name=self.names.for_person(gender, ethnicity),
            gender=gender,
            birth_date=born,
            ethnicity=ethnicity,
            native_place=rng.choice(
                ["内蒙古包头", "内蒙古呼和浩特", "山西忻州", "河北张家口", "内蒙古赤峰"]
            ),
            political_status=PoliticalStatus.PARTY_MEMBER if party else PoliticalStatus.MASSES,
            # Nobody joins the party after the demo's last date.
            party_join_date=min(party_joined, date(REPORT_DATE.year, 7, 1)) if party else None,
            # Set from the education history (`_education`): work starts after full-time study.
            work_start_date=None,
            bureau_join_date=None,
            staff_category=category,
            status=status,
            # The retired left on the day they reached the statutory age.
            status_date=retirement_date(
                birth_date=born, gender=gender, staff_category=category, on=REPORT_DATE
            )
            if status == EmploymentStatus.RETIRED
            else None,
            id_number=_id_number(self.sequence, division, born),
            phone=f"13{rng.randrange(100_000_000, 999_999_999)}",
            unit=unit,
        )
        self.people.append(person)
        return person

    def _education(self, person: Person, level: str) -> None:
        """The person's education ending in `level`, and the work dates it allows: full-time
        study ends at a usual age before work starts; in-service study (函授, 电大, 在职研究生)
        follows a lower full-time level and some years of work. Everyone is in post by
        LATEST_JOINING."""
        career = self.career
        in_service = self.rng.random() >= 0.6 and level in IN_SERVICE_AFTER
        born = person.birth_date
        if in_service:
            before = career.choice(IN_SERVICE_AFTER[level])
            first = self._full_time_graduation(born, before)
            completed = date(first.year + IN_SERVICE_YEARS + career.randint(1, 6), 7, 1)
            if completed > LATEST_JOINING:
                in_service = False  # no time for in-service study before the demo's dates
        if not in_service:
            before, first = level, self._full_time_graduation(born, level)
        self.education.append(self._record(person, StudyMode.FULL_TIME, before, first))
        started = date(first.year, 8, 1)
        person.work_start_date = started
        person.bureau_join_date = max(started, BUREAU_REESTABLISHED)
        if in_service:
            self.education.append(self._record(person, StudyMode.IN_SERVICE, level, completed))

    def _full_time_graduation(self, born: date, level: str) -> date:
        youngest, typical, oldest = FULL_TIME_GRADUATION_AGE[level]
        year = born.year + min(oldest, max(youngest, typical + self.career.randint(-1, 1)))
        year = min(year, LATEST_JOINING.year)
        if year - born.year < youngest:
            raise ValueError(f"a person born in {born.year} cannot have finished {level} by then")
        return date(year, 7, 1)

    def _record(self, person: Person, mode: str, level: str, finished: date) -> EducationRecord:
        full_time = mode == StudyMode.FULL_TIME
        years = STUDY_YEARS[level] if full_time else IN_SERVICE_YEARS
        schools = FULL_TIME_SCHOOLS[level] if full_time else IN_SERVICE_SCHOOLS[level]
        degrees = FULL_TIME_DEGREES if full_time else IN_SERVICE_DEGREES
        return EducationRecord(
            person=person,
            mode=mode,
            level=level,
            degree=degrees.get(level, ""),
            school=self.career.choice(schools),
            major=""
            if level == EducationLevel.HIGH_SCHOOL
            else self.career.choice(["法学", "经济管理", "会计学", "汉语言文学", "计算机应用"]),
            start_date=date(finished.year - years, 9, 1),
            end_date=finished,
        )

    def _rank(self, person: Person, rank: str, since: date, kind: str = RankKind.LEADING) -> None:
        self.ranks.append(RankRecord(person=person, rank=rank, kind=kind, start_date=since))

    def _membership(self, person: Person, unit: Unit, end: date | None = None) -> None:
        self.memberships.append(
            UnitMembership(
                person=person,
                unit=unit,
                start_date=person.bureau_join_date or date(2000, 1, 1),
                end_date=end,
            )
        )

    def build_people(self) -> None:
        rng, units = self.rng, self.units
        plan = DEMO_PLAN
        # Leadership of the city bureau (division level) and the office heads (section chiefs).
        city = units["baotou"]
        city_team_roles = (
            [TeamRole.HEAD, TeamRole.PARTY_SECRETARY]
            + [TeamRole.DEPUTY] * 4
            + [TeamRole.DISCIPLINE_LEAD]
        )
        for index, role in enumerate(city_team_roles):
            person = self._person(city, age=48 + index % 6, party=True)
            self._education(person, EducationLevel.BACHELOR if index % 3 else EducationLevel.MASTER)
            rank = Rank.DIVISION_CHIEF if index < 2 else Rank.DEPUTY_DIVISION
            self._rank(person, rank, date(2003, 3, 1))
            self._membership(person, city)
            self.team_members.append(("baotou", person, role, "", date(2003, 3, 1)))
            self.staff.append(_Staff(person, city, None))
            self.eligible_for_rotation.append(self.staff[-1])
        offices = ["registration-office", "personnel-office", "discipline-office"] + [
            code for code, _name, _en in EXTRA_OFFICES
        ]
        for code in offices:
            person = self._person(units[code], age=rng.randint(42, 52), party=True)
            self._education(person, EducationLevel.BACHELOR)
            self._rank(person, Rank.SECTION_CHIEF, date(2004, 1, 1))
            self._membership(person, units[code])
            self.positions.append(
                PositionRecord(
                    person=person,
                    unit=units[code],
                    title=f"{units[code].name}负责人",
                    rank=Rank.SECTION_CHIEF,
                    is_unit_head=True,
                    start_date=date(2004, 1, 1),
                    appointment_document="包工商党发〔2004〕3号",
                )
            )
            self.staff.append(_Staff(person, units[code], None))
            self.eligible_for_rotation.append(self.staff[-1])
        # Grassroots bureau teams: 10 × (head, 3 deputies, discipline lead); 34 of 50 bachelor+.
        education_plan = (
            [EducationLevel.BACHELOR] * 30
            + [EducationLevel.MASTER] * 4
            + [EducationLevel.COLLEGE] * 16
        )
        rng.shuffle(education_plan)
        women = set(rng.sample(range(plan.grassroots_team_members), 9))
        minorities = set(rng.sample(range(plan.grassroots_team_members), 7))
        slot = 0
        for index, code in enumerate(COUNTY_CODES):
            unit = units[code]
            roles = [
                (TeamRole.HEAD, HEAD_AGES[index], Rank.SECTION_CHIEF, "局长"),
                (TeamRole.DEPUTY, DEPUTY_AGES[index], Rank.DEPUTY_SECTION, "副局长"),
                (TeamRole.DEPUTY, DEPUTY_AGES[(index + 3) % 10], Rank.DEPUTY_SECTION, "副局长"),
                (TeamRole.DEPUTY, DEPUTY_AGES[(index + 6) % 10], Rank.DEPUTY_SECTION, "副局长"),
                (TeamRole.DISCIPLINE_LEAD, DISCIPLINE_AGES[index], Rank.DEPUTY_SECTION, "纪检组长"),
            ]
            for role, age, rank, title in roles:
                person = self._person(
                    unit,
                    age=age,
                    party=True,
                    gender=Gender.FEMALE if slot in women else Gender.MALE,
                    ethnicity=rng.choice(MINORITY_CODES) if slot in minorities else "01",
                )
                self._education(person, education_plan[slot])
                self._rank(person, rank, date(2004, 6, 1))
                self._membership(person, unit)
                self.team_members.append((code, person, role, title, date(2004, 6, 1)))
                self.positions.append(
                    PositionRecord(
                        person=person,
                        unit=unit,
                        title=f"{unit.short_name or unit.name}{title}",
                        rank=rank,
                        is_unit_head=role == TeamRole.HEAD,
                        start_date=date(2004, 6, 1),
                        appointment_document=f"包工商党发〔2004〕{20 + index}号",
                    )
                )
                self.staff.append(_Staff(person, unit, code))
                self.eligible_for_rotation.append(self.staff[-1])
                if role == TeamRole.HEAD:
                    self.heads[code] = person
                slot += 1
        # Station teams: head (所长, deputy section level) and one deputy.
        station_index = 0
        for code in COUNTY_CODES:
            for station in _stations(units, code):
                head = self._person(station, age=STATION_HEAD_AGES[station_index % 10], party=True)
                self._education(head, rng.choice([EducationLevel.BACHELOR, EducationLevel.COLLEGE]))
                self._rank(head, Rank.DEPUTY_SECTION, date(2005, 3, 1))
                self._membership(head, station)
                self.team_members.append(
                    (station.code, head, TeamRole.HEAD, "所长", date(2005, 3, 1))
                )
                self.positions.append(
                    PositionRecord(
                        person=head,
                        unit=station,
                        title=f"{station.name}所长",
                        rank=Rank.DEPUTY_SECTION,
                        is_unit_head=True,
                        start_date=date(2005, 3, 1),
                    )
                )
                self.staff.append(_Staff(head, station, code))
                self.eligible_for_rotation.append(self.staff[-1])
                deputy = self._person(station, age=rng.randint(28, 40))
                self._education(
                    deputy, rng.choice([EducationLevel.BACHELOR, EducationLevel.COLLEGE])
                )
                self._rank(deputy, Rank.SECTION_MEMBER, date(2005, 3, 1), RankKind.NON_LEADING)
                self._membership(deputy, station)
                self.team_members.append(
                    (station.code, deputy, TeamRole.DEPUTY, "副所长", date(2005, 3, 1))
                )
                self.staff.append(_Staff(deputy, station, code))
                station_index += 1
        # Everyone else, spread over the HQs and stations, until 1,000 active staff.
        slots: list[tuple[Unit, str | None]] = []
        slots += [(city, None)] * 30 + [(units[c], None) for c in offices for _ in range(9)]
        for code in COUNTY_CODES:
            slots += [(units[code], code)] * 30
            for station in _stations(units, code):
                slots += [(station, code)] * 8
        rng.shuffle(slots)
        remaining = plan.active_staff - len(self.staff)
        if remaining > len(slots):
            raise ValueError("not enough staff slots in the demo plan")
        cadre_slots = set(rng.sample(range(remaining), plan.cadres - len(self.staff)))
        for index, (unit, county) in enumerate(sorted(slots[:remaining], key=lambda s: s[0].code)):
            is_cadre = index in cadre_slots
            category = (
                rng.choice(
                    [StaffCategory.CIVIL_SERVANT] * 6
                    + [StaffCategory.REFERENCE_CIVIL_SERVANT, StaffCategory.INSTITUTION_STAFF]
                )
                if is_cadre
                else rng.choice([StaffCategory.WORKER, StaffCategory.CONTRACT])
            )
            person = self._person(unit, age=rng.randint(24, 58), category=category)
            level = rng.choices(
                [
                    EducationLevel.BACHELOR,
                    EducationLevel.COLLEGE,
                    EducationLevel.SECONDARY_VOCATIONAL,
                    EducationLevel.HIGH_SCHOOL,
                ],
                weights=[45, 35, 15, 5],
            )[0]
            self._education(person, level)
            if is_cadre:
                rank = Rank.SECTION_MEMBER if rng.random() < 0.7 else Rank.CLERK
                joined = person.bureau_join_date or LATEST_JOINING
                since = max(date(2003, 1, 1), _years_after(joined, PROBATION))
                self._rank(person, rank, since, RankKind.NON_LEADING)
            self._membership(person, unit)
            self.staff.append(_Staff(person, unit, county))
        # Retired staff (they donate, they are not in post).
        for _index in range(plan.retired):
            choices: list[str | None] = [*COUNTY_CODES, None]
            county = rng.choice(choices)
            unit = units[county] if county else city
            person = self._person(unit, age=rng.randint(62, 78), status=EmploymentStatus.RETIRED)
            self._education(
                person, rng.choice([EducationLevel.COLLEGE, EducationLevel.SECONDARY_VOCATIONAL])
            )
            retired_on = person.status_date or REPORT_DATE  # `_person` sets it for the retired
            self._membership(person, unit, end=retired_on - timedelta(days=1))
            self.retired.append(person)

    def save_people(self) -> None:
        Person.objects.bulk_create(self.people, batch_size=500)
        UnitMembership.objects.bulk_create(self.memberships, batch_size=500)
        RankRecord.objects.bulk_create(self.ranks, batch_size=500)
        EducationRecord.objects.bulk_create(self.education, batch_size=500)
        PositionRecord.objects.bulk_create(self.positions, batch_size=500)
        teams: dict[str, LeadershipTeam] = {}
        for code, unit in self.units.items():
            if unit.kind == UnitKind.OFFICE:
                continue
            team_levels: dict[str, str] = {
                UnitKind.CITY_BUREAU: TeamLevel.CITY,
                UnitKind.STATION: TeamLevel.STATION,
            }
            level = team_levels.get(unit.kind, TeamLevel.GRASSROOTS_BUREAU)
            teams[code] = LeadershipTeam(unit=unit, name=f"{unit.name}领导班子", level=level)
        LeadershipTeam.objects.bulk_create(teams.values())
        TeamMembership.objects.bulk_create(
            [
                TeamMembership(
                    team=teams[code], person=person, role=role, title=title, start_date=since
                )
                for code, person, role, title, since in self.team_members
            ],
            batch_size=500,
        )
        targets = [
            (
                TeamLevel.GRASSROOTS_BUREAU,
                TeamMetric.AVERAGE_AGE,
                TargetComparison.ABOUT,
                "40",
                None,
            ),
            (
                TeamLevel.GRASSROOTS_BUREAU,
                TeamMetric.COLLEGE_OR_ABOVE_SHARE,
                TargetComparison.AT_LEAST,
                "100",
                None,
            ),
            (
                TeamLevel.GRASSROOTS_BUREAU,
                TeamMetric.BACHELOR_OR_ABOVE_SHARE,
                TargetComparison.AT_LEAST,
                "65",
                None,
            ),
            (
                TeamLevel.GRASSROOTS_BUREAU,
                TeamMetric.WOMEN_SHARE,
                TargetComparison.AT_LEAST,
                "15",
                None,
            ),
            (
                TeamLevel.GRASSROOTS_BUREAU,
                TeamMetric.MINORITY_SHARE,
                TargetComparison.AT_LEAST,
                "15",
                None,
            ),
            (
                TeamLevel.GRASSROOTS_BUREAU,
                TeamMetric.YOUNG_SHARE,
                TargetComparison.AT_LEAST,
                "40",
                40,
            ),
            (TeamLevel.STATION, TeamMetric.AVERAGE_AGE, TargetComparison.ABOUT, "35", None),
        ]
        TeamTarget.objects.bulk_create(
            [
                TeamTarget(
                    year=2008,
                    level=level,
                    metric=metric,
                    comparison=comparison,
                    value=Decimal(value),
                    age_limit=age_limit,
                    document_number="包工商党发〔2008〕5号",
                )
                for level, metric, comparison, value, age_limit in targets
            ]
        )
        self.progress("staff", len(self.people), len(self.people))

    # --- pillar 1 -------------------------------------------------------------------------------

    def leadership_records(self) -> None:
        rng, units = self.rng, self.units
        cycle = RotationCycle.objects.create(
            title="学习贯彻党的十七大精神集中轮训",
            year=2008,
            topic="党的十七大精神、科学发展观",
            min_rank=Rank.DEPUTY_SECTION,
            start_date=date(2008, 3, 1),
            end_date=date(2008, 6, 30),
            required_hours=Decimal("24"),
        )
        self.rotation_cycle = cycle
        RotationCompletion.objects.bulk_create(
            [
                RotationCompletion(
                    cycle=cycle,
                    person=staff.person,
                    completed_on=date(2008, 3, 15) + timedelta(days=30 * (i % 4)),
                    hours=Decimal("24"),
                )
                for i, staff in enumerate(self.eligible_for_rotation)
            ]
        )
        city_leaders = [m[1] for m in self.team_members if m[0] == "baotou"]
        visits: list[SupervisoryVisit] = []
        for index, code in enumerate(COUNTY_CODES * 2):
            visits.append(
                SupervisoryVisit(
                    unit=units[code],
                    visited_on=date(2008, 3 + index % 9, 10 + index % 15),
                    topic=rng.choice(
                        ["两创活动推进", "基层所规范化建设", "食品安全监管", "党风廉政建设"]
                    ),
                    leader=city_leaders[index % len(city_leaders)],
                    summary="按工作分工深入基层督查指导。",
                )
            )
        SupervisoryVisit.objects.bulk_create(visits)
        findings: list[SupervisoryFinding] = []
        for index, visit in enumerate(
            SupervisoryVisit.objects.filter(visited_on__year=2008).order_by("pk")
        ):
            for number in range(2):
                deadline = visit.visited_on + timedelta(days=30)
                closed = deadline - timedelta(days=3) if (index + number) % 7 else None
                if closed and closed > REPORT_DATE:
                    closed = None
                findings.append(
                    SupervisoryFinding(
                        visit=visit,
                        description=f"台账资料不完整（{number + 1}）",
                        requirement="一个月内补齐并规范归档",
                        deadline=deadline,
                        closed_on=closed,
                        closure_note="已整改并复查" if closed else "",
                    )
                )
        SupervisoryFinding.objects.bulk_create(findings)
        cases: list[LitigationCase] = []
        for index in range(DEMO_PLAN.litigation_heard + 1):
            code = COUNTY_CODES[index % len(COUNTY_CODES)]
            heard = index < DEMO_PLAN.litigation_heard
            cases.append(
                LitigationCase(
                    unit=units[code],
                    case_number=f"（2008）包行初字第{index + 11}号",
                    court="包头市中级人民法院"
                    if index % 2
                    else f"{units[code].short_name or '包头'}人民法院",
                    cause=rng.choice(["不服行政处罚决定", "不服登记行为", "行政不作为"]),
                    plaintiff=f"某商贸有限公司{index + 1}",
                    filed_on=date(2008, 1 + index, 5),
                    hearing_on=date(2008, 2 + index, 20) if heard else None,
                    head_appeared=heard and index < DEMO_PLAN.litigation_head_appeared,
                    appeared_person=self.heads[code]
                    if heard and index < DEMO_PLAN.litigation_head_appeared
                    else None,
                    result=LitigationResult.UPHELD if heard else LitigationResult.PENDING,
                    closed_on=date(2008, 3 + index, 28) if heard else None,
                )
            )
        LitigationCase.objects.bulk_create(cases)

    # --- pillar 2 -------------------------------------------------------------------------------

    def learning_records(self) -> None:
        rng, units, plan = self.rng, self.units, DEMO_PLAN
        active = self.staff
        by_county: dict[str | None, list[_Staff]] = {}
        for staff in active:
            by_county.setdefault(staff.county, []).append(staff)
        rotation_people = self.eligible_for_rotation
        rotation_groups = [rotation_people[i::4] for i in range(4)]
        other_classes = plan.classes - len(rotation_groups)
        organisers: list[tuple[Unit, list[_Staff]]] = []
        for index in range(other_classes):
            roll = index % 10
            if roll < 3:
                organisers.append((units["baotou"], active))
            elif roll < 4:
                organisers.append((units["personnel-office"], active))
            else:
                code = COUNTY_CODES[index % len(COUNTY_CODES)]
                organisers.append((units[code], by_county[code]))
        target = plan.person_times - sum(len(g) for g in rotation_groups)
        sizes = [rng.randint(25, min(85, len(pool))) for _unit, pool in organisers]
        difference = target - sum(sizes)
        index = 0
        while difference:
            pool_size = len(organisers[index % len(sizes)][1])
            current = sizes[index % len(sizes)]
            if difference > 0 and current < min(pool_size, 120):
                sizes[index % len(sizes)] += 1
                difference -= 1
            elif difference < 0 and current > 10:
                sizes[index % len(sizes)] -= 1
                difference += 1
            index += 1
        years = [2006] * 236 + [2007] * 238 + [2008] * (other_classes - 474)
        methods = list(TeachingMethod.values)
        categories = [c for c in TrainingCategory.values if c != TrainingCategory.ROTATION]
        classes: list[TrainingClass] = []
        rosters: list[list[_Staff]] = []
        for number, ((organiser, pool), size, year) in enumerate(
            zip(organisers, sizes, years, strict=True)
        ):
            start = date(year, 1, 8) + timedelta(days=(number * 7) % 340)
            topic = rng.choice(CLASS_TOPICS)
            classes.append(
                TrainingClass(
                    code=f"{year}-PX-{number + 1:04d}",
                    title=f"{year}年{topic}培训班（第{number + 1}期）",
                    organiser=organiser,
                    category=rng.choice(categories),
                    teaching_method=rng.choices(methods, weights=[50, 12, 20, 8, 10])[0],
                    delivery=rng.choices(list(Delivery.values), weights=[65, 12, 10, 10, 3])[0],
                    hours=Decimal("6.0"),
                    start_date=start,
                    end_date=start + timedelta(days=1),
                )
            )
            rosters.append(rng.sample(pool, size))
        for number, group in enumerate(rotation_groups):
            start = date(2008, 3, 3) + timedelta(days=30 * number)
            classes.append(
                TrainingClass(
                    code=f"2008-LX-{number + 1:02d}",
                    title=f"学习贯彻党的十七大精神集中轮训班（第{number + 1}期）",
                    organiser=units["baotou"],
                    rotation_cycle=self.rotation_cycle,
                    category=TrainingCategory.ROTATION,
                    teaching_method=TeachingMethod.RESEARCH
                    if number % 2
                    else TeachingMethod.LECTURE,
                    delivery=Delivery.VIDEO if number % 2 else Delivery.CLASSROOM,
                    hours=Decimal("24.0"),
                    start_date=start,
                    end_date=start + timedelta(days=3),
                )
            )
            rosters.append(group)
        TrainingClass.objects.bulk_create(classes, batch_size=500)
        sessions: list[TrainingSession] = []
        for training_class in classes:
            count = 2 if training_class.delivery == Delivery.CLASSROOM else 1
            for sequence in range(1, count + 1):
                sessions.append(
                    TrainingSession(
                        training_class=training_class,
                        sequence=sequence,
                        date=training_class.start_date + timedelta(days=sequence - 1),
                        hours=training_class.hours / count,
                    )
                )
        TrainingSession.objects.bulk_create(sessions, batch_size=1000)
        by_class: dict[int, list[TrainingSession]] = {}
        for session in sessions:
            by_class.setdefault(session.training_class_id, []).append(session)
        rows: list[Attendance] = []
        everyone = active
        for training_class, roster in zip(classes, rosters, strict=True):
            class_sessions = by_class[training_class.pk]
            enrolled = {id(s.person) for s in roster}
            for staff in roster:
                present_at = rng.randrange(len(class_sessions))
                for position, session in enumerate(class_sessions):
                    attended = position == present_at or rng.random() < 0.9
                    status = (
                        AttendanceStatus.PRESENT
                        if attended
                        else rng.choice([AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED])
                    )
                    if attended and rng.random() < 0.03:
                        status = AttendanceStatus.LATE
                    rows.append(
                        Attendance(
                            session=session,
                            person=staff.person,
                            training_class=training_class,
                            unit=staff.unit,
                            date=session.date,
                            status=status,
                            hours=session.hours if attended else Decimal(0),
                        )
                    )
            # Someone enrolled who never came: rows, but no person-time.
            no_show = rng.choice(everyone)
            if id(no_show.person) not in enrolled:
                for session in class_sessions:
                    rows.append(
                        Attendance(
                            session=session,
                            person=no_show.person,
                            training_class=training_class,
                            unit=no_show.unit,
                            date=session.date,
                            status=AttendanceStatus.ABSENT,
                            hours=Decimal(0),
                        )
                    )
        Attendance.objects.bulk_create(rows, batch_size=2000)
        # bulk_create sends no signals: the person-time rollup is built for these classes here.
        person_times_rebuild(c.pk for c in classes)
        self.progress("attendance", len(rows), len(rows))
        self._study(by_county)
        self._exams()
        self._competitions()

    def _study(self, by_county: dict[str | None, list[_Staff]]) -> None:
        rng, units = self.rng, self.units
        series: list[tuple[StudySeries, list[_Staff], list[date]]] = []
        thursdays = [date(2008, 1, 3) + timedelta(days=7 * w) for w in range(52)]
        first_mondays = [date(2008, m, 1) for m in range(1, 13)]
        for code in ["baotou", *COUNTY_CODES]:
            hq = [s for s in self.staff if s.unit.code == code]
            series.append(
                (
                    StudySeries(
                        unit=units[code],
                        kind=StudyKind.THURSDAY,
                        title="每周四例行学习",
                        weekday=4,
                        start_date=date(2008, 1, 1),
                        minutes=90,
                    ),
                    hq,
                    thursdays,
                )
            )
        for code in COUNTY_CODES:
            stations = [s for s in by_county[code] if s.unit.kind == UnitKind.STATION]
            series.append(
                (
                    StudySeries(
                        unit=units[code],
                        kind=StudyKind.DISTANCE,
                        title="远程教育培训学习",
                        start_date=date(2008, 1, 1),
                        minutes=120,
                    ),
                    stations,
                    first_mondays,
                )
            )
        morning = [
            d for d in (date(2008, 12, 1) + timedelta(days=i) for i in range(31)) if d.weekday() < 5
        ]
        series.append(
            (
                StudySeries(
                    unit=units["baotou"],
                    kind=StudyKind.MORNING,
                    title="晨学",
                    start_date=date(2008, 12, 1),
                    minutes=20,
                ),
                [s for s in self.staff if s.unit.code == "baotou"],
                morning,
            )
        )
        StudySeries.objects.bulk_create([s for s, _p, _d in series])
        sessions: list[tuple[StudySession, list[_Staff]]] = []
        for item, people, days in series:
            for day in days:
                sessions.append((StudySession(series=item, date=day, topic="集中学习"), people))
        StudySession.objects.bulk_create([s for s, _p in sessions], batch_size=1000)
        rows = [
            StudyAttendance(
                session=session,
                person=staff.person,
                unit=staff.unit,
                date=session.date,
                status=AttendanceStatus.PRESENT
                if rng.random() < 0.93
                else AttendanceStatus.EXCUSED,
            )
            for session, people in sessions
            for staff in people
        ]
        StudyAttendance.objects.bulk_create(rows, batch_size=2000)

    def _exams(self) -> None:
        rng, plan = self.rng, DEMO_PLAN
        sittings = [
            ExternalExam.objects.create(
                code=f"NCRE-{held:%Y-%m}",
                name="全国计算机等级考试",
                level="一级B",
                organiser_body="教育部考试中心",
                held_on=held,
            )
            for held in (date(2006, 9, 23), date(2007, 4, 21), date(2007, 9, 22), date(2008, 4, 12))
        ]
        non_cadre = (StaffCategory.WORKER, StaffCategory.CONTRACT)
        cadres = [s for s in self.staff if s.person.staff_category not in non_cadre]
        workers = [s for s in self.staff if s.person.staff_category in non_cadre]
        rng.shuffle(cadres)
        passers, others = cadres[: plan.computer_passers], cadres[plan.computer_passers :]
        results: list[ExamResult] = []
        for index, staff in enumerate(passers):
            sitting = index % len(sittings)
            if sitting > 0 and index % 5 == 0:  # failed an earlier sitting first
                results.append(
                    ExamResult(
                        exam=sittings[sitting - 1],
                        person=staff.person,
                        unit=staff.unit,
                        score=Decimal(rng.randint(35, 59)),
                    )
                )
            results.append(
                ExamResult(
                    exam=sittings[sitting],
                    person=staff.person,
                    unit=staff.unit,
                    score=Decimal(rng.randint(60, 98)),
                    passed=True,
                    certificate_number=f"{sittings[sitting].held_on:%y%m}{index:06d}",
                )
            )
        for index, staff in enumerate(others[:180]):
            absent = index % 12 == 0
            results.append(
                ExamResult(
                    exam=sittings[index % len(sittings)],
                    person=staff.person,
                    unit=staff.unit,
                    score=None if absent else Decimal(rng.randint(30, 59)),
                    absent=absent,
                )
            )
        for index, staff in enumerate(workers[:30]):  # workers sit too, but are not cadres
            results.append(
                ExamResult(
                    exam=sittings[index % len(sittings)],
                    person=staff.person,
                    unit=staff.unit,
                    score=Decimal(rng.randint(40, 90)),
                    passed=index % 3 != 0,
                )
            )
        ExamResult.objects.bulk_create(results, batch_size=1000)

    def _competitions(self) -> None:
        rng, units = self.rng, self.units
        computer = Competition.objects.create(
            title="全系统计算机操作技能大比武",
            kind=CompetitionKind.SKILLS,
            level=HonourLevel.SYSTEM,
            organiser_body="包头市工商局",
            held_on=date(2007, 6, 15),
            year=2007,
        )
        casework = Competition.objects.create(
            title="执法办案技能大比武",
            kind=CompetitionKind.SKILLS,
            level=HonourLevel.SYSTEM,
            organiser_body="包头市工商局",
            held_on=date(2008, 5, 20),
            year=2008,
        )
        regional = Competition.objects.create(
            title="全区工商系统知识竞赛",
            kind=CompetitionKind.KNOWLEDGE,
            level=HonourLevel.REGION,
            organiser_body="内蒙古自治区工商行政管理局",
            held_on=date(2007, 10, 18),
            year=2007,
        )
        prizes = [Prize.FIRST] + [Prize.SECOND] * 3 + [Prize.THIRD] * 6
        entrants = rng.sample(self.staff, 60)
        entries = [
            CompetitionEntry(
                competition=computer,
                person=staff.person,
                event="文字录入与办公软件",
                score=Decimal(rng.randint(60, 99)),
                rank=position + 1,
                prize=prizes[position] if position < len(prizes) else Prize.NONE,
            )
            for position, staff in enumerate(entrants)
        ]
        entries += [
            CompetitionEntry(
                competition=casework,
                unit=units[code],
                team_name=f"{units[code].short_name or '高新区'}代表队",
                event="案卷评查与模拟办案",
                rank=position + 1,
                prize=[Prize.FIRST, Prize.SECOND, Prize.THIRD][position]
                if position < 3
                else Prize.EXCELLENCE,
            )
            for position, code in enumerate(COUNTY_CODES)
        ]
        entries.append(
            CompetitionEntry(
                competition=regional,
                unit=units["baotou"],
                team_name="包头市工商局代表队",
                event="团体赛",
                rank=2,
                prize=Prize.SECOND,
            )
        )
        CompetitionEntry.objects.bulk_create(entries)

    # --- pillar 3 -------------------------------------------------------------------------------

    def honours(self) -> None:
        units, plan = self.units, DEMO_PLAN
        stations = [u for code in COUNTY_CODES for u in _stations(units, code)]
        honours: list[Honour] = []

        def award(
            unit: Unit,
            title: str,
            category: str,
            level: str,
            body: str,
            year: int,
            field: str = HonourField.CIVIC,
        ) -> None:
            honours.append(
                Honour(
                    unit=unit,
                    title=title,
                    category=category,
                    field=field,
                    level=level,
                    awarding_body=body,
                    year=year,
                )
            )

        award(
            units["baotou"],
            "全国文明单位",
            HonourCategory.CIVILISED_UNIT,
            HonourLevel.NATIONAL,
            "中央精神文明建设指导委员会",
            2005,
        )
        for code in ["kundulun", "donghe", "qingshan", "jiuyuan"][: plan.region_civilised_units]:
            award(
                units[code],
                "自治区级文明单位",
                HonourCategory.CIVILISED_UNIT,
                HonourLevel.REGION,
                "内蒙古自治区精神文明建设委员会",
                2006,
            )
        regional_windows = [units["registration-hall"], units["complaints-centre"], *stations[:21]]
        for index, unit in enumerate(regional_windows[: plan.region_windows]):
            title, category = [
                ("自治区级文明示范窗口", HonourCategory.CIVILISED_WINDOW),
                ("自治区级文明行业示范点", HonourCategory.CIVILISED_TRADE_POINT),
                ("自治区级青年文明号", HonourCategory.YOUTH_CIVILISATION),
            ][index % 3]
            award(
                unit,
                title,
                category,
                HonourLevel.REGION,
                "内蒙古自治区精神文明建设委员会",
                2006 + index % 3,
            )
        city_units = [units[c] for c in COUNTY_CODES] + stations[
            : plan.city_honoured_units - len(COUNTY_CODES)
        ]
        for index, unit in enumerate(city_units):
            if unit.kind == UnitKind.STATION:
                title, category = [
                    ("市级文明示范窗口", HonourCategory.CIVILISED_WINDOW),
                    ("市级青年文明号", HonourCategory.YOUTH_CIVILISATION),
                ][index % 2]
            else:
                title, category = ("市级文明单位", HonourCategory.CIVILISED_UNIT)
            award(unit, title, category, HonourLevel.CITY, "包头市精神文明建设委员会", 2007)
        # One station has been a city youth post two years running (still one unit in the count).
        award(
            stations[1],
            "市级青年文明号",
            HonourCategory.YOUTH_CIVILISATION,
            HonourLevel.CITY,
            "包头市精神文明建设委员会",
            2008,
        )
        for code in COUNTY_CODES[: plan.region_satisfied_enforcement]:
            award(
                units[code],
                "自治区第二届人民满意行政执法单位",
                HonourCategory.SATISFIED_ENFORCEMENT,
                HonourLevel.REGION,
                "内蒙古自治区人民政府",
                2007,
            )
        for year in range(2008 - plan.registration_hall_streak + 1, 2009):
            award(
                units["registration-hall"],
                "最佳服务窗口",
                HonourCategory.BEST_SERVICE_WINDOW,
                HonourLevel.CITY,
                "包头市政府审批服务中心",
                year,
            )
        award(
            units["kundulun"],
            "全国工商系统政务公开示范点",
            HonourCategory.DISCLOSURE_MODEL,
            HonourLevel.NATIONAL,
            "国家工商行政管理总局",
            2007,
        )
        award(
            units["baotou"],
            "民族团结进步模范集体",
            HonourCategory.ETHNIC_UNITY,
            HonourLevel.REGION,
            "内蒙古自治区人民政府",
            2008,
            HonourField.CULTURE,
        )
        award(
            units["baotou"],
            "结对共建活动突出贡献单位",
            HonourCategory.ADVANCED_COLLECTIVE,
            HonourLevel.CITY,
            "中共包头市委",
            2008,
            HonourField.CULTURE,
        )
        award(
            units["baotou"],
            "反腐倡廉宣传教育工作先进集体",
            HonourCategory.ADVANCED_COLLECTIVE,
            HonourLevel.CITY,
            "中共包头市纪委",
            2007,
            HonourField.INTEGRITY,
        )
        award(
            units["baotou"],
            "预防职务犯罪先进单位",
            HonourCategory.ADVANCED_COLLECTIVE,
            HonourLevel.CITY,
            "包头市人民检察院",
            2008,
            HonourField.INTEGRITY,
        )
        for index, staff in enumerate(self.staff[60:66]):
            for year in (2007, 2008) if index < 2 else (2008,):
                honours.append(
                    Honour(
                        person=staff.person,
                        title="全市工商系统先进个人",
                        category=HonourCategory.ADVANCED_INDIVIDUAL,
                        field=HonourField.WORK,
                        level=HonourLevel.SYSTEM,
                        awarding_body="包头市工商局",
                        year=year,
                    )
                )
        Honour.objects.bulk_create(honours)
        disclosures = [
            DisclosureEntry(
                unit=units[["baotou", *COUNTY_CODES][index % 11]],
                title=f"{2006 + index % 3}年{DISCLOSURE_TOPICS[index % 4]}公开（{index + 1}）",
                category=[
                    DisclosureCategory.LICENSING,
                    DisclosureCategory.ENFORCEMENT,
                    DisclosureCategory.FEES,
                    DisclosureCategory.PROCEDURE,
                ][index % 4],
                channel=[
                    DisclosureChannel.WEBSITE,
                    DisclosureChannel.SERVICE_HALL,
                    DisclosureChannel.BULLETIN,
                ][index % 3],
                disclosed_on=date(2006 + index % 3, 1 + index % 12, 10),
            )
            for index in range(66)
        ]
        DisclosureEntry.objects.bulk_create(disclosures)

    # --- pillar 4 -------------------------------------------------------------------------------

    def integrity(self) -> None:
        rng, units = self.rng, self.units
        for code in COUNTY_CODES:
            unit = units[code]
            evaluation = EvaluationRound.objects.create(
                title=f"2005年{unit.short_name or '稀土高新区'}人大常委会工作评议",
                evaluator_kind=EvaluatorKind.PEOPLES_CONGRESS_WORK,
                evaluator_body=f"{unit.short_name or '稀土高新区'}人大常委会",
                year=2005,
                held_on=date(2005, 11, 20),
                subject_count=rng.randint(12, 20),
            )
            EvaluationResult.objects.create(
                round=evaluation,
                unit=unit,
                votes_for=rng.randint(18, 26),
                votes_basic=rng.randint(1, 4),
                votes_against=0,
                votes_abstain=rng.randint(0, 1),
                grade=EvaluationGrade.SATISFIED,
            )
        city_round = EvaluationRound.objects.create(
            title="2005年包头市人大常委会工作评议和述职评议",
            evaluator_kind=EvaluatorKind.PEOPLES_CONGRESS_WORK,
            evaluator_body="包头市人大常委会",
            year=2005,
            held_on=date(2005, 12, 8),
            subject_count=9,
        )
        EvaluationResult.objects.create(
            round=city_round,
            unit=units["baotou"],
            votes_for=41,
            votes_basic=0,
            votes_against=0,
            votes_abstain=0,
            grade=EvaluationGrade.SATISFIED,
            rank=1,
            peer_count=9,
        )
        appraisal = EvaluationRound.objects.create(
            title="2007年全市集中民主评议政风行风综合测评",
            evaluator_kind=EvaluatorKind.DEMOCRATIC_APPRAISAL,
            evaluator_body="包头市纠风办",
            year=2007,
            held_on=date(2007, 12, 20),
            subject_count=36,
        )
        EvaluationResult.objects.create(
            round=appraisal, unit=units["baotou"], score=Decimal("96.38"), rank=1, peer_count=36
        )
        head = self.heads["jiuyuan"]
        Commendation.objects.create(
            person=head,
            title="全市勤廉兼优先进典型",
            level=HonourLevel.CITY,
            awarding_body="中共包头市纪委",
            year=2008,
            deeds="带头落实党风廉政建设责任制。",
        )
        letters = []
        for code, team_head in self._team_heads().items():
            letters.append(
                ResponsibilityLetter(
                    unit=units[code],
                    year=2008,
                    signer=team_head,
                    counterparty="市局党组书记" if code != "baotou" else "市纪委",
                    signed_on=date(2008, 2, 20),
                    check_result=CheckResult.GOOD,
                    checked_on=date(2008, 12, 20),
                )
            )
        ResponsibilityLetter.objects.bulk_create(letters)
        reports = []
        station_heads = [
            m for m in self.team_members if m[2] == TeamRole.HEAD and "station" in m[0]
        ]
        for index, (code, person, _role, _title, _since) in enumerate(station_heads[:20]):
            reports.append(
                DutyReport(
                    person=person,
                    unit=units[code],
                    reported_on=date(2008, 6, 1) + timedelta(days=index * 5),
                    audience="辖区个体工商户、企业代表",
                )
            )
        DutyReport.objects.bulk_create(reports)
        ratings = [
            DutyReportRating(
                report=report,
                rater_label=f"代表{number + 1:02d}",
                rating=rng.choices(
                    [
                        Satisfaction.VERY_SATISFIED,
                        Satisfaction.SATISFIED,
                        Satisfaction.BASICALLY_SATISFIED,
                        Satisfaction.DISSATISFIED,
                    ],
                    weights=[50, 38, 10, 2],
                )[0],
            )
            for report in reports
            for number in range(10)
        ]
        DutyReportRating.objects.bulk_create(ratings)
        supervision = []
        for index in range(30):
            code = COUNTY_CODES[index % len(COUNTY_CODES)]
            required = index % 3 == 0
            deadline = date(2008, 1 + index % 11, 28) if required else None
            rectified = deadline - timedelta(days=5) if deadline and index % 9 else None
            supervision.append(
                SupervisionRecord(
                    kind=list(SupervisionKind.values)[index % 3],
                    unit=units[code],
                    conducted_on=date(2008, 1 + index % 11, 5),
                    title=f"第{index + 1}次检查",
                    findings="个别案卷文书不规范" if required else "",
                    rectification_required=required,
                    rectification_deadline=deadline,
                    rectified_on=rectified,
                    rectification="已整改" if rectified else "",
                )
            )
        SupervisionRecord.objects.bulk_create(supervision)
        supervisors = [
            IntegritySupervisor(
                name=next(self.names),
                organisation=rng.choice(
                    ["包头市人大代表", "包头市政协委员", "个体劳动者协会", "新闻媒体"]
                ),
                unit=units["baotou"],
                term_start=date(2007, 1, 1),
                term_end=date(2009, 12, 31),
                phone=f"13{rng.randrange(100_000_000, 999_999_999)}",
                appointment_document="包工商党发〔2007〕2号",
            )
            for _number in range(12)
        ]
        IntegritySupervisor.objects.bulk_create(supervisors)

    def _team_heads(self) -> dict[str, Person]:
        return {
            code: person
            for code, person, role, _t, _s in self.team_members
            if role == TeamRole.HEAD
        }

    # --- pillar 5 -------------------------------------------------------------------------------

    def culture(self) -> None:
        rng, units, plan = self.rng, self.units, DEMO_PLAN
        projects = [
            PairingProject(
                kind=PairingKind.INTERNAL_SUPPORT,
                title=f"{units[src].short_name}对口支持{units[dst].short_name}",
                supporting_unit=units[src],
                partner_unit=units[dst],
                start_date=date(2006, 3, 1),
                goals="业务培训、设备支援、干部交流",
            )
            for src, dst in PAIRINGS[: plan.internal_support_pairings]
        ]
        projects.append(
            PairingProject(
                kind=PairingKind.VILLAGE_ASSISTANCE,
                title="对口帮扶土右旗小召子村",
                supporting_unit=units["baotou"],
                partner_name="土右旗小召子村",
                start_date=date(2007, 4, 1),
                goals="修路、打井、发展养殖合作社",
            )
        )
        PairingProject.objects.bulk_create(projects)
        PairingVisit.objects.bulk_create(
            [
                PairingVisit(
                    project=project,
                    visited_on=date(2008, 3 + 3 * number, 12),
                    participant_count=rng.randint(3, 8),
                    content="走访座谈、送培训上门",
                    outcome="解决实际困难若干",
                )
                for project in projects
                for number in range(3)
            ]
        )
        PairingFund.objects.bulk_create(
            [
                PairingFund(
                    project=project,
                    given_on=date(2008, 6, 1),
                    kind=FundKind.CASH
                    if project.kind == PairingKind.VILLAGE_ASSISTANCE
                    else FundKind.MATERIAL,
                    amount=Decimal("50000.00")
                    if project.kind == PairingKind.VILLAGE_ASSISTANCE
                    else Decimal("20000.00"),
                    purpose="帮扶资金"
                    if project.kind == PairingKind.VILLAGE_ASSISTANCE
                    else "办公设备",
                )
                for project in projects
            ]
        )
        PairingOutcome.objects.create(
            project=projects[-1], achieved_on=date(2008, 9, 30), title="小召子村养殖合作社成立"
        )
        activities = [
            ("“迎六十年大庆·展红盾风采”乒乓球比赛", ActivityKind.SPORTS, 120),
            ("“迎六十年大庆·展红盾风采”羽毛球比赛", ActivityKind.SPORTS, 80),
            ("“迎盛会·展风采”书法绘画摄影作品展", ActivityKind.EXHIBITION, 60),
            ("读书研讨会", ActivityKind.STUDY_GROUP, 40),
        ]
        created = CultureActivity.objects.bulk_create(
            [
                CultureActivity(
                    title=title,
                    kind=kind,
                    organiser=units["baotou"],
                    start_date=date(2008, 8 + index, 10),
                    end_date=date(2008, 8 + index, 12),
                )
                for index, (title, kind, _n) in enumerate(activities)
            ]
        )
        ActivityParticipant.objects.bulk_create(
            [
                ActivityParticipant(
                    activity=activity, person=staff.person, event="个人项目", rank=None
                )
                for activity, (_t, _k, count) in zip(created, activities, strict=True)
                for staff in rng.sample(self.staff, count)
            ]
        )
        self._donations()

    def _donations(self) -> None:
        rng, units, plan = self.rng, self.units, DEMO_PLAN
        campaign = DonationCampaign.objects.create(
            title="抗震救灾献爱心捐款",
            kind=DonationKind.STAFF_DONATION,
            organiser=units["baotou"],
            cause="抗震救灾",
            start_date=date(2008, 5, 14),
            end_date=date(2008, 5, 31),
        )
        dues = DonationCampaign.objects.create(
            title="抗震救灾特殊党费",
            kind=DonationKind.SPECIAL_PARTY_DUES,
            organiser=units["baotou"],
            cause="抗震救灾",
            start_date=date(2008, 5, 20),
            end_date=date(2008, 6, 30),
        )
        DonationCampaign.objects.create(
            title="个体私营业者抗震救灾捐款捐物",
            kind=DonationKind.ASSOCIATION,
            organiser=units["baotou"],
            cause="抗震救灾",
            association="包头市个体劳动者协会、私营企业协会",
            start_date=date(2008, 5, 15),
            end_date=date(2008, 6, 30),
            reported_total=plan.association_money,
            reported_in_kind_total=plan.association_goods,
        )
        serving = self.staff
        retired_units = {p.pk: p.unit for p in self.retired}
        donors: list[tuple[Person, Unit]] = [
            (s.person, s.unit) for s in serving[: plan.staff_donors - len(self.retired)]
        ]
        donors += [(p, retired_units[p.pk]) for p in self.retired]
        amounts = _amounts_summing_to(
            rng, len(donors), plan.staff_donation_total, [50, 100, 100, 150, 200, 300, 500]
        )
        rows = [
            Donation(
                campaign=campaign,
                person=person,
                unit=unit,
                amount=amount,
                donated_on=date(2008, 5, 16),
            )
            for (person, unit), amount in zip(donors, amounts, strict=True)
        ]
        members = [
            (p, u)
            for p, u in [(s.person, s.unit) for s in serving]
            + [(p, retired_units[p.pk]) for p in self.retired]
            if p.political_status == PoliticalStatus.PARTY_MEMBER
        ]
        if len(members) < plan.party_dues_members:
            raise ValueError("the demo has fewer party members than the article's special dues")
        members = rng.sample(members, plan.party_dues_members)
        amounts = _amounts_summing_to(
            rng, len(members), plan.party_dues_total, [100, 100, 200, 200, 300, 500]
        )
        rows += [
            Donation(
                campaign=dues, person=person, unit=unit, amount=amount, donated_on=date(2008, 6, 1)
            )
            for (person, unit), amount in zip(members, amounts, strict=True)
        ]
        Donation.objects.bulk_create(rows, batch_size=1000)


def _amounts_summing_to(
    rng: random.Random, count: int, total: Decimal, choices: list[int]
) -> list[Decimal]:
    """`count` amounts drawn from `choices`, then moved by ten yuan at a time to sum to `total`."""
    amounts = [rng.choice(choices) for _ in range(count)]
    difference = int(total) - sum(amounts)
    if difference % 10:
        amounts[0] += difference % 10
        difference -= difference % 10
    index = 0
    while difference:
        step = 10 if difference > 0 else -10
        if amounts[index % count] + step >= 10:
            amounts[index % count] += step
            difference -= step
        index += 1
    return [Decimal(a).quantize(Decimal("0.01")) for a in amounts]


def _unit_head_login(loader: _Loader) -> None:
    """A demo login for the Jiuyuan branch head: unit heads see their own subtree's figures."""
    head = loader.heads["jiuyuan"]
    user, created = User.objects.get_or_create(username=UNIT_HEAD_USERNAME)
    user.full_name = head.name
    user.unit = loader.units["jiuyuan"]
    if created:
        user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=Role.SUPERVISOR)[0]])
    Person.objects.filter(pk=head.pk).update(user=user)


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def workforce_demo_load(*, seed: int = DEMO_SEED, progress: ProgressFn | None = None) -> int:
    """Load the demo workforce; returns how many people were added (0 if already loaded)."""
    report = progress or _quiet
    if Person.objects.filter(employee_number__startswith=EMPLOYEE_PREFIX).exists():
        return 0
    with transaction.atomic():
        loader = _Loader(random.Random(seed), demo_units_load(), report)
        loader.build_people()
        loader.save_people()
        loader.leadership_records()
        loader.learning_records()
        loader.honours()
        loader.integrity()
        loader.culture()
        _unit_head_login(loader)
        baselines = history_baselines_write(reason=DEMO_HISTORY_REASON, app_labels=["workforce"])
        report("history baseline", baselines, baselines)
    return len(loader.people)
