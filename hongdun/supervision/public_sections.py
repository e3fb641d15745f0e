"""The supervision sections of the enterprise's public record (page, PDF and API).

Registered from SupervisionConfig.ready() under the keys the register declared as placeholders
(`hongdun.enterprises.public_record.PLACEHOLDERS`), which they replace:

- `abnormal_operations` (列入经营异常名录信息): every entry that was listed, including those
  removed since, with the columns of the national system (列入经营异常名录原因, 列入日期,
  作出决定机关, 移出经营异常名录原因, 移出日期, 作出决定机关) and the decision's document number.
  Candidates (待决定) and dismissed proposals (不予列入) are never public.
- `serious_violations` (列入严重违法失信名单信息): listed and removed entries (类别, 列入原因,
  列入日期, 作出决定机关, 移出原因, 移出日期). The legal representative's name and ID number
  recorded with the listing are not part of it (the national system shows neither there).
- `inspections` (抽查检查结果信息): the published results of random inspections (双随机抽查):
  检查实施机关, 类型, 日期, 结果. Unpublished results (and the inspectors) are never shown.

Every section is the same for every viewer (no `shows_more`), reads a fixed number of queries,
and lists its `sources`, so the cached public rendering is exact under writes (ADR 0018).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hongdun.accounts.types import AnyUser
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_sections import PublicSection, Source, register_public_section
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionKind,
    InspectionResult,
    ListingStatus,
    RemovalGround,
    SeriousGround,
)
from hongdun.supervision.models import AbnormalListing, InspectionTask, SeriousListing

# The statuses of an entry the public sees: decided and in force, or removed since.
PUBLIC_LISTING_STATUSES = (ListingStatus.LISTED, ListingStatus.REMOVED)

ABNORMAL_KEY = "abnormal_operations"
SERIOUS_KEY = "serious_violations"
INSPECTIONS_KEY = "inspections"


# --- 列入经营异常名录信息 -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicAbnormalEntry:
    reason: int
    reason_label: str
    listed_on: date
    authority: str
    document_number: str
    removed: bool
    removal_ground: str
    removal_ground_label: str
    removed_on: date | None
    removal_authority: str
    removal_document_number: str


def abnormal_public_entries(enterprise: Enterprise) -> list[PublicAbnormalEntry]:
    """The enterprise's abnormal-list entries as the public sees them, newest listing first
    (one query)."""
    reasons = {value: str(label) for value, label in AbnormalReason.choices}
    grounds = {value: str(label) for value, label in RemovalGround.choices}
    rows = (
        AbnormalListing.objects.filter(
            enterprise=enterprise, status__in=PUBLIC_LISTING_STATUSES, listed_on__isnull=False
        )
        .select_related("authority")
        .only(
            "reason",
            "status",
            "listed_on",
            "document_number",
            "removed_on",
            "removal_ground",
            "removal_document_number",
            "authority__name",
        )
        .order_by("-listed_on", "-id")
    )
    entries = []
    for row in rows:
        if row.listed_on is None:  # excluded by a database constraint for both statuses
            continue
        removed = row.status == ListingStatus.REMOVED
        entries.append(
            PublicAbnormalEntry(
                reason=row.reason,
                reason_label=reasons.get(row.reason, str(row.reason)),
                listed_on=row.listed_on,
                authority=row.authority.name,
                document_number=row.document_number,
                removed=removed,
                removal_ground=row.removal_ground if removed else "",
                removal_ground_label=grounds.get(row.removal_ground, "") if removed else "",
                removed_on=row.removed_on if removed else None,
                # The authority that listed the enterprise also decides its removal.
                removal_authority=row.authority.name if removed else "",
                removal_document_number=row.removal_document_number if removed else "",
            )
        )
    return entries


class PublicAbnormalEntrySerializer(serializers.Serializer[PublicAbnormalEntry]):
    reason = serializers.IntegerField(help_text=_("列入事由代码（1–4）"))
    reason_label = serializers.CharField(help_text=_("列入经营异常名录原因"))
    listed_on = serializers.DateField(help_text=_("列入日期"))
    authority = serializers.CharField(help_text=_("作出决定机关（列入）"))
    document_number = serializers.CharField(help_text=_("列入决定书文号"))
    removed = serializers.BooleanField(help_text=_("是否已移出"))
    removal_ground = serializers.CharField(help_text=_("移出原因代码，未移出为空"))
    removal_ground_label = serializers.CharField(help_text=_("移出经营异常名录原因"))
    removed_on = serializers.DateField(allow_null=True, help_text=_("移出日期"))
    removal_authority = serializers.CharField(help_text=_("作出决定机关（移出）"))
    removal_document_number = serializers.CharField(help_text=_("移出决定书文号"))


# --- 列入严重违法失信名单信息 ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicSeriousEntry:
    ground: str
    ground_label: str
    legal_basis: str
    listed_on: date
    authority: str
    document_number: str
    removed: bool
    removal_reason: str
    removed_on: date | None
    removal_authority: str


def serious_public_entries(enterprise: Enterprise) -> list[PublicSeriousEntry]:
    """The enterprise's serious-list entries as the public sees them (one query)."""
    grounds = {value: str(label) for value, label in SeriousGround.choices}
    rows = (
        SeriousListing.objects.filter(
            enterprise=enterprise,
            status__in=PUBLIC_LISTING_STATUSES,
            listed_on__isnull=False,
        )
        .select_related("authority")
        .only(
            "ground",
            "legal_basis",
            "status",
            "listed_on",
            "document_number",
            "removed_on",
            "removal_reason",
            "authority__name",
        )
        .order_by("-listed_on", "-id")
    )
    entries = []
    for row in rows:
        if row.listed_on is None:  # filtered above
            continue
        removed = row.status == ListingStatus.REMOVED
        entries.append(
            PublicSeriousEntry(
                ground=row.ground,
                ground_label=grounds.get(row.ground, row.ground),
                legal_basis=row.legal_basis,
                listed_on=row.listed_on,
                authority=row.authority.name,
                document_number=row.document_number,
                removed=removed,
                removal_reason=row.removal_reason if removed else "",
                removed_on=row.removed_on if removed else None,
                removal_authority=row.authority.name if removed else "",
            )
        )
    return entries


class PublicSeriousEntrySerializer(serializers.Serializer[PublicSeriousEntry]):
    ground = serializers.CharField(help_text=_("类别（列入事由代码）"))
    ground_label = serializers.CharField(help_text=_("列入严重违法失信名单原因"))
    legal_basis = serializers.CharField(help_text=_("法律依据"))
    listed_on = serializers.DateField(help_text=_("列入日期"))
    authority = serializers.CharField(help_text=_("作出决定机关（列入）"))
    document_number = serializers.CharField(help_text=_("列入决定书文号"))
    removed = serializers.BooleanField(help_text=_("是否已移出"))
    removal_reason = serializers.CharField(help_text=_("移出严重违法失信名单原因"))
    removed_on = serializers.DateField(allow_null=True, help_text=_("移出日期"))
    removal_authority = serializers.CharField(help_text=_("作出决定机关（移出）"))


# --- 抽查检查结果信息 -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicInspection:
    authority: str
    kind: str
    kind_label: str
    inspected_on: date | None
    published_on: date
    result: str
    result_label: str


def inspection_public_results(enterprise: Enterprise) -> list[PublicInspection]:
    """The enterprise's published inspection results, newest first (one query). A result is
    public once its publication time is set; inspectors and findings stay internal."""
    kinds = {value: str(label) for value, label in InspectionKind.choices}
    results = {value: str(label) for value, label in InspectionResult.choices}
    rows = (
        InspectionTask.objects.filter(enterprise=enterprise, published_at__isnull=False)
        .select_related("plan__unit")
        .only("result", "inspected_on", "published_at", "plan__kind", "plan__unit__name")
        .order_by("-published_at", "-id")
    )
    entries = []
    for row in rows:
        if row.published_at is None:  # filtered above
            continue
        entries.append(
            PublicInspection(
                authority=row.plan.unit.name,
                kind=row.plan.kind,
                kind_label=gettext("双随机抽查（%(kind)s）")
                % {"kind": kinds.get(row.plan.kind, "")},
                inspected_on=row.inspected_on,
                published_on=timezone.localdate(row.published_at),
                result=row.result,
                result_label=results.get(row.result, row.result),
            )
        )
    return entries


class PublicInspectionSerializer(serializers.Serializer[PublicInspection]):
    authority = serializers.CharField(help_text=_("检查实施机关"))
    kind = serializers.CharField(help_text=_("抽查类型代码"))
    kind_label = serializers.CharField(help_text=_("类型"))
    inspected_on = serializers.DateField(allow_null=True, help_text=_("检查日期"))
    published_on = serializers.DateField(help_text=_("公示日期"))
    result = serializers.CharField(help_text=_("检查结果代码"))
    result_label = serializers.CharField(help_text=_("检查结果"))


# --- registration ---------------------------------------------------------------------------------

# What each section reads. A unit's name shows on any record (empty paths: the whole cache);
# a plan shows on every drawn enterprise's record, and plans change a few times a year.
ABNORMAL_SOURCES = (
    Source("supervision.AbnormalListing", ("enterprise_id",)),
    Source("orgs.Unit"),
)
SERIOUS_SOURCES = (
    Source("supervision.SeriousListing", ("enterprise_id",)),
    Source("orgs.Unit"),
)
INSPECTION_SOURCES = (
    Source("supervision.InspectionTask", ("enterprise_id",)),
    Source("supervision.InspectionPlan"),
    Source("orgs.Unit"),
)


def _section(
    key: str,
    title: Any,
    order: int,
    read: Any,
    serializer: type[serializers.Serializer[Any]],
    sources: tuple[Source, ...],
) -> PublicSection:
    def context(enterprise: Enterprise, viewer: AnyUser) -> Mapping[str, Any]:
        return {"rows": read(enterprise)}

    def api(enterprise: Enterprise, viewer: AnyUser) -> Any:
        return serializer(read(enterprise), many=True).data

    return PublicSection(
        key=key,
        title=title,
        order=order,
        template=f"supervision/public/sections/{key}.html",
        context=context,
        api=api,
        api_schema=lambda: serializer(many=True),
        sources=sources,
    )


SECTIONS = (
    _section(
        ABNORMAL_KEY,
        _("列入经营异常名录信息"),
        90,
        abnormal_public_entries,
        PublicAbnormalEntrySerializer,
        ABNORMAL_SOURCES,
    ),
    _section(
        SERIOUS_KEY,
        _("列入严重违法失信名单信息"),
        95,
        serious_public_entries,
        PublicSeriousEntrySerializer,
        SERIOUS_SOURCES,
    ),
    _section(
        INSPECTIONS_KEY,
        _("抽查检查结果信息"),
        100,
        inspection_public_results,
        PublicInspectionSerializer,
        INSPECTION_SOURCES,
    ),
)


def register_sections() -> None:
    """Called from SupervisionConfig.ready(), after the register's placeholders (supervision is
    installed after enterprises)."""
    for section in SECTIONS:
        register_public_section(section)
