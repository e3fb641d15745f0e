"""Row scope of issued documents (ADR 0013): part of their application's record, so they follow
the `registration.application` row of `hongdun.core.scope_rules`."""

from hongdun.core.scope import register_model
from hongdun.registration.permissions import APPLICATION


def declare_scope() -> None:
    from hongdun.registration.review.models import IssuedDocument

    register_model(
        IssuedDocument,
        kind=APPLICATION,
        unit="application__authority",
        owner="application__applicant",
    )
