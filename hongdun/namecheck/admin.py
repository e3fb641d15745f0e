"""Admin is for superusers repairing data: read-only here. Reservations change only through the
services, so the name index, the history and the audit log stay in step."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hongdun.core.admin import ReadOnlyAdminMixin
from hongdun.namecheck.models import NameIndexEvent, NameReservation


@admin.register(NameReservation)
class NameReservationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["proposed_name", "registry", "status", "reserved_until", "verdict", "applicant"]
    list_filter = ["status", "verdict", "registry"]
    search_fields = ["proposed_name", "trade_name"]
    list_select_related = ["registry", "applicant"]


@admin.register(NameIndexEvent)
class NameIndexEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "op", "created_at"]
    list_filter = ["op"]
    show_full_result_count = False
