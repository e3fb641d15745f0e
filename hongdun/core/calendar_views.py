"""The administrators' page of the working-day calendar: holiday overrides by year, the years the
chinese-calendar library does not know, and a form to enter the State Council's notice."""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.types import signed_in
from hongdun.core.calendar_services import (
    CALENDAR_EDITORS,
    holiday_override_create,
    holiday_override_delete,
)
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import HolidayOverride
from hongdun.core.widgets import DateInput
from hongdun.core.workdays import library_years, years_needing_overrides


class HolidayOverrideForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("日期"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("请填写日期。"),
            "invalid": gettext_lazy("日期格式不正确，例如 2027-02-06。"),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        choices=HolidayOverride.Kind.choices,
        error_messages={"invalid_choice": gettext_lazy("请选择休息日或调休上班日。")},
    )
    name = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=100,
        error_messages={"required": gettext_lazy("请填写名称，例如“春节”。")},
    )
    note = forms.CharField(
        label=gettext_lazy("备注"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("来源，例如国务院办公厅通知的名称和日期"),
    )

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("日期须在 2000 年至 2100 年之间。"))
        return day


def _year(raw: Any, default: int) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


class HolidayCalendarView(RoleRequiredMixin, View):
    allowed_roles = CALENDAR_EDITORS

    def _page(self, request: HttpRequest, form: HolidayOverrideForm, status: int = 200):
        today = timezone.localdate()
        year = _year(request.GET.get("year"), today.year + 1)
        first, last = library_years()
        counts = (
            HolidayOverride.objects.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(n=Count("id"))
            .order_by("year")
        )
        return render(
            request,
            "core/holiday_calendar.html",
            {
                "form": form,
                "year": year,
                "overrides": HolidayOverride.objects.filter(date__year=year),
                "year_counts": list(counts),
                "library_first": first,
                "library_last": last,
                "missing_years": years_needing_overrides(today),
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, HolidayOverrideForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = HolidayOverrideForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        data = form.cleaned_data
        try:
            override = holiday_override_create(
                user=signed_in(request.user),
                date=data["date"],
                kind=data["kind"],
                name=data["name"],
                note=data.get("note", ""),
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self._page(request, form, status=400)
        messages.success(request, _("已保存：%(override)s") % {"override": override})
        return redirect(f"{request.path}?year={override.date.year}")


class HolidayOverrideDeleteView(RoleRequiredMixin, View):
    allowed_roles = CALENDAR_EDITORS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        override = HolidayOverride.objects.filter(pk=pk).first()
        if override is None:
            raise Http404
        year = override.date.year
        holiday_override_delete(user=signed_in(request.user), override=override)
        messages.success(request, _("已删除该日的调整。"))
        return redirect(f"{reverse('backoffice:holiday-calendar')}?year={year}")
