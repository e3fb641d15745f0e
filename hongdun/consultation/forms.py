"""Forms of the consultation pages: shape and length of what was typed, with a translated message
beside the field; the rules (deadlines, scope, personal data in FAQs) live in the services."""

import re
from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.models import User
from hongdun.consultation.models import FaqCategory, QuestionStatus
from hongdun.consultation.services import (
    ANSWER_MAX,
    BODY_MAX,
    FAQ_TITLE_MAX,
    TITLE_MAX,
)
from hongdun.orgs.fields import UnitTreeChoiceField
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import registration_authorities

_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


class AskForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("问题分类"),
        queryset=FaqCategory.objects.order_by("ordering", "code"),
        empty_label=_("请选择分类"),
        error_messages={
            "required": _("请选择问题分类。"),
            "invalid_choice": _("请从列表中选择问题分类。"),
        },
    )
    authority = UnitTreeChoiceField(
        label=_("咨询的登记机关"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("不指定（由市局答复）"),
        error_messages={"invalid_choice": _("请从列表中选择登记机关，或不指定。")},
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=TITLE_MAX,
        error_messages={
            **_required(_("请填写标题。")),
            "max_length": _("标题最多 %(limit_value)d 个字（现在 %(show_value)d 个）。"),
        },
    )
    body = forms.CharField(
        label=_("问题内容"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请描述您的情况和问题，不要填写身份证号码等个人信息。"),
        error_messages={
            **_required(_("请填写问题内容。")),
            "max_length": _("问题内容最多 %(limit_value)d 个字（现在 %(show_value)d 个）。"),
        },
    )
    asker_name = forms.CharField(
        label=_("称呼"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("称呼最多 %(limit_value)d 个字。")},
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        help_text=_("选填；答复后我们会发邮件通知您。不会公开。"),
        error_messages={"invalid": _("电子邮箱格式不正确，例如 name@example.com。")},
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        help_text=_("选填；仅供工作人员联系您，不会公开。"),
        error_messages={"max_length": _("联系电话最多 %(limit_value)d 位。")},
    )
    captcha = CaptchaField(
        label=_("验证码"),
        help_text=_("请输入图中的字符（不区分大小写）。"),
        error_messages={
            "invalid": _("验证码不正确或已过期，请重新输入图中的字符。"),
            "required": _("请输入验证码。"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authority = self.fields["authority"]
        assert isinstance(authority, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        authority.queryset = registration_authorities()

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "").strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("联系电话只能包含数字、空格和连字符，例如 0472-1234567。")
            )
        return phone


class FaqSearchForm(forms.Form):
    q = forms.CharField(label=_("搜索问答"), required=False, max_length=200)


STATUS_FILTER_CHOICES = [
    ("open", _("未办结（待答复和办理中）")),
    ("", _("全部")),
    *QuestionStatus.choices,
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=STATUS_FILTER_CHOICES, required=False, initial="open"
    )
    category = forms.ModelChoiceField(
        label=_("分类"),
        queryset=FaqCategory.objects.order_by("ordering", "code"),
        required=False,
        empty_label=_("全部分类"),
    )
    overdue = forms.BooleanField(label=_("仅看已超期"), required=False)
    mine = forms.BooleanField(label=_("仅看我认领的"), required=False)
    q = forms.CharField(label=_("关键词"), required=False, max_length=50)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {"status": "open"}
        if not self.is_valid():
            return {"status": "open"}
        data = self.cleaned_data
        status = data.get("status")
        return {
            "status": "open" if status is None else status,
            "category": data["category"].pk if data.get("category") else None,
            "overdue": bool(data.get("overdue")),
            "mine": bool(data.get("mine")),
            "text": (data.get("q") or "").replace("\x00", "").strip(),
        }


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            **_required(_("请填写答复内容。")),
            "max_length": _("答复最多 %(limit_value)d 个字（现在 %(show_value)d 个）。"),
        },
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("关闭原因"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：重复提问、非登记业务、内容无法识别。提问人会看到原因。"),
        error_messages={**_required(_("请填写关闭原因，提问人会看到它。"))},
    )


class ReassignForm(forms.Form):
    authority = UnitTreeChoiceField(
        label=_("转办至登记机关"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("不变"),
        error_messages={"invalid_choice": _("请从列表中选择登记机关。")},
    )
    assignee = forms.ModelChoiceField(
        label=_("转派给登记员"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("不指定（放回待答复队列）"),
        error_messages={"invalid_choice": _("请从列表中选择登记员。")},
    )

    def __init__(self, *args: Any, registrars: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authority = self.fields["authority"]
        assignee = self.fields["assignee"]
        assert isinstance(authority, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(assignee, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        authority.queryset = registration_authorities()
        assignee.queryset = registrars

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("authority") and not data.get("assignee") and not self.errors:
            raise forms.ValidationError(_("请选择转派给哪位登记员或哪个登记机关。"))
        return data


class FaqForm(forms.Form):
    """Publishing an answer as a FAQ, and the back office's FAQ editor."""

    category = forms.ModelChoiceField(
        label=_("分类"),
        queryset=FaqCategory.objects.order_by("ordering", "code"),
        empty_label=_("请选择分类"),
        error_messages={
            "required": _("请选择分类。"),
            "invalid_choice": _("请从列表中选择分类。"),
        },
    )
    title = forms.CharField(
        label=_("问题"),
        max_length=FAQ_TITLE_MAX,
        help_text=_("改写为一般性问题，删去提问人的姓名、联系方式和其他个人信息。"),
        error_messages={
            **_required(_("请填写问题。")),
            "max_length": _("问题最多 %(limit_value)d 个字（现在 %(show_value)d 个）。"),
        },
    )
    body = forms.CharField(
        label=_("解答"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            **_required(_("请填写解答。")),
            "max_length": _("解答最多 %(limit_value)d 个字（现在 %(show_value)d 个）。"),
        },
    )


class FaqEditForm(FaqForm):
    basis = forms.CharField(
        label=_("依据"),
        max_length=300,
        required=False,
        help_text=_("法规或文件名称，例如《市场主体登记管理条例》。"),
    )
    is_published = forms.BooleanField(label=_("公开发布"), required=False, initial=True)
