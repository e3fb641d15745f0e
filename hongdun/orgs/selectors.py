"""Reads over the org tree. Staff see their own unit's subtree and nothing outside it."""

from django.db.models import QuerySet

from hongdun.orgs.models import Unit


def unit_subtree(*, unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it."""
    return Unit.objects.descendants(unit, include_self=True)


def unit_subtree_ids(*, unit: Unit) -> list[int]:
    return list(unit_subtree(unit=unit).values_list("pk", flat=True))


def registration_authorities() -> QuerySet[Unit]:
    return Unit.objects.filter(is_registration_authority=True).order_by("ordering_key", "code")
