"""The 守合同重信用 section of the enterprise's public record (page, PDF and API), registered from
`hongdun.credit.hooks.connect()` under the key "contract_credit".

Every publicity the enterprise was granted, newest first: year, level, the publishing authority,
published on, valid until and its state. Only an active publicity whose term has not ended reads
as 公示中; an expired, revoked or withdrawn one shows its state and the day it ended (the reason of
a revocation or withdrawal stays with the authority). Applications are never shown. The section is
the same for every viewer, reads one query, and lists its `sources` so the cached public rendering
is exact under writes (ADR 0018).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hongdun.accounts.types import AnyUser
from hongdun.credit.choices import ContractLevel, PublicityStatus
from hongdun.credit.models import ContractCreditPublicity
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_sections import PublicSection, Source, register_public_section

CONTRACT_KEY = "contract_credit"


@dataclass(frozen=True, slots=True)
class PublicContractEntry:
    year: int
    level: str
    level_label: str
    authority: str
    published_on: date
    expires_on: date
    active: bool
    status: str
    status_label: str
    ended_on: date | None


def contract_public_entries(
    enterprise: Enterprise, today: date | None = None
) -> list[PublicContractEntry]:
    """The enterprise's publicities as the public sees them (one query)."""
    today = today or timezone.localdate()
    levels = {value: str(label) for value, label in ContractLevel.choices}
    statuses = {value: str(label) for value, label in PublicityStatus.choices}
    rows = (
        ContractCreditPublicity.objects.filter(enterprise=enterprise)
        .select_related("authority")
        .only(
            "year",
            "level",
            "published_on",
            "expires_on",
            "status",
            "ended_on",
            "authority__name",
        )
        .order_by("-published_on", "-id")
    )
    entries = []
    for row in rows:
        # A term that ended before the scheduled step ran is not shown as running.
        lapsed = row.status == PublicityStatus.ACTIVE and row.expires_on < today
        status = PublicityStatus.EXPIRED if lapsed else row.status
        entries.append(
            PublicContractEntry(
                year=row.year,
                level=row.level,
                level_label=levels.get(row.level, row.level),
                authority=row.authority.name,
                published_on=row.published_on,
                expires_on=row.expires_on,
                active=status == PublicityStatus.ACTIVE,
                status=status,
                status_label=statuses.get(status, status),
                ended_on=row.expires_on if lapsed else row.ended_on,
            )
        )
    return entries


class PublicContractEntrySerializer(serializers.Serializer[PublicContractEntry]):
    year = serializers.IntegerField(help_text=_("公示年度"))
    level = serializers.CharField(help_text=_("等级代码（A、AA、AAA）"))
    level_label = serializers.CharField(help_text=_("等级"))
    authority = serializers.CharField(help_text=_("公示机关"))
    published_on = serializers.DateField(help_text=_("公示日期"))
    expires_on = serializers.DateField(help_text=_("有效期至"))
    active = serializers.BooleanField(help_text=_("是否公示中"))
    status = serializers.CharField(help_text=_("状态代码"))
    status_label = serializers.CharField(help_text=_("状态"))
    ended_on = serializers.DateField(allow_null=True, help_text=_("终止日期"))


# The publicities, the applications (an approval writes both) and the authority's name.
CONTRACT_SOURCES = (
    Source("credit.ContractCreditPublicity", ("enterprise_id",)),
    Source("credit.ContractCreditApplication", ("enterprise_id",)),
    Source("orgs.Unit"),
)


def _context(enterprise: Enterprise, viewer: AnyUser) -> Mapping[str, Any]:
    return {"rows": contract_public_entries(enterprise)}


def _api(enterprise: Enterprise, viewer: AnyUser) -> Any:
    serializer: type[serializers.Serializer[Any]] = PublicContractEntrySerializer
    return serializer(contract_public_entries(enterprise), many=True).data


SECTION = PublicSection(
    key=CONTRACT_KEY,
    title=_("守合同重信用信息"),
    order=105,
    template="credit/contract/public/section.html",
    context=_context,
    api=_api,
    api_schema=lambda: PublicContractEntrySerializer(many=True),
    sources=CONTRACT_SOURCES,
)


def register_section() -> None:
    register_public_section(SECTION)
