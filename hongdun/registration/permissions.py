"""Row scope of registrations (ADR 0013): an application, and everything filed with it, belongs
to its competent registration authority and to its applicant; an authorisation to act for an
enterprise belongs to the enterprise's authority. Who decides them is the
`registration.application` and `registration.authorisation` rows of `hongdun.core.scope_rules`."""

from django.utils.translation import gettext_lazy as _

from hongdun.core.scope import register_kind, register_model

APPLICATION = "registration.application"
AUTHORISATION = "registration.authorisation"


def declare_scope() -> None:
    from hongdun.registration.models import (
        Application,
        EnterpriseAuthorisation,
        Material,
        NoticeObjection,
    )

    register_kind(APPLICATION, label=_("登记申请"))
    register_kind(AUTHORISATION, label=_("企业授权"))
    register_model(Application, kind=APPLICATION, unit="authority", owner="applicant")
    for part in (Material, NoticeObjection):
        register_model(
            part,
            kind=APPLICATION,
            unit="application__authority",
            owner="application__applicant",
        )
    register_model(
        EnterpriseAuthorisation,
        kind=AUTHORISATION,
        unit="enterprise__registration_authority",
        owner="user",
    )
