"""One record of every kind for a unit, so page and permission tests can cover every kind."""

from datetime import date
from decimal import Decimal
from typing import Any

from hongdun.orgs.models import Unit
from hongdun.workforce import models as wf

# Valid GB 11643 numbers (check digits computed) for fictional people.
ID_NUMBERS = ["150203198001011232", "150207197506153338", "150203199003032027"]
PHONES = ["13904721234", "13804725678", "13604729012"]


def make_person(unit: Unit, number: str, **extra: Any) -> wf.Person:
    defaults: dict[str, Any] = {
        "name": f"测试人{number}",
        "gender": "1",
        "birth_date": date(1970, 5, 1),
        "ethnicity": "01",
        "political_status": "01",
        "party_join_date": date(1995, 7, 1),
        "work_start_date": date(1990, 8, 1),
    }
    defaults.update(extra)
    person = wf.Person.objects.create(employee_number=number, unit=unit, **defaults)
    wf.UnitMembership.objects.create(
        person=person, unit=unit, start_date=defaults["work_start_date"] or date(1990, 1, 1)
    )
    return person


def make_session(
    organiser: Unit, code: str, day: date, hours: Decimal = Decimal("4")
) -> wf.TrainingSession:
    """A one-day law class of `hours` given by `organiser`, and its one session."""
    training_class = wf.TrainingClass.objects.create(
        code=code,
        title="班",
        organiser=organiser,
        category="law",
        hours=hours,
        start_date=day,
        end_date=day,
    )
    return wf.TrainingSession.objects.create(
        training_class=training_class, sequence=1, date=day, hours=hours
    )


def build_sample(unit: Unit, tag: str, id_number: str = "", phone: str = "") -> dict[str, Any]:
    """A record of every kind in the registry, all belonging to `unit` (keys are registry slugs)."""
    person = make_person(unit, f"P{tag}", id_number=id_number, phone=phone, name=f"样本{tag}")
    r: dict[str, Any] = {"people": person}
    r["unit-memberships"] = person.unit_memberships.get()
    r["education"] = wf.EducationRecord.objects.create(
        person=person,
        mode="full_time",
        level="bachelor",
        degree="bachelor",
        school="内蒙古大学",
        major="法学",
        start_date=date(1986, 9, 1),
        end_date=date(1990, 7, 1),
    )
    r["ranks"] = wf.RankRecord.objects.create(
        person=person,
        rank="section_chief",
        start_date=date(2003, 1, 1),
        document_number="包工商党发〔2003〕1号",
    )
    r["credentials"] = wf.EnforcementCredential.objects.create(
        person=person,
        number=f"执法{tag}",
        issued_by="内蒙古自治区人民政府",
        issued_on=date(2020, 1, 1),
        valid_until=date(2030, 12, 31),
    )
    r["posts"] = wf.Post.objects.create(
        unit=unit, title=f"局长{tag}", rank="section_chief", is_unit_head=True
    )
    r["positions"] = wf.PositionRecord.objects.create(
        person=person,
        unit=unit,
        post=r["posts"],
        title="局长",
        rank="section_chief",
        start_date=date(2003, 1, 1),
        appointment_document="包工商任〔2003〕5号",
    )
    r["grassroots"] = wf.GrassrootsExperience.objects.create(
        person=person,
        organisation="某工商所",
        start_date=date(1990, 8, 1),
        end_date=date(1995, 8, 1),
    )
    r["family"] = wf.FamilyMember.objects.create(
        person=person,
        relation="spouse",
        name=f"家属{tag}",
        birth_date=date(1972, 3, 3),
        work_unit_and_position="包头市第一医院护士",
    )
    r["quotas"] = wf.PostQuota.objects.create(
        unit=unit, rank="section_chief", quota=1, effective_from=date(2005, 1, 1)
    )
    r["pools"] = wf.ReservePool.objects.create(
        name=f"年轻干部库{tag}",
        kind="young",
        year=2007,
        unit=unit,
        target_rank="deputy_section",
        max_age=40,
    )
    young = make_person(unit, f"Y{tag}", birth_date=date(1980, 1, 1), name=f"青年{tag}")
    r["pool-members"] = wf.PoolMembership.objects.create(
        pool=r["pools"], person=young, start_date=date(2007, 3, 1)
    )
    r["teams"] = wf.LeadershipTeam.objects.create(
        unit=unit, name=f"{unit.name}领导班子", level="grassroots_bureau"
    )
    r["team-members"] = wf.TeamMembership.objects.create(
        team=r["teams"], person=person, role="head", start_date=date(2003, 1, 1)
    )
    r["team-targets"] = wf.TeamTarget.objects.get_or_create(
        year=2008,
        level="grassroots_bureau",
        metric="bachelor_or_above_share",
        defaults={"value": Decimal("68")},
    )[0]
    r["visits"] = wf.SupervisoryVisit.objects.create(
        unit=unit, visited_on=date(2008, 4, 1), topic=f"督查{tag}"
    )
    r["findings"] = wf.SupervisoryFinding.objects.create(
        visit=r["visits"], description="台账不全", deadline=date(2008, 5, 1)
    )
    r["rotations"] = wf.RotationCycle.objects.create(
        title=f"十七大精神轮训{tag}",
        year=2008,
        start_date=date(2008, 1, 1),
        end_date=date(2008, 6, 30),
    )
    r["rotation-completions"] = wf.RotationCompletion.objects.create(
        cycle=r["rotations"], person=person, completed_on=date(2008, 3, 1), hours=Decimal("16")
    )
    r["litigation"] = wf.LitigationCase.objects.create(
        unit=unit,
        case_number=f"(2008)包行初字第{tag}号",
        court="包头市昆都仑区人民法院",
        cause="行政处罚",
        plaintiff="某商贸公司",
        filed_on=date(2008, 2, 1),
        hearing_on=date(2008, 3, 1),
        head_appeared=True,
    )
    r["plans"] = wf.TrainingPlan.objects.create(unit=unit, year=2008, title=f"2008年培训计划{tag}")
    r["classes"] = wf.TrainingClass.objects.create(
        code=f"2008-PX-{tag}",
        title="执法办案培训班",
        organiser=unit,
        plan=r["plans"],
        category="business",
        hours=Decimal("8"),
        start_date=date(2008, 3, 3),
        end_date=date(2008, 3, 4),
    )
    r["sessions"] = wf.TrainingSession.objects.create(
        training_class=r["classes"], sequence=1, date=date(2008, 3, 3), hours=Decimal("4")
    )
    r["attendance"] = wf.Attendance.objects.create(
        session=r["sessions"],
        person=person,
        training_class=r["classes"],
        unit=unit,
        date=date(2008, 3, 3),
    )
    r["study-series"] = wf.StudySeries.objects.create(
        unit=unit, kind="morning", title=f"晨学{tag}", start_date=date(2008, 1, 1)
    )
    r["study-sessions"] = wf.StudySession.objects.create(
        series=r["study-series"], date=date(2008, 3, 5)
    )
    r["study-attendance"] = wf.StudyAttendance.objects.create(
        session=r["study-sessions"], person=person, unit=unit, date=date(2008, 3, 5)
    )
    r["exams"] = wf.ExternalExam.objects.create(
        code=f"NCRE-{tag}", name="全国计算机等级考试", level="一级B", held_on=date(2007, 9, 22)
    )
    r["exam-results"] = wf.ExamResult.objects.create(
        exam=r["exams"], person=person, unit=unit, score=Decimal("72"), passed=True
    )
    r["competitions"] = wf.Competition.objects.create(
        title=f"知识竞赛{tag}",
        kind="knowledge",
        level="region",
        organiser_body="自治区工商局",
        held_on=date(2007, 10, 1),
        year=2007,
    )
    r["competition-entries"] = wf.CompetitionEntry.objects.create(
        competition=r["competitions"], unit=unit, rank=2, prize="second"
    )
    r["honours"] = wf.Honour.objects.create(
        unit=unit,
        title="文明单位",
        category="civilised_unit",
        level="city",
        awarding_body="包头市委市政府",
        year=2007,
    )
    r["disclosures"] = wf.DisclosureEntry.objects.create(
        unit=unit,
        title=f"收费标准{tag}",
        category="fees",
        channel="website",
        disclosed_on=date(2008, 1, 2),
    )
    r["letters"] = wf.ResponsibilityLetter.objects.create(
        unit=unit,
        year=2008,
        signer=person,
        counterparty="市局党组书记",
        signed_on=date(2008, 1, 10),
        content=f"机密责任内容{tag}",
    )
    r["duty-reports"] = wf.DutyReport.objects.create(
        person=person,
        unit=unit,
        reported_on=date(2008, 6, 1),
        audience="个体工商户代表",
        summary=f"述职要点{tag}",
    )
    r["duty-ratings"] = wf.DutyReportRating.objects.create(
        report=r["duty-reports"],
        rater_label=f"代表甲{tag}",
        rating="satisfied",
        comment=f"测评意见{tag}",
    )
    r["supervision"] = wf.SupervisionRecord.objects.create(
        kind="conduct_review",
        unit=unit,
        conducted_on=date(2008, 5, 1),
        title=f"行风评议{tag}",
        findings=f"机密问题{tag}",
    )
    r["supervisors"] = wf.IntegritySupervisor.objects.create(
        name=f"监督员{tag}",
        organisation="某企业",
        phone="13700001111",
        unit=unit,
        term_start=date(2007, 1, 1),
        term_end=date(2009, 12, 31),
    )
    r["supervisor-feedback"] = wf.SupervisorFeedback.objects.create(
        supervisor=r["supervisors"],
        unit=unit,
        received_on=date(2008, 2, 2),
        content=f"反映内容{tag}",
    )
    r["evaluations"] = wf.EvaluationRound.objects.create(
        title=f"人大工作评议{tag}",
        evaluator_kind="pc_work",
        evaluator_body="包头市人大常委会",
        year=2005,
    )
    r["evaluation-results"] = wf.EvaluationResult.objects.create(
        round=r["evaluations"],
        unit=unit,
        votes_for=30,
        votes_against=0,
        votes_abstain=0,
        grade="satisfied",
    )
    r["commendations"] = wf.Commendation.objects.create(
        person=person, title="勤廉兼优先进典型", level="city", awarding_body="包头市纪委", year=2007
    )
    r["activities"] = wf.CultureActivity.objects.create(
        title=f"乒乓球比赛{tag}", kind="sports", organiser=unit, start_date=date(2008, 9, 1)
    )
    r["participants"] = wf.ActivityParticipant.objects.create(
        activity=r["activities"], person=person, event="男单", rank=1, prize="first"
    )
    r["pairings"] = wf.PairingProject.objects.create(
        kind="village_assistance",
        title=f"结对帮扶{tag}",
        supporting_unit=unit,
        partner_name="小召子村",
        start_date=date(2007, 1, 1),
    )
    r["pairing-visits"] = wf.PairingVisit.objects.create(
        project=r["pairings"], visited_on=date(2008, 4, 4), content="走访贫困户"
    )
    r["pairing-funds"] = wf.PairingFund.objects.create(
        project=r["pairings"], given_on=date(2008, 4, 4), amount=Decimal("5000"), purpose="修路"
    )
    r["pairing-outcomes"] = wf.PairingOutcome.objects.create(
        project=r["pairings"], achieved_on=date(2008, 8, 1), title="修通村路"
    )
    r["campaigns"] = wf.DonationCampaign.objects.create(
        title=f"抗震救灾捐款{tag}",
        kind="staff_donation",
        organiser=unit,
        cause="抗震救灾",
        start_date=date(2008, 5, 14),
    )
    r["donations"] = wf.Donation.objects.create(
        campaign=r["campaigns"],
        person=person,
        unit=unit,
        amount=Decimal("200"),
        donated_on=date(2008, 5, 15),
    )
    return r
