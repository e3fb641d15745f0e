from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_sections import public_sections


class EnterprisePublicListSerializer(serializers.ModelSerializer[Enterprise]):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    enterprise_type_display = serializers.CharField(
        source="get_enterprise_type_display", read_only=True
    )
    registration_authority = serializers.CharField(
        source="registration_authority.name", read_only=True
    )
    legal_rep_title = serializers.CharField(
        source="responsible_person_title",
        read_only=True,
        help_text=_(
            "legal_rep_name 所指人员的称谓，随主体类型：法定代表人、负责人（分公司）、"
            "经营者（个体工商户）、投资人（个人独资企业）、执行事务合伙人（合伙企业）"
        ),
    )

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "trade_name",
            "status",
            "status_display",
            "enterprise_type",
            "enterprise_type_display",
            "legal_rep_name",
            "legal_rep_title",
            "established_on",
            "registration_authority",
        ]


class TimelineEventSerializer(serializers.Serializer[object]):
    on = serializers.DateField()
    kind = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class PublicSectionsSerializer(serializers.Serializer[object]):
    """The sections of the public record by key; its fields are the registered sections, read
    when the schema is generated (other apps register theirs in their ready())."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields: dict[str, serializers.Field[Any, Any, Any, Any]] = {}
        for section in public_sections():
            if section.api is None:
                continue
            field = (
                section.api_schema()
                if section.api_schema is not None
                else serializers.JSONField(read_only=True)
            )
            field.help_text = str(section.title)
            fields[section.key] = field
        return fields


class EnterprisePublicDetailSerializer(EnterprisePublicListSerializer):
    """Public fields only: never the legal representative's ID number."""

    timeline = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, enterprise: Enterprise) -> object:
        events = self.context.get("timeline", [])
        return TimelineEventSerializer(events, many=True).data

    @extend_schema_field(PublicSectionsSerializer)
    def get_sections(self, enterprise: Enterprise) -> object:
        return self.context.get("sections", {})

    class Meta(EnterprisePublicListSerializer.Meta):
        fields = [
            *EnterprisePublicListSerializer.Meta.fields,
            "registered_capital",
            "term_start",
            "term_end",
            "address",
            "business_scope",
            "status_date",
            "timeline",
            "sections",
        ]


class PersonRoleSerializer(serializers.Serializer[Any]):
    """One enterprise of a person search and the person's roles in it."""

    enterprise = EnterprisePublicListSerializer()
    roles = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("该人员在企业中的角色：法定代表人（负责人）、董事、监事、经理、股东等"),
    )
