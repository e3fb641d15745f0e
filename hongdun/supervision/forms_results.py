"""Forms of the inspection-result and recorded-relation pages. They parse and offer choices only;
the rules are the services' (services_results.py), whose refusals are shown on the field."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hongdun.core.widgets import DateInput
from hongdun.orgs.fields import use_unit_tree
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import InspectionResult, RelationKind
from hongdun.workforce.models import Person


def _person_label(person: Person) -> str:
    return f"{person.name}（{person.employee_number}）"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


RESULT_CHOICES = [
    (value, label) for value, label in InspectionResult.choices if value != InspectionResult.PENDING
]


class ResultFilterForm(forms.Form):
    result = forms.ChoiceField(
        label=_("检查结果"), required=False, choices=[("", _("全部")), *InspectionResult.choices]
    )
    inspector = PersonChoiceField(
        label=_("检查人员"), required=False, queryset=Person.objects.none(), empty_label=_("全部")
    )
    published = forms.ChoiceField(
        label=_("公示"),
        required=False,
        choices=[("", _("全部")), ("yes", _("已公示")), ("no", _("未公示"))],
    )

    def __init__(self, *args: Any, inspectors: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["inspector"]).queryset = inspectors


class ResultEntryForm(forms.Form):
    result = forms.ChoiceField(label=_("检查结果"), choices=[("", "—"), *RESULT_CHOICES])
    inspected_on = forms.DateField(label=_("检查日期"), widget=DateInput())
    findings = forms.CharField(
        label=_("检查情况"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("发现问题、无法联系或不配合检查时必填：写明检查发现的事实。"),
    )
    follow_up = forms.CharField(
        label=_("后续处置"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correction_reason = forms.CharField(
        label=_("更正理由"),
        required=False,
        max_length=100,
        help_text=_("更正已经公示的结果时必填。"),
    )


class ReassignForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("调整"), choices=[("a", _("检查人员一")), ("b", _("检查人员二"))]
    )
    person = PersonChoiceField(label=_("新的检查人员"), queryset=Person.objects.none())
    reason = forms.CharField(label=_("调整理由"), required=False, max_length=100)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = people


class RelationFilterForm(forms.Form):
    person = PersonChoiceField(
        label=_("执法检查人员"),
        required=False,
        queryset=Person.objects.none(),
        empty_label=_("全部"),
    )
    unit = forms.TypedChoiceField(label=_("单位"), required=False, coerce=int, empty_value=None)
    enterprise = forms.CharField(
        label=_("企业名称或统一社会信用代码"), required=False, max_length=100
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        units: QuerySet[Unit],
        user_unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = people
        use_unit_tree(self.fields["unit"], units, empty_label=_("全部"), first_unit=user_unit)
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "请从列表中选择您管辖范围内的单位。"
        )


class RelationForm(forms.Form):
    person = PersonChoiceField(label=_("执法检查人员"), queryset=Person.objects.none())
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    kind = forms.ChoiceField(label=_("关系"), choices=[("", "—"), *RelationKind.choices])
    notes = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = people


class RelationEndForm(forms.Form):
    reason = forms.CharField(label=_("解除理由"), max_length=100)
