"""The audited write path (core.services, ADR 0014): each write leaves one audit entry with the
declared fields; invalid data changes nothing and writes no entry; side effects run only after
the commit, and never for a rolled-back write; redacted fields are recorded as changed only."""

from datetime import date

import pytest
from django.db import transaction

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, HolidayOverride
from hongdun.core.services import audited_delete, audited_save

pytestmark = pytest.mark.django_db

DAY = date(2031, 10, 1)


class AbortError(Exception):
    """Raised after a write to roll its transaction back."""


def _override(**values):
    return HolidayOverride(**{"date": DAY, "kind": "holiday", "name": "国庆节", **values})


def test_create_writes_the_row_and_one_audit_entry(make_user):
    actor = make_user(None)
    override = audited_save(instance=_override(), actor=actor, data={"note": "国办发明电"})
    entry = AuditLog.objects.get()
    assert HolidayOverride.objects.get().note == "国办发明电"
    assert (entry.action, entry.actor, entry.object_id) == (
        "core.holidayoverride.create",
        actor,
        str(override.pk),
    )
    assert entry.before is None
    assert entry.after == {
        "id": override.pk,
        "date": "2031-10-01",
        "kind": "holiday",
        "name": "国庆节",
        "note": "国办发明电",
    }


def test_update_records_the_stored_row_as_before(make_user):
    actor = make_user(None)
    override = audited_save(instance=_override(), actor=actor)
    stale = HolidayOverride.objects.get(pk=override.pk)
    HolidayOverride.objects.filter(pk=override.pk).update(name="国庆")  # changed meanwhile
    audited_save(instance=stale, actor=actor, data={"kind": "working_day"}, action="x.change")
    entry = AuditLog.objects.get(action="x.change")
    assert (entry.before or {})["name"] == "国庆"  # what the database held, not the stale copy
    assert ((entry.before or {})["kind"], (entry.after or {})["kind"]) == ("holiday", "working_day")


def test_declared_fields_only_and_redacted_ones_as_changed(make_user):
    audited_save(
        instance=_override(note="私密备注"),
        actor=make_user(None),
        audit_fields=("date", "note"),
        redact={"note"},
    )
    assert AuditLog.objects.get().after == {"date": "2031-10-01", "note": "***"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"name": ""}, "name"),
        ({"name": "长" * 101}, "name"),
    ],
)
def test_invalid_data_changes_nothing(make_user, values, field):
    actor = make_user(None)
    with pytest.raises(ApplicationError) as error:
        audited_save(instance=_override(), actor=actor, data=values)
    assert error.value.field == field
    assert not HolidayOverride.objects.exists()
    assert not AuditLog.objects.exists()
    stored = audited_save(instance=_override(), actor=actor)
    with pytest.raises(ApplicationError):
        audited_save(instance=stored, actor=actor, data=values)
    stored.refresh_from_db()
    assert (stored.kind, stored.name) == ("holiday", "国庆节")
    assert AuditLog.objects.count() == 1  # the create only


def test_a_duplicate_is_refused_with_a_message_not_a_broken_transaction(make_user):
    actor = make_user(None)
    audited_save(instance=_override(), actor=actor)
    with pytest.raises(ApplicationError):
        # full_clean's unique check speaks first; the savepoint covers a race past it.
        audited_save(instance=_override(name="另一条"), actor=actor)
    assert HolidayOverride.objects.count() == 1
    assert AuditLog.objects.count() == 1


def test_delete_records_the_last_values(make_user):
    actor = make_user(None)
    override = audited_save(instance=_override(), actor=actor)
    pk = override.pk
    audited_delete(instance=override, actor=actor)
    entry = AuditLog.objects.get(action="core.holidayoverride.delete")
    assert entry.object_id == str(pk)
    assert (entry.before or {})["name"] == "国庆节"
    assert not HolidayOverride.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_side_effects_run_after_commit_only(make_user):
    actor = make_user(None)
    sent: list[str] = []
    with transaction.atomic():
        audited_save(instance=_override(), actor=actor, side_effects=[lambda: sent.append("a")])
        assert sent == []  # not while the transaction may still roll back
    assert sent == ["a"]

    def create_then_fail() -> None:
        with transaction.atomic():
            audited_save(
                instance=_override(date=date(2031, 10, 2)),
                actor=actor,
                side_effects=[lambda: sent.append("b")],
            )
            raise AbortError

    with pytest.raises(AbortError):
        create_then_fail()
    assert sent == ["a"]  # the rolled-back write sent nothing
    assert not HolidayOverride.objects.filter(date=date(2031, 10, 2)).exists()
    assert AuditLog.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_schedules_nothing(make_user):
    sent: list[str] = []
    with pytest.raises(ApplicationError):
        audited_save(
            instance=_override(kind="nonsense"),
            actor=make_user(None),
            side_effects=[lambda: sent.append("x")],
        )
    assert sent == []
