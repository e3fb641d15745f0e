"""The person page (timelines of education, rank, positions, teams, trainings, honours) and the
appointment form (干部任免审批表) as Word."""

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.core.backoffice.history import history_entries
from hongdun.core.backoffice.tables import detail_cells
from hongdun.core.backoffice.views import record_actions
from hongdun.core.forms import Form
from hongdun.core.scope import Action, permits, restrict
from hongdun.core.widgets import DateInput
from hongdun.workforce.docx.appointment import MAX_INPUT, appointment_form_render
from hongdun.workforce.models import Person
from hongdun.workforce.permissions import RecordKind, can_see_personal_data
from hongdun.workforce.registry import BY_SLUG
from hongdun.workforce.selectors import (
    person_summary,
    person_team_memberships,
    person_trainings,
    person_with_timelines,
)
from hongdun.workforce.views.records import REGISTER


class AsOfForm(Form):
    on = forms.DateField(label=_("统计日期"), required=False, widget=DateInput())


class AppointmentForm(AsOfForm):
    proposed_appointment = forms.CharField(
        label=_("拟任职务"), required=False, max_length=MAX_INPUT
    )
    proposed_removal = forms.CharField(label=_("拟免职务"), required=False, max_length=MAX_INPUT)
    reason = forms.CharField(label=_("任免理由"), required=False, max_length=MAX_INPUT)


class PeopleAccessMixin(AccessMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permits(request.user, RecordKind.PEOPLE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def _as_of(form: forms.Form) -> date:
    if form.is_valid() and form.cleaned_data.get("on"):
        value: date = form.cleaned_data["on"]
        return value
    return timezone.localdate()


class PersonDetailView(PeopleAccessMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = person_with_timelines(user=request.user, pk=pk)
        form = AsOfForm(request.GET or None)
        on = _as_of(form)
        user = request.user
        can_edit_people = (
            permits(user, RecordKind.PEOPLE, Action.EDIT)
            and restrict(Person.objects.filter(pk=pk), user, Action.EDIT).exists()
        )
        return render(
            request,
            "workforce/backoffice/person_detail.html",
            {
                "person": person,
                "record_type": BY_SLUG["people"],
                "cells": detail_cells(REGISTER, user, BY_SLUG["people"], person),
                "actions": record_actions(REGISTER, BY_SLUG["people"], person),
                "summary": person_summary(person, on=on),
                "as_of_form": form,
                "on": on,
                "trainings": person_trainings(person),
                "team_memberships": person_team_memberships(person),
                "show_family": can_see_personal_data(user),
                "can_edit": can_edit_people,
                "appointment_form": AppointmentForm(initial={"on": on}),
                "entries": history_entries(REGISTER, user, person)[:10],
            },
        )


class AppointmentFormDocxView(PeopleAccessMixin, View):
    """Download the 干部任免审批表; family details appear only for the personnel office."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = person_with_timelines(user=request.user, pk=pk)
        form = AppointmentForm(request.GET or None)
        if request.GET and not form.is_valid():
            return render(
                request,
                "workforce/backoffice/appointment_invalid.html",
                {"person": person, "form": form},
                status=400,
            )
        data = form.cleaned_data if form.is_bound else {}
        content = appointment_form_render(
            person,
            user=request.user,
            on=data.get("on") or timezone.localdate(),
            proposed_appointment=data.get("proposed_appointment", ""),
            proposed_removal=data.get("proposed_removal", ""),
            reason=data.get("reason", ""),
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        filename = f"appointment-{person.employee_number}.docx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
