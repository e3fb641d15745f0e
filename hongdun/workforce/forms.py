"""The workforce's edit form on the platform's, and the choices of unit, person or parent record
its fields and list filters offer, limited to what the user may see."""

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.models import User
from hongdun.accounts.types import AnyUser
from hongdun.core.backoffice.forms import RecordForm as PlatformRecordForm
from hongdun.core.backoffice.forms import platform_formfield
from hongdun.core.backoffice.forms import record_form_class as platform_record_form_class
from hongdun.core.backoffice.records import Register
from hongdun.core.scope import Action, restrict, unit_ids_in_reach, units_in_reach
from hongdun.core.validators import resident_id_clean
from hongdun.core.widgets import DateInput as DateInput
from hongdun.orgs.fields import UnitTreeChoiceField
from hongdun.orgs.models import Unit
from hongdun.workforce.models import Person, RankRecord, UnitMembership
from hongdun.workforce.permissions import can_see_personal_data
from hongdun.workforce.registry import RecordType


def unit_choices(user: AnyUser, record_type: RecordType, action: Action) -> QuerySet[Unit]:
    return units_in_reach(user, record_type.kind, action)


def related_choices(
    user: AnyUser, record_type: RecordType, field: models.ForeignKey[Any, Any], action: Action
) -> QuerySet[Any]:
    related = field.related_model
    if related is Unit:
        return unit_choices(user, record_type, action)
    if related is User:
        units = unit_ids_in_reach(user, record_type.kind, Action.VIEW)
        users = User.objects.order_by("username")
        return users if units is None else users.filter(unit__in=units)
    if related is Person:
        return restrict(Person.objects.select_related("unit"), user, Action.VIEW).order_by(
            "unit__ordering_key", "employee_number"
        )
    return restrict(related._default_manager.all(), user, Action.VIEW)


class RecordForm(PlatformRecordForm):
    """The platform's edit form, with the workforce's own checks (ID numbers, dated timelines)."""

    record_type: RecordType

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, UnitTreeChoiceField):
                form_field.first_unit = getattr(self.user, "unit", None)
        record_type = self.record_type
        if getattr(record_type, "derive", None) is not None and "unit" in self.fields:
            # The hook fills the unit of a person's record from the date; only a row without a
            # person of the bureau (an outside donor) needs one chosen.
            self.fields["unit"].required = False
            self.fields["unit"].help_text = _(
                "本系统人员可留空，按日期自动取其当时的所在单位；系统外捐款人请选择登记单位。"
            )
        if "id_number" in self.fields and not can_see_personal_data(self.user):
            del self.fields["id_number"]

    def _get_validation_exclusions(self) -> set[str]:
        exclusions: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]
        # A new open rank or unit closes the previous open one in the service, which validates
        # the "one open row" constraints afterwards; checking them here would refuse it.
        if self.record_type.model in (RankRecord, UnitMembership):
            exclusions.add("person")
        return exclusions

    def clean_id_number(self) -> str:
        return resident_id_clean(self.cleaned_data.get("id_number") or "")


def _formfield(field: "models.Field[Any, Any]", **kwargs: Any) -> forms.Field | None:
    """Units are picked from the org tree (indented, searchable, the user's own unit first)."""
    if isinstance(field, models.ForeignKey) and field.related_model is Unit:
        kwargs["form_class"] = UnitTreeChoiceField
    return platform_formfield(field, **kwargs)


def record_form_class(register: Register, record_type: RecordType) -> type[PlatformRecordForm]:
    return platform_record_form_class(
        register, record_type, base=RecordForm, formfield_callback=_formfield
    )
