"""Pillars 3–5 from hand-built records: honours by level and streaks as of a past date, evaluations,
donations (totals, per person, participation counts), pairing and activities."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.orgs.models import Unit
from hongdun.reporting.tests.figure_builders import person, scope_of
from hongdun.reporting.workforce.figure_types import IntegrityAccess
from hongdun.reporting.workforce.figures import pillar_civic, pillar_culture, pillar_integrity
from hongdun.workforce.choices import (
    DonationKind,
    EvaluationGrade,
    EvaluatorKind,
    HonourCategory,
    HonourField,
    HonourLevel,
    PairingKind,
)
from hongdun.workforce.models import (
    Donation,
    DonationCampaign,
    EvaluationResult,
    EvaluationRound,
    Honour,
    PairingFund,
    PairingProject,
    PairingVisit,
)

pytestmark = pytest.mark.django_db


def _honour(
    unit: Unit | None, title: str, category: str, level: str, year: int, **extra: object
) -> Honour:
    return Honour.objects.create(
        unit=unit,
        title=title,
        category=category,
        level=level,
        awarding_body=str(extra.pop("body", "市文明委")),
        year=year,
        **extra,
    )


def test_honours_count_distinct_units_held_by_the_date(bureau: dict[str, Unit]) -> None:
    station_one, station_two = bureau["donghe-station-1"], bureau["donghe-station-2"]
    donghe, kundulun = bureau["donghe"], bureau["kundulun"]
    _honour(donghe, "市级文明单位", HonourCategory.CIVILISED_UNIT, HonourLevel.CITY, 2006)
    _honour(donghe, "市级文明单位", HonourCategory.CIVILISED_UNIT, HonourLevel.CITY, 2007)  # again
    _honour(
        station_one, "市级青年文明号", HonourCategory.YOUTH_CIVILISATION, HonourLevel.CITY, 2007
    )
    _honour(
        station_two, "市级文明示范窗口", HonourCategory.CIVILISED_WINDOW, HonourLevel.CITY, 2008
    )
    _honour(
        kundulun,
        "市级文明单位",
        HonourCategory.CIVILISED_UNIT,
        HonourLevel.CITY,
        2006,
        revoked_on=date(2007, 5, 1),
    )
    _honour(donghe, "自治区级文明单位", HonourCategory.CIVILISED_UNIT, HonourLevel.REGION, 2007)
    _honour(
        bureau["baotou"], "全国文明单位", HonourCategory.CIVILISED_UNIT, HonourLevel.NATIONAL, 2005
    )
    city_2007 = pillar_civic(scope_of(bureau["baotou"], as_of=date(2007, 12, 31)))
    assert city_2007.figure("3.4").value == 2  # donghe (twice, once counted), station one
    assert city_2007.figure("3.2").value == 1
    assert city_2007.figure("3.1").value == 1
    city_2008 = pillar_civic(scope_of(bureau["baotou"], as_of=date(2008, 12, 31)))
    assert city_2008.figure("3.4").value == 3
    before_revocation = pillar_civic(scope_of(bureau["baotou"], as_of=date(2007, 4, 30)))
    assert (
        before_revocation.figure("3.4").value == 3
    )  # donghe, station one? no: awarded 2007 counts by year
    donghe_only = pillar_civic(scope_of(donghe, as_of=date(2008, 12, 31)))
    assert donghe_only.figure("3.1").value == 0
    assert donghe_only.figure("3.4").value == 3
    levels = {row[0]: row[1:] for row in city_2008.figure("3.9").breakdowns[0].rows}
    assert levels["市级"] == [4, 3]  # four awards held (the revoked one is not), three units


def test_streaks_run_up_to_the_report_year(bureau: dict[str, Unit]) -> None:
    hall = bureau["registration-office"]
    for year in (2004, 2005, 2006, 2007, 2008):
        _honour(
            hall,
            "最佳服务窗口",
            HonourCategory.BEST_SERVICE_WINDOW,
            HonourLevel.CITY,
            year,
            body="审批服务中心",
        )
    clerk = person(hall, name="窗口标兵甲")
    for year in (2007, 2008):
        Honour.objects.create(
            person=clerk,
            title="先进个人",
            category=HonourCategory.ADVANCED_INDIVIDUAL,
            level=HonourLevel.SYSTEM,
            awarding_body="市局",
            year=year,
        )
    as_2008 = pillar_civic(scope_of(bureau["baotou"], as_of=date(2008, 12, 31)))
    streaks = {(row[0], row[1]): row[2] for row in as_2008.figure("3.6").breakdowns[0].rows}
    assert streaks == {(hall.name, "最佳服务窗口"): 5, ("窗口标兵甲", "先进个人"): 2}
    as_2007 = pillar_civic(scope_of(bureau["baotou"], as_of=date(2007, 6, 30)))
    assert as_2007.figure("3.6").value == 4  # 2004–2007 on a mid-2007 report date
    hidden = pillar_civic(scope_of(bureau["baotou"], as_of=date(2008, 12, 31), persons=False))
    names = [row[0] for row in hidden.figure("3.6").breakdowns[0].rows]
    assert names == [hall.name]  # no person's name for a reader who may not see persons


def _round(title: str, kind: str, year: int, subjects: int | None = None) -> EvaluationRound:
    return EvaluationRound.objects.create(
        title=title,
        evaluator_kind=kind,
        evaluator_body="人大常委会",
        year=year,
        subject_count=subjects,
    )


def test_evaluations_unanimity_and_rank(bureau: dict[str, Unit]) -> None:
    city = bureau["baotou"]
    county_round = _round("2005年区人大评议", EvaluatorKind.PEOPLES_CONGRESS_WORK, 2005)
    for code, grade in [
        ("donghe", EvaluationGrade.SATISFIED),
        ("kundulun", EvaluationGrade.SATISFIED),
        ("qingshan", EvaluationGrade.BASICALLY_SATISFIED),
    ]:
        EvaluationResult.objects.create(
            round=county_round, unit=bureau[code], votes_for=20, votes_basic=2, grade=grade
        )
    city_round = _round("2005年市人大评议", EvaluatorKind.PEOPLES_CONGRESS_DUTY, 2005, subjects=9)
    EvaluationResult.objects.create(
        round=city_round,
        unit=city,
        votes_for=41,
        votes_against=0,
        votes_abstain=0,
        grade=EvaluationGrade.SATISFIED,
    )
    appraisal = _round("2007年民主评议", EvaluatorKind.DEMOCRATIC_APPRAISAL, 2007, subjects=36)
    EvaluationResult.objects.create(round=appraisal, unit=city, rank=1, peer_count=36)
    EvaluationResult.objects.create(round=appraisal, unit=bureau["donghe"], rank=7, peer_count=36)
    pillar = pillar_integrity(scope_of(city, as_of=date(2008, 12, 31)))
    values = {f.key: f.value for f in pillar.figures}
    assert (values["4.1y"], values["4.1"], values["4.1a"]) == ("2005", 2, 3)
    assert (values["4.2"], values["4.2a"]) == (1, 9)
    assert (values["4.3y"], values["4.3"]) == ("2007", 1)
    donghe_only = pillar_integrity(scope_of(bureau["donghe"], as_of=date(2008, 12, 31)))
    assert donghe_only.figure("4.3").value == 7
    assert donghe_only.figure("4.2").value == 0
    before = pillar_integrity(scope_of(city, as_of=date(2006, 12, 31)))
    assert before.figure("4.3").value is None  # the 2007 appraisal had not happened
    leaders = pillar_integrity(
        scope_of(city, as_of=date(2008, 12, 31), integrity=IntegrityAccess.UNITS)
    )
    assert "4.4" not in {f.key for f in leaders.figures}


def test_donations_totals_donors_and_per_person(bureau: dict[str, Unit]) -> None:
    city, donghe = bureau["baotou"], bureau["donghe"]
    staff = [person(donghe) for _ in range(3)]
    retired = person(
        donghe,
        joined=date(1980, 1, 1),
        left=date(2004, 1, 1),
        status="retired",
        status_date=date(2004, 1, 1),
    )
    campaign = DonationCampaign.objects.create(
        title="抗震救灾捐款",
        kind=DonationKind.STAFF_DONATION,
        organiser=city,
        cause="抗震救灾",
        start_date=date(2008, 5, 14),
    )
    dues = DonationCampaign.objects.create(
        title="特殊党费",
        kind=DonationKind.SPECIAL_PARTY_DUES,
        organiser=city,
        cause="抗震救灾",
        start_date=date(2008, 5, 20),
    )
    DonationCampaign.objects.create(
        title="协会捐款",
        kind=DonationKind.ASSOCIATION,
        organiser=city,
        cause="抗震救灾",
        association="个私协会",
        start_date=date(2008, 5, 15),
        reported_total=Decimal("1000000"),
        reported_in_kind_total=Decimal("250000"),
    )
    for who, amount in zip([*staff, retired], ["100", "200", "50", "10"], strict=True):
        Donation.objects.create(
            campaign=campaign,
            person=who,
            unit=donghe,
            amount=Decimal(amount),
            donated_on=date(2008, 5, 16),
        )
    Donation.objects.create(
        campaign=dues,
        person=staff[0],
        unit=donghe,
        amount=Decimal("500"),
        donated_on=date(2008, 6, 1),
    )
    Donation.objects.create(
        campaign=dues,
        person=staff[1],
        unit=donghe,
        amount=Decimal("300.01"),
        donated_on=date(2008, 6, 1),
    )
    pillar = pillar_culture(scope_of(city, as_of=date(2008, 12, 31)))
    values = {f.key: f.value for f in pillar.figures}
    assert (values["5.5"], values["5.5a"], values["5.5b"]) == (Decimal("360"), 4, Decimal("90.00"))
    assert (values["5.6"], values["5.6a"], values["5.6b"]) == (
        Decimal("800.01"),
        2,
        Decimal("400.01"),
    )
    assert values["5.7"] == Decimal("1250000")
    previous_year = pillar_culture(scope_of(city, as_of=date(2007, 12, 31)))
    assert previous_year.figure("5.5").value == Decimal("0")
    assert previous_year.figure("5.5b").value is None


def test_pairing_projects_funds_and_visits(bureau: dict[str, Unit]) -> None:
    donghe, shiguai = bureau["donghe"], bureau["shiguai"]
    support = PairingProject.objects.create(
        kind=PairingKind.INTERNAL_SUPPORT,
        title="东河支持石拐",
        supporting_unit=donghe,
        partner_unit=shiguai,
        start_date=date(2006, 1, 1),
    )
    village = PairingProject.objects.create(
        kind=PairingKind.VILLAGE_ASSISTANCE,
        title="帮扶小召子村",
        supporting_unit=donghe,
        partner_name="小召子村",
        start_date=date(2007, 1, 1),
        end_date=date(2008, 6, 30),
    )
    PairingFund.objects.create(
        project=support, given_on=date(2008, 3, 1), amount=Decimal("20000"), purpose="设备"
    )
    PairingFund.objects.create(
        project=village, given_on=date(2008, 4, 1), amount=Decimal("5000.50"), purpose="修路"
    )
    PairingFund.objects.create(
        project=village, given_on=date(2007, 4, 1), amount=Decimal("9999"), purpose="打井"
    )
    PairingVisit.objects.create(project=village, visited_on=date(2008, 4, 1), content="走访")
    pillar = pillar_culture(scope_of(donghe, as_of=date(2008, 12, 31)))
    values = {f.key: f.value for f in pillar.figures}
    assert (values["5.1"], values["5.1a"]) == (1, 0)  # the village project ended mid-2008
    assert values["5.2"] == Decimal("25000.50")
    assert values["5.2a"] == 1
    mid_2008 = pillar_culture(scope_of(donghe, as_of=date(2008, 5, 31)))
    assert mid_2008.figure("5.1a").value == 1
    assert pillar_culture(scope_of(shiguai, as_of=date(2008, 12, 31))).figure("5.1").value == 0


def test_integrity_and_culture_honours_are_counted_in_their_own_pillars(
    bureau: dict[str, Unit],
) -> None:
    city = bureau["baotou"]
    _honour(
        city,
        "预防职务犯罪先进单位",
        HonourCategory.ADVANCED_COLLECTIVE,
        HonourLevel.CITY,
        2008,
        field=HonourField.INTEGRITY,
    )
    _honour(
        city,
        "民族团结进步模范集体",
        HonourCategory.ETHNIC_UNITY,
        HonourLevel.REGION,
        2008,
        field=HonourField.CULTURE,
    )
    scope = scope_of(city, as_of=date(2008, 12, 31))
    assert pillar_integrity(scope).figure("4.5").value == 1
    assert pillar_culture(scope).figure("5.4").value == 1
    assert pillar_civic(scope).figure("3.4").value == 0  # not a civic-virtue title
