"""Shapes of the annual-report filing API: inputs check types only; the services check meaning
(and answer every problem at once)."""

from typing import Any

from django.utils.translation import gettext_lazy as _lazy
from rest_framework import serializers

from hongdun.disclosure.engine.checks import SECTION_SEVEN_FIGURES
from hongdun.disclosure.models import (
    AnnualReport,
    AnnualReportVersion,
    ReportContribution,
    ReportEquityTransfer,
    ReportInvestment,
    ReportWebsite,
)


def _text(help_text: Any = "") -> "serializers.CharField":
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=help_text or None
    )


class ProblemSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text=_lazy("字段路径，如 contributions.0.paid_amount"))
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    severity = serializers.ChoiceField(choices=["error", "warning"])
    code = serializers.CharField(help_text=_lazy("问题代码（消息键）"))
    blocks = serializers.BooleanField(help_text=_lazy("为真时不能提交"))
    message = serializers.CharField()


class ContributionInput(serializers.Serializer[Any]):
    investor_name = _text()
    subscribed_amount = _text(_lazy("元，精确到分"))
    subscribed_on = _text("YYYY-MM-DD")
    subscribed_form = _text()
    paid_amount = _text()
    paid_on = _text()
    paid_form = _text()


class InvestmentInput(serializers.Serializer[Any]):
    enterprise_name = _text()
    uscc = _text()


class EquityTransferInput(serializers.Serializer[Any]):
    shareholder_name = _text()
    ratio_before = _text()
    ratio_after = _text()
    changed_on = _text()


class WebsiteInput(serializers.Serializer[Any]):
    kind = _text()
    name = _text()
    url = _text()


class ContentInput(serializers.Serializer[Any]):
    """The report's content. Numbers may be sent as strings or numbers; a list given replaces
    the stored rows, a list left out keeps them."""

    address = _text()
    postal_code = _text()
    phone = _text()
    email = _text()
    operating_status = _text()
    has_website = serializers.BooleanField(required=False)
    has_investments = serializers.BooleanField(required=False)
    has_equity_transfer = serializers.BooleanField(required=False)
    has_guarantees = serializers.BooleanField(required=False)
    employees = _text()
    total_assets = _text()
    total_liabilities = _text()
    guarantees_amount = _text()
    owners_equity = _text()
    total_revenue = _text()
    main_business_revenue = _text()
    total_profit = _text()
    net_profit = _text()
    total_tax = _text()
    capital_amount = _text(_lazy("个体工商户：资金数额"))
    public_figures = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_lazy("公示的资产状况项目（字段名）；未列出的不公示"),
    )
    whole_report_public = serializers.BooleanField(
        required=False, help_text=_lazy("个体工商户：年度报告是否公示")
    )
    contributions = ContributionInput(many=True, required=False)
    investments = InvestmentInput(many=True, required=False)
    equity_transfers = EquityTransferInput(many=True, required=False)
    websites = WebsiteInput(many=True, required=False)
    social_insurance = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True), required=False
    )


class ReportCreateInput(ContentInput):
    enterprise = serializers.CharField(help_text=_lazy("统一社会信用代码"))
    year = serializers.IntegerField(help_text=_lazy("报告年度"))


class SubmitInput(serializers.Serializer[Any]):
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_lazy("更正说明（更正时必填）")
    )


class ContributionOut(serializers.ModelSerializer[ReportContribution]):
    class Meta:
        model = ReportContribution
        fields = (
            "investor_name",
            "subscribed_amount",
            "subscribed_on",
            "subscribed_form",
            "paid_amount",
            "paid_on",
            "paid_form",
        )


class InvestmentOut(serializers.ModelSerializer[ReportInvestment]):
    class Meta:
        model = ReportInvestment
        fields = ("enterprise_name", "uscc")


class EquityTransferOut(serializers.ModelSerializer[ReportEquityTransfer]):
    class Meta:
        model = ReportEquityTransfer
        fields = ("shareholder_name", "ratio_before", "ratio_after", "changed_on")


class WebsiteOut(serializers.ModelSerializer[ReportWebsite]):
    class Meta:
        model = ReportWebsite
        fields = ("kind", "name", "url")


class VersionSerializer(serializers.ModelSerializer[AnnualReportVersion]):
    """A version as its enterprise's user reads it: every figure, published or not."""

    contributions = ContributionOut(many=True, read_only=True)
    investments = InvestmentOut(many=True, read_only=True)
    equity_transfers = EquityTransferOut(many=True, read_only=True)
    websites = WebsiteOut(many=True, read_only=True)

    class Meta:
        model = AnnualReportVersion
        fields = (
            "number",
            "status",
            "channel",
            "submitted_at",
            "correction_note",
            "address",
            "postal_code",
            "phone",
            "email",
            "operating_status",
            "has_website",
            "has_investments",
            "has_equity_transfer",
            "has_guarantees",
            *SECTION_SEVEN_FIGURES,
            "capital_amount",
            "public_figures",
            "social_insurance",
            "contributions",
            "investments",
            "equity_transfers",
            "websites",
        )


class ReportListItemSerializer(serializers.ModelSerializer[AnnualReport]):
    enterprise = serializers.CharField(source="enterprise.uscc")
    enterprise_name = serializers.CharField(source="enterprise.name")

    class Meta:
        model = AnnualReport
        fields: tuple[str, ...] = (
            "id",
            "enterprise",
            "enterprise_name",
            "year",
            "form",
            "first_submitted_at",
            "filed_late",
            "whole_report_public",
        )


class ReportSerializer(ReportListItemSerializer):
    versions = serializers.SerializerMethodField()
    draft = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta(ReportListItemSerializer.Meta):
        fields = (*ReportListItemSerializer.Meta.fields, "versions", "draft", "problems")

    def get_versions(self, report: AnnualReport) -> list[dict[str, Any]]:
        rows = [v for v in report.versions.all() if v.status == "submitted"]
        return list(VersionSerializer(rows, many=True).data)

    def get_draft(self, report: AnnualReport) -> dict[str, Any] | None:
        draft = next((v for v in report.versions.all() if v.status == "draft"), None)
        return dict(VersionSerializer(draft).data) if draft is not None else None

    def get_problems(self, report: AnnualReport) -> list[dict[str, Any]]:
        problems: list[dict[str, Any]] = self.context.get("problems", [])
        return problems
