"""Staff pages of the scheduled runs (docs/rules/supervision.md §4), at /staff/supervision/runs/.

The list and a run's detail are read by every role with a view grant on the lists
("supervision.listing"); the detail shows only the entries in the reader's reach. Running a day's
steps from the web (a dry run first, then the commit) is for the city bureau: an administrator or
a supervisor whose reach covers every registration authority, since the steps run over the whole
register. Anonymous users go to the login page, everyone else gets 403.
"""

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role, user_roles
from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin, reachable, restrict
from hongdun.core.widgets import DateInput
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import JobName
from hongdun.supervision.jobs import run_day
from hongdun.supervision.models import AbnormalListing, ScheduledRun, SeriousListing
from hongdun.supervision.permissions import LISTING

logger = logging.getLogger(__name__)

RUNS_PER_PAGE = 50
ROWS_PER_PAGE = 100


def can_run_jobs(user: AnyUser) -> bool:
    """An administrator, or a supervisor whose edit reach on the lists covers every registration
    authority (the city bureau's): the steps write over the whole register."""
    if not user.is_authenticated:
        return False
    if Role.ADMINISTRATOR in user_roles(user):
        return True
    reach = reachable(user, LISTING, Action.EDIT)
    if not reach.permitted:
        return False
    if reach.everything:
        return True
    authorities = set(
        Unit.objects.filter(is_registration_authority=True).values_list("pk", flat=True)
    )
    return bool(authorities) and authorities <= reach.unit_ids


def _page(request: HttpRequest, rows: Any, per_page: int, name: str = "page") -> Any:
    return Paginator(rows, per_page).get_page(request.GET.get(name))


class RunListView(ScopeRequiredMixin, View):
    """Every step run: job, day, committed or dry, counts, who ran it (none: cron)."""

    scope_kind = LISTING

    def get(self, request: HttpRequest) -> HttpResponse:
        runs = ScheduledRun.objects.select_related("triggered_by").order_by(
            "-run_date", "-started_at", "-pk"
        )
        return render(
            request,
            "supervision/runs/list.html",
            {"page": _page(request, runs, RUNS_PER_PAGE), "can_run": can_run_jobs(request.user)},
        )


class RunDetailView(ScopeRequiredMixin, View):
    """One run: its counts and the entries that name it (in the reader's reach), with their
    status now and who decided them."""

    scope_kind = LISTING

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_object_or_404(ScheduledRun.objects.select_related("triggered_by"), pk=pk)
        abnormal = restrict(
            AbnormalListing.objects.filter(proposed_by_run=run)
            .select_related("enterprise", "decided_by", "authority")
            .order_by("pk"),
            request.user,
        )
        serious = restrict(
            SeriousListing.objects.filter(Q(proposed_by_run=run) | Q(removal_proposed_by_run=run))
            .select_related("enterprise", "decided_by", "removed_by", "authority")
            .order_by("pk"),
            request.user,
        )
        return render(
            request,
            "supervision/runs/detail.html",
            {
                "run": run,
                "counts": sorted(run.counts.items()),
                "abnormal": _page(request, abnormal, ROWS_PER_PAGE, "page"),
                "serious": _page(request, serious, ROWS_PER_PAGE, "spage"),
            },
        )


class RunDayForm(forms.Form):
    day = forms.DateField(
        label=_("运行日期"),
        error_messages={
            "required": _("运行日期：请填写要运行的日期（如 2026-07-01）。"),
            "invalid": _("运行日期：请按“年-月-日”填写，如 2026-07-01。"),
        },
        widget=DateInput(),
    )
    steps = forms.MultipleChoiceField(
        label=_("步骤"),
        choices=JobName.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("步骤：请从列表中选择（不选则运行全部步骤）。")},
        help_text=_("不选则按顺序运行全部步骤。"),
    )


class RunDayView(View):
    """Run a day's steps: GET the form, POST "preview" (a dry run, logged as such) and then
    "commit"."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not can_run_jobs(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = RunDayForm(initial={"day": timezone.localdate()})
        return render(request, "supervision/runs/run.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RunDayForm(request.POST)
        commit = request.POST.get("action") == "commit"
        if not form.is_valid():
            return render(request, "supervision/runs/run.html", {"form": form}, status=400)
        day = form.cleaned_data["day"]
        steps = form.cleaned_data["steps"] or None
        try:
            user = request.user if isinstance(request.user, User) else None
            runs = run_day(day=day, commit=commit, only=steps, triggered_by=user)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return render(request, "supervision/runs/run.html", {"form": form}, status=400)
        except Exception:
            logger.exception("run_scheduled from the web failed (day %s)", day)
            form.add_error(
                None,
                gettext(
                    "运行中断：出错的步骤已整体撤销，之前的步骤已完成。请稍后重新运行该日期以完成。"
                ),
            )
            return render(request, "supervision/runs/run.html", {"form": form}, status=503)
        if commit:
            messages.success(
                request,
                gettext("已运行%(day)s的%(count)s个步骤。")
                % {"day": day.isoformat(), "count": len(runs)},
            )
            return redirect("supervision-runs:list")
        return render(
            request,
            "supervision/runs/run.html",
            {"form": form, "preview": runs, "day": day, "steps": steps or []},
        )
