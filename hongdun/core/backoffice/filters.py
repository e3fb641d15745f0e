"""The list filters of a record type as a django-filter FilterSet, built from its declaration:
search over the declared paths, choice and yes/no filters, foreign keys limited to what the
user may see, a year, and a from/to range on the declared date."""

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.types import AnyUser
from hongdun.core.backoffice.records import RecordType, Register
from hongdun.core.widgets import DateInput

SEARCH_MAX_LENGTH = 100
YEAR_RANGE = (1949, 2100)


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class YesNoFilter(django_filters.ChoiceFilter):
    """A boolean as 全部 / 是 / 否 (a checkbox cannot say "either")."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[("1", _("是")), ("0", _("否"))], empty_label=_("全部"), **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("0", "1"):
            return qs.filter(**{self.field_name: value == "1"})
        return qs


class RecordFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("结束日期不能早于开始日期，请交换两个日期。"))
        return cleaned


class RecordFilterSet(django_filters.FilterSet):
    """Filters of one record type for one user. An invalid form filters nothing: the page shows
    the errors beside the fields over the whole list, instead of an empty one."""

    class Meta:
        form = RecordFilterForm

    def __init__(
        self,
        data: Any,
        *,
        queryset: QuerySet[Any],
        register: Register,
        record_type: RecordType,
        user: AnyUser,
    ) -> None:
        super().__init__(data, queryset=queryset)
        self.register = register
        self.record_type = record_type
        self.filters = record_filters(register, record_type, user)
        for list_filter in self.filters.values():
            list_filter.parent = self

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.form.is_valid():
            return queryset
        return super().filter_queryset(queryset)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        text = (value or "").strip()
        if not text:
            return queryset
        return self.register.search(queryset, self.record_type, text)


def record_filters(
    register: Register, record_type: RecordType, user: AnyUser
) -> dict[str, django_filters.Filter]:
    filters: dict[str, django_filters.Filter] = {}
    if record_type.search:
        filters["q"] = django_filters.CharFilter(
            label=_("搜索"), method="search", max_length=SEARCH_MAX_LENGTH
        )
    for name in record_type.filters:
        field = record_type.field(name)
        label = field.verbose_name
        if isinstance(field, models.ForeignKey):
            filters[name] = register.related_filter(user, record_type, field)
        elif isinstance(field, models.BooleanField):
            filters[name] = YesNoFilter(field_name=name, label=label)
        elif field.choices:
            filters[name] = django_filters.ChoiceFilter(
                field_name=name, label=label, choices=field.choices, empty_label=_("全部")
            )
        elif name == "year":
            filters[name] = IntegerFilter(
                field_name=name, label=label, min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1]
            )
    filters.update(register.extra_filters(user, record_type))
    if record_type.date_field:
        date_label = record_type.field(record_type.date_field).verbose_name
        filters["date_from"] = django_filters.DateFilter(
            field_name=record_type.date_field,
            lookup_expr="gte",
            label=_("%(field)s自") % {"field": date_label},
            widget=DateInput(),
        )
        filters["date_to"] = django_filters.DateFilter(
            field_name=record_type.date_field,
            lookup_expr="lte",
            label=_("%(field)s至") % {"field": date_label},
            widget=DateInput(),
        )
    return filters
