"""A past attendance, exam result or donation counts under the unit the person belonged to on its
date, whichever way it is written: the Excel import, the back-office form, or django-import-export's
standard import of the same template. Checked through the figures of both units."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import tablib
from django.test import Client
from django.urls import reverse

from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import unit_subtree_ids
from hongdun.reporting.workforce.figure_types import FigureScope, IntegrityAccess
from hongdun.reporting.workforce.figures import pillar_culture, pillar_learning
from hongdun.workforce.choices import DonationKind
from hongdun.workforce.excel.resources import (
    AttendanceResource,
    DonationResource,
    ExamResultResource,
)
from hongdun.workforce.excel.tests.helpers import confirm, last_job, upload, xlsx
from hongdun.workforce.models import (
    Attendance,
    Donation,
    DonationCampaign,
    ExamResult,
    ExternalExam,
    Person,
    UnitMembership,
)

pytestmark = pytest.mark.django_db

# The record's date; the person left Kundulun for Jiuyuan on MOVED, after it.
PAST = dt.date(2007, 4, 2)
MOVED = dt.date(2008, 1, 1)


def _moved(person: Person, bureau: dict[str, Unit]) -> Person:
    """`person` was in Kundulun until 2007 and is in Jiuyuan now (the person record says so)."""
    UnitMembership.objects.create(
        person=person,
        unit=bureau["kundulun"],
        start_date=dt.date(2000, 1, 1),
        end_date=MOVED - dt.timedelta(days=1),
    )
    UnitMembership.objects.create(person=person, unit=bureau["jiuyuan"], start_date=MOVED)
    person.unit = bureau["jiuyuan"]
    person.save(update_fields=["unit"])
    return person


def _scope(unit: Unit) -> FigureScope:
    return FigureScope(
        unit_ids=tuple(sorted(unit_subtree_ids(unit=unit))),
        as_of=dt.date(2007, 12, 31),
        period_start=dt.date(2007, 1, 1),
        period_end=dt.date(2007, 12, 31),
        persons_visible=True,
        integrity=IntegrityAccess.FULL,
        root_id=unit.pk,
        root_name=unit.name,
    )


def _person_times(unit: Unit) -> Any:
    return pillar_learning(_scope(unit)).figure("2.2").value


def _exam_sitters(unit: Unit) -> Any:
    table = pillar_learning(_scope(unit)).figure("2.6").breakdowns[1]
    return sum(int(row[1] or 0) for row in table.rows)


def _staff_donations(unit: Unit) -> Any:
    return pillar_culture(_scope(unit)).figure("5.5").value


@pytest.fixture
def exam() -> ExternalExam:
    return ExternalExam.objects.create(
        code="2007-JSJ-1B", name="全国计算机等级考试", level="一级B", held_on=PAST
    )


@pytest.fixture
def campaign(bureau: dict[str, Unit]) -> DonationCampaign:
    return DonationCampaign.objects.create(
        title="抗震救灾捐款",
        kind=DonationKind.STAFF_DONATION,
        organiser=bureau["baotou"],
        cause="抗震救灾",
        start_date=PAST,
    )


@dataclass(frozen=True)
class Kind:
    """One kind of dated personal record: how each write path writes it for BT001, and the
    figure that counts it (what one such record adds to its unit's figure)."""

    code: str
    model: type[Any]
    headers: list[str]
    row: list[Any]
    form_slug: str
    form_data: Callable[[dict[str, Any]], dict[str, Any]]
    figure: Callable[[Unit], Any]
    one: Any
    none: Any
    resource: type[Any]


KINDS = [
    Kind(
        "attendance",
        Attendance,
        ["班次编号", "课次", "人员编号", "姓名", "出勤", "获得学时"],
        ["2007-PX-001", 1, "BT001", "王建国", "出席", None],
        "attendance",
        lambda ctx: {
            "session": ctx["training"]["sessions"][0].pk,
            "person": ctx["person"].pk,
            "status": "present",
            "hours": "0",
        },
        _person_times,
        1,
        0,
        AttendanceResource,
    ),
    Kind(
        "exams",
        ExamResult,
        ["考试编号", "人员编号", "姓名", "成绩", "缺考", "合格"],
        ["2007-JSJ-1B", "BT001", "王建国", 85, "否", "是"],
        "exam-results",
        lambda ctx: {"exam": ctx["exam"].pk, "person": ctx["person"].pk, "score": "85"},
        _exam_sitters,
        1,
        0,
        ExamResultResource,
    ),
    Kind(
        "donations",
        Donation,
        ["捐款活动", "人员编号", "姓名", "金额（元）", "日期"],
        ["抗震救灾捐款", "BT001", "王建国", 200, PAST],
        "donations",
        lambda ctx: {
            "campaign": ctx["campaign"].pk,
            "person": ctx["person"].pk,
            # A unit chosen by mistake (the current one) does not decide where a person's
            # donation counts: the date does.
            "unit": ctx["bureau"]["jiuyuan"].pk,
            "amount": "200",
            "in_kind_value": "0",
            "donated_on": PAST.isoformat(),
        },
        _staff_donations,
        Decimal("200.00"),
        Decimal("0.00"),
        DonationResource,
    ),
]


@pytest.fixture
def context(
    bureau: dict[str, Unit],
    people: dict[str, Person],
    staff: dict[str, Any],
    training: dict[str, Any],
    exam: ExternalExam,
    campaign: DonationCampaign,
) -> dict[str, Any]:
    return {
        "bureau": bureau,
        "person": _moved(people["BT001"], bureau),
        "staff": staff,
        "training": training,
        "exam": exam,
        "campaign": campaign,
    }


def _assert_counted_where_the_person_was(kind: Kind, bureau: dict[str, Unit]) -> None:
    record = kind.model.objects.get(person__employee_number="BT001")
    assert record.unit == bureau["kundulun"]
    assert kind.figure(bureau["kundulun"]) == kind.one
    assert kind.figure(bureau["jiuyuan"]) == kind.none


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.code)
def test_excel_import_of_a_past_row_counts_under_the_unit_on_its_date(
    kind: Kind, context: dict[str, Any], login: Callable[[Any], Client]
) -> None:
    user = context["staff"]["personnel"]
    client = login(user)
    upload(client, kind.code, xlsx(kind.headers, [kind.row]))
    job = confirm(client, last_job(user))
    assert (job.new_count, job.error_count) == (1, 0), job.errors
    _assert_counted_where_the_person_was(kind, context["bureau"])


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.code)
def test_form_save_of_a_past_record_counts_under_the_unit_on_its_date(
    kind: Kind, context: dict[str, Any], login: Callable[[Any], Client]
) -> None:
    client = login(context["staff"]["personnel"])
    response = client.post(
        reverse("backoffice-workforce:create", args=[kind.form_slug]), kind.form_data(context)
    )
    assert response.status_code == 302, response.content.decode()
    _assert_counted_where_the_person_was(kind, context["bureau"])


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.code)
def test_standard_import_of_a_past_row_counts_under_the_unit_on_its_date(
    kind: Kind, context: dict[str, Any]
) -> None:
    dataset = tablib.Dataset(kind.row, headers=kind.headers)
    result = kind.resource().import_data(dataset, dry_run=False, use_transactions=True)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    _assert_counted_where_the_person_was(kind, context["bureau"])


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.code)
def test_a_row_dated_before_the_person_joined_any_unit_is_refused_on_every_path(
    kind: Kind, context: dict[str, Any], login: Callable[[Any], Client]
) -> None:
    """The person's unit history starts after the record's date: the unit at the time is
    unknown, and no path guesses it from the current unit."""
    UnitMembership.objects.filter(person=context["person"], end_date__isnull=False).delete()
    user = context["staff"]["personnel"]
    client = login(user)
    upload(client, kind.code, xlsx(kind.headers, [kind.row]))
    job = last_job(user)
    assert job.error_count == 1
    assert "没有所在单位的任职记录" in str(job.errors)
    assert "单位经历" in str(job.errors)

    response = client.post(
        reverse("backoffice-workforce:create", args=[kind.form_slug]), kind.form_data(context)
    )
    assert response.status_code == 400
    assert "没有所在单位的任职记录" in response.content.decode()
    assert not kind.model.objects.exists()


def test_a_retired_persons_donation_counts_under_the_unit_they_retired_from(
    context: dict[str, Any], login: Callable[[Any], Client]
) -> None:
    bureau, person = context["bureau"], context["person"]
    UnitMembership.objects.filter(person=person, end_date__isnull=True).update(
        end_date=dt.date(2008, 3, 31)
    )
    donations = KINDS[2]
    row = [*donations.row[:4], dt.date(2008, 6, 1)]
    client = login(context["staff"]["personnel"])
    upload(client, "donations", xlsx(donations.headers, [row]))
    job = confirm(client, last_job(context["staff"]["personnel"]))
    assert job.new_count == 1, job.errors
    assert Donation.objects.get(person=person).unit == bureau["jiuyuan"]


def test_a_reimport_with_a_corrected_donation_date_moves_the_donation_to_that_dates_unit(
    context: dict[str, Any], login: Callable[[Any], Client]
) -> None:
    donations = KINDS[2]
    user = context["staff"]["personnel"]
    client = login(user)
    late = [*donations.row[:4], dt.date(2008, 2, 1)]
    upload(client, "donations", xlsx(donations.headers, [late]))
    confirm(client, last_job(user))
    assert Donation.objects.get().unit == context["bureau"]["jiuyuan"]

    upload(client, "donations", xlsx(donations.headers, [donations.row]))
    job = confirm(client, last_job(user))
    assert job.updated_count == 1
    assert Donation.objects.get().unit == context["bureau"]["kundulun"]


def test_an_outside_donors_row_keeps_its_unit_and_needs_one(
    context: dict[str, Any], login: Callable[[Any], Client]
) -> None:
    client = login(context["staff"]["personnel"])
    data = {
        "campaign": context["campaign"].pk,
        "donor_name": "包头市个体劳动者协会",
        "amount": "5000",
        "in_kind_value": "0",
        "donated_on": PAST.isoformat(),
    }
    url = reverse("backoffice-workforce:create", args=["donations"])
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "系统外捐款人的捐款须填写登记单位" in refused.content.decode()
    assert not Donation.objects.exists()

    saved = client.post(url, {**data, "unit": context["bureau"]["jiuyuan"].pk})
    assert saved.status_code == 302
    assert Donation.objects.get().unit == context["bureau"]["jiuyuan"]


def test_rows_written_before_the_fix_are_found_and_moved_by_the_repair_command(
    context: dict[str, Any],
) -> None:
    """The rows the old import wrote under the person's current unit: listed, then moved."""
    import io

    from django.core.management import call_command

    from hongdun.core.models import AuditLog

    bureau, person = context["bureau"], context["person"]
    session = context["training"]["sessions"][0]
    Attendance.objects.create(
        session=session,
        person=person,
        training_class=session.training_class,
        unit=bureau["jiuyuan"],
        date=session.date,
        hours=session.hours,
    )
    ExamResult.objects.create(exam=context["exam"], person=person, unit=bureau["jiuyuan"])
    Donation.objects.create(
        campaign=context["campaign"],
        person=person,
        unit=bureau["jiuyuan"],
        amount=Decimal("200"),
        donated_on=PAST,
    )
    for kind in KINDS:
        assert kind.figure(bureau["jiuyuan"]) == kind.one

    listed = io.StringIO()
    call_command("workforce_units_at_the_time", stdout=listed)
    assert "attendance: 1 checked, 1 to move" in listed.getvalue()
    assert "donation: 1 checked, 1 to move" in listed.getvalue()
    assert not AuditLog.objects.filter(action__endswith="unit_at_the_time").exists()
    assert Attendance.objects.get().unit == bureau["jiuyuan"]

    call_command("workforce_units_at_the_time", "--apply", stdout=io.StringIO())
    for kind in KINDS:
        _assert_counted_where_the_person_was(kind, bureau)
    assert AuditLog.objects.filter(action__endswith="unit_at_the_time").count() == 3
    again = io.StringIO()
    call_command("workforce_units_at_the_time", stdout=again)
    assert "0 to move" in again.getvalue()
    assert "1 to move" not in again.getvalue()
