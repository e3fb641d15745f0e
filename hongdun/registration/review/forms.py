from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.orgs.fields import AuthorityFilterForm
from hongdun.registration.choices import ENTITY_TYPE_CHOICES, ApplicationKind, ApplicationStatus
from hongdun.registration.review.choices import DeadlineFilter
from hongdun.registration.review.presenters import correction_text
from hongdun.registration.review.services import (
    MAX_BASIS_LENGTH,
    MAX_CORRECTION_LENGTH,
    MAX_REASON_LENGTH,
)

SORT_CHOICES = [
    ("", _("默认（待办按期限，其余按提交时间倒序）")),
    ("deadline", _("审查期限（近→远）")),
    ("-deadline", _("审查期限（远→近）")),
    ("submitted", _("提交时间（早→晚）")),
    ("-submitted", _("提交时间（晚→早）")),
    ("number", _("申请编号")),
]


class QueueFilterForm(AuthorityFilterForm):
    """Filters of the clerk's queue; unknown values are refused with a message, not ignored."""

    authority = forms.TypedChoiceField(
        label=_("登记机关"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("申请类型"), required=False, choices=[("", _("全部")), *ApplicationKind.choices]
    )
    entity_type = forms.ChoiceField(
        label=_("主体类型"), required=False, choices=[("", _("全部")), *ENTITY_TYPE_CHOICES]
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[
            ("", _("待办（已提交、已受理、中止）")),
            *[
                (s.value, s.label)
                for s in ApplicationStatus
                if s not in (ApplicationStatus.DRAFT, ApplicationStatus.NOTICE)
            ],
            ("all", _("全部")),
        ],
    )
    deadline = forms.ChoiceField(
        label=_("审查期限"), required=False, choices=[("", _("全部")), *DeadlineFilter.choices]
    )
    q = forms.CharField(label=_("编号或名称"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_REASON_LENGTH}),
        error_messages={"required": _("请填写理由。")},
    )


class SuspendForm(ReasonForm):
    """中止审查: the proceedings that stand in the way, and why they affect the registration."""

    basis = forms.CharField(
        label=_("中止依据"),
        max_length=MAX_BASIS_LENGTH,
        help_text=_("诉讼或者仲裁的案号及受理法院、仲裁机构"),
        error_messages={"required": _("请填写中止依据（如诉讼或者仲裁的案号、受理机关）。")},
    )
    field_order = ["basis", "reason"]


class ExtendForm(forms.Form):
    notice = forms.CharField(
        label=_("延长审查期限书面告知"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REASON_LENGTH}),
        help_text=_("写明经机关负责人批准延长的理由；将告知申请人。"),
        error_messages={"required": _("请填写延长审查期限的书面告知内容。")},
    )


class CorrectionForm(forms.Form):
    """The one-time correction list: pre-review defects the clerk ticks, plus free items, one per
    line."""

    defects = forms.MultipleChoiceField(
        label=_("预审发现的问题"), required=False, widget=forms.CheckboxSelectMultiple
    )
    extra = forms.CharField(
        label=_("其他补正事项（每行一项）"),
        required=False,
        max_length=MAX_CORRECTION_LENGTH * 10,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, defects: list[dict[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.defect_list = defects or []
        field = self.fields["defects"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - narrows the type
        field.choices = [(str(i), correction_text(d)) for i, d in enumerate(self.defect_list)]

    def items(self) -> list[dict[str, str]]:
        chosen = [self.defect_list[int(i)] for i in self.cleaned_data.get("defects", [])]
        items = [
            {
                "message": correction_text(d),
                "field": str(d.get("field", "")),
                "rule": str(d.get("rule", "")),
            }
            for d in chosen
        ]
        for line in (self.cleaned_data.get("extra") or "").splitlines():
            if line.strip():
                items.append({"message": line.strip(), "field": "", "rule": ""})
        return items
