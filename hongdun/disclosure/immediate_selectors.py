"""Reads of immediate disclosures: the enterprise user's own (portal), and the public record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.types import AnyUser
from hongdun.disclosure.immediate import ShownField, shown_details, summary
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.enterprises.models import Enterprise
from hongdun.registration.selectors import enterprises_for_applicant


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该即时信息。")) from error


def immediate_list_for_user(*, user: AnyUser) -> QuerySet[ImmediateDisclosure]:
    """Disclosures of the enterprises the user holds a live authorisation for, newest first."""
    return (
        ImmediateDisclosure.objects.filter(enterprise__in=enterprises_for_applicant(user=user))
        .select_related("enterprise", "corrects")
        .order_by("-published_at", "-id")
    )


def immediate_get_for_user(*, user: AnyUser, pk: Any) -> ImmediateDisclosure:
    """One of them; any other id is "not found", as if it did not exist."""
    try:
        return immediate_list_for_user(user=user).get(pk=_int(pk))
    except ImmediateDisclosure.DoesNotExist as error:
        raise Http404(_("没有找到该即时信息。")) from error


def enterprise_for_discloser(*, user: AnyUser, pk: Any) -> Enterprise:
    """An enterprise the user may publish for; any other is "not found"."""
    try:
        return enterprises_for_applicant(user=user).get(pk=_int(pk))
    except Enterprise.DoesNotExist as error:
        raise Http404(_("没有找到该市场主体，或您没有它的有效授权。")) from error


@dataclass(frozen=True)
class PublicDisclosure:
    """One disclosure as the public record shows it."""

    id: int
    kind: str
    kind_label: str
    title: str
    fields: list[ShownField]
    occurred_on: Any
    due_on: Any
    published_on: Any
    late: bool
    corrects_id: int | None
    corrects_published_on: Any
    corrected_by_ids: list[int]


def immediate_public(*, enterprise: Enterprise) -> list[PublicDisclosure]:
    """Every disclosure of the enterprise, corrections and what they correct alike, newest
    first: all of it is public (《企业信息公示暂行条例》第十条). One query."""
    rows = list(
        ImmediateDisclosure.objects.filter(enterprise=enterprise)
        .only(
            "id",
            "kind",
            "details",
            "occurred_on",
            "due_on",
            "published_at",
            "late",
            "corrects_id",
        )
        .order_by("-published_at", "-id")
    )
    published = {row.id: timezone.localdate(row.published_at) for row in rows}
    corrected_by: dict[int, list[int]] = {}
    for row in rows:
        if row.corrects_id is not None:
            corrected_by.setdefault(row.corrects_id, []).append(row.id)
    return [
        PublicDisclosure(
            id=row.id,
            kind=row.kind,
            kind_label=row.get_kind_display(),
            title=summary(row.kind, row.details),
            fields=shown_details(row.kind, row.details),
            occurred_on=row.occurred_on,
            due_on=row.due_on,
            published_on=published[row.id],
            late=row.late,
            corrects_id=row.corrects_id,
            corrects_published_on=published.get(row.corrects_id)
            if row.corrects_id is not None
            else None,
            corrected_by_ids=sorted(corrected_by.get(row.id, [])),
        )
        for row in rows
    ]
