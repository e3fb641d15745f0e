"""Admin edits go through the audited write path, or the admin is read-only (ADR 0014)."""

import pytest
from django.contrib import admin

from hongdun.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin
from hongdun.core.models import AuditLog, HolidayOverride
from hongdun.core.services import REDACTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="pw-for-tests-only")  # noqa: S106
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    client.user = root
    return client


def test_every_project_admin_is_audited_or_read_only():
    ours = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_config.name.startswith("hongdun.")
    }
    assert ours
    loose = [
        model._meta.label
        for model, model_admin in ours.items()
        if not isinstance(model_admin, AuditedAdminMixin | ReadOnlyAdminMixin)
    ]
    assert loose == []


def test_an_admin_add_change_and_delete_leave_audit_entries(superuser_client):
    base = "/admin/core/holidayoverride/"
    data = {"date": "2031-10-08", "kind": "working_day", "name": "国庆调休", "note": ""}
    assert superuser_client.post(base + "add/", data).status_code == 302
    override = HolidayOverride.objects.get()
    change = superuser_client.post(f"{base}{override.pk}/change/", {**data, "name": "国庆节调休"})
    assert change.status_code == 302
    delete = superuser_client.post(f"{base}{override.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    entries = list(AuditLog.objects.order_by("id").values_list("action", "actor", flat=False))
    actor = superuser_client.user.pk
    assert entries == [
        ("core.holidayoverride.create", actor),
        ("core.holidayoverride.update", actor),
        ("core.holidayoverride.delete", actor),
    ]
    update = AuditLog.objects.get(action="core.holidayoverride.update")
    assert ((update.before or {})["name"], (update.after or {})["name"]) == (
        "国庆调休",
        "国庆节调休",
    )


def test_user_admin_never_writes_the_password_hash_into_the_audit_log(
    superuser_client, django_user_model
):
    response = superuser_client.post(
        "/admin/accounts/user/add/",
        {"username": "clerk", "password1": "A-long-pass-9876", "password2": "A-long-pass-9876"},
    )
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="accounts.user.create")
    stored_hash = django_user_model.objects.get(username="clerk").password
    assert (entry.after or {})["password"] == REDACTED
    assert stored_hash not in str(entry.after)


def test_faqs_are_read_only_in_admin(superuser_client):
    assert superuser_client.get("/admin/consultation/faq/add/").status_code == 403
