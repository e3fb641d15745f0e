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


def registration_authority_of(*, unit: Unit) -> Unit | None:
    """The registration authority a unit acts for: the unit itself when it is one, else the
    nearest one above it (a station acts for its branch); None when there is none."""
    authorities = [
        u for u in Unit.objects.ancestors(unit, include_self=True) if u.is_registration_authority
    ]
    return authorities[-1] if authorities else None


def deciding_authority(*, clerk_unit: Unit | None, case_authority: Unit) -> Unit:
    """The authority to name on a decision: the registration authority of the clerk who decided
    (a city registrar deciding a district's case decides as the city bureau), or the case's own
    authority when nobody decided in person (a name the system reserved) or the clerk's unit
    acts for none."""
    if clerk_unit is not None:
        authority = registration_authority_of(unit=clerk_unit)
        if authority is not None:
            return authority
    return case_authority
