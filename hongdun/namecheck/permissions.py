"""Row scope of name declarations (ADR 0013): a declaration belongs to the registration authority
it is filed with, and to the applicant who filed it. Who reviews them is the
`namecheck.reservation` row of `hongdun.core.scope_rules`."""

from django.utils.translation import gettext_lazy as _

from hongdun.core.scope import register_kind, register_model

RESERVATION = "namecheck.reservation"


def declare_scope() -> None:
    from hongdun.namecheck.models import NameReservation

    register_kind(RESERVATION, label=_("名称申报"))
    register_model(NameReservation, kind=RESERVATION, unit="registry", owner="applicant")
