"""The write path: scope checks, derived columns, dated timelines, pool criteria, audit log."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.testing.race import race_same
from hongdun.workforce import models as wf
from hongdun.workforce.services import record_delete, record_save
from hongdun.workforce.tests.factories import ID_NUMBERS, make_person, make_session

pytestmark = pytest.mark.django_db


def _new_person(unit, number="N1", **extra):
    data = {
        "employee_number": number,
        "name": "新人",
        "gender": "2",
        "birth_date": date(1985, 1, 1),
        "ethnicity": "02",
        "unit": unit,
        "work_start_date": date(2007, 7, 1),
        "bureau_join_date": date(2007, 7, 1),
    }
    data.update(extra)
    return data


def test_person_create_opens_a_unit_membership(wf_users, bureau):
    person = record_save(
        user=wf_users["personnel"], instance=wf.Person(), data=_new_person(bureau["kundulun"])
    )
    membership = person.unit_memberships.get()
    assert (membership.unit, membership.start_date, membership.end_date) == (
        bureau["kundulun"],
        date(2007, 7, 1),
        None,
    )
    assert person.history.get().history_type == "+"


def test_moving_a_person_closes_and_opens_memberships(wf_users, bureau):
    user = wf_users["personnel"]
    person = record_save(user=user, instance=wf.Person(), data=_new_person(bureau["kundulun"]))
    record_save(user=user, instance=person, data={"unit": bureau["jiuyuan"]})
    today = timezone.localdate()
    rows = list(
        person.unit_memberships.order_by("start_date").values_list("unit__code", "end_date")
    )
    assert rows == [("kundulun", today - timedelta(days=1)), ("jiuyuan", None)]


def test_new_open_rank_closes_the_previous_one(wf_users, bureau):
    user = wf_users["personnel"]
    person = make_person(bureau["kundulun"], "R1")
    first = record_save(
        user=user,
        instance=wf.RankRecord(),
        data={"person": person, "rank": "section_member", "start_date": date(2000, 1, 1)},
    )
    record_save(
        user=user,
        instance=wf.RankRecord(),
        data={"person": person, "rank": "deputy_section", "start_date": date(2005, 3, 1)},
    )
    first.refresh_from_db()
    assert first.end_date == date(2005, 2, 28)
    with pytest.raises(ApplicationError) as error:
        record_save(
            user=user,
            instance=wf.RankRecord(),
            data={"person": person, "rank": "section_chief", "start_date": date(2004, 1, 1)},
        )
    assert error.value.field == "start_date"
    assert person.rank_records.count() == 2


def test_attendance_copies_date_class_and_the_unit_of_that_day(wf_users, bureau):
    unit = bureau["kundulun"]
    person = make_person(unit, "A1", work_start_date=date(2000, 1, 1))
    membership = person.unit_memberships.get()
    membership.end_date = date(2008, 6, 30)
    membership.save()
    wf.UnitMembership.objects.create(
        person=person, unit=bureau["jiuyuan"], start_date=date(2008, 7, 1)
    )
    session = make_session(bureau["baotou"], "K1", date(2008, 3, 1))
    klass = session.training_class
    attendance = record_save(
        user=wf_users["personnel"],
        instance=wf.Attendance(),
        data={"session": session, "person": person},
    )
    assert (attendance.date, attendance.training_class, attendance.unit) == (
        date(2008, 3, 1),
        klass,
        unit,
    )
    assert attendance.hours == Decimal("4")
    with pytest.raises(ApplicationError):
        record_save(
            user=wf_users["personnel"],
            instance=wf.Attendance(),
            data={"session": session, "person": person},
        )
    assert wf.Attendance.objects.count() == 1


@pytest.mark.parametrize(
    ("criteria", "person_extra", "failures"),
    [
        ({"max_age": 40}, {"birth_date": date(1970, 1, 1)}, 1),  # 38 on 2008-03-01: fits
        ({"max_age": 35}, {"birth_date": date(1970, 1, 1)}, 2),
        ({"requires_female": True}, {"gender": "1"}, 2),
        ({"requires_minority": True}, {"ethnicity": "02"}, 1),
        ({"requires_minority": True}, {"ethnicity": "01"}, 2),
        ({"min_education": "bachelor"}, {}, 1),
        ({"min_education": "master"}, {}, 2),
        ({"requires_party_member": True}, {"political_status": "13"}, 2),
        ({"min_rank": "section_member"}, {}, 2),
    ],
)
def test_pool_criteria(wf_users, bureau, criteria, person_extra, failures):
    """Failures count one fixed miss (5 grassroots years required, the person has 3) plus the
    criterion under test when it fails."""
    unit = bureau["kundulun"]
    person = make_person(unit, "PL", **person_extra)
    wf.EducationRecord.objects.create(
        person=person,
        mode="full_time",
        level="bachelor",
        school="内蒙古大学",
        end_date=date(1992, 7, 1),
    )
    wf.GrassrootsExperience.objects.create(
        person=person, organisation="所", start_date=date(2000, 1, 1), end_date=date(2003, 1, 1)
    )
    pool = wf.ReservePool.objects.create(
        name="库",
        kind="general",
        year=2008,
        unit=unit,
        target_rank="deputy_section",
        min_grassroots_years=5,
        **criteria,
    )
    from hongdun.workforce.selectors import pool_criteria_check

    check = pool_criteria_check(pool, person, on=date(2008, 3, 1))
    assert len(check.failures) == failures
    with pytest.raises(ApplicationError) as error:
        record_save(
            user=wf_users["personnel"],
            instance=wf.PoolMembership(),
            data={"pool": pool, "person": person, "start_date": date(2008, 3, 1)},
        )
    assert error.value.field == "person"
    assert not wf.PoolMembership.objects.exists()


def test_out_of_scope_and_wrong_kind_writes_are_refused(wf_users, bureau):
    with pytest.raises(ApplicationError):
        record_save(
            user=wf_users["county_personnel"],
            instance=wf.Person(),
            data=_new_person(bureau["kundulun"]),
        )
    with pytest.raises(ApplicationError):
        record_save(
            user=wf_users["discipline"], instance=wf.Person(), data=_new_person(bureau["kundulun"])
        )
    with pytest.raises(ApplicationError):
        record_save(
            user=wf_users["leader"], instance=wf.Person(), data=_new_person(bureau["kundulun"])
        )
    with pytest.raises(ApplicationError):
        record_save(
            user=wf_users["personnel"],
            instance=wf.ResponsibilityLetter(),
            data={
                "unit": bureau["kundulun"],
                "year": 2008,
                "counterparty": "x",
                "signed_on": date(2008, 1, 1),
                "signer": make_person(bureau["kundulun"], "S1"),
            },
        )
    person = record_save(
        user=wf_users["county_personnel"], instance=wf.Person(), data=_new_person(bureau["jiuyuan"])
    )
    # Moving a record out of one's own scope is refused too, and nothing changes.
    with pytest.raises(ApplicationError):
        record_save(
            user=wf_users["county_personnel"], instance=person, data={"unit": bureau["kundulun"]}
        )
    person.refresh_from_db()
    assert person.unit == bureau["jiuyuan"]
    assert wf.Person.objects.filter(employee_number="N1").count() == 1


def test_invalid_id_number_and_duplicates_name_the_field(wf_users, bureau):
    user = wf_users["personnel"]
    record_save(
        user=user,
        instance=wf.Person(),
        data=_new_person(bureau["kundulun"], id_number=ID_NUMBERS[2]),
    )
    with pytest.raises(ApplicationError) as error:
        record_save(
            user=user,
            instance=wf.Person(),
            data=_new_person(bureau["kundulun"], "N2", id_number=ID_NUMBERS[2]),
        )
    assert "公民身份号码" in error.value.message
    assert not wf.Person.objects.filter(employee_number="N2").exists()


def test_audit_log_keeps_who_and_never_personal_values(wf_users, bureau):
    user = wf_users["personnel"]
    person = record_save(
        user=user,
        instance=wf.Person(),
        data=_new_person(bureau["kundulun"], id_number=ID_NUMBERS[2], phone="13912345678"),
    )
    record_save(user=user, instance=person, data={"phone": "13800000000"})
    logs = AuditLog.objects.filter(
        object_type="workforce.person", object_id=str(person.pk)
    ).order_by("id")
    assert [log.action for log in logs] == ["workforce.person.create", "workforce.person.update"]
    assert all(log.actor == user for log in logs)
    dumped = str([(log.before, log.after) for log in logs])
    assert ID_NUMBERS[2] not in dumped
    assert "13912345678" not in dumped
    assert "13800000000" not in dumped
    assert (logs[1].before or {}).get("phone") == "***"


def test_delete_refuses_referenced_records_and_keeps_them(wf_users, bureau):
    user = wf_users["personnel"]
    person = make_person(bureau["kundulun"], "D1")
    campaign = wf.DonationCampaign.objects.create(
        title="捐",
        kind="staff_donation",
        organiser=bureau["kundulun"],
        cause="抗震",
        start_date=date(2008, 5, 1),
    )
    wf.Donation.objects.create(
        campaign=campaign,
        person=person,
        unit=bureau["kundulun"],
        amount=Decimal("100"),
        donated_on=date(2008, 5, 2),
    )
    with pytest.raises(ApplicationError) as error:
        record_delete(user=user, instance=person)
    assert "不能删除" in error.value.message
    assert wf.Person.objects.filter(pk=person.pk).exists()
    assert not AuditLog.objects.filter(action="workforce.person.delete").exists()
    honour = wf.Honour.objects.create(
        unit=bureau["kundulun"],
        title="文明单位",
        category="civilised_unit",
        level="city",
        awarding_body="市委",
        year=2007,
    )
    with pytest.raises(ApplicationError):
        record_delete(user=wf_users["kundulun_head"], instance=honour)
    record_delete(user=user, instance=honour)
    assert not wf.Honour.objects.filter(pk=honour.pk).exists()
    assert AuditLog.objects.filter(action="workforce.honour.delete", actor=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_attendance_saves_leave_one_row(bureau, make_user):
    """Two clerks record the same attendance at once: the unique constraint settles it."""
    from hongdun.accounts.roles import Role

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race is exercised on PostgreSQL")
    user = make_user(Role.PERSONNEL, bureau["personnel-office"])
    person = make_person(bureau["kundulun"], "RC")
    session = make_session(bureau["baotou"], "RC1", date(2008, 3, 1))

    def attempt() -> str:
        record_save(
            user=user, instance=wf.Attendance(), data={"session": session, "person": person}
        )
        return "saved"

    outcome = race_same(2, attempt)
    assert outcome.failed == []
    assert outcome.won == ["saved"]
    assert len(outcome.refused) == 1
    assert wf.Attendance.objects.filter(session=session, person=person).count() == 1
