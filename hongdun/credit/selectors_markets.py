"""Reads of 文明诚信市场 (docs/rules/credit.md §7): the staff lists within the reader's scope
(kind "credit.market", by the market's supervising unit), and the public list of the markets
whose title stands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, restrict
from hongdun.credit.choices import EvaluationStatus
from hongdun.credit.models import Market, MarketChecklist, MarketEvaluation, MarketStall
from hongdun.orgs.models import Unit


class TitleFilter:
    """The title states the staff lists filter by."""

    HELD = "held"  # awarded and not revoked
    REVOKED = "revoked"
    NOT_AWARDED = "not_awarded"  # decided without the title
    UNDECIDED = "undecided"  # a draft, or (markets) no evaluation yet


def current_title(prefix: str = "") -> Q:
    """Evaluations whose title stands: awarded and not revoked."""
    return Q(**{f"{prefix}title_awarded": True, f"{prefix}title_revoked_on__isnull": True})


def _subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.descendants(unit, include_self=True)


def markets_for_staff(
    user: AnyUser, filters: dict[str, Any] | None = None, action: Action = Action.VIEW
) -> QuerySet[Market]:
    """Markets in the user's reach with their operator, unit, stalls in use and whether the
    title of this year stands; filtered by kind, unit subtree, title this year, status, name."""
    filters = filters or {}
    year = timezone.localdate().year
    held = MarketEvaluation.objects.filter(current_title(), market=OuterRef("pk"), year=year)
    rows = restrict(Market.objects.all(), user, action).select_related("operator", "unit")
    rows = rows.annotate(
        stalls_in_use=Count("stalls", filter=Q(stalls__is_active=True)),
        title_this_year=Exists(held),
    )
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("unit") is not None:
        rows = rows.filter(unit__in=_subtree(filters["unit"]))
    if filters.get("title") == "yes":
        rows = rows.filter(title_this_year=True)
    elif filters.get("title") == "no":
        rows = rows.filter(title_this_year=False)
    if filters.get("active") == "yes":
        rows = rows.filter(is_active=True)
    elif filters.get("active") == "no":
        rows = rows.filter(is_active=False)
    text = (filters.get("q") or "").strip()
    if text:
        rows = rows.filter(
            Q(name__icontains=text) | Q(operator__name__icontains=text) | Q(operator__uscc=text)
        )
    return rows.order_by("unit__ordering_key", "name", "pk")


def market_stalls(market: Market, *, q: str = "", active: str = "") -> QuerySet[MarketStall]:
    rows = MarketStall.objects.filter(market=market).select_related("enterprise")
    if q:
        rows = rows.filter(
            Q(number__icontains=q) | Q(holder_name__icontains=q) | Q(goods__icontains=q)
        )
    if active == "yes":
        rows = rows.filter(is_active=True)
    elif active == "no":
        rows = rows.filter(is_active=False)
    return rows.order_by("number", "pk")


@dataclass(frozen=True)
class StallWarning:
    number: str
    name: str
    listed: str  # which list


def stall_warnings(market: Market) -> list[StallWarning]:
    """Stalls in use held by an enterprise on the serious or the abnormal list: what a clerk
    weighs before awarding or keeping the market's title."""
    from django.utils.translation import gettext as _

    rows = (
        MarketStall.objects.filter(market=market, is_active=True, enterprise__isnull=False)
        .filter(Q(enterprise__on_serious_list=True) | Q(enterprise__on_abnormal_list=True))
        .select_related("enterprise")
        .order_by("number")
    )
    return [
        StallWarning(
            stall.number,
            stall.enterprise.name,
            _("严重违法失信名单") if stall.enterprise.on_serious_list else _("经营异常名录"),
        )
        for stall in rows
        if stall.enterprise is not None
    ]


def evaluations_for_staff(
    user: AnyUser, filters: dict[str, Any] | None = None, action: Action = Action.VIEW
) -> QuerySet[MarketEvaluation]:
    """Evaluations in reach, filtered by year, status, title state, unit subtree and name."""
    filters = filters or {}
    rows = restrict(MarketEvaluation.objects.all(), user, action).select_related(
        "market", "market__unit", "market__operator", "checklist"
    )
    if filters.get("year"):
        rows = rows.filter(year=filters["year"])
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    title = filters.get("title")
    if title == TitleFilter.HELD:
        rows = rows.filter(current_title())
    elif title == TitleFilter.REVOKED:
        rows = rows.filter(title_awarded=True, title_revoked_on__isnull=False)
    elif title == TitleFilter.NOT_AWARDED:
        rows = rows.filter(status=EvaluationStatus.DECIDED, title_awarded=False)
    elif title == TitleFilter.UNDECIDED:
        rows = rows.filter(status=EvaluationStatus.DRAFT)
    if filters.get("unit") is not None:
        rows = rows.filter(market__unit__in=_subtree(filters["unit"]))
    text = (filters.get("q") or "").strip()
    if text:
        rows = rows.filter(market__name__icontains=text)
    return rows.order_by("-year", "market__name", "pk")


def market_evaluations(market: Market) -> QuerySet[MarketEvaluation]:
    return (
        MarketEvaluation.objects.filter(market=market)
        .select_related("checklist", "evaluated_by")
        .order_by("-year")
    )


def checklists() -> QuerySet[MarketChecklist]:
    decided = MarketEvaluation.objects.filter(
        checklist=OuterRef("pk"), status=EvaluationStatus.DECIDED
    )
    used = (
        MarketEvaluation.objects.filter(checklist=OuterRef("pk"))
        .order_by()
        .values("checklist")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return MarketChecklist.objects.annotate(
        frozen=Exists(decided), evaluation_count=Coalesce(Subquery(used), 0)
    ).order_by("-year")


# --- the public list ------------------------------------------------------------------------------


def public_titled_markets(
    *,
    year: int | None = None,
    kind: str = "",
    unit: Unit | None = None,
    q: str = "",
) -> QuerySet[MarketEvaluation]:
    """The titles that stand (awarded, not revoked) of markets in operation, by year: market,
    kind, address, operator's name and USCC, the supervising unit. Nothing about stalls or the
    people who hold them."""
    rows = (
        MarketEvaluation.objects.filter(current_title(), market__is_active=True)
        .select_related("market", "market__operator", "market__unit")
        .only(
            "pk",
            "year",
            "evaluated_on",
            "market__name",
            "market__kind",
            "market__address",
            "market__operator__name",
            "market__operator__uscc",
            "market__unit__name",
            "market__unit__name_en",
        )
    )
    if year is not None:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(market__kind=kind)
    if unit is not None:
        rows = rows.filter(market__unit__in=_subtree(unit))
    if q:
        rows = rows.filter(
            Q(market__name__icontains=q)
            | Q(market__operator__name__icontains=q)
            | Q(market__operator__uscc=q.upper())
        )
    return rows.order_by("-year", "market__name", "pk")


def public_years() -> list[int]:
    """Years with a title that stands, newest first (the public filter's choices)."""
    return list(
        MarketEvaluation.objects.filter(current_title(), market__is_active=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
