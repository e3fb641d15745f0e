"""Database constraints and the as-of-date derivations of one person."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from hongdun.workforce import models as wf
from hongdun.workforce.choices import ethnicities, ethnicity_choices
from hongdun.workforce.models import age_on
from hongdun.workforce.selectors import highest_education, person_summary, rank_on, unit_on
from hongdun.workforce.tests.factories import make_person, make_session

pytestmark = pytest.mark.django_db


# An honour as the constraint tests write it; each adds its holder and year.
HONOUR = {
    "title": "文明单位",
    "category": "civilised_unit",
    "level": "city",
    "awarding_body": "市委",
}


def test_ethnicity_list_is_gb_t_3304():
    rows = ethnicities()
    codes = [row["code"] for row in rows]
    assert len(rows) == 58  # 56 groups + 97 其他 + 98 外国血统中国籍人士
    assert codes[:2] == ["01", "02"]
    assert codes[-2:] == ["97", "98"]
    assert dict(ethnicity_choices())["02"] == "蒙古族"
    assert dict(ethnicity_choices())["45"] == "鄂温克族"
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1968, 5, 1), date(2008, 4, 30), 39),
        (date(1968, 5, 1), date(2008, 5, 1), 40),  # the birthday itself counts
        (date(1968, 5, 1), date(2008, 12, 31), 40),
        (date(1980, 2, 29), date(2008, 2, 28), 27),
        (date(1980, 2, 29), date(2008, 2, 29), 28),
        (date(1980, 2, 29), date(2009, 3, 1), 29),
    ],
)
def test_age_on(birth, on, age):
    assert age_on(birth, on) == age


def _violations(bureau):
    """(what, action) pairs; each action must be refused by the database."""
    unit = bureau["kundulun"]
    person = make_person(unit, "C1")
    session = make_session(unit, "C-1", date(2008, 1, 1), Decimal("2"))
    session_class = session.training_class
    wf.Attendance.objects.create(
        session=session,
        person=person,
        training_class=session_class,
        unit=unit,
        date=date(2008, 1, 1),
    )
    exam = wf.ExternalExam.objects.create(code="E1", name="计算机", held_on=date(2007, 1, 1))
    campaign = wf.DonationCampaign.objects.create(
        title="捐", kind="staff_donation", organiser=unit, cause="抗震", start_date=date(2008, 5, 1)
    )
    wf.Donation.objects.create(
        campaign=campaign,
        person=person,
        unit=unit,
        amount=Decimal("10"),
        donated_on=date(2008, 5, 2),
    )
    wf.RankRecord.objects.create(person=person, rank="clerk", start_date=date(1995, 1, 1))
    rnd = wf.EvaluationRound.objects.create(
        title="评", evaluator_kind="pc_work", evaluator_body="人大", year=2005
    )
    return [
        ("duplicate employee number", lambda: make_person(unit, "C1")),
        (
            "attendance twice for a session",
            lambda: wf.Attendance.objects.create(
                session=session,
                person=person,
                training_class=session_class,
                unit=unit,
                date=date(2008, 1, 1),
            ),
        ),
        (
            "rank ends before it starts",
            lambda: wf.RankRecord.objects.create(
                person=person, rank="clerk", start_date=date(2000, 1, 1), end_date=date(1999, 1, 1)
            ),
        ),
        (
            "two open ranks",
            lambda: wf.RankRecord.objects.create(
                person=person, rank="section_member", start_date=date(2000, 1, 1)
            ),
        ),
        (
            "two open unit memberships",
            lambda: wf.UnitMembership.objects.create(
                person=person, unit=unit, start_date=date(2001, 1, 1)
            ),
        ),
        (
            "negative score",
            lambda: wf.ExamResult.objects.create(
                exam=exam, person=person, unit=unit, score=Decimal("-1")
            ),
        ),
        (
            "absent with a pass",
            lambda: wf.ExamResult.objects.create(
                exam=exam, person=person, unit=unit, absent=True, passed=True
            ),
        ),
        (
            "pass score above maximum",
            lambda: wf.ExternalExam.objects.create(
                code="E2", name="x", held_on=date(2007, 1, 1), max_score=100, pass_score=120
            ),
        ),
        (
            "zero donation",
            lambda: wf.Donation.objects.create(
                campaign=campaign,
                donor_name="某公司",
                unit=unit,
                amount=0,
                donated_on=date(2008, 5, 2),
            ),
        ),
        (
            "negative donation",
            lambda: wf.Donation.objects.create(
                campaign=campaign,
                donor_name="某公司",
                unit=unit,
                amount=Decimal("-5"),
                donated_on=date(2008, 5, 2),
            ),
        ),
        (
            "donor both person and outsider",
            lambda: wf.Donation.objects.create(
                campaign=campaign,
                person=make_person(unit, "C2"),
                donor_name="某公司",
                unit=unit,
                amount=Decimal("5"),
                donated_on=date(2008, 5, 2),
            ),
        ),
        (
            "person donates twice to a campaign",
            lambda: wf.Donation.objects.create(
                campaign=campaign,
                person=person,
                unit=unit,
                amount=Decimal("5"),
                donated_on=date(2008, 5, 3),
            ),
        ),
        (
            "honour for nobody",
            lambda: wf.Honour.objects.create(**HONOUR, year=2007),
        ),
        (
            "honour for both a unit and a person",
            lambda: wf.Honour.objects.create(**HONOUR, unit=unit, person=person, year=2007),
        ),
        (
            "honour year implausible",
            lambda: wf.Honour.objects.create(**HONOUR, unit=unit, year=1800),
        ),
        (
            "rank beyond peers",
            lambda: wf.EvaluationResult.objects.create(round=rnd, unit=unit, rank=10, peer_count=9),
        ),
        (
            "head appeared without hearing",
            lambda: wf.LitigationCase.objects.create(
                unit=unit,
                case_number="X1",
                court="法院",
                cause="处罚",
                plaintiff="甲",
                filed_on=date(2008, 1, 1),
                head_appeared=True,
            ),
        ),
        (
            "closed without result",
            lambda: wf.LitigationCase.objects.create(
                unit=unit,
                case_number="X2",
                court="法院",
                cause="处罚",
                plaintiff="甲",
                filed_on=date(2008, 1, 1),
                closed_on=date(2008, 3, 1),
            ),
        ),
        (
            "young-cadre target without age limit",
            lambda: wf.TeamTarget.objects.create(
                year=2008, level="station", metric="young_count", value=1
            ),
        ),
        (
            "pairing with two partners",
            lambda: wf.PairingProject.objects.create(
                kind="internal_support",
                title="对口",
                supporting_unit=unit,
                partner_unit=bureau["damao"],
                partner_name="某村",
                start_date=date(2008, 1, 1),
            ),
        ),
        (
            "work before birth",
            lambda: make_person(
                unit, "C3", birth_date=date(1990, 1, 1), work_start_date=date(1980, 1, 1)
            ),
        ),
        ("retired without date", lambda: make_person(unit, "C4", status="retired")),
        (
            "finding closed without note",
            lambda: wf.SupervisoryFinding.objects.create(
                visit=wf.SupervisoryVisit.objects.create(
                    unit=unit, visited_on=date(2008, 1, 1), topic="t"
                ),
                description="d",
                deadline=date(2008, 2, 1),
                closed_on=date(2008, 2, 1),
            ),
        ),
    ]


def test_database_refuses_inconsistent_rows(bureau):
    refused = []
    for what, action in _violations(bureau):
        try:
            with transaction.atomic():
                action()
        except IntegrityError:
            refused.append(what)
        else:
            pytest.fail(f"accepted: {what}")
    assert len(refused) == 23


def test_constraint_messages_reach_full_clean(bureau):
    from django.core.exceptions import ValidationError

    unit = bureau["kundulun"]
    honour = wf.Honour(**HONOUR, year=2007)
    with pytest.raises(ValidationError) as error:
        honour.full_clean()
    assert "请在“个人”和“单位”中选择且只选择一个。" in str(error.value)
    honour.unit = unit
    honour.full_clean()


def _education(person, mode, level, end, degree=""):
    return wf.EducationRecord.objects.create(
        person=person, mode=mode, level=level, degree=degree, school=f"{level}-{mode}", end_date=end
    )


@pytest.mark.parametrize(
    ("on", "overall", "full_time"),
    [
        (date(1989, 1, 1), None, None),
        (date(1990, 7, 1), "college", "college"),  # graduated that day
        (date(2000, 1, 1), "college", "college"),
        (date(2003, 7, 1), "bachelor", "college"),  # in-service bachelor counts overall only
        (date(2008, 1, 1), "master", "college"),
    ],
)
def test_highest_education_overall_and_full_time_as_of(bureau, on, overall, full_time):
    person = make_person(bureau["kundulun"], "E1")
    _education(person, "full_time", "college", date(1990, 7, 1))
    _education(person, "in_service", "bachelor", date(2003, 7, 1), degree="bachelor")
    _education(person, "in_service", "master", date(2006, 7, 1))
    best = highest_education(person, on=on)
    best_full_time = highest_education(person, on=on, full_time_only=True)
    assert (best.level if best else None) == overall
    assert (best_full_time.level if best_full_time else None) == full_time


def test_rank_and_unit_as_of_a_past_date(bureau):
    person = make_person(bureau["kundulun"], "R1", work_start_date=date(1990, 1, 1))
    membership = person.unit_memberships.get()
    membership.end_date = date(2004, 12, 31)
    membership.save()
    wf.UnitMembership.objects.create(
        person=person, unit=bureau["jiuyuan"], start_date=date(2005, 1, 1)
    )
    wf.RankRecord.objects.create(
        person=person,
        rank="section_member",
        start_date=date(1995, 1, 1),
        end_date=date(2001, 12, 31),
    )
    wf.RankRecord.objects.create(person=person, rank="deputy_section", start_date=date(2002, 1, 1))
    assert unit_on(person, on=date(2004, 12, 31)) == bureau["kundulun"]
    assert unit_on(person, on=date(2005, 1, 1)) == bureau["jiuyuan"]
    assert unit_on(person, on=date(1980, 1, 1)) is None
    earlier, later = rank_on(person, on=date(2001, 12, 31)), rank_on(person, on=date(2002, 1, 1))
    assert earlier is not None
    assert later is not None
    assert (earlier.rank, later.rank) == ("section_member", "deputy_section")
    assert rank_on(person, on=date(1990, 1, 1)) is None


def test_person_summary_grassroots_years(bureau):
    person = make_person(bureau["kundulun"], "G1", birth_date=date(1970, 6, 1))
    wf.GrassrootsExperience.objects.create(
        person=person, organisation="甲所", start_date=date(1992, 1, 1), end_date=date(1995, 1, 1)
    )
    wf.GrassrootsExperience.objects.create(
        person=person, organisation="乙所", start_date=date(2005, 1, 1)
    )
    summary = person_summary(person, on=date(2008, 1, 2))
    assert summary.age == 37
    assert summary.grassroots_years == 6  # 3 years + 3 years to date
    assert person_summary(person, on=date(1993, 1, 1)).grassroots_years == 1


def test_history_records_every_change(bureau):
    person = make_person(bureau["kundulun"], "H9")
    person.name = "改名"
    person.save()
    assert [h.history_type for h in person.history.order_by("history_date")] == ["+", "~"]
    assert person.history.as_of(person.history.earliest().history_date).name == "测试人H9"
