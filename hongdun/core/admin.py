from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, DocumentVerification, HolidayOverride, Notification
from hongdun.core.services import audited_delete, audited_save


class ReadOnlyAdminMixin:
    """Admin is for superusers repairing data: records change only through services, so the
    indexes, history and audit log stay in step with them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AuditedAdminMixin:
    """For the few models whose repairs happen in admin: every save and delete goes through the
    audited write path (ADR 0014), so an admin edit leaves the same audit entry, with the same
    masked fields, as a service's. The admin's own form has validated the shape already."""

    audit_redact: ClassVar[frozenset[str]] = frozenset()  # recorded as changed, never by value

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            audited_save(instance=obj, actor=signed_in(request.user), redact=self.audit_redact)
        except ApplicationError as error:
            # The admin's form validated the row already, so this is a race lost to a
            # constraint; the write's savepoint is rolled back and the message says why.
            messages.error(request, error.message)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audited_delete(instance=obj, actor=signed_in(request.user), redact=self.audit_redact)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audited_delete(
                    instance=obj, actor=signed_in(request.user), redact=self.audit_redact
                )


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
class HolidayOverrideAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Editable on purpose: the calendar beyond the library's last year is entered here."""

    list_display = ["date", "kind", "name", "note"]
    list_filter = ["kind"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
