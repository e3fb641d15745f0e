"""Row scope of the register (ADR 0013): an enterprise belongs to the unit that registered it.
Who reads it, and how far, is the `enterprises.enterprise` row of `hongdun.core.scope_rules`."""

from django.utils.translation import gettext_lazy as _

from hongdun.core.scope import register_kind, register_model

ENTERPRISE = "enterprises.enterprise"


def declare_scope() -> None:
    from hongdun.enterprises.models import Enterprise

    register_kind(ENTERPRISE, label=_("市场主体"))
    register_model(Enterprise, kind=ENTERPRISE, unit="registration_authority")
