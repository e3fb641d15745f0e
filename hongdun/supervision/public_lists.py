"""The public lists (经营异常名录公示, 严重违法失信名单公示): who is on a list now, and who was
removed, per deciding authority, with search. Read by the pages at /supervision/ and the public
API (/api/v1/abnormal-list/, /api/v1/serious-list/).

Only decided entries are public: listed (in force) or removed. Candidates and dismissed proposals
never appear. A row carries the enterprise's name and code, the reason, the dates, the authority
and the document numbers; never a person's ID number or a phone (the legal representative
recorded with a serious listing is not shown: the national system's list does not show it).

Every filter is validated here; each refusal names its field and the fix (ApplicationError), so a
bad query string gives a message, never a 500. A page past the last gives an empty page.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.selectors import (
    SearchQuery,
    search_authorities,
    search_query_parse,
)
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import (
    AbnormalReason,
    ListingStatus,
    RemovalGround,
    SeriousGround,
)
from hongdun.supervision.models import AbnormalListing, SeriousListing

ABNORMAL = "abnormal"
SERIOUS = "serious"
REGISTERS = (ABNORMAL, SERIOUS)

LISTED = "listed"
REMOVED = "removed"
STATES = (LISTED, REMOVED)

MAX_PAGE = 1000


@dataclass(frozen=True, slots=True)
class ListFilters:
    """The filters of a public list: the tab (in force or removed), the deciding authority,
    the enterprise (a name fragment or its USCC), the reason, and a date range (the listing
    date on the list in force, the removal date on the removals)."""

    state: str = LISTED
    authority: Unit | None = None
    query: SearchQuery | None = None
    reason: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _date(raw: Any, name: str) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ApplicationError(
            _("日期格式不正确，请按“年-月-日”填写，例如 2025-07-01。"), field=name
        ) from error


def reason_choices(register: str) -> list[tuple[str, str]]:
    """The reasons a list may be filtered by, as (value, label)."""
    if register == ABNORMAL:
        return [(str(value), str(label)) for value, label in AbnormalReason.choices]
    return [(str(value), str(label)) for value, label in SeriousGround.choices]


def list_filters_parse(
    params: Mapping[str, Any], *, register: str, state: str | None = None
) -> ListFilters:
    """Validate the filters of a public list (query parameters of the page or the API)."""
    if state is None:
        state = str(params.get("state") or LISTED).strip()
        if state not in STATES:
            raise ApplicationError(
                _("state 只能是 listed（当前列入）或 removed（已移出）。"), field="state"
            )
    authority = None
    code = str(params.get("authority") or "").strip()
    if code:
        authority = search_authorities().filter(division_code=code).first()
        if authority is None:
            raise ApplicationError(
                _("没有行政区划代码为“%(code)s”的决定机关，请从列表中选择。") % {"code": code[:20]},
                field="authority",
            )
    raw_query = str(params.get("q") or "")
    query = search_query_parse(raw_query) if raw_query.strip() else None
    reason = str(params.get("reason") or "").strip()
    if reason and reason not in {value for value, _label in reason_choices(register)}:
        raise ApplicationError(_("列入原因不正确，请从列表中选择。"), field="reason")
    date_from = _date(params.get("date_from"), "date_from")
    date_to = _date(params.get("date_to"), "date_to")
    if date_from and date_to and date_from > date_to:
        raise ApplicationError(_("截止日期不能早于起始日期，请调换或修改。"), field="date_to")
    return ListFilters(
        state=state,
        authority=authority,
        query=query,
        reason=reason,
        date_from=date_from,
        date_to=date_to,
    )


def page_number_parse(raw: Any) -> int:
    text = str(raw or "1").strip()
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1 or number > MAX_PAGE:
        raise ApplicationError(
            _("页码应为 1 到 %(max)d 之间的整数；结果较多时请增加筛选条件。") % {"max": MAX_PAGE},
            field="page",
        )
    return number


@dataclass(frozen=True, slots=True)
class ListRow:
    """One entry of a public list, every value public."""

    uscc: str
    name: str
    reason: str
    reason_label: str
    listed_on: date
    authority: str
    document_number: str
    removed_on: date | None
    removal_reason: str
    removal_document_number: str


@dataclass(frozen=True, slots=True)
class ListPage:
    register: str
    filters: ListFilters
    count: int
    page: int
    page_size: int
    results: list[ListRow] = field(default_factory=list)

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


def _queryset(register: str, filters: ListFilters) -> QuerySet[Any]:
    model: Any = AbnormalListing if register == ABNORMAL else SeriousListing
    status = ListingStatus.LISTED if filters.state == LISTED else ListingStatus.REMOVED
    conditions = Q(status=status, listed_on__isnull=False)
    day = "listed_on" if filters.state == LISTED else "removed_on"
    if filters.authority is not None:
        conditions &= Q(authority_id=filters.authority.pk)
    if filters.query is not None:
        if filters.query.kind == "uscc":
            conditions &= Q(enterprise__uscc=filters.query.text)
        else:
            conditions &= Q(enterprise__name_search__contains=filters.query.text)
    if filters.reason:
        conditions &= Q(**{"reason" if register == ABNORMAL else "ground": filters.reason})
    if filters.date_from:
        conditions &= Q(**{f"{day}__gte": filters.date_from})
    if filters.date_to:
        conditions &= Q(**{f"{day}__lte": filters.date_to})
    queryset: QuerySet[Any] = model.objects.filter(conditions)
    return queryset.order_by(f"-{day}", "-id")


def public_list_page(
    *, register: str, filters: ListFilters, page: int = 1, page_size: int | None = None
) -> ListPage:
    """One page of a public list (two queries: the count and the page's rows)."""
    if register not in REGISTERS:
        raise ValueError(register)
    size = page_size or settings.HONGDUN["SEARCH_PAGE_SIZE"]
    queryset = _queryset(register, filters)
    count = queryset.count()
    offset = (page - 1) * size
    rows: list[ListRow] = []
    if offset < count:
        reason_field = "reason" if register == ABNORMAL else "ground"
        removal_field = "removal_ground" if register == ABNORMAL else "removal_reason"
        reasons = dict(reason_choices(register))
        grounds = {value: str(label) for value, label in RemovalGround.choices}
        page_rows = queryset.select_related("enterprise", "authority").only(
            reason_field,
            removal_field,
            "listed_on",
            "document_number",
            "removed_on",
            "removal_document_number",
            "enterprise__uscc",
            "enterprise__name",
            "authority__name",
        )[offset : offset + size]
        for row in page_rows:
            reason = str(getattr(row, reason_field))
            removed = filters.state == REMOVED
            removal = getattr(row, removal_field) if removed else ""
            rows.append(
                ListRow(
                    uscc=row.enterprise.uscc,
                    name=row.enterprise.name,
                    reason=reason,
                    reason_label=reasons.get(reason, reason),
                    listed_on=row.listed_on,
                    authority=row.authority.name,
                    document_number=row.document_number,
                    removed_on=row.removed_on if removed else None,
                    removal_reason=grounds.get(removal, removal)
                    if register == ABNORMAL
                    else removal,
                    removal_document_number=row.removal_document_number if removed else "",
                )
            )
    return ListPage(
        register=register, filters=filters, count=count, page=page, page_size=size, results=rows
    )
