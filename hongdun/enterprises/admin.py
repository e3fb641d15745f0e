"""Admin is for superusers repairing data; the register is read-only here (changes go through
services in the back office so the search index, history and audit log stay in step)."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from hongdun.core.admin import ReadOnlyAdminMixin
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
    LiquidationMember,
)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "uscc", "enterprise_type", "status", "registration_authority"]
    list_filter = ["status", "enterprise_type", "registration_authority"]
    search_fields = ["uscc", "name"]
    list_select_related = ["registration_authority"]
    show_full_result_count = False  # counting millions of rows on every page is not worth it


# The facts public by law change through the registration approvals and the liquidation-group
# filing (services with history and audit); admin shows them and their history only.


class ContributionInline(admin.TabularInline):
    model = EnterpriseContribution
    extra = 0
    can_delete = False
    fields = ("subscribed_amount", "form", "subscribed_due", "paid_amount", "paid_on")
    readonly_fields = ("subscribed_amount", "form", "subscribed_due", "paid_amount", "paid_on")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(EnterpriseInvestor)
class EnterpriseInvestorAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "role", "kind", "enterprise"]
    list_filter = ["role", "kind"]
    search_fields = ["name", "enterprise__uscc"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise"]
    inlines = [ContributionInline]
    show_full_result_count = False


@admin.register(EnterpriseOfficer)
class EnterpriseOfficerAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "enterprise", "is_legal_representative", "is_director", "is_manager"]
    list_filter = ["is_legal_representative", "is_director", "is_supervisor", "is_manager"]
    search_fields = ["name", "enterprise__uscc"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise"]
    show_full_result_count = False


@admin.register(EnterpriseBranch)
class EnterpriseBranchAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "uscc", "enterprise", "registration_authority_name", "recorded_on"]
    search_fields = ["name", "uscc", "enterprise__uscc"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise", "branch"]
    show_full_result_count = False


@admin.register(LiquidationMember)
class LiquidationMemberAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "enterprise", "is_leader", "recorded_on"]
    search_fields = ["name", "enterprise__uscc"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise"]
    show_full_result_count = False
