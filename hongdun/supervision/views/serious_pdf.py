"""The decision notices of the serious-violation list as PDF: 列入严重违法失信名单决定书
and, once removed, 移出严重违法失信名单决定书. Rendered with WeasyPrint and the system's Noto
CJK fonts, always in Chinese, like the bureau's other documents. Staff within reach of the entry
and the users authorised for the enterprise may read them; anyone else is answered "not found"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from hongdun.supervision.choices import ListingStatus
from hongdun.supervision.models import SeriousListing
from hongdun.supervision.selectors_serious import notice_for

DOCUMENT_LANGUAGE = "zh-hans"


def _masked_id(number: str) -> str:
    """The legal representative's ID number as printed on the notice (first 6, last 4)."""
    if len(number) <= 10:
        return number[:2] + "*" * max(len(number) - 2, 0)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def notice_html(row: SeriousListing, *, removal: bool) -> str:
    context: dict[str, Any] = {
        "row": row,
        "enterprise": row.enterprise,
        "removal": removal,
        "bar": row.disqualification,
        "rep_id": _masked_id(row.legal_rep_id_number),
        "bureau_name": settings.HONGDUN["BUREAU_NAME"],
        "generated_at": timezone.localtime(),
    }
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string("supervision/serious/notice_pdf.html", context)


def notice_pdf(row: SeriousListing, *, removal: bool) -> bytes:
    import weasyprint

    html = notice_html(row, removal=removal)
    return bytes(weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


class SeriousNoticePdfView(LoginRequiredMixin, View):
    """GET …/<pk>/notice.pdf (the listing) or …/<pk>/removal-notice.pdf (the removal)."""

    removal = False

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = notice_for(request.user, pk)
        if row is None or (self.removal and row.status != ListingStatus.REMOVED):
            raise Http404(_("没有找到该决定书。"))
        response = HttpResponse(
            notice_pdf(row, removal=self.removal), content_type="application/pdf"
        )
        kind = "移出严重违法失信名单决定书" if self.removal else "列入严重违法失信名单决定书"
        disposition = content_disposition_header(
            as_attachment=False, filename=f"{kind}-{row.enterprise.uscc}.pdf"
        )
        if disposition:
            response["Content-Disposition"] = disposition
        response["Cache-Control"] = "private, no-store"
        return response
