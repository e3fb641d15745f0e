"""Forms of the name-declaration pages: the shape of what was typed, with a translated message
beside the field. Whether a name may be registered is the engine's answer, through the services."""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hongdun.core.exceptions import ApplicationError
from hongdun.core.widgets import DateInput
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.selectors import registry_choices
from hongdun.namecheck.services import (
    MAX_DECLARED_NAMES,
    MAX_NAME_LENGTH,
    MAX_REASON_LENGTH,
    clean_industry,
    clean_name,
)
from hongdun.orgs.fields import AuthorityFilterForm, UnitTreeChoiceField, UnitTreeSelect
from hongdun.orgs.models import Unit

NAME_SLOTS = tuple(range(1, MAX_DECLARED_NAMES + 1))
MIN_NAME_LENGTH = 2


def name_field(slot: int) -> str:
    return f"name_{slot}"


def _is_han(char: str) -> bool:
    return char == "〇" or unicodedata.name(char, "").startswith(
        ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")
    )


def disallowed_characters(name: str) -> list[str]:
    """Letters other than Chinese characters, digits, symbols and emoji, each once, in order.

    Punctuation and spaces are let through: the engine normalises them away
    (docs/rules/names.md §2.1).
    """
    found: list[str] = []
    for char in name:
        category = unicodedata.category(char)
        if _is_han(char) or category[0] in "PZ":
            continue
        if char not in found:
            found.append(char)
    return found


class RegistryChoiceField(UnitTreeChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Unit)  # noqa: S101 - narrows the type
        return f"{obj.display_name(get_language() or '')}（{obj.division_code}）"


class DeclarationForm(forms.Form):
    """A declaration: registration authority, industry, and up to five names in order of
    preference. Blank name fields are skipped; at least one name is needed."""

    registry = RegistryChoiceField(
        label=_("登记机关"),
        queryset=Unit.objects.none(),
        widget=UnitTreeSelect(attrs={"data-testid": "registry"}),
        empty_label=_("请选择登记机关"),
        error_messages={
            "required": _("请选择登记机关。"),
            "invalid_choice": _("请从列表中选择登记机关。"),
        },
    )
    industry = forms.CharField(
        label=_("行业或经营特点"),
        required=False,
        strip=False,
        help_text=_("可从列表选择或直接填写，例如“机械设备”；不填则按名称中的行业表述比对。"),
    )
    needs_pre_approval = forms.BooleanField(
        label=_("设立须经批准，或经营范围中有登记前须经批准的项目（名称保留期 1 年）"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registry = self.fields["registry"]
        assert isinstance(registry, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        registry.queryset = registry_choices()
        for slot in NAME_SLOTS:
            self.fields[name_field(slot)] = forms.CharField(
                label=_("第 %(n)d 个名称") % {"n": slot}, required=False, strip=False
            )

    def clean_industry(self) -> str:
        try:
            return clean_industry(self.cleaned_data.get("industry"))
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error

    def _clean_one_name(self, raw: str) -> str:
        if not raw.strip():
            return ""
        try:
            name = clean_name(raw)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        if len(name) < MIN_NAME_LENGTH:
            raise forms.ValidationError(
                _(
                    "名称太短。企业名称一般由“行政区划＋字号＋行业＋组织形式”组成，"
                    "例如“包头市沃动机械有限公司”。"
                )
            )
        bad = disallowed_characters(name)
        if bad:
            raise forms.ValidationError(
                _(
                    "企业名称应当使用规范汉字（《企业名称登记管理规定》第五条），"
                    "不能含有字母、数字、表情或其他符号：%(chars)s"
                )
                % {"chars": " ".join(f"“{c}”" for c in bad[:5])}
            )
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, int] = {}
        for slot in NAME_SLOTS:
            field = name_field(slot)
            raw = self.data.get(self.add_prefix(field), "")
            if field in self.errors:
                continue
            try:
                name = self._clean_one_name(raw if isinstance(raw, str) else "")
            except forms.ValidationError as error:
                self.add_error(field, error)
                continue
            if name and name in seen:
                self.add_error(
                    field, _("与第 %(n)d 个名称相同，请换一个名称。") % {"n": seen[name]}
                )
                continue
            if name:
                seen[name] = slot
            cleaned[field] = name
        if not seen and not any(name_field(slot) in self.errors for slot in NAME_SLOTS):
            self.add_error(name_field(1), _("请至少输入一个名称。"))
        return cleaned

    def slot_error(self, slot: int) -> str:
        errors = self.errors.get(name_field(slot))
        return " ".join(str(e) for e in errors) if errors else ""

    def names(self) -> list[tuple[int, str]]:
        """(slot, name) for every filled slot, in order of preference (after is_valid)."""
        return [
            (slot, self.cleaned_data[name_field(slot)])
            for slot in NAME_SLOTS
            if self.cleaned_data.get(name_field(slot))
        ]


class ReviewForm(forms.Form):
    """A registrar's decision on a declaration waiting for review; the service decides whether a
    reason is needed (it is for a refusal)."""

    decision = forms.ChoiceField(
        # "refer": tell the applicant to obtain a higher level's approval (e.g. 国务院 for
        # 冠"中国"); the service refuses it for names the registry decides itself.
        choices=[
            ("approve", _("核准保留")),
            ("refuse", _("不予保留")),
            ("refer", _("告知须取得批准")),
        ],
        error_messages={"required": _("请选择审核结果。"), "invalid_choice": _("请选择审核结果。")},
    )
    reason = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REASON_LENGTH}),
        help_text=_("不予保留时必须说明理由，理由将通知申报人。"),
    )
    approval_document = forms.CharField(
        label=_("批准文件文号"),
        required=False,
        max_length=200,
        help_text=_("须经上级批准的名称，凭批准文件文号核准。"),
    )


class StaffReviewFilterForm(AuthorityFilterForm):
    """Filters of the review queue; unknown values are refused, not silently ignored."""

    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        initial=ReservationStatus.PENDING_REVIEW,
        choices=[("", _("全部")), *ReservationStatus.choices],
    )
    registry = forms.TypedChoiceField(
        label=_("登记机关"), required=False, coerce=int, empty_value=None
    )
    date_from = forms.DateField(label=_("申报日期自"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("至"), required=False, widget=DateInput())
    q = forms.CharField(label=_("名称"), required=False, max_length=MAX_NAME_LENGTH)

    authority_field = "registry"

    def filters(self) -> dict[str, Any]:
        """What to pass to the queue selector: the pending ones unless the form says otherwise."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        found: dict[str, Any] = {"status": data.get("status") or ""}
        for key in ("registry", "date_from", "date_to", "q"):
            if data.get(key):
                found[key] = data[key]
        return found
