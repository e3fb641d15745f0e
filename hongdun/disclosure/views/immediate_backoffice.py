"""The staff list of immediate disclosures on the platform's generic back office
(docs/back-office.md): read-only (they are the enterprise's own statements; staff correct
nothing), scoped by the enterprise's registration authority (record kind "disclosure.immediate"),
filtered by kind, lateness, authority subtree and occurred date, exported to Excel."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.urls import URLPattern, path, register_converter
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.types import AnyUser, User
from hongdun.core.backoffice.records import RecordType, Register
from hongdun.core.backoffice.urls import PAGES
from hongdun.core.scope import Action, units_in_reach
from hongdun.disclosure.immediate import details_text
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.disclosure.permissions import IMMEDIATE_DISCLOSURE
from hongdun.orgs.fields import UnitTreeChoiceField
from hongdun.orgs.models import Unit

SLUG = "immediate"

RECORD_TYPES = (
    RecordType(
        SLUG,
        ImmediateDisclosure,
        list_fields=("enterprise", "kind", "occurred_on", "due_on", "published_at", "late"),
        form_fields=(),
        filters=("kind", "late"),
        search=("enterprise__name", "enterprise__uscc"),
        date_field="occurred_on",
        select_related=("enterprise", "corrects", "published_by"),
        export_fields=(
            "enterprise",
            "kind",
            "details",
            "occurred_on",
            "due_on",
            "published_at",
            "late",
            "corrects",
        ),
    ),
)


class AuthorityFilter(django_filters.ModelChoiceFilter):
    """The enterprise's registration authority, with the units under it."""

    field_class = UnitTreeChoiceField


def _in_subtree(queryset: QuerySet[Any], name: str, unit: Unit) -> QuerySet[Any]:
    units = Unit.objects.descendants(unit, include_self=True)
    return queryset.filter(enterprise__registration_authority__in=units)


class ImmediateRegister(Register):
    namespace = "backoffice-disclosure-immediate"
    title = _("工作台")
    home_url_name = "backoffice:dashboard"

    def can(self, user: AnyUser, record_type: RecordType, action: Action) -> bool:
        return action == Action.VIEW and super().can(user, record_type, action)

    def extra_filters(
        self, user: AnyUser, record_type: RecordType
    ) -> dict[str, django_filters.Filter]:
        return {
            "authority": AuthorityFilter(
                label=_("登记机关"),
                queryset=units_in_reach(user, IMMEDIATE_DISCLOSURE),
                method=_in_subtree,
                help_text=_("含下级单位"),
                first_unit=getattr(user, "unit", None),
            )
        }

    def display(self, user: AnyUser, instance: models.Model, name: str, value: Any) -> Any:
        if not isinstance(instance, ImmediateDisclosure):
            return value
        if name == "enterprise":
            return f"{instance.enterprise.name}（{instance.enterprise.uscc}）"
        if name == "details":
            return details_text(instance.kind, instance.details)
        if name == "corrects" and instance.corrects_id is not None:
            return gettext("更正第 %(id)s 号") % {"id": instance.corrects_id}
        return value

    def save(
        self, *, user: User, record_type: RecordType, instance: models.Model, data: dict[str, Any]
    ) -> models.Model:
        raise PermissionDenied  # the enterprise publishes and corrects; staff only read

    def delete(self, *, user: User, record_type: RecordType, instance: models.Model) -> None:
        raise PermissionDenied


REGISTER = ImmediateRegister(RECORD_TYPES)


class _Slug:
    """Only this register's slug, so that other disclosure pages can share /staff/disclosure/."""

    regex = re.escape(SLUG)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_Slug, "immediate_slug")


def backoffice_patterns() -> list[URLPattern]:
    """The generic pages (list, export, detail, history; edit pages answer 403) at
    /staff/disclosure/immediate/…"""
    return [
        path(
            route.replace("<slug:slug>", "<immediate_slug:slug>"),
            view.as_view(register=REGISTER),
            name=name,
        )
        for route, view, name in PAGES
    ]
