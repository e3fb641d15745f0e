from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.core.widgets import DateInput
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.orgs.fields import AuthorityFilterForm


class StaffEnterpriseFilterForm(AuthorityFilterForm):
    """Shape of the back-office list filters; unknown values are refused, not silently ignored."""

    q = forms.CharField(label=_("名称或信用代码"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("登记状态"), required=False, choices=[("", _("全部")), *EnterpriseStatus.choices]
    )
    enterprise_type = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *EnterpriseType.choices]
    )
    authority = forms.TypedChoiceField(
        label=_("登记机关"), required=False, coerce=int, empty_value=None
    )


class RegistrationRevocationForm(forms.Form):
    """A registrar's record of a decision to revoke a registration (撤销登记); the service checks
    the dates against the register and the enterprise's status."""

    decided_on = forms.DateField(
        label=_("撤销决定日期"),
        widget=DateInput(),
        error_messages={
            "required": _("请填写撤销决定日期。"),
            "invalid": _("请按“年-月-日”填写撤销决定日期。"),
        },
    )
    document_number = forms.CharField(
        label=_("撤销决定书文号"),
        max_length=100,
        error_messages={"required": _("请填写撤销决定书文号。")},
    )
    reason = forms.CharField(
        label=_("撤销理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        error_messages={"required": _("请填写撤销登记的理由。")},
    )


class LiquidationGroupForm(forms.Form):
    """The filing date of a liquidation group (清算组备案); the members are the rows below."""

    recorded_on = forms.DateField(
        label=_("备案日期"),
        widget=DateInput(),
        error_messages={
            "required": _("请填写备案日期。"),
            "invalid": _("请按“年-月-日”填写备案日期。"),
        },
    )


class LiquidationMemberForm(forms.Form):
    """One member row; a row left empty is ignored."""

    name = forms.CharField(label=_("姓名或名称"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    is_leader = forms.BooleanField(label=_("负责人"), required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or data.get("phone") or data.get("is_leader"))


LiquidationMemberFormSet = forms.formset_factory(
    LiquidationMemberForm, extra=0, max_num=30, validate_max=True
)
