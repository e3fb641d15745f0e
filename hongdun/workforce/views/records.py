"""The workforce register on the platform's generic back office (core.backoffice): the record
types of registry.py, with the answers of permissions.py (who, which units, which fields are
masked) and the services' write path. The pages are the platform's; only the home page with its
menu by pillar is the workforce's own.
"""

from typing import Any, cast

import django_filters
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.accounts.types import AnyUser, User
from hongdun.core.backoffice.forms import RecordForm as PlatformRecordForm
from hongdun.core.backoffice.records import RecordType as PlatformRecordType
from hongdun.core.backoffice.records import Register
from hongdun.core.scope import Action, permits
from hongdun.core.validators import resident_id_warnings
from hongdun.orgs.fields import UnitTreeChoiceField
from hongdun.orgs.models import Unit
from hongdun.workforce import permissions as perms
from hongdun.workforce.forms import record_form_class, related_choices, unit_choices
from hongdun.workforce.models import Person
from hongdun.workforce.permissions import KIND_LABELS, RecordKind
from hongdun.workforce.registry import RECORD_TYPES, RecordType, menu
from hongdun.workforce.services import record_delete, record_save


class UnitTreeFilter(django_filters.ModelChoiceFilter):
    """A unit filter shown as the searchable org tree (the user's own unit first)."""

    field_class = UnitTreeChoiceField


class WorkforceRegister(Register):
    namespace = "backoffice-workforce"
    title = _("队伍建设")
    home_url_name = "backoffice-workforce:home"

    def hidden_fields(self, user: AnyUser, model: type[models.Model]) -> frozenset[str]:
        return perms.hidden_fields(user, model)

    def display(self, user: AnyUser, instance: models.Model, name: str, value: Any) -> Any:
        return perms.display_value(user, instance, name, value)

    def object_url(self, instance: models.Model) -> str:
        if isinstance(instance, Person):
            return reverse("backoffice-workforce:person", args=[instance.pk])
        return super().object_url(instance)

    def related_choices(
        self,
        user: AnyUser,
        record_type: PlatformRecordType,
        field: "models.ForeignKey[Any, Any]",
        action: Action,
    ) -> QuerySet[Any]:
        return related_choices(user, self._own(record_type), field, action)

    def related_filter(
        self, user: AnyUser, record_type: PlatformRecordType, field: "models.ForeignKey[Any, Any]"
    ) -> django_filters.Filter:
        if field.related_model is not Unit:
            return super().related_filter(user, record_type, field)

        def subtree(queryset: QuerySet[Any], name: str, unit: Unit) -> QuerySet[Any]:
            units = Unit.objects.descendants(unit, include_self=True)
            return queryset.filter(**{f"{name}__in": units})

        return UnitTreeFilter(
            field_name=field.name,
            label=field.verbose_name,
            queryset=unit_choices(user, self._own(record_type), Action.VIEW),
            method=subtree,
            help_text=_("含下级单位"),
            first_unit=getattr(user, "unit", None),
        )

    def form_class(self, record_type: PlatformRecordType) -> type[PlatformRecordForm]:
        return record_form_class(self, self._own(record_type))

    def save_warnings(self, record_type: PlatformRecordType, data: dict[str, Any]) -> list[str]:
        # Saved all the same: an unknown area code may be right (the identity document decides).
        return resident_id_warnings(data.get("id_number") or "")

    def save(
        self,
        *,
        user: User,
        record_type: PlatformRecordType,
        instance: models.Model,
        data: dict[str, Any],
    ) -> models.Model:
        return record_save(user=user, instance=instance, data=data)

    def delete(
        self, *, user: User, record_type: PlatformRecordType, instance: models.Model
    ) -> None:
        record_delete(user=user, instance=instance)

    def _own(self, record_type: PlatformRecordType) -> RecordType:
        """The workforce's declaration (with its kind): the register holds no other."""
        return cast(RecordType, self.by_slug[record_type.slug])


REGISTER = WorkforceRegister(RECORD_TYPES)


def workforce_menu(user: AnyUser) -> list[tuple[str, list[RecordType]]]:
    """Kinds the user may read, each with its record types, for the home page."""
    groups = []
    for kind in RecordKind:
        if kind in {RecordKind.FAMILY, RecordKind.FIGURES, RecordKind.IMPORTS}:
            continue
        if permits(user, kind):
            groups.append((str(KIND_LABELS[kind]), menu(kind)))
    return groups


class WorkforceHomeView(AccessMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        groups = workforce_menu(request.user)
        if not groups:
            raise PermissionDenied
        return render(request, "workforce/backoffice/home.html", {"groups": groups})
