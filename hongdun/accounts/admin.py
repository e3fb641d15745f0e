from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from hongdun.accounts.models import User
from hongdun.core.admin import AuditedAdminMixin


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    """Accounts are kept here, audited; the password hash never enters the audit log."""

    audit_redact = frozenset({"password", "phone"})
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Hongdun", {"fields": ("full_name", "phone", "unit")}),
    )
    list_display = ["username", "full_name", "unit", "is_active", "is_superuser"]
    list_filter = ["is_active", "groups", "unit"]
