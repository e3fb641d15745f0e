"""Rows that arrive in bulk (seeds, imports, migrations) get a first history record, so the history
page of their first edit shows the old and the new value instead of nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from hongdun.core.backoffice.history import HistoryEntry
from hongdun.core.backoffice.history import history_entries as register_history
from hongdun.core.history import historical_models, history_baseline_write
from hongdun.workforce import models as wf
from hongdun.workforce.services import record_save
from hongdun.workforce.views.records import REGISTER

pytestmark = pytest.mark.django_db


def history_entries(user, instance) -> list[HistoryEntry]:
    """The workforce register's history of `instance` as `user` sees it."""
    return register_history(REGISTER, user, instance)


def bulk_people(bureau):
    """Two people inserted the way the demo loader does: one bulk insert, no history."""
    people = wf.Person.objects.bulk_create(
        [
            wf.Person(
                employee_number=number,
                name=name,
                gender="1",
                birth_date=date(1972, 3, 1),
                unit=bureau["kundulun"],
            )
            for number, name in [("BL001", "赵铁军"), ("BL002", "钱红梅")]
        ]
    )
    assert not wf.Person.history.filter(id__in=[p.pk for p in people]).exists()
    return people


def test_the_first_edit_of_a_bulk_loaded_record_shows_old_and_new(bureau, wf_users, login):
    person, _other = bulk_people(bureau)
    assert history_baseline_write(model=wf.Person, reason="演示数据载入") == 2
    baseline = wf.Person.history.get(id=person.pk)
    assert (baseline.history_type, baseline.name, baseline.history_change_reason) == (
        "+",
        "赵铁军",
        "演示数据载入",
    )
    personnel = wf_users["personnel"]
    record_save(user=personnel, instance=person, data={"name": "赵铁钧"})
    newest, created = history_entries(personnel, person)
    assert ("姓名", "赵铁军", "赵铁钧") in newest.changes
    assert (created.action, created.changes) == ("新增", [])
    page = login(personnel).get(reverse("backoffice-workforce:history", args=["people", person.pk]))
    assert "赵铁军 → 赵铁钧" in page.content.decode()


def test_without_a_baseline_the_first_edit_has_nothing_to_compare_with(bureau, wf_users):
    """What the baseline fixes: the edit's record is the first one, so it lists no change."""
    person, _other = bulk_people(bureau)
    record_save(user=wf_users["personnel"], instance=person, data={"name": "赵铁钧"})
    (only,) = history_entries(wf_users["personnel"], person)
    assert only.changes == []


def test_rows_with_history_are_left_alone_and_a_second_run_writes_nothing(bureau, wf_users):
    people = bulk_people(bureau)
    saved = record_save(
        user=wf_users["personnel"],
        instance=wf.Person(
            employee_number="BL003", name="孙立", gender="1", birth_date=date(1980, 1, 1)
        ),
        data={"unit": bureau["kundulun"]},
    )
    out = StringIO()
    call_command("history_baseline", "workforce", stdout=out)
    assert "history baseline: 2 records written" in out.getvalue()
    assert wf.Person.history.filter(id=saved.pk).count() == 1  # its own "created" record only
    assert {p.pk for p in people} == set(
        wf.Person.history.filter(history_change_reason="建立修改历史基线").values_list(
            "id", flat=True
        )
    )
    again = StringIO()
    call_command("history_baseline", "workforce", stdout=again)
    assert "history baseline: 0 records written" in again.getvalue()
    # Every app: the scope catalogue a migration ships arrived without history too.
    everything = StringIO()
    call_command("history_baseline", stdout=everything)
    assert "registration.ScopeCatalogueEntry:" in everything.getvalue()
    last = StringIO()
    call_command("history_baseline", stdout=last)
    assert "history baseline: 0 records written" in last.getvalue()


def test_every_model_with_history_is_covered():
    labels = {model._meta.label for model in historical_models()}
    assert {"workforce.Person", "enterprises.Enterprise", "registration.Application"} <= labels
    assert not any(label.split(".")[1].startswith("Historical") for label in labels)
    assert {m._meta.app_label for m in historical_models(app_labels=["workforce"])} == {"workforce"}
