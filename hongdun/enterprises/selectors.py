"""Reads of the register: the public query (ranked, exact, indexed) and staff views (scoped)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hongdun.accounts.roles import PERSONAL_DATA_READERS, user_roles
from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import restrict, units_in_reach
from hongdun.enterprises import uscc
from hongdun.enterprises.choices import (
    EnterpriseStatus,
    EnterpriseType,
    MemberKind,
    MemberRole,
    responsible_person_title,
)
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseInvestor,
    EnterpriseOfficer,
    SearchGram,
    SearchPosting,
)
from hongdun.enterprises.permissions import ENTERPRISE
from hongdun.enterprises.public_record import officer_posts
from hongdun.enterprises.search_keys import (
    MAX_GRAM,
    MIN_QUERY,
    fold,
    forbidden_characters,
    probe_grams,
)
from hongdun.orgs.models import Unit

MAX_QUERY_LENGTH = 100
MAX_PAGE = 1000
# An input of 15–20 letters and digits with at least 8 digits is someone typing a USCC, not a name.
USCC_LIKE = re.compile(r"^(?=(?:.*\d){8})[0-9A-Z]{15,20}$")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    kind: str  # "uscc" or "name"
    text: str  # the folded name fragment or the normalised USCC


def search_query_parse(raw: str | None) -> SearchQuery:
    """Validate a public query; every refusal names the field `q` and says how to fix it."""
    if raw is None or not raw.strip():
        raise ApplicationError(
            _("请输入企业名称中的至少两个字，或 18 位统一社会信用代码。"), field="q"
        )
    if any(True for _c in forbidden_characters(raw)):
        raise ApplicationError(_("查询内容含有无法识别的控制字符，请删除后重新输入。"), field="q")
    folded = fold(raw)
    if len(folded) > MAX_QUERY_LENGTH:
        raise ApplicationError(
            _("查询内容过长（%(n)d 个字），最多 %(max)d 个字。请只输入名称中有代表性的部分。")
            % {"n": len(folded), "max": MAX_QUERY_LENGTH},
            field="q",
        )
    if len(folded) < MIN_QUERY:
        raise ApplicationError(
            _("请输入至少两个字（例如字号“红光”），或 18 位统一社会信用代码。"), field="q"
        )
    if USCC_LIKE.match(folded):
        try:
            code = uscc.validate(folded)
        except uscc.UsccError as error:
            raise ApplicationError(uscc_error_message(error, folded), field="q") from error
        return SearchQuery(kind="uscc", text=code)
    return SearchQuery(kind="name", text=folded)


def uscc_error_message(error: "uscc.UsccError", code: str) -> str:
    """A distinct, translated message per kind of USCC error."""
    if error.kind == uscc.UsccErrorKind.LENGTH:
        return _("统一社会信用代码应为 18 位，您输入了 %(n)d 位。请核对后重新输入。") % {
            "n": len(code)
        }
    if error.kind == uscc.UsccErrorKind.FORMAT:
        return _(
            "统一社会信用代码含有不允许的字符：前 8 位应为数字，其余为数字或大写字母"
            "（不使用 I、O、Z、S、V）。请核对后重新输入。"
        )
    if error.kind == uscc.UsccErrorKind.CHECKSUM:
        return _("统一社会信用代码最后一位校验码不正确，可能有字符输错。请核对后重新输入。")
    return _("统一社会信用代码无效，请核对后重新输入。")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """The register search's filters: registration authority, type, status, established between.

    They narrow the same exact candidate set (every enterprise whose name contains the query),
    as SQL conditions on the enterprise row of each ranked segment.
    """

    authority: Unit | None = None
    enterprise_type: str = ""
    status: str = ""
    established_from: date | None = None
    established_to: date | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.authority
            or self.enterprise_type
            or self.status
            or self.established_from
            or self.established_to
        )

    def condition(self, prefix: str = "") -> Q:
        """The filters as a condition on Enterprise, reached through `prefix` (e.g.
        "enterprise__" from a posting)."""
        terms: dict[str, Any] = {}
        if self.authority is not None:
            terms[f"{prefix}registration_authority_id"] = self.authority.pk
        if self.enterprise_type:
            terms[f"{prefix}enterprise_type"] = self.enterprise_type
        if self.status:
            terms[f"{prefix}status"] = self.status
        if self.established_from:
            terms[f"{prefix}established_on__gte"] = self.established_from
        if self.established_to:
            terms[f"{prefix}established_on__lte"] = self.established_to
        return Q(**terms)


NO_FILTERS = SearchFilters()


def _date_param(raw: str | None, name: str) -> date | None:
    if raw is None or not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as error:
        raise ApplicationError(
            _("日期格式不正确，请按“年-月-日”填写，例如 2015-03-01。"), field=name
        ) from error


def search_authorities() -> QuerySet[Unit]:
    """The registration authorities a searcher may filter by, in tree order."""
    return Unit.objects.filter(is_registration_authority=True).order_by("ordering_key", "code")


def search_filters_parse(params: Mapping[str, Any]) -> SearchFilters:
    """Validate the filters of a search; each refusal names its field and the fix.

    `authority` is the registration authority's 6-digit division code (GB/T 2260), the public
    identifier of an authority."""
    authority = None
    code = str(params.get("authority") or "").strip()
    if code:
        authority = search_authorities().filter(division_code=code).first()
        if authority is None:
            raise ApplicationError(
                _("没有行政区划代码为“%(code)s”的登记机关，请从列表中选择。") % {"code": code[:20]},
                field="authority",
            )
    enterprise_type = str(params.get("enterprise_type") or "").strip()
    if enterprise_type and enterprise_type not in EnterpriseType.values:
        raise ApplicationError(_("市场主体类型不正确，请从列表中选择。"), field="enterprise_type")
    status = str(params.get("status") or "").strip()
    if status and status not in EnterpriseStatus.values:
        raise ApplicationError(_("登记状态不正确，请从列表中选择。"), field="status")
    established_from = _date_param(params.get("established_from"), "established_from")
    established_to = _date_param(params.get("established_to"), "established_to")
    if established_from and established_to and established_from > established_to:
        raise ApplicationError(
            _("成立日期的截止日不能早于起始日，请调换或修改。"), field="established_to"
        )
    return SearchFilters(
        authority=authority,
        enterprise_type=enterprise_type,
        status=status,
        established_from=established_from,
        established_to=established_to,
    )


class _Pages:
    """Page arithmetic of a result page that knows its count, page number and page size."""

    __slots__ = ()
    count: int
    page: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True, slots=True)
class SearchPage(_Pages):
    query: SearchQuery
    count: int
    page: int
    page_size: int
    results: list[Enterprise] = field(default_factory=list)


def _public_queryset() -> QuerySet[Enterprise]:
    return Enterprise.objects.select_related("registration_authority").defer("legal_rep_id_number")


# What a results page shows (the portal table and the API list), and nothing else: a page loads
# 20 rows, and the other columns (address, scope, capital, ID number …) are never displayed there.
RESULT_FIELDS = (
    "uscc",
    "name",
    "trade_name",
    "enterprise_type",
    "legal_rep_name",
    "established_on",
    "status",
    "registration_authority__name",
    # The list marks of a result row (kept by the supervision services with the listings).
    "on_abnormal_list",
    "on_serious_list",
)


def _result_rows(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return queryset.select_related("registration_authority").only(*RESULT_FIELDS)


def _name_postings(
    folded: str, filters: SearchFilters = NO_FILTERS
) -> tuple[QuerySet[SearchPosting] | None, int | None]:
    """The posting scan that yields exactly the enterprises whose folded name contains `folded`
    (and that pass `filters`), ordered by enterprise id, and its size when the index knows it
    without counting (only without filters)."""
    keys = probe_grams(folded)
    found = list(SearchGram.objects.filter(text__in=keys).values_list("id", "df"))
    if len(found) < len(keys):
        return None, 0  # some required substring occurs in no name at all
    if len(folded) <= MAX_GRAM:
        ((gram_id, df),) = found
        postings = SearchPosting.objects.filter(gram_id=gram_id)
        if filters.active:
            return postings.filter(filters.condition("enterprise__")), None
        return postings, df
    rarest_id, _df = min(found, key=lambda row: row[1])
    postings = SearchPosting.objects.filter(
        gram_id=rarest_id, enterprise__name_search__contains=folded
    )
    if filters.active:
        postings = postings.filter(filters.condition("enterprise__"))
    return postings, None


def _exact_name_rows(folded: str) -> list[tuple[int, str]]:
    """(id, trade_name) of enterprises whose whole folded name is the query: few rows, by id."""
    return list(
        Enterprise.objects.filter(name_search=folded).order_by("id").values_list("id", "trade_name")
    )


def _trade_name_range(folded: str, filters: SearchFilters = NO_FILTERS) -> QuerySet[Enterprise]:
    """Exact trade-name holders that are not exact-name matches, as one (trade_name, id) range.

    Services refuse a trade name that does not occur in the folded name (`_check_enterprise_data`),
    so every row here also contains the query: no per-row containment check is needed.
    """
    return (
        Enterprise.objects.filter(filters.condition(), trade_name=folded)
        .exclude(name_search=folded)
        .order_by("trade_name", "id")
    )


def enterprise_search(
    *,
    raw_query: str | None,
    page: int = 1,
    page_size: int | None = None,
    filters: SearchFilters = NO_FILTERS,
) -> SearchPage:
    """The public enterprise query (查询服务): a name fragment of two or more characters, or a USCC.

    Returns every enterprise whose folded name contains the folded query — the same set a
    `LIKE '%q%'` scan gives — ranked exact name, exact trade name, then the rest by registration
    order, in pages. The work is a fixed number of index probes plus one ordered index range.
    `filters` narrow every segment in SQL; with filters the count is counted, not read from the
    gram's document frequency.
    """
    size = page_size or settings.HONGDUN["SEARCH_PAGE_SIZE"]
    query = search_query_parse(raw_query)
    if page < 1 or page > MAX_PAGE:
        raise ApplicationError(
            _("页码应在 1 到 %(max)d 之间；结果太多时请输入更具体的名称。") % {"max": MAX_PAGE},
            field="page",
        )
    if query.kind == "uscc":
        hit = list(
            _result_rows(Enterprise.objects.filter(filters.condition(), uscc=query.text))[:1]
        )
        return SearchPage(
            query=query, count=len(hit), page=page, page_size=size, results=hit if page == 1 else []
        )
    folded = query.text
    postings, count = _name_postings(folded, filters)
    if postings is None:
        return SearchPage(query=query, count=0, page=page, page_size=size)
    if count is None:
        count = postings.count()
    offset = (page - 1) * size
    # Three ordered segments, paged as one list: exact names, exact trade names, the rest. Each
    # segment's rows are read with the shown columns directly (no separate fetch by id).
    exact = list(
        _result_rows(Enterprise.objects.filter(filters.condition(), name_search=folded)).order_by(
            "id"
        )
    )
    results: list[Enterprise] = exact[offset : offset + size]
    trade_offset = max(0, offset - len(exact))
    wanted = size - len(results)
    trade_count: int | None = None
    if wanted and trade_offset == 0:
        # The trade-name segment starts on this page (page 1, usually): its first rows are read
        # without counting it; the count is only needed when the page runs past its end, and
        # then the rows read are the whole segment.
        trade_rows = list(_result_rows(_trade_name_range(folded, filters))[:wanted])
        results.extend(trade_rows)
        if len(trade_rows) < wanted:
            trade_count = len(trade_rows)
    elif wanted:
        # Count the trade-name segment from the (trade_name, id) index alone, then remove the
        # exact names that also carry the trade name (they are in the first segment).
        trade_count = Enterprise.objects.filter(filters.condition(), trade_name=folded).count()
        trade_count -= sum(1 for row in exact if row.trade_name == folded)
        if trade_offset < trade_count:
            results.extend(
                _result_rows(_trade_name_range(folded, filters))[
                    trade_offset : trade_offset + wanted
                ]
            )
    remaining = size - len(results)
    if remaining > 0 and trade_count is not None:
        rest_offset = max(0, offset - len(exact) - trade_count)
        rest_ids = (
            postings.exclude(enterprise__name_search=folded)
            .exclude(enterprise__trade_name=folded)
            .order_by("enterprise_id")
            .values_list("enterprise_id", flat=True)[rest_offset : rest_offset + remaining]
        )
        # One statement: the page of ids as a subquery, its rows in the same (id) order.
        results.extend(_result_rows(Enterprise.objects.filter(id__in=rest_ids)).order_by("id"))
    return SearchPage(query=query, count=count, page=page, page_size=size, results=results)


def enterprise_search_ids(*, raw_query: str) -> set[int]:
    """Every matching id (no ranking, no paging): what the benchmark and tests compare with LIKE."""
    query = search_query_parse(raw_query)
    if query.kind == "uscc":
        return set(Enterprise.objects.filter(uscc=query.text).values_list("id", flat=True))
    postings, _count = _name_postings(query.text)
    if postings is None:
        return set()
    return set(postings.values_list("enterprise_id", flat=True))


# --- person search (法定代表人、主要人员 → their enterprises) -----------------------------------

MAX_PERSON_NAME = 50


@dataclass(frozen=True, slots=True)
class PersonRole:
    """One enterprise in which the named person holds a role, and the roles."""

    enterprise: Enterprise
    roles: list[str]


@dataclass(frozen=True, slots=True)
class PersonSearchPage(_Pages):
    name: str
    count: int
    page: int
    page_size: int
    results: list[PersonRole] = field(default_factory=list)


def person_name_parse(raw: str | None) -> str:
    """A person's whole name as registered: 2–50 characters, no control characters."""
    name = (raw or "").strip()
    if not name:
        raise ApplicationError(_("请输入法定代表人或主要人员的完整姓名。"), field="q")
    if any(True for _c in forbidden_characters(name)):
        raise ApplicationError(_("姓名含有无法识别的控制字符，请删除后重新输入。"), field="q")
    if len(name) < 2:
        raise ApplicationError(_("请输入完整姓名（至少两个字），按姓名精确查询。"), field="q")
    if len(name) > MAX_PERSON_NAME:
        raise ApplicationError(
            _("姓名最多 %(max)d 个字，请核对后重新输入。") % {"max": MAX_PERSON_NAME}, field="q"
        )
    return name


def person_search(
    *, raw_name: str | None, page: int = 1, page_size: int | None = None
) -> PersonSearchPage:
    """The enterprises in which a person of exactly this name is the legal representative (or
    负责人, 经营者 …), a key officer, or a natural-person investor, by registration order.

    Like an officer search of a companies register, it matches the whole name exactly, through
    the indexes on each name column: three index probes for the ids, then the page's rows and
    the person's rows in them (six queries whatever the number of hits).
    """
    size = page_size or settings.HONGDUN["SEARCH_PAGE_SIZE"]
    name = person_name_parse(raw_name)
    if page < 1 or page > MAX_PAGE:
        raise ApplicationError(_("页码应在 1 到 %(max)d 之间。") % {"max": MAX_PAGE}, field="page")
    ids = set(Enterprise.objects.filter(legal_rep_name=name).values_list("id", flat=True))
    ids.update(EnterpriseOfficer.objects.filter(name=name).values_list("enterprise_id", flat=True))
    ids.update(
        EnterpriseInvestor.objects.filter(name=name, kind=MemberKind.NATURAL_PERSON).values_list(
            "enterprise_id", flat=True
        )
    )
    ordered = sorted(ids)
    page_ids = ordered[(page - 1) * size : page * size]
    if not page_ids:
        return PersonSearchPage(name=name, count=len(ordered), page=page, page_size=size)
    enterprises = list(_result_rows(Enterprise.objects.filter(id__in=page_ids)).order_by("id"))
    roles: dict[int, list[str]] = {e.pk: [] for e in enterprises}
    for e in enterprises:
        if e.legal_rep_name == name:
            roles[e.pk].append(responsible_person_title(e.enterprise_type))
    types = {e.pk: e.enterprise_type for e in enterprises}
    for officer in EnterpriseOfficer.objects.filter(name=name, enterprise_id__in=page_ids).defer(
        "id_number", "id_type"
    ):
        for post in officer_posts(officer, types[officer.enterprise_id]):
            if post not in roles[officer.enterprise_id]:
                roles[officer.enterprise_id].append(post)
    role_labels = dict(MemberRole.choices)
    for investor in EnterpriseInvestor.objects.filter(
        name=name, kind=MemberKind.NATURAL_PERSON, enterprise_id__in=page_ids
    ).only("enterprise_id", "role"):
        label = str(role_labels.get(investor.role, investor.role))
        if label not in roles[investor.enterprise_id]:
            roles[investor.enterprise_id].append(label)
    return PersonSearchPage(
        name=name,
        count=len(ordered),
        page=page,
        page_size=size,
        results=[PersonRole(enterprise=e, roles=roles[e.pk]) for e in enterprises],
    )


def enterprise_public_get(*, code: str) -> Enterprise:
    """One enterprise by USCC for the public detail page; a malformed code is refused with why."""
    try:
        normalized = uscc.validate(code)
    except uscc.UsccError as error:
        raise ApplicationError(
            uscc_error_message(error, uscc.normalize(code)), field="uscc"
        ) from error
    try:
        return _public_queryset().get(uscc=normalized)
    except Enterprise.DoesNotExist as error:
        raise Http404(_("没有找到该统一社会信用代码对应的市场主体。")) from error


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A public change: establishment, a change of name, or a change of status."""

    on: date
    kind: str
    before: str
    after: str


def enterprise_public_timeline(*, enterprise: Enterprise) -> list[TimelineEvent]:
    """Names and statuses over time, from the change history (newest first)."""
    events = [TimelineEvent(on=enterprise.established_on, kind="established", before="", after="")]
    previous: Any = None
    records = enterprise.history.order_by("history_date", "history_id")
    for record in records.only("name", "status", "status_date", "history_date"):
        if previous is not None:
            on = (
                record.history_date.date()
                if isinstance(record.history_date, datetime)
                else record.history_date
            )
            if record.name != previous.name:
                events.append(
                    TimelineEvent(on=on, kind="name", before=previous.name, after=record.name)
                )
            if record.status != previous.status:
                events.append(
                    TimelineEvent(
                        on=record.status_date or on,
                        kind="status",
                        before=str(EnterpriseStatus(previous.status).label),
                        after=str(EnterpriseStatus(record.status).label),
                    )
                )
        previous = record
    return sorted(events, key=lambda e: e.on, reverse=True)


def mask_id_number(value: str) -> str:
    """Keep the first 6 (region) and last 4 characters: enough to tell records apart."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# --- back office -------------------------------------------------------------------------------


def enterprise_list_for_staff(
    *, user: AnyUser, filters: dict[str, Any] | None = None
) -> QuerySet[Enterprise]:
    """The register as a member of staff may see it: their unit's subtree, filtered."""
    filters = filters or {}
    qs = restrict(Enterprise.objects.select_related("registration_authority").order_by("-id"), user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("enterprise_type"):
        qs = qs.filter(enterprise_type=filters["enterprise_type"])
    if filters.get("authority"):
        qs = qs.filter(registration_authority_id=filters["authority"])
    text = filters.get("q")
    if text:
        # The same parse and index as the public query, so staff search is as fast and exact.
        query = search_query_parse(text)
        if query.kind == "uscc":
            return qs.filter(uscc=query.text)
        postings, _count = _name_postings(query.text)
        if postings is None:
            return qs.none()
        qs = qs.filter(pk__in=postings.values("enterprise_id"))
    return qs


def staff_authority_choices(*, user: AnyUser) -> QuerySet[Unit]:
    """The registration authorities whose enterprises the user may read (the list's filter)."""
    return units_in_reach(user, ENTERPRISE).filter(is_registration_authority=True)


def enterprise_get_for_staff(*, user: AnyUser, pk: int) -> Enterprise:
    """One enterprise if it lies in the user's scope; otherwise it does not exist for them (404)."""
    try:
        return enterprise_list_for_staff(user=user).get(pk=pk)
    except Enterprise.DoesNotExist as error:
        raise Http404(_("没有找到该市场主体，或它不在您的管辖范围内。")) from error


def can_see_personal_data(*, user: AnyUser) -> bool:
    return bool(user_roles(user) & PERSONAL_DATA_READERS) or bool(
        getattr(user, "is_superuser", False)
    )
