"""Shapes of the registration API: inputs check types only; services check meaning."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import serializers

from hongdun.core.validators import resident_id_clean
from hongdun.registration.choices import (
    ENTITY_TYPE_CHOICES,
    ApplicationKind,
    ChangeItemKind,
    DeregistrationMode,
    IdType,
)
from hongdun.registration.models import Application


class DefectSerializer(serializers.Serializer[Any]):
    """One pre-review defect as the applicant reads it: without the rule code, which is staff
    shorthand (hongdun.core.rule_codes); the article, message and fix say the same in words."""

    field = serializers.CharField(
        help_text=_lazy("字段路径，如 members.0.subscriptions.1.due_date")
    )
    section = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "manual", "warning"])
    blocks = serializers.BooleanField(help_text=_lazy("为真时不能提交"))
    article = serializers.CharField(help_text=_lazy("依据条款"))
    message = serializers.CharField()
    fix = serializers.CharField(help_text=_lazy("如何修改"))


class SubscriptionSerializer(serializers.Serializer[Any]):
    amount = serializers.CharField(help_text=_lazy("认缴出资额（元），精确到分"))
    form = serializers.CharField()
    due_date = serializers.DateField(required=False, allow_null=True)
    paid_amount = serializers.CharField(required=False, allow_blank=True, default="")


class ResidentIdSerializerMixin:
    """A resident ID number passes the platform's one check (the draft may leave it empty)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("id_type") or IdType.RESIDENT_ID) == IdType.RESIDENT_ID:
            try:
                attrs["id_number"] = resident_id_clean(attrs.get("id_number") or "")
            except DjangoValidationError as error:
                raise serializers.ValidationError({"id_number": error.messages}) from error
        return attrs


class MemberSerializer(ResidentIdSerializerMixin, serializers.Serializer[Any]):
    kind = serializers.CharField(required=False, allow_blank=True)
    role = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    id_type = serializers.CharField(required=False, allow_blank=True)
    id_number = serializers.CharField(required=False, allow_blank=True)
    subscriptions = SubscriptionSerializer(many=True, required=False)


class OfficerSerializer(ResidentIdSerializerMixin, serializers.Serializer[Any]):
    name = serializers.CharField(allow_blank=True)
    id_type = serializers.CharField(required=False, allow_blank=True)
    id_number = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    is_director = serializers.BooleanField(required=False, default=False)
    is_chair = serializers.BooleanField(required=False, default=False)
    is_employee_director = serializers.BooleanField(required=False, default=False)
    is_supervisor = serializers.BooleanField(required=False, default=False)
    is_manager = serializers.BooleanField(required=False, default=False)
    is_other_senior_manager = serializers.BooleanField(required=False, default=False)
    is_legal_representative = serializers.BooleanField(required=False, default=False)


class ChangeItemSerializer(serializers.Serializer[Any]):
    item = serializers.ChoiceField(choices=ChangeItemKind.choices)
    new_value = serializers.CharField(required=False, allow_blank=True, default="")
    old_value = serializers.CharField(read_only=True)


class ApplicationCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    reservation = serializers.IntegerField(
        required=False, help_text=_lazy("设立：已保留名称的编号")
    )
    entity_type = serializers.ChoiceField(choices=ENTITY_TYPE_CHOICES, required=False)
    enterprise = serializers.IntegerField(
        required=False, help_text=_lazy("变更、注销：市场主体编号")
    )
    items = serializers.ListField(
        child=serializers.ChoiceField(choices=ChangeItemKind.choices), required=False, max_length=10
    )
    mode = serializers.ChoiceField(choices=DeregistrationMode.choices, required=False)


class ApplicationUpdateSerializer(serializers.Serializer[Any]):
    """Any subset of the content; lists replace what is stored."""

    registered_capital = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    currency = serializers.CharField(required=False, allow_blank=True)
    is_foreign_invested = serializers.BooleanField(required=False)
    jsc_by_public_offering = serializers.BooleanField(required=False)
    address = serializers.CharField(required=False, allow_blank=True)
    address_division_code = serializers.CharField(required=False, allow_blank=True)
    postal_code = serializers.CharField(required=False, allow_blank=True)
    term_years = serializers.IntegerField(required=False, allow_null=True)
    no_supervisor = serializers.BooleanField(required=False)
    audit_committee = serializers.BooleanField(required=False)
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    resolution_date = serializers.DateField(required=False, allow_null=True)
    new_legal_rep_signed = serializers.BooleanField(required=False)
    capital_reduction_notice_on = serializers.DateField(required=False, allow_null=True)
    applicant_statement = serializers.CharField(required=False, allow_blank=True)
    members = MemberSerializer(many=True, required=False, max_length=200)  # type: ignore[call-arg]
    officers = OfficerSerializer(many=True, required=False, max_length=200)  # type: ignore[call-arg]
    scope_codes = serializers.ListField(
        child=serializers.CharField(), required=False, max_length=200
    )
    change_items = ChangeItemSerializer(many=True, required=False, max_length=10)  # type: ignore[call-arg]
    deregistration = serializers.DictField(required=False)


class ApplicationSerializer(serializers.ModelSerializer[Application]):
    members = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()
    scope_codes = serializers.SerializerMethodField()
    change_items = ChangeItemSerializer(many=True, read_only=True)
    supersedes: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    authority = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "kind",
            "entity_type",
            "deregistration_mode",
            "status",
            "name",
            "authority",
            "name_reservation",
            "enterprise",
            "supersedes",
            "registered_capital",
            "currency",
            "is_foreign_invested",
            "jsc_by_public_offering",
            "address",
            "address_division_code",
            "postal_code",
            "term_years",
            "no_supervisor",
            "audit_committee",
            "contact_name",
            "contact_phone",
            "resolution_date",
            "new_legal_rep_signed",
            "capital_reduction_notice_on",
            "applicant_statement",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "members",
            "officers",
            "scope_codes",
            "change_items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_members(self, obj: Application) -> list[dict[str, Any]]:
        return [
            {
                "kind": m.kind,
                "role": m.role,
                "name": m.name,
                "id_type": m.id_type,
                "id_number": m.id_number,
                "subscriptions": [
                    {
                        "amount": str(s.amount),
                        "form": s.form,
                        "due_date": s.due_date,
                        "paid_amount": str(s.paid_amount),
                    }
                    for s in m.subscriptions.all()
                ],
            }
            for m in obj.members.all()
        ]

    def get_officers(self, obj: Application) -> list[dict[str, Any]]:
        return [OfficerSerializer(o).data for o in obj.officers.all()]

    def get_scope_codes(self, obj: Application) -> list[str]:
        return [item.entry.code for item in obj.scope_items.all()]


class ApplicationListItemSerializer(serializers.ModelSerializer[Application]):
    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "kind",
            "entity_type",
            "status",
            "name",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


class WithdrawSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
