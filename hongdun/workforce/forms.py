"""Forms built from the registry: an edit form and a filter form per kind of record, with every
choice of unit, person or parent record limited to what the user may see."""

from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.models import User
from hongdun.core.validators import resident_id_clean
from hongdun.core.widgets import DateInput
from hongdun.orgs.models import Unit
from hongdun.workforce.models import Person, RankRecord, UnitMembership
from hongdun.workforce.permissions import (
    Action,
    can_see_personal_data,
    hidden_fields,
    scope_queryset,
    visible_unit_ids,
)
from hongdun.workforce.registry import RecordType, model_field

SEARCH_MAX_LENGTH = 100


def _units_for(user: Any, record_type: RecordType, action: Action) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=visible_unit_ids(user, record_type.kind, action)).order_by(
        "ordering_key", "code"
    )


def _choices_for_fk(
    user: Any, record_type: RecordType, field: models.ForeignKey[Any, Any], action: Action
) -> QuerySet[Any]:
    related = field.related_model
    if related is Unit:
        return _units_for(user, record_type, action)
    if related is User:
        units = visible_unit_ids(user, record_type.kind, Action.VIEW)
        return User.objects.filter(unit__in=units).order_by("username")
    if related is Person:
        return scope_queryset(Person.objects.select_related("unit"), user, Action.VIEW).order_by(
            "unit__ordering_key", "employee_number"
        )
    return scope_queryset(related._default_manager.all(), user, Action.VIEW)


class RecordForm(forms.ModelForm):
    """The edit form of one kind; `parent` pins the parent record when adding from its page."""

    def __init__(
        self,
        *args: Any,
        user: Any,
        record_type: RecordType,
        parent: models.Model | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.record_type = record_type
        hidden = hidden_fields(user, record_type.model)
        for name, form_field in list(self.fields.items()):
            if name in hidden:
                # Masked from this user: they may not see it, so they may not overwrite it either.
                del self.fields[name]
                continue
            mfield = model_field(record_type.model, name)
            if isinstance(mfield, models.ForeignKey) and isinstance(
                form_field, forms.ModelChoiceField
            ):
                form_field.queryset = _choices_for_fk(user, record_type, mfield, Action.EDIT)
            if isinstance(form_field, forms.CharField) and isinstance(
                form_field.widget, forms.Textarea
            ):
                form_field.widget.attrs["rows"] = 3
        if parent is not None and record_type.parent_field in self.fields:
            parent_field = cast(forms.ModelChoiceField, self.fields[record_type.parent_field])
            parent_field.queryset = parent_field.queryset.filter(pk=parent.pk)  # type: ignore[union-attr]
            parent_field.initial = parent.pk
        if "id_number" in self.fields and not can_see_personal_data(user):
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
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs["widget"] = DateInput
    return field.formfield(**kwargs)


def record_form_class(record_type: RecordType) -> type[RecordForm]:
    return cast(
        type[RecordForm],
        forms.modelform_factory(
            record_type.model,
            form=RecordForm,
            fields=list(record_type.form_fields),
            formfield_callback=_formfield,
        ),
    )


# --- filters ---------------------------------------------------------------------------------


YES_NO = [("", _("全部")), ("1", _("是")), ("0", _("否"))]


class FilterForm(forms.Form):
    """Search, a unit subtree, choice and yes/no filters, a year and a date range."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=SEARCH_MAX_LENGTH)

    def __init__(self, data: Any, *, user: Any, record_type: RecordType) -> None:
        super().__init__(data)
        self.record_type = record_type
        model = record_type.model
        if not record_type.search:
            del self.fields["q"]
        for name in record_type.filters:
            mfield = model_field(model, name)
            label = mfield.verbose_name
            if isinstance(mfield, models.ForeignKey) and mfield.related_model is Unit:
                self.fields[name] = forms.ModelChoiceField(
                    label=label,
                    queryset=_units_for(user, record_type, Action.VIEW),
                    required=False,
                    help_text=_("含下级单位"),
                )
            elif isinstance(mfield, models.BooleanField):
                self.fields[name] = forms.ChoiceField(label=label, choices=YES_NO, required=False)
            elif mfield.choices:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=[("", _("全部")), *mfield.choices],
                    required=False,
                )
            elif name == "year":
                self.fields[name] = forms.IntegerField(
                    label=label, required=False, min_value=1949, max_value=2100
                )
        if record_type.date_field:
            date_label = model_field(model, record_type.date_field).verbose_name
            self.fields["date_from"] = forms.DateField(
                label=_("%(field)s自") % {"field": date_label}, required=False, widget=DateInput()
            )
            self.fields["date_to"] = forms.DateField(
                label=_("%(field)s至") % {"field": date_label}, required=False, widget=DateInput()
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("结束日期不能早于开始日期，请交换两个日期。"))
        return cleaned

    def apply(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The queryset narrowed by the valid filters (an invalid form filters nothing)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        record_type = self.record_type
        query = (data.get("q") or "").strip()
        if query and record_type.search:
            condition = Q()
            for path in record_type.search:
                condition |= Q(**{f"{path}__icontains": query})
            queryset = queryset.filter(condition)
        for name in record_type.filters:
            value = data.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, Unit):
                subtree = Unit.objects.descendants(value, include_self=True)
                queryset = queryset.filter(**{f"{name}__in": subtree})
            elif (
                isinstance(self.fields[name], forms.ChoiceField)
                and value in ("0", "1")
                and (isinstance(model_field(record_type.model, name), models.BooleanField))
            ):
                queryset = queryset.filter(**{name: value == "1"})
            else:
                queryset = queryset.filter(**{name: value})
        if record_type.date_field:
            if data.get("date_from"):
                queryset = queryset.filter(**{f"{record_type.date_field}__gte": data["date_from"]})
            if data.get("date_to"):
                queryset = queryset.filter(**{f"{record_type.date_field}__lte": data["date_to"]})
        return queryset
