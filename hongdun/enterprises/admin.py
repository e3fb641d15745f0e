"""Admin is for superusers repairing data; the register is read-only here (changes go through
services in the back office so the search index, history and audit log stay in step)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hongdun.core.admin import ReadOnlyAdminMixin
from hongdun.enterprises.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "uscc", "enterprise_type", "status", "registration_authority"]
    list_filter = ["status", "enterprise_type", "registration_authority"]
    search_fields = ["uscc", "name"]
    list_select_related = ["registration_authority"]
    show_full_result_count = False  # counting millions of rows on every page is not worth it
