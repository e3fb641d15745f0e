"""Reads of 守合同重信用 for the staff queue, the enterprise's pages and the public list
(docs/rules/credit.md §6).

Staff read through the row scope of kind "credit.contract" (by the reviewing authority). The
enterprise's users read the rows of the enterprises they hold a live authorisation for. The
public list shows active publicities only, with the enterprise's name and code, the level, the
year and the dates: never a person, a contract figure or a reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.core.scope import Action, restrict
from hongdun.credit.choices import ApplicationStatus, ContractLevel, PublicityStatus
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.enterprises.selectors import SearchQuery, search_query_parse
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation

MAX_PAGE = 1000


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# --- staff ---------------------------------------------------------------------------------------


def applications_for_staff(
    user: AnyUser, action: Action = Action.VIEW
) -> QuerySet[ContractCreditApplication]:
    return restrict(
        ContractCreditApplication.objects.select_related(
            "enterprise", "authority", "submitted_by", "reviewed_by"
        ),
        user,
        action,
    )


def publicities_for_staff(
    user: AnyUser, action: Action = Action.VIEW
) -> QuerySet[ContractCreditPublicity]:
    return restrict(
        ContractCreditPublicity.objects.select_related("enterprise", "authority", "application"),
        user,
        action,
    )


def _common_filters(rows: QuerySet[Any], filters: Mapping[str, Any]) -> QuerySet[Any]:
    text = str(filters.get("q") or "").strip()
    if text:
        rows = rows.filter(Q(enterprise__name__contains=text) | Q(enterprise__uscc=text.upper()))
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("year"):
        rows = rows.filter(year=filters["year"])
    if filters.get("level"):
        rows = rows.filter(level=filters["level"])
    authority = filters.get("authority")
    if authority:
        rows = rows.filter(authority__in=Unit.objects.descendants(authority, include_self=True))
    return rows


def application_queue(
    *, user: AnyUser, filters: Mapping[str, Any]
) -> QuerySet[ContractCreditApplication]:
    """Applications in reach: the waiting ones first, oldest first; then the decided, newest."""
    rows = _common_filters(applications_for_staff(user), filters)
    waiting = Case(When(status=ApplicationStatus.SUBMITTED, then=Value(0)), default=Value(1))
    return rows.order_by(waiting, "created_at", "pk")


def publicity_list(
    *, user: AnyUser, filters: Mapping[str, Any]
) -> QuerySet[ContractCreditPublicity]:
    rows = _common_filters(publicities_for_staff(user), filters)
    return rows.order_by("-published_on", "-pk")


def enterprise_history(enterprise_id: int) -> dict[str, list[Any]]:
    """An enterprise's applications and publicities, newest first (the reviewer's context)."""
    return {
        "applications": list(
            ContractCreditApplication.objects.filter(enterprise_id=enterprise_id).order_by(
                "-created_at", "-pk"
            )
        ),
        "publicities": list(
            ContractCreditPublicity.objects.filter(enterprise_id=enterprise_id).order_by(
                "-published_on", "-pk"
            )
        ),
    }


ACTION_LABELS = {
    "credit.contract.apply": gettext_lazy("提交申报"),
    "credit.contract.application_withdraw": gettext_lazy("企业撤回申报"),
    "credit.contract.approve": gettext_lazy("审核通过"),
    "credit.contract.reject": gettext_lazy("审核不予通过"),
    "credit.contract.publish": gettext_lazy("开始公示"),
    "credit.contract.publicity_supersede": gettext_lazy("由新年度公示取代"),
    "credit.contract.publicity_withdraw": gettext_lazy("企业主动退出"),
    "credit.contract.publicity_revoke": gettext_lazy("撤销公示"),
    "credit.contract.publicity_revoke_listed": gettext_lazy("因列入名录名单自动撤销"),
    "credit.contract.publicity_revoke_penalised": gettext_lazy("因行政处罚自动撤销"),
    "credit.contract.publicity_expire": gettext_lazy("公示期届满"),
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    when: datetime.datetime
    who: str
    action: str
    note: str


def contract_timeline(
    application: ContractCreditApplication, publicity: ContractCreditPublicity | None
) -> list[TimelineEntry]:
    """Every audited write on the application and its publicity, oldest first."""
    condition = Q(object_type="credit.contractcreditapplication", object_id=str(application.pk))
    if publicity is not None:
        condition |= Q(object_type="credit.contractcreditpublicity", object_id=str(publicity.pk))
    rows = AuditLog.objects.filter(condition).select_related("actor").order_by("created_at", "id")
    entries = []
    for row in rows:
        after = row.after or {}
        note = str(after.get("review_note") or after.get("end_reason") or "")
        if row.action == "credit.contract.apply":
            note = ""
        entries.append(
            TimelineEntry(
                when=row.created_at,
                who=(row.actor.get_full_name() or row.actor.username) if row.actor else _("系统"),
                action=str(ACTION_LABELS.get(row.action, row.action)),
                note=note,
            )
        )
    return entries


# --- the enterprise's users ----------------------------------------------------------------------


def _live_for(user_id: int) -> Q:
    today = timezone.localdate()
    live = EnterpriseAuthorisation.objects.filter(
        enterprise=OuterRef("enterprise"), user_id=user_id, revoked_at__isnull=True
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return Q(Exists(live))


def applications_for_enterprise_user(*, user: AnyUser) -> QuerySet[ContractCreditApplication]:
    if user is None or not user.is_authenticated or user.pk is None:
        return ContractCreditApplication.objects.none()
    return (
        ContractCreditApplication.objects.filter(_live_for(int(user.pk)))
        .select_related("enterprise", "authority")
        .order_by("enterprise__name", "-created_at", "-pk")
    )


def publicities_for_enterprise_user(*, user: AnyUser) -> QuerySet[ContractCreditPublicity]:
    if user is None or not user.is_authenticated or user.pk is None:
        return ContractCreditPublicity.objects.none()
    return (
        ContractCreditPublicity.objects.filter(_live_for(int(user.pk)))
        .select_related("enterprise", "authority")
        .order_by("enterprise__name", "-published_on", "-pk")
    )


def application_get_for_enterprise_user(*, user: AnyUser, pk: Any) -> ContractCreditApplication:
    try:
        return applications_for_enterprise_user(user=user).get(pk=_int(pk))
    except ContractCreditApplication.DoesNotExist:
        raise Http404(_("没有找到该申请。")) from None


def publicity_get_for_enterprise_user(*, user: AnyUser, pk: Any) -> ContractCreditPublicity:
    try:
        return publicities_for_enterprise_user(user=user).get(pk=_int(pk))
    except ContractCreditPublicity.DoesNotExist:
        raise Http404(_("没有找到该公示。")) from None


# --- the public list -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicFilters:
    level: str = ""
    year: int | None = None
    query: SearchQuery | None = None


def public_filters_parse(params: Mapping[str, Any]) -> PublicFilters:
    """Validate the public list's query parameters; each refusal names its field."""
    level = str(params.get("level") or "").strip().upper()
    if level and level not in ContractLevel.values:
        raise ApplicationError(_("等级只能是 A、AA 或 AAA，请从列表中选择。"), field="level")
    year = None
    raw_year = str(params.get("year") or "").strip()
    if raw_year:
        if not raw_year.isdigit() or not 2000 <= int(raw_year) <= 9999:
            raise ApplicationError(_("公示年度请填写四位年份，例如 2025。"), field="year")
        year = int(raw_year)
    raw_query = str(params.get("q") or "")
    query = search_query_parse(raw_query) if raw_query.strip() else None
    return PublicFilters(level=level, year=year, query=query)


def page_number_parse(raw: Any) -> int:
    text = str(raw or "1").strip()
    number = int(text) if text.isdigit() else 0
    if number < 1 or number > MAX_PAGE:
        raise ApplicationError(
            _("页码应为 1 到 %(max)d 之间的整数；结果较多时请增加筛选条件。") % {"max": MAX_PAGE},
            field="page",
        )
    return number


@dataclass(frozen=True, slots=True)
class PublicRow:
    uscc: str
    name: str
    level: str
    level_label: str
    year: int
    authority: str
    published_on: datetime.date
    expires_on: datetime.date


@dataclass(frozen=True, slots=True)
class PublicPage:
    filters: PublicFilters
    count: int
    page: int
    page_size: int
    results: list[PublicRow] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def past_the_end(self) -> bool:
        return self.count > 0 and self.page > self.num_pages


def public_active(
    filters: PublicFilters, today: datetime.date | None = None
) -> QuerySet[ContractCreditPublicity]:
    """The publicities in force on `today` (active, and `today` not past the last day)."""
    today = today or timezone.localdate()
    rows = ContractCreditPublicity.objects.filter(
        status=PublicityStatus.ACTIVE, expires_on__gte=today
    )
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.query is not None:
        if filters.query.kind == "uscc":
            rows = rows.filter(enterprise__uscc=filters.query.text)
        else:
            rows = rows.filter(enterprise__name_search__contains=filters.query.text)
    return rows.order_by("-published_on", "-id")


def public_contract_page(
    *, filters: PublicFilters, page: int = 1, page_size: int | None = None
) -> PublicPage:
    """One page of the public list (two queries: the count and the page's rows)."""
    size = page_size or settings.HONGDUN["SEARCH_PAGE_SIZE"]
    rows = public_active(filters)
    count = rows.count()
    offset = (page - 1) * size
    results: list[PublicRow] = []
    if offset < count:
        levels = {value: str(label) for value, label in ContractLevel.choices}
        for row in rows.select_related("enterprise", "authority").only(
            "level",
            "year",
            "published_on",
            "expires_on",
            "enterprise__uscc",
            "enterprise__name",
            "authority__name",
        )[offset : offset + size]:
            results.append(
                PublicRow(
                    uscc=row.enterprise.uscc,
                    name=row.enterprise.name,
                    level=row.level,
                    level_label=levels.get(row.level, row.level),
                    year=row.year,
                    authority=row.authority.name,
                    published_on=row.published_on,
                    expires_on=row.expires_on,
                )
            )
    return PublicPage(filters=filters, count=count, page=page, page_size=size, results=results)
