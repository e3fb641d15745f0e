"""The decision notices as PDF responses, for the staff pages and the enterprise's pages alike
(each looks the listing up through its own scoped selector first)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from hongdun.supervision.abnormal_documents import (
    NoticeKind,
    notice_available,
    notice_filename,
    notice_pdf,
)
from hongdun.supervision.models import AbnormalListing


def notice_response(listing: AbnormalListing, kind: str) -> HttpResponse:
    if kind not in (NoticeKind.LISTING, NoticeKind.REMOVAL) or not notice_available(listing, kind):
        raise Http404(_("该决定书不存在。"))
    response = HttpResponse(notice_pdf(listing, kind), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(False, notice_filename(listing, kind)) or ""
    )
    return response
