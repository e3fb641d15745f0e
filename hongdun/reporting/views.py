"""The portal's home page and the staff workbench (where staff land after logging in)."""

from django.core.cache import cache
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import STAFF_ROLES
from hongdun.core.scope import permits, restrict, unit_ids_in_reach
from hongdun.disclosure.permissions import ANNUAL_REPORT
from hongdun.disclosure.progress import latest_open_year
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.reporting.selectors import workbench_todos


def _register_counts() -> dict[str, int]:
    """Counts by status for the home page; cached briefly because the register is large."""
    counts = cache.get("home:register_counts")
    if counts is None:
        rows = Enterprise.objects.values("status").annotate(n=Count("id"))
        counts = {row["status"]: row["n"] for row in rows}
        cache.set("home:register_counts", counts, 300)
    return counts


class HomeView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        counts = _register_counts()
        return render(
            request,
            "portal/home.html",
            {
                "total": sum(counts.values()),
                "active": counts.get(EnterpriseStatus.ACTIVE, 0),
            },
        )


class StaffDashboardView(RoleRequiredMixin, View):
    """The workbench: the user's to-dos with counts (each linking to its filtered queue), then
    the register by status for those who may read it."""

    allowed_roles = STAFF_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        register = restrict(Enterprise.objects.all(), request.user)
        # Readers without a unit (or without a reader role) get no register panel at all.
        reach = unit_ids_in_reach(request.user, "enterprises.enterprise")
        by_status = {
            row["status"]: row["n"] for row in register.values("status").annotate(n=Count("id"))
        }
        status_rows = [
            (label, by_status.get(value, 0)) for value, label in EnterpriseStatus.choices
        ]
        return render(
            request,
            "backoffice/dashboard.html",
            {
                "todo_groups": workbench_todos(user=request.user),
                "status_rows": status_rows,
                "sees_register": reach is None or bool(reach),
                "annual_report_year": latest_open_year()
                if permits(request.user, ANNUAL_REPORT)
                else None,
            },
        )
