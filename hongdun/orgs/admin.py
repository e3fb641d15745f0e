from django.contrib import admin

from hongdun.core.admin import AuditedAdminMixin
from hongdun.orgs.models import Unit


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The org tree has no back-office editor: administrators keep it here, audited."""

    list_display = ["name", "code", "kind", "division_code", "is_registration_authority", "parent"]
    list_filter = ["kind", "is_registration_authority"]
    search_fields = ["name", "code", "division_code"]
