"""The whole demo staff exported to Excel re-imports unchanged with no row errors (issue 14.1: the
identity-number check refused 645 rows of the bureau's own export)."""

from typing import Any

import pytest
from django.urls import reverse

from hongdun.accounts.roles import Role
from hongdun.demo.workforce import DEMO_PLAN, workforce_demo_load
from hongdun.orgs.models import Unit
from hongdun.workforce.excel.choices import ImportStatus
from hongdun.workforce.excel.tests.helpers import last_job, read_xlsx, upload
from hongdun.workforce.models import Person

pytestmark = pytest.mark.django_db


def test_exported_demo_staff_reimport_unchanged_with_zero_row_errors(
    make_user: Any, login: Any
) -> None:
    workforce_demo_load()
    people = Person.objects.count()
    assert people == DEMO_PLAN.active_staff + DEMO_PLAN.retired
    with_id = Person.objects.exclude(id_number="").count()
    assert with_id == people  # every demo person has a number: all of them are checked
    clerk = make_user(Role.PERSONNEL, Unit.objects.get(code="personnel-office"))
    client = login(clerk)

    export = client.get(reverse("workforce-excel:export", args=["cadres"]), {"download": "1"})
    assert export.status_code == 200
    content = export.content
    assert len(read_xlsx(content, "干部职工")) == people + 1  # header + one row a person

    upload(client, "cadres", content, name="干部职工名册.xlsx")
    job = last_job(clerk)
    assert job.status == ImportStatus.READY, job.errors[:5]
    assert (job.error_count, job.error_row_count) == (0, 0)
    assert (job.total_rows, job.new_count, job.updated_count) == (people, 0, 0)
    assert job.unchanged_count == people
