"""Roles are Django groups named by these codes; a user may hold several."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("公众/企业")
    REGISTRAR = "registrar", _("登记员")
    SUPERVISOR = "supervisor", _("监管员")
    PERSONNEL = "personnel", _("政工")
    DISCIPLINE = "discipline", _("纪检")
    LEADER = "leader", _("领导")
    ADMINISTRATOR = "administrator", _("系统管理员")


STAFF_ROLES = frozenset(
    {
        Role.REGISTRAR,
        Role.SUPERVISOR,
        Role.PERSONNEL,
        Role.DISCIPLINE,
        Role.LEADER,
        Role.ADMINISTRATOR,
    }
)

# Who may read the market-entity register in the back office (within their unit's subtree).
REGISTER_READERS = frozenset({Role.REGISTRAR, Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR})
# Who may see a legal representative's ID number: those who handle registrations and inspections.
PERSONAL_DATA_READERS = frozenset({Role.REGISTRAR, Role.SUPERVISOR, Role.ADMINISTRATOR})


def user_roles(user: Any) -> frozenset[str]:
    """The role codes a user holds, read once per request and cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_hongdun_roles", None)
    if cached is None:
        valid = set(Role.values)
        cached = frozenset(n for n in user.groups.values_list("name", flat=True) if n in valid)
        user._hongdun_roles = cached
    return cached


def has_any_role(user: Any, roles: frozenset[str] | set[str]) -> bool:
    return bool(user_roles(user) & roles)
