"""Shapes of the name-declaration API: inputs check types only; the services check meaning."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import serializers

from hongdun.namecheck.models import NameReservation


class NameListField(serializers.ListField):
    """A list of names whose length is checked before its items, so a huge list is refused fast."""

    def to_internal_value(self, data: Any) -> list[Any]:
        limit = int(settings.HONGDUN.get("NAMECHECK_BATCH_MAX", 10_000))
        if isinstance(data, list) and len(data) > limit:
            raise serializers.ValidationError(
                _("一次最多检查 %(max)d 个名称，您提交了 %(n)d 个。请分批提交。")
                % {"max": limit, "n": len(data)}
            )
        return super().to_internal_value(data)


class CheckInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=_lazy("企业名称")
    )
    registry = serializers.CharField(
        allow_blank=True, help_text=_lazy("登记机关的 6 位行政区划代码，如 150203")
    )
    industry = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_lazy("申报的行业（可选）")
    )


class BatchInputSerializer(serializers.Serializer[Any]):
    registry = serializers.CharField(
        allow_blank=True, help_text=_lazy("登记机关的 6 位行政区划代码，如 150203")
    )
    industry = serializers.CharField(required=False, allow_blank=True, default="")
    names = NameListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        allow_empty=True,
        help_text=_lazy("最多 10000 个名称"),
    )


class ReservationCreateInputSerializer(CheckInputSerializer):
    needs_pre_approval = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_lazy("设立须经批准或经营范围有登记前须经批准的项目（保留期1年）"),
    )


class FindingSerializer(serializers.Serializer[Any]):
    """One finding as the public reads it: rule codes are staff shorthand (hongdun.core.rule_codes)
    and are left out; the article, message and fix say the same in words."""

    verdict = serializers.CharField()
    article = serializers.CharField(help_text=_lazy("依据条款"))
    message = serializers.CharField()
    fix = serializers.CharField(help_text=_lazy("修改建议"))
    part = serializers.CharField(help_text=_lazy("名称中有问题的部分"))
    conflicts = serializers.ListField(child=serializers.CharField(), help_text=_lazy("冲突的名称"))


class ParsedNameSerializer(serializers.Serializer[Any]):
    raw = serializers.CharField()
    normalized = serializers.CharField()
    region = serializers.CharField()
    region_position = serializers.CharField()
    trade_name = serializers.CharField(help_text=_lazy("字号"))
    industry = serializers.CharField()
    industry_key = serializers.CharField()
    form = serializers.CharField(help_text=_lazy("组织形式"))
    group_marker = serializers.CharField()
    branch_parent = serializers.CharField()
    branch_locality = serializers.CharField()
    branch_suffix = serializers.CharField()
    fie_marker = serializers.BooleanField()


class CheckResultSerializer(serializers.Serializer[Any]):
    """Documents services.check_result_as_dict (the API returns that dict without rule codes)."""

    name = serializers.CharField()
    verdict = serializers.ChoiceField(
        choices=["pass", "similar", "identical", "restricted", "prohibited"]
    )
    verdict_display = serializers.CharField()
    blocking = serializers.BooleanField(help_text=_lazy("不能申报（禁用、相同，或按设置近似）"))
    needs_review = serializers.BooleanField(help_text=_lazy("限用：可以申报，但须经登记机关审核"))
    findings = FindingSerializer(many=True)
    parsed = ParsedNameSerializer()
    suggestions = serializers.ListField(
        child=serializers.CharField(),
        help_text=_lazy("名称被阻止时可用的备选名称（批量检查不提供）"),
    )


class BatchResultSerializer(serializers.Serializer[Any]):
    results = CheckResultSerializer(many=True)


class ReservationSerializer(serializers.ModelSerializer[NameReservation]):
    registry = serializers.CharField(source="registry.division_code", read_only=True)
    registry_name = serializers.CharField(source="registry.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    verdict_display = serializers.CharField(source="get_verdict_display", read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = NameReservation
        fields = [
            "id",
            "proposed_name",
            "registry",
            "registry_name",
            "industry",
            "trade_name",
            "status",
            "status_display",
            "reserved_until",
            "needs_pre_approval",
            "verdict",
            "verdict_display",
            "findings",
            "review_reason",
            "reviewed_at",
            "created_at",
        ]
        read_only_fields = fields
