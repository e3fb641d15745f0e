"""Admin is for superusers repairing data. Applications change only through the services, so it is
read-only for them; the disqualification list is reference data the bureau maintains here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hongdun.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin
from hongdun.registration.models import (
    Application,
    ApplicationEvent,
    DisqualifiedPerson,
    EnterpriseAuthorisation,
    Material,
    NoticeObjection,
    ScopeCatalogueEntry,
)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "kind", "entity_type", "name", "authority", "status", "submitted_at"]
    list_filter = ["kind", "status", "entity_type", "authority"]
    search_fields = ["number", "name"]
    list_select_related = ["authority"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["application", "actor"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "kind", "original_name", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    exclude = ["file"]  # files are served only by the permission-checked download view


@admin.register(NoticeObjection)
class NoticeObjectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "objector_kind", "objector_name", "status", "filed_at"]
    list_filter = ["status", "objector_kind"]


@admin.register(EnterpriseAuthorisation)
class EnterpriseAuthorisationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["enterprise", "user", "basis", "valid_until", "revoked_at"]
    list_filter = ["basis"]
    list_select_related = ["enterprise", "user"]


@admin.register(ScopeCatalogueEntry)
class ScopeCatalogueEntryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Loaded by the data migration and `manage.py import_scope_catalogue`."""

    list_display = [
        "code",
        "wording",
        "industry_name",
        "permit_stage",
        "permit_authority",
        "is_active",
    ]
    list_filter = ["permit_stage", "industry_code", "is_active", "source"]
    search_fields = ["code", "wording", "keywords"]


@admin.register(DisqualifiedPerson)
class DisqualifiedPersonAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    """Recorded bars on serving as legal representative or officer, matched by ID number; kept
    here, audited, with the ID number recorded as changed, never by value."""

    audit_redact = frozenset({"id_number"})

    list_display = ["name", "id_number", "ground", "barred_until", "is_active"]
    list_filter = ["ground", "is_active"]
    search_fields = ["name", "id_number"]
