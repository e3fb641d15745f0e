"""Staff pages of the classification runs and schemes at /staff/credit/classes/ (docs/rules/
credit.md §8): the runs with their diff report, a re-run of a past month compared with what it
stored, the reclassification of a month; the scheme versions, a new version and its activation.

Kind "credit.scheme", city-wide: supervisors and leaders read, administrators also run, re-run,
create and activate. Anonymous users go to the login page, other roles get 403."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin, permits
from hongdun.credit.choices import Override, RiskClass, RunStatus
from hongdun.credit.engine.indicators import INDICATORS
from hongdun.credit.engine.scheme import (
    CLASSES_ABCD,
    CLASSES_ABCDE,
    DEFAULT_DEFINITION,
    DEFAULT_SAMPLING,
)
from hongdun.credit.forms_schemes import SchemeForm, indicator_label, param_label
from hongdun.credit.models import CreditScheme
from hongdun.credit.permissions import SCHEME
from hongdun.credit.selectors_classes import class_order, run_get, runs_list
from hongdun.credit.selectors_runs import move_reason_label as reason_label
from hongdun.credit.services_runs import reclassify, rerun
from hongdun.credit.services_schemes import scheme_activate, scheme_create_version

RUNS_PER_PAGE = 50


def _move_table(run: Any) -> dict[str, Any]:
    """The run's stored distribution and moves as a from→to matrix, with each move's reasons."""
    moves: dict[tuple[str, str], int] = {}
    for key, count in (run.moves or {}).items():
        source, _sep, target = str(key).partition(">")
        if source and target:
            moves[(source, target)] = int(count)
    counts = {k: int(v) for k, v in (run.counts or {}).items() if k in RiskClass.values}
    classes = class_order(
        [*counts, *(s for s, _t in moves), *(t for _s, t in moves), *CLASSES_ABCD]
    )
    reasons = []
    for key, found in (run.move_reasons or {}).items():
        source, _sep, target = str(key).partition(">")
        ranked = sorted(((str(r), int(n)) for r, n in dict(found).items()), key=lambda x: -x[1])
        reasons.append(
            (
                source,
                target,
                moves.get((source, target), 0),
                [(reason_label(r), n) for r, n in ranked],
            )
        )
    reasons.sort(key=lambda row: -row[2])
    return {
        "classes": classes,
        "counts": [(c, counts.get(c, 0)) for c in classes],
        "total": sum(counts.values()),
        "matrix": [(s, [(t, moves.get((s, t), 0)) for t in classes]) for s in classes],
        "moved": sum(n for (s, t), n in moves.items() if s != t),
        "reasons": reasons,
    }


def _duration(run: Any) -> str:
    if run.finished_at is None:
        return "—"
    seconds = max(0, int((run.finished_at - run.started_at).total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d}"


class RunListView(ScopeRequiredMixin, View):
    """分类批次: every run (month, status, scheme version, counts, duration, who)."""

    scope_kind = SCHEME

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(runs_list(), RUNS_PER_PAGE).get_page(request.GET.get("page"))
        rows = [
            {
                "run": run,
                "total": sum(
                    int(v) for k, v in (run.counts or {}).items() if k in RiskClass.values
                ),
                "counts": [(k, run.counts[k]) for k in class_order(run.counts or {})],
                "duration": _duration(run),
            }
            for run in page
        ]
        return render(
            request,
            "credit/classes/runs.html",
            {
                "page": page,
                "rows": rows,
                "can_run": permits(request.user, SCHEME, Action.EDIT),
                "reclassify_form": ReclassifyForm(initial={"month": _this_month()}),
            },
        )


class RunDetailView(ScopeRequiredMixin, View):
    """One run: its distribution, the moves against the previous run and their reasons."""

    scope_kind = SCHEME

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = run_get(pk)
        return render(request, "credit/classes/run.html", self.context(request, run))

    @staticmethod
    def context(request: HttpRequest, run: Any, **extra: Any) -> dict[str, Any]:
        return {
            "run": run,
            "report": _move_table(run),
            "duration": _duration(run),
            "can_run": permits(request.user, SCHEME, Action.EDIT),
            **extra,
        }


class RunRerunView(ScopeRequiredMixin, View):
    """Re-run a past month from its stored inputs with its own scheme, and show how the result
    compares with what the month stored (nothing is written)."""

    scope_kind = SCHEME
    scope_action = Action.EDIT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("credit-classes:run", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = run_get(pk)
        try:
            report = rerun(run)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("credit-classes:run", pk=pk)
        return render(
            request, "credit/classes/run.html", RunDetailView.context(request, run, rerun=report)
        )


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


class ReclassifyForm(forms.Form):
    # A month, not a date: `<input type="month">` sends "YYYY-MM" in every locale.
    month = forms.CharField(
        label=_("分类月份"),
        max_length=10,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"required": _("分类月份：请填写要分类的月份（如 2026-07）。")},
    )

    def clean_month(self) -> datetime.date:
        text = self.cleaned_data["month"].strip()
        try:
            if len(text) not in (7, 10):
                raise ValueError(text)
            month = datetime.date.fromisoformat(f"{text[:7]}-01")
        except ValueError:
            raise forms.ValidationError(
                gettext("分类月份：请按“年-月”填写，如 2026-07。")
            ) from None
        if month > _this_month():
            raise forms.ValidationError(gettext("分类月份：不能对未来的月份分类。"))
        return month


class ReclassifyView(ScopeRequiredMixin, View):
    """Reclassify a month now (administrators): the job's refusals come back as messages."""

    scope_kind = SCHEME
    scope_action = Action.EDIT

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("credit-classes:runs")

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReclassifyForm(request.POST)
        if not form.is_valid():
            for message in form.errors.get("month", []):
                messages.error(request, str(message))
            return redirect("credit-classes:runs")
        month = form.cleaned_data["month"]
        try:
            run = reclassify(month, triggered_by=signed_in(request.user))
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("credit-classes:runs")
        if run.status == RunStatus.FAILED:
            messages.error(
                request,
                gettext("%(month)s 分类失败：%(error)s；仍沿用上一次的分类结果。")
                % {"month": f"{month:%Y-%m}", "error": run.error},
            )
        else:
            messages.success(
                request, gettext("已完成 %(month)s 的分类。") % {"month": f"{month:%Y-%m}"}
            )
        return redirect("credit-classes:run", pk=run.pk)


# --- schemes --------------------------------------------------------------------------------


def _scheme_view(row: CreditScheme) -> dict[str, Any]:
    """What the detail page shows of a version, read from its data."""
    definition: dict[str, Any] = dict(row.definition or {})
    sampling: dict[str, Any] = dict(row.sampling or {})
    classes = CLASSES_ABCDE if definition.get("class_e") else CLASSES_ABCD
    weights = dict(definition.get("weights") or {})
    params = dict(definition.get("params") or {})
    indicators = []
    for code, indicator in INDICATORS.items():
        given = dict(params.get(code) or {})
        indicators.append(
            {
                "code": code,
                "label": indicator_label(code),
                "weight": weights.get(code),
                "params": [
                    (param_label(code, name), given.get(name, default))
                    for name, default in indicator.defaults.items()
                ],
            }
        )
    thresholds = dict(definition.get("thresholds") or {})
    labels = dict(RiskClass.choices)
    return {
        "classes": classes,
        "indicators": indicators,
        "weight_total": definition.get("weight_total", 100),
        "thresholds": [(c, labels.get(c, c), thresholds.get(c)) for c in classes],
        "overrides": [
            (Override.SERIOUS_LIST.label, definition.get("serious_class", classes[-1])),
            (Override.LICENCE_REVOKED.label, definition.get("revoked_class", "D")),
            (Override.ABNORMAL_LIST.label, definition.get("abnormal_floor", "C") or "—"),
        ],
        "sampling": [
            (
                c,
                labels.get(c, c),
                dict(sampling.get(c) or {}).get("ratio"),
                dict(sampling.get(c) or {}).get("max_per_year"),
            )
            for c in classes
        ],
    }


class SchemeListView(ScopeRequiredMixin, View):
    scope_kind = SCHEME

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "credit/classes/schemes.html",
            {
                "schemes": CreditScheme.objects.select_related("created_by").order_by("-version"),
                "can_edit": permits(request.user, SCHEME, Action.EDIT),
            },
        )


class SchemeDetailView(ScopeRequiredMixin, View):
    scope_kind = SCHEME

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(CreditScheme.objects.select_related("created_by"), pk=pk)
        runs = row.runs.select_related("triggered_by").order_by("-month", "-started_at")
        return render(
            request,
            "credit/classes/scheme.html",
            {
                "scheme": row,
                "view": _scheme_view(row),
                "runs": runs[:100],
                "runs_total": runs.count(),
                "can_edit": permits(request.user, SCHEME, Action.EDIT),
            },
        )


def _form(data: Any = None) -> SchemeForm:
    base = CreditScheme.objects.filter(is_active=True).first() or CreditScheme.objects.first()
    definition = base.definition if base is not None else DEFAULT_DEFINITION
    sampling = base.sampling if base is not None else DEFAULT_SAMPLING
    form = SchemeForm(
        data,
        definition=definition,
        sampling=sampling,
        indicator_label=indicator_label,
        param_label=param_label,
    )
    if data is None and base is not None:
        form.initial["name"] = gettext("%(name)s（修订）") % {"name": base.name}
    form.base_scheme = base  # type: ignore[attr-defined]
    return form


class SchemeCreateView(ScopeRequiredMixin, View):
    """New version (administrators): every value a field, prefilled from the version in force."""

    scope_kind = SCHEME
    scope_action = Action.EDIT

    def _render(self, request: HttpRequest, form: SchemeForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "credit/classes/scheme_form.html",
            {"form": form, "base": getattr(form, "base_scheme", None)},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, _form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _form(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            row = scheme_create_version(form.scheme_data(), signed_in(request.user))
        except ApplicationError as error:
            form.add_error(form.field_for_error(error.field), error.message)
            return self._render(request, form, status=400)
        messages.success(
            request,
            gettext("已新建方案版本 %(version)s；确认无误后请启用。") % {"version": row.version},
        )
        return redirect("credit-classes:scheme", pk=row.pk)


class SchemeActivateView(ScopeRequiredMixin, View):
    scope_kind = SCHEME
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(CreditScheme, pk=pk)
        try:
            scheme_activate(row, signed_in(request.user))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                gettext("已启用方案版本 %(version)s，下次分类起按此版本计算。")
                % {"version": row.version},
            )
        return redirect(reverse("credit-classes:scheme", args=[pk]))
