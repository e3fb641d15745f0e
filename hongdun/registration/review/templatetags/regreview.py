"""`{% issued_documents application %}`: the licence or refusal notice of an application, with
download links, for the applicant's page (the registration portal includes it)."""

from typing import Any

from django import template

from hongdun.registration.review.selectors import documents_for_application

register = template.Library()


@register.inclusion_tag("regreview/portal/documents.html", takes_context=True)
def issued_documents(context: dict[str, Any], application: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "documents": documents_for_application(user=user, application=application) if user else []
    }
