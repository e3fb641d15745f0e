"""Portal forms. They only shape input into plain values for the services; no rule lives here.

Fields are lenient (everything optional, text limits only): a draft may be incomplete, and what
is missing or inconsistent is the pre-review's to report, beside the field, all at once.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.core.forms import Form, RowFormMixin
from hongdun.core.validators import resident_id_clean
from hongdun.core.widgets import DateInput
from hongdun.enterprises.choices import EnterpriseType, responsible_person_title
from hongdun.orgs.divisions import divisions_of_city
from hongdun.registration.choices import (
    ENTITY_TYPE_CHOICES,
    ApplicationKind,
    ChangeItemKind,
    ContributionForm,
    Currency,
    DeregistrationMode,
    DissolutionReason,
    IdType,
    MaterialKind,
    MemberKind,
    MemberRole,
    ObjectorKind,
)
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.registration.services import DEREG_BOOL, DEREG_DATES, OFFICER_FLAGS


def money_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=18, decimal_places=2, min_value=0, required=False
    )


def _choices(field: forms.Field, choices: Any) -> None:
    """Set the choices of a ChoiceField built at request time."""
    cast(forms.ChoiceField, field).choices = choices


def division_choices(city_code: str = "1502") -> list[tuple[str, str]]:
    return [("", "—")] + [(d.code, f"{d.name}（{d.code}）") for d in divisions_of_city(city_code)]


class EstablishmentStartForm(Form):
    reservation = forms.ChoiceField(label=_("已保留的名称"))
    entity_type = forms.ChoiceField(label=_("主体类型"), choices=ENTITY_TYPE_CHOICES)

    def __init__(self, *args: Any, reservations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["reservation"],
            [(r.pk, f"{r.proposed_name}（{r.registry.name}）") for r in reservations],
        )


class ChangeStartForm(Form):
    enterprise = forms.ChoiceField(label=_("市场主体"))
    items = forms.MultipleChoiceField(
        label=_("变更事项"), choices=ChangeItemKind.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, enterprises: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["enterprise"], [(e.pk, e.name) for e in enterprises])


class DeregistrationStartForm(Form):
    enterprise = forms.ChoiceField(label=_("市场主体"))
    mode = forms.ChoiceField(label=_("注销方式"), choices=DeregistrationMode.choices)

    def __init__(self, *args: Any, enterprises: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["enterprise"], [(e.pk, e.name) for e in enterprises])


_COMPANIES = frozenset({EnterpriseType.LLC, EnterpriseType.JSC})
# The basic section's fields that only some applications have; every other field is for all.
# Registered capital is a registration item of companies; a sole proprietorship registers its
# investor's 出资额 and an individual business may state its 资金数额, both in 人民币; partners'
# contributions are in the members section; a branch has none ([R2] 第六条).
_CAPITAL_LABELS: dict[str, Any] = {
    EnterpriseType.SOLE_PROPRIETORSHIP: _("出资额（元）"),
    EnterpriseType.INDIVIDUAL_BUSINESS: _("资金数额（元）"),
}
_BASIC_FIELD_TYPES: dict[str, frozenset[str]] = {
    "registered_capital": _COMPANIES | set(_CAPITAL_LABELS),
    "currency": _COMPANIES,
    "is_foreign_invested": _COMPANIES | {EnterpriseType.PARTNERSHIP},
    "jsc_by_public_offering": frozenset({EnterpriseType.JSC}),
    "term_years": _COMPANIES | {EnterpriseType.PARTNERSHIP},
    "no_supervisor": frozenset({EnterpriseType.LLC}),
    "audit_committee": _COMPANIES,
    "new_legal_rep_signed": _COMPANIES,
    "capital_reduction_notice_on": _COMPANIES,
}
# Facts of a change: the resolution, the new legal representative's signature, the notice.
_CHANGE_ONLY = frozenset({"resolution_date", "new_legal_rep_signed", "capital_reduction_notice_on"})


def basic_field_applies(name: str, *, kind: str, entity_type: str) -> bool:
    """Whether the basic section of an application of this kind and entity type has the field."""
    if name in _CHANGE_ONLY and kind != ApplicationKind.CHANGE:
        return False
    types = _BASIC_FIELD_TYPES.get(name)
    return types is None or entity_type in types


class BasicForm(Form):
    registered_capital = money_field(_("注册资本（元）"))
    currency = forms.ChoiceField(
        label=_("币种"), choices=Currency.choices, required=False, initial=Currency.CNY
    )
    is_foreign_invested = forms.BooleanField(label=_("外商投资企业"), required=False)
    jsc_by_public_offering = forms.BooleanField(label=_("募集设立（股份有限公司）"), required=False)
    address = forms.CharField(label=_("住所"), max_length=200, required=False)
    address_division_code = forms.ChoiceField(label=_("住所所在行政区划"), required=False)
    postal_code = forms.CharField(label=_("邮政编码"), max_length=6, required=False)
    term_years = forms.IntegerField(
        label=_("经营期限（年）"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("空表示长期"),
    )
    no_supervisor = forms.BooleanField(label=_("经全体股东一致同意不设监事"), required=False)
    audit_committee = forms.BooleanField(label=_("设审计委员会行使监事会职权"), required=False)
    contact_name = forms.CharField(label=_("联络员"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联络员电话"), max_length=20, required=False)
    resolution_date = forms.DateField(label=_("决议或决定日期"), required=False, widget=DateInput())
    new_legal_rep_signed = forms.BooleanField(label=_("新任法定代表人已签署申请书"), required=False)
    capital_reduction_notice_on = forms.DateField(
        label=_("减资公告日期"), required=False, widget=DateInput()
    )
    applicant_statement = forms.CharField(
        label=_("申请说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        city_code: str = "1502",
        kind: str = ApplicationKind.ESTABLISHMENT,
        entity_type: str = EnterpriseType.LLC,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["address_division_code"], division_choices(city_code))
        for name in list(self.fields):
            if not basic_field_applies(name, kind=kind, entity_type=entity_type):
                del self.fields[name]
        if "registered_capital" in self.fields and entity_type in _CAPITAL_LABELS:
            self.fields["registered_capital"].label = _CAPITAL_LABELS[entity_type]

    def values(self) -> dict[str, Any]:
        """Only the fields shown: what this kind of application does not have stays untouched."""
        data = dict(self.cleaned_data)
        for key in ("registered_capital", "resolution_date", "capital_reduction_notice_on"):
            if key in data:
                data[key] = "" if data[key] is None else str(data[key])
        if "term_years" in data:
            data["term_years"] = "" if data["term_years"] is None else data["term_years"]
        return data


class ResidentIdFormMixin:
    """A resident ID number passes the platform's one check (a draft may leave it empty)."""

    cleaned_data: dict[str, Any]

    def clean_id_number(self) -> str:
        value = self.cleaned_data.get("id_number") or ""
        if self.cleaned_data.get("id_type", IdType.RESIDENT_ID) != IdType.RESIDENT_ID:
            return value.strip()
        return resident_id_clean(value)


class MemberForm(RowFormMixin, ResidentIdFormMixin, Form):
    """One investor with up to two contributions (the API takes any number)."""

    kind = forms.ChoiceField(
        label=_("类别"), choices=MemberKind.choices, initial=MemberKind.NATURAL_PERSON
    )
    role = forms.ChoiceField(label=_("身份"), choices=MemberRole.choices)
    name = forms.CharField(label=_("姓名或名称"), max_length=100)
    id_type = forms.ChoiceField(
        label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(label=_("证件号码"), max_length=30, required=False)
    amount_1 = money_field(_("认缴出资额（元）"))
    form_1 = forms.ChoiceField(
        label=_("出资方式"), choices=[("", "—"), *ContributionForm.choices], required=False
    )
    due_date_1 = forms.DateField(label=_("出资期限"), required=False, widget=DateInput())
    paid_amount_1 = money_field(_("实缴出资额（元）"))
    amount_2 = money_field(_("第二笔认缴出资额（元）"))
    form_2 = forms.ChoiceField(
        label=_("第二笔出资方式"), choices=[("", "—"), *ContributionForm.choices], required=False
    )
    due_date_2 = forms.DateField(label=_("第二笔出资期限"), required=False, widget=DateInput())
    paid_amount_2 = money_field(_("第二笔实缴出资额（元）"))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        subscriptions = []
        for n in (1, 2):
            if data.get(f"amount_{n}") is not None or data.get(f"form_{n}"):
                subscriptions.append(
                    {
                        "amount": ""
                        if data.get(f"amount_{n}") is None
                        else str(data[f"amount_{n}"]),
                        "form": data.get(f"form_{n}") or "",
                        "due_date": data.get(f"due_date_{n}"),
                        "paid_amount": ""
                        if data.get(f"paid_amount_{n}") is None
                        else str(data[f"paid_amount_{n}"]),
                    }
                )
        return {
            "kind": data["kind"],
            "role": data["role"],
            "name": data["name"],
            "id_type": data["id_type"],
            "id_number": data.get("id_number", ""),
            "subscriptions": subscriptions,
        }


class OfficerForm(RowFormMixin, ResidentIdFormMixin, Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_type = forms.ChoiceField(
        label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(label=_("证件号码"), max_length=30, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    is_director = forms.BooleanField(label=_("董事"), required=False)
    is_chair = forms.BooleanField(label=_("董事长（执行董事）"), required=False)
    is_employee_director = forms.BooleanField(label=_("职工董事"), required=False)
    is_supervisor = forms.BooleanField(label=_("监事"), required=False)
    is_manager = forms.BooleanField(label=_("经理"), required=False)
    is_other_senior_manager = forms.BooleanField(label=_("其他高级管理人员"), required=False)
    is_legal_representative = forms.BooleanField(label=_("法定代表人（负责人）"), required=False)

    def __init__(self, *args: Any, entity_type: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named by the entity's type: 法定代表人, 负责人, 经营者, 投资人 or 执行事务合伙人.
        self.fields["is_legal_representative"].label = responsible_person_title(entity_type)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "id_type": data["id_type"],
            "id_number": data.get("id_number", ""),
            "phone": data.get("phone", ""),
            **{flag: bool(data.get(flag)) for flag in OFFICER_FLAGS},
        }


MemberFormSet = forms.formset_factory(
    MemberForm, extra=1, can_delete=True, max_num=200, validate_max=True
)
OfficerFormSet = forms.formset_factory(
    OfficerForm, extra=1, can_delete=True, max_num=200, validate_max=True
)


class ChangeItemForm(RowFormMixin, Form):
    # The empty choice lets an untouched extra row stay blank while choosing an item, even with
    # nothing typed (a scope change is filled in on its own page), fills the row in.
    item = forms.ChoiceField(label=_("变更事项"), choices=[("", "—"), *ChangeItemKind.choices])
    new_value = forms.CharField(
        label=_("变更后"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


ChangeItemFormSet = forms.formset_factory(
    ChangeItemForm, extra=1, can_delete=True, max_num=10, validate_max=True
)


class DeregistrationForm(Form):
    reason = forms.ChoiceField(label=_("解散事由"), choices=DissolutionReason.choices)
    decision_date = forms.DateField(label=_("决议或决定日期"), required=False, widget=DateInput())
    liquidation_required = forms.BooleanField(label=_("需清算"), required=False)
    liquidation_committee_formed_on = forms.DateField(
        label=_("清算组成立日期"), required=False, widget=DateInput()
    )
    liquidation_committee_published_on = forms.DateField(
        label=_("清算组信息公示日期"), required=False, widget=DateInput()
    )
    creditors_notice_on = forms.DateField(
        label=_("债权人公告日期"), required=False, widget=DateInput()
    )
    liquidation_ended_on = forms.DateField(
        label=_("清算结束日期"), required=False, widget=DateInput()
    )
    tax_cleared = forms.BooleanField(label=_("已取得清税证明"), required=False)
    debts_settled = forms.BooleanField(
        label=_("未发生债权债务或已将债权债务清偿完结"), required=False
    )
    all_investors_committed = forms.BooleanField(label=_("全体投资人已签署承诺书"), required=False)
    branches_deregistered = forms.BooleanField(label=_("分支机构已全部注销"), required=False)
    licence_returned = forms.BooleanField(label=_("已缴回营业执照"), required=False)
    equity_frozen_or_pledged = forms.BooleanField(label=_("股权被冻结或出质"), required=False)
    has_chattel_mortgage = forms.BooleanField(label=_("有动产抵押"), required=False)
    has_outside_investments = forms.BooleanField(label=_("有对外投资"), required=False)
    under_investigation = forms.BooleanField(
        label=_("正在被立案调查或采取行政强制措施"), required=False
    )
    in_litigation = forms.BooleanField(label=_("正在诉讼或仲裁程序中"), required=False)
    penalty_unexecuted = forms.BooleanField(
        label=_("受到罚款等行政处罚尚未执行完毕"), required=False
    )
    needs_approval = forms.BooleanField(label=_("注销依法须经批准"), required=False)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {"reason": data["reason"]}
        for key in DEREG_BOOL:
            values[key] = bool(data.get(key))
        for key in DEREG_DATES:
            values[key] = data.get(key)
        return values


class MaterialForm(Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=MaterialKind.choices)
    file = forms.FileField(label=_("文件（PDF、JPEG 或 PNG）"))
    scope_code = forms.ChoiceField(label=_("对应许可项目（仅前置许可批准文件）"), required=False)
    issued_on = forms.DateField(label=_("批准日期"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=DateInput())
    replaces = forms.ChoiceField(
        label=_("替换已上传的材料"),
        required=False,
        help_text=_("选择后，新文件取代该材料；原文件保留供登记机关查阅。"),
    )

    def __init__(
        self, *args: Any, scope_entries: Any = (), current: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["scope_code"],
            [("", "—")] + [(e.code, e.wording) for e in scope_entries if e.is_licensed],
        )
        _choices(
            self.fields["replaces"],
            [("", _("不替换，新增一份"))]
            + [(m.pk, f"{m.get_kind_display()}：{m.original_name}") for m in current],
        )


class ObjectionForm(Form):
    objector_kind = forms.ChoiceField(label=_("异议人类别"), choices=ObjectorKind.choices)
    objector_name = forms.CharField(label=_("异议人"), max_length=100)
    objector_contact = forms.CharField(label=_("联系方式"), max_length=50)
    reason = forms.CharField(
        label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class WithdrawForm(Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=500, required=False)


class AuthorisationGrantForm(Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    username = forms.CharField(label=_("用户名"), max_length=150)
    basis = forms.ChoiceField(label=_("授权依据"), choices=EnterpriseAuthorisation.Basis.choices)
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=DateInput())
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
