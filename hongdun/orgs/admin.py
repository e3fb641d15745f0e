from django.contrib import admin

from hongdun.orgs.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "division_code", "is_registration_authority", "parent"]
    list_filter = ["kind", "is_registration_authority"]
    search_fields = ["name", "code", "division_code"]
