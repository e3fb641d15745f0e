"""The workforce demo seed writes its history baseline: no seeded record lacks history, and the
first edit of a seeded record shows what changed (issue 14 item 9)."""

import pytest

from hongdun.accounts.roles import Role
from hongdun.core.backoffice.history import HistoryEntry
from hongdun.core.backoffice.history import history_entries as register_history
from hongdun.core.history import _rows_without_history, historical_models
from hongdun.demo.workforce import DEMO_HISTORY_REASON, workforce_demo_load
from hongdun.workforce import models as wf
from hongdun.workforce.services import record_save
from hongdun.workforce.views.records import REGISTER

pytestmark = pytest.mark.django_db


def history_entries(user, instance) -> list[HistoryEntry]:
    """The workforce register's history of `instance` as `user` sees it."""
    return register_history(REGISTER, user, instance)


def test_the_demo_seed_leaves_no_record_without_history_and_its_first_edit_shows(bureau, make_user):
    """The whole workforce seed (bulk inserts), then a personnel clerk's first edit of a seeded
    person and of a seeded position."""
    assert workforce_demo_load() > 1_000
    for model in historical_models(app_labels=["workforce"]):
        assert not _rows_without_history(model).exists(), model._meta.label
    personnel = make_user(Role.PERSONNEL, bureau["personnel-office"])
    person = wf.Person.objects.filter(employee_number__startswith="BT").order_by("pk").first()
    assert person is not None
    assert person.history.get().history_change_reason == DEMO_HISTORY_REASON
    old_name = person.name
    record_save(user=personnel, instance=person, data={"name": old_name + "甲"})
    assert ("姓名", old_name, old_name + "甲") in history_entries(personnel, person)[0].changes
    position = wf.PositionRecord.objects.filter(person__employee_number__startswith="BT").first()
    assert position is not None
    old_title = position.title
    record_save(user=personnel, instance=position, data={"title": old_title + "（兼）"})
    title_label = str(wf.PositionRecord._meta.get_field("title").verbose_name)
    changes = history_entries(personnel, position)[0].changes
    assert (title_label, old_title, old_title + "（兼）") in changes
