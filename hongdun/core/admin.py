from django.contrib import admin
from django.http import HttpRequest

from hongdun.core.models import AuditLog, DocumentVerification, HolidayOverride, Notification


class ReadOnlyAdminMixin:
    """Admin is for superusers repairing data: records change only through services, so the
    indexes, history and audit log stay in step with them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    search_fields = ["title"]
    list_select_related = ["user"]


@admin.register(DocumentVerification)
class DocumentVerificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "kind", "object_id", "issuer", "issued_on"]
    list_filter = ["kind", "issuer"]
    search_fields = ["code"]
    list_select_related = ["issuer"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    """Editable on purpose: the calendar beyond the library's last year is entered here."""

    list_display = ["date", "kind", "name", "note"]
    list_filter = ["kind"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
