"""Roles are Django groups named by these codes; a user may hold several."""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.memo import per_request

if TYPE_CHECKING:
    from hongdun.accounts.types import AnyUser


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

# Who may see a legal representative's ID number: those who handle registrations and inspections.
PERSONAL_DATA_READERS = frozenset({Role.REGISTRAR, Role.SUPERVISOR, Role.ADMINISTRATOR})


class DerivedRole(models.TextChoices):
    """Roles held by position rather than by group; the app that knows the position derives them
    (`hongdun.core.scope.register_role_source`)."""

    UNIT_HEAD = "unit_head", _("单位主要负责人")


def user_roles(user: "AnyUser | None") -> frozenset[str]:
    """The role codes (groups) a user holds, read once per request (accounts.memo)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    signed_in = user

    def read() -> frozenset[str]:
        valid = set(Role.values)
        names = signed_in.groups.values_list("name", flat=True)
        return frozenset(name for name in names if name in valid)

    return per_request(("roles", user.pk), read)


def has_any_role(user: "AnyUser | None", roles: frozenset[str] | set[str]) -> bool:
    return bool(user_roles(user) & roles)
