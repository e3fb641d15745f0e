"""The annual reports on the public record (年度报告信息): every filed version, public parts only.

Registered as the section `annual_reports` of the enterprise's public page, its PDF and its API
(`hongdun.enterprises.public_sections`). The public sees, by report year, the report as first
filed and each correction with its date ([R6] 第十二条); section-7 figures the enterprise chose
not to publish read 企业选择不公示 and are absent from the API; an individual business that
chose not to publish its report shows only that it filed (docs/rules/disclosure.md §4).

Only the enterprise's authorised users and staff whose scope lets them VIEW the report see every
figure (第九条第三款; docs/rules/disclosure.md §2.2). Drafts are never shown.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, permits, unit_in_reach
from hongdun.disclosure.choices import (
    Channel,
    OperatingStatus,
    ReportForm,
    VersionStatus,
    WebsiteKind,
)
from hongdun.disclosure.models import SECTION_SEVEN_FIGURES, AnnualReport, AnnualReportVersion
from hongdun.disclosure.permissions import ANNUAL_REPORT
from hongdun.enterprises.choices import ContributionForm
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_sections import PublicSection, Source, register_public_section
from hongdun.registration.services import authorisation_is_live

# The figures of the individual business's short form (个体工商户年度报告): capital, staff,
# turnover and tax; the company form has all of section 7.
INDIVIDUAL_FIGURES = ("employees", "total_revenue", "total_tax")


def viewer_sees_unpublished(enterprise: Enterprise, viewer: AnyUser | None) -> bool:
    """Whether `viewer` may see what the enterprise did not publish: its authorised users, and
    staff whose scope lets them VIEW the enterprise's annual reports."""
    if viewer is None or not viewer.is_authenticated:
        return False
    if permits(viewer, ANNUAL_REPORT, Action.VIEW) and unit_in_reach(
        viewer, ANNUAL_REPORT, enterprise.registration_authority_id, Action.VIEW
    ):
        return True
    return authorisation_is_live(user=viewer, enterprise=enterprise)


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    label: str
    value: Decimal | int | None  # None when not published and the viewer may not see it
    published: bool


@dataclass(frozen=True, slots=True)
class PublicVersion:
    number: int  # 1 = as first filed, then each correction in order
    submitted_at: datetime | None
    channel: str
    channel_label: str
    correction_note: str
    address: str
    postal_code: str
    phone: str
    email: str
    operating_status_label: str
    has_website: bool
    has_investments: bool
    has_equity_transfer: bool
    has_guarantees: bool
    capital_amount: Decimal | None
    figures: list[Figure]
    contributions: list[dict[str, Any]]
    investments: list[dict[str, Any]]
    equity_transfers: list[dict[str, Any]]
    websites: list[dict[str, Any]]

    @property
    def is_correction(self) -> bool:
        return self.number > 1


@dataclass(frozen=True, slots=True)
class PublicReport:
    year: int
    form: str
    form_label: str
    first_submitted_at: datetime | None
    filed_late: bool
    whole_report_public: bool
    # False for an individual business's unpublished report seen by the public: only the fact
    # of filing (each version's date) is shown.
    contents_shown: bool
    versions: list[PublicVersion] = field(default_factory=list)
    sees_unpublished: bool = False


def _figures(version: AnnualReportVersion, form: str, full: bool) -> list[Figure]:
    published = set(version.public_figures or [])
    labels = {f.name: str(f.verbose_name) for f in AnnualReportVersion._meta.concrete_fields}
    names = SECTION_SEVEN_FIGURES if form != ReportForm.INDIVIDUAL_BUSINESS else INDIVIDUAL_FIGURES
    figures = []
    for name in names:
        is_published = name in published
        value = getattr(version, name)
        figures.append(
            Figure(
                name=name,
                label=labels.get(name, name),
                value=value if (is_published or full) else None,
                published=is_published,
            )
        )
    return figures


def _present_version(
    version: AnnualReportVersion, number: int, form: str, full: bool
) -> PublicVersion:
    forms = dict(ContributionForm.choices)
    website_kinds = dict(WebsiteKind.choices)
    return PublicVersion(
        number=number,
        submitted_at=version.submitted_at,
        channel=version.channel,
        channel_label=str(dict(Channel.choices).get(version.channel, version.channel)),
        correction_note=version.correction_note if number > 1 else "",
        address=version.address,
        postal_code=version.postal_code,
        phone=version.phone,
        email=version.email,
        operating_status_label=str(
            dict(OperatingStatus.choices).get(version.operating_status, version.operating_status)
        ),
        has_website=version.has_website,
        has_investments=version.has_investments,
        has_equity_transfer=version.has_equity_transfer,
        has_guarantees=version.has_guarantees,
        capital_amount=version.capital_amount,
        figures=_figures(version, form, full),
        contributions=[
            {
                "investor_name": c.investor_name,
                "subscribed_amount": c.subscribed_amount,
                "subscribed_on": c.subscribed_on,
                "subscribed_form": str(forms.get(c.subscribed_form, c.subscribed_form)),
                "paid_amount": c.paid_amount,
                "paid_on": c.paid_on,
                "paid_form": str(forms.get(c.paid_form, c.paid_form)) if c.paid_form else "",
            }
            for c in version.contributions.all()
        ],
        investments=[
            {"enterprise_name": i.enterprise_name, "uscc": i.uscc}
            for i in version.investments.all()
        ],
        equity_transfers=[
            {
                "shareholder_name": t.shareholder_name,
                "ratio_before": t.ratio_before,
                "ratio_after": t.ratio_after,
                "changed_on": t.changed_on,
            }
            for t in version.equity_transfers.all()
        ],
        websites=[
            {"kind": str(website_kinds.get(w.kind, w.kind)), "name": w.name, "url": w.url}
            for w in version.websites.all()
        ],
    )


def public_annual_reports(enterprise: Enterprise, viewer: AnyUser | None) -> list[PublicReport]:
    """The filed reports of `enterprise`, newest year first, each with every submitted version
    in order, as `viewer` may see them (a fixed number of queries: reports, versions and their
    four kinds of rows)."""
    full = viewer_sees_unpublished(enterprise, viewer)
    reports = list(
        AnnualReport.objects.filter(enterprise=enterprise, first_submitted_at__isnull=False)
        .order_by("-year")
        .only("id", "year", "form", "first_submitted_at", "filed_late", "whole_report_public")
    )
    if not reports:
        return []
    shown = {r.pk for r in reports if full or r.whole_report_public}
    versions = AnnualReportVersion.objects.filter(
        report__in=reports, status=VersionStatus.SUBMITTED
    ).order_by("report_id", "number")
    by_report: dict[int, list[AnnualReportVersion]] = {}
    detailed = versions.filter(report_id__in=shown).prefetch_related(
        "contributions", "investments", "equity_transfers", "websites"
    )
    for version in detailed:
        by_report.setdefault(version.report_id, []).append(version)
    # Unpublished reports: only when each version was filed, nothing of its content.
    dates_only: dict[int, list[tuple[int, datetime | None]]] = {}
    if len(shown) < len(reports):
        for report_id, submitted_at in (
            versions.exclude(report_id__in=shown)
            .values_list("report_id", "submitted_at")
            .order_by("report_id", "number")
        ):
            dates_only.setdefault(report_id, []).append((report_id, submitted_at))
    form_labels = dict(ReportForm.choices)
    result = []
    for report in reports:
        contents_shown = report.pk in shown
        if contents_shown:
            presented = [
                _present_version(v, index, report.form, full)
                for index, v in enumerate(by_report.get(report.pk, []), start=1)
            ]
        else:
            presented = [
                _dates_only_version(index, submitted_at)
                for index, (_id, submitted_at) in enumerate(dates_only.get(report.pk, []), start=1)
            ]
        result.append(
            PublicReport(
                year=report.year,
                form=report.form,
                form_label=str(form_labels.get(report.form, report.form)),
                first_submitted_at=report.first_submitted_at,
                filed_late=report.filed_late,
                whole_report_public=report.whole_report_public,
                contents_shown=contents_shown,
                versions=presented,
                sees_unpublished=full,
            )
        )
    return result


def _dates_only_version(number: int, submitted_at: datetime | None) -> PublicVersion:
    return PublicVersion(
        number=number,
        submitted_at=submitted_at,
        channel="",
        channel_label="",
        correction_note="",
        address="",
        postal_code="",
        phone="",
        email="",
        operating_status_label="",
        has_website=False,
        has_investments=False,
        has_equity_transfer=False,
        has_guarantees=False,
        capital_amount=None,
        figures=[],
        contributions=[],
        investments=[],
        equity_transfers=[],
        websites=[],
    )


# --- API -----------------------------------------------------------------------------------------


def _figure_field(name: str) -> serializers.Field[Any, Any, Any, Any]:
    labels = {f.name: str(f.verbose_name) for f in AnnualReportVersion._meta.concrete_fields}
    label = labels[name]
    if name == "employees":
        return serializers.IntegerField(required=False, help_text=label)
    return serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, help_text=label
    )


PublishedFiguresSerializer = type(
    "AnnualReportPublishedFigures",
    (serializers.Serializer,),
    {
        "__doc__": "Published section-7 figures only: a figure the enterprise did not publish "
        "is absent (not null), and listed in not_published.",
        **{name: _figure_field(name) for name in SECTION_SEVEN_FIGURES},
    },
)


class ReportContributionSerializer(serializers.Serializer[Any]):
    investor_name = serializers.CharField()
    subscribed_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    subscribed_on = serializers.DateField(allow_null=True)
    subscribed_form = serializers.CharField()
    paid_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid_on = serializers.DateField(allow_null=True)
    paid_form = serializers.CharField()


class ReportInvestmentSerializer(serializers.Serializer[Any]):
    enterprise_name = serializers.CharField()
    uscc = serializers.CharField()


class ReportEquityTransferSerializer(serializers.Serializer[Any]):
    shareholder_name = serializers.CharField()
    ratio_before = serializers.DecimalField(max_digits=7, decimal_places=4)
    ratio_after = serializers.DecimalField(max_digits=7, decimal_places=4)
    changed_on = serializers.DateField()


class ReportWebsiteSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()


class PublicVersionSerializer(serializers.Serializer[PublicVersion]):
    """One filed version. For an individual business's unpublished report only `number`,
    `is_correction` and `submitted_at` are given."""

    number = serializers.IntegerField(help_text=_("1 为首次报送，之后每次更正依次加一"))
    is_correction = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    channel = serializers.CharField(required=False)
    correction_note = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    postal_code = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    operating_status = serializers.CharField(required=False)
    has_website = serializers.BooleanField(required=False)
    has_investments = serializers.BooleanField(required=False)
    has_equity_transfer = serializers.BooleanField(required=False)
    has_guarantees = serializers.BooleanField(required=False)
    capital_amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, allow_null=True, required=False
    )
    figures = PublishedFiguresSerializer(required=False)
    not_published = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("企业选择不公示的资产状况项目（字段名）"),
    )
    contributions = ReportContributionSerializer(many=True, required=False)
    investments = ReportInvestmentSerializer(many=True, required=False)
    equity_transfers = ReportEquityTransferSerializer(many=True, required=False)
    websites = ReportWebsiteSerializer(many=True, required=False)


class PublicReportSerializer(serializers.Serializer[PublicReport]):
    year = serializers.IntegerField()
    form = serializers.CharField()
    form_label = serializers.CharField()
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    filed_late = serializers.BooleanField()
    whole_report_public = serializers.BooleanField()
    contents_shown = serializers.BooleanField(
        help_text=_("个体工商户选择不公示年度报告时为 false，仅列出报送时间")
    )
    versions = PublicVersionSerializer(many=True)


def _version_json(version: PublicVersion, contents: bool) -> dict[str, Any]:
    head: dict[str, Any] = {
        "number": version.number,
        "is_correction": version.is_correction,
        "submitted_at": version.submitted_at,
    }
    if not contents:
        return head
    figures = {f.name: f.value for f in version.figures if f.value is not None}
    return {
        **head,
        "channel": version.channel,
        "correction_note": version.correction_note,
        "address": version.address,
        "postal_code": version.postal_code,
        "phone": version.phone,
        "email": version.email,
        "operating_status": version.operating_status_label,
        "has_website": version.has_website,
        "has_investments": version.has_investments,
        "has_equity_transfer": version.has_equity_transfer,
        "has_guarantees": version.has_guarantees,
        "capital_amount": version.capital_amount,
        "figures": figures,
        "not_published": [f.name for f in version.figures if not f.published],
        "contributions": version.contributions,
        "investments": version.investments,
        "equity_transfers": version.equity_transfers,
        "websites": version.websites,
    }


def annual_reports_json(enterprise: Enterprise, viewer: AnyUser | None) -> list[Any]:
    """The reports as the API gives them: a version's keys are only those it may show."""
    reports = public_annual_reports(enterprise, viewer)
    data = []
    for report in reports:
        item = {
            "year": report.year,
            "form": report.form,
            "form_label": report.form_label,
            "first_submitted_at": report.first_submitted_at,
            "filed_late": report.filed_late,
            "whole_report_public": report.whole_report_public,
            "contents_shown": report.contents_shown,
            "versions": [_version_json(v, report.contents_shown) for v in report.versions],
        }
        data.append(item)
    # Values in the serializers' JSON form (decimals as strings, dates in ISO 8601).
    return [_jsonable(item) for item in data]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return serializers.DateTimeField().to_representation(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- the section ---------------------------------------------------------------------------------


def _context(enterprise: Enterprise, viewer: AnyUser) -> Mapping[str, Any]:
    return {
        "reports": public_annual_reports(enterprise, viewer),
        "empty_message": _("暂无年度报告信息。"),
    }


# What the section reads (hongdun.enterprises.public_cache keeps the page exact).
REPORT_SOURCES = (
    Source("disclosure.AnnualReport", ("enterprise_id",)),
    Source("disclosure.AnnualReportVersion", ("report.enterprise_id",)),
    *(
        Source(f"disclosure.{model}", ("version.report.enterprise_id",))
        for model in (
            "ReportContribution",
            "ReportInvestment",
            "ReportEquityTransfer",
            "ReportWebsite",
        )
    ),
)


def register_section() -> None:
    """Called from DisclosureConfig.ready()."""
    register_public_section(
        PublicSection(
            key="annual_reports",
            title=_("企业年度报告信息"),
            order=60,
            template="disclosure/public/annual_reports.html",
            context=_context,
            api=annual_reports_json,
            api_schema=lambda: PublicReportSerializer(many=True),
            sources=REPORT_SOURCES,
            shows_more=viewer_sees_unpublished,
        )
    )
