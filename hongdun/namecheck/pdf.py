"""The name reservation notice (企业名称自主申报告知书 / 名称保留通知) as an A4 PDF.

Rendered with WeasyPrint from `namecheck/pdf/notice.html`, with the Noto CJK fonts the system
provides (fonts-noto-cjk), which WeasyPrint subsets and embeds. The notice is an official document
of the bureau and is always issued in Chinese, whatever language the page was viewed in.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.page_selectors import reservation_number
from hongdun.namecheck.views.common import present_findings

NOTICE_LANGUAGE = "zh-hans"


def reservation_notice_context(reservation: NameReservation) -> dict[str, Any]:
    applicant = reservation.applicant
    return {
        "reservation": reservation,
        "number": reservation_number(reservation),
        "bureau_name": gettext(settings.HONGDUN["BUREAU_NAME"]),
        "applicant_name": getattr(applicant, "full_name", "") or applicant.get_username(),
        "declared_on": timezone.localdate(reservation.created_at),
        "reviewed_on": timezone.localdate(reservation.reviewed_at)
        if reservation.reviewed_at
        else None,
        "issued_on": timezone.localdate(),
        "findings": present_findings(reservation.proposed_name, reservation.findings),
        "period_months": settings.HONGDUN.get(
            "NAME_RESERVATION_PRE_APPROVAL_MONTHS"
            if reservation.needs_pre_approval
            else "NAME_RESERVATION_MONTHS",
            12 if reservation.needs_pre_approval else 2,
        ),
    }


def reservation_notice_html(reservation: NameReservation) -> str:
    with translation.override(NOTICE_LANGUAGE):
        return render_to_string(
            "namecheck/pdf/notice.html", reservation_notice_context(reservation)
        )


def reservation_notice_pdf(reservation: NameReservation) -> bytes:
    """The notice of a reserved name, as PDF bytes."""
    import weasyprint

    html = reservation_notice_html(reservation)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return bytes(document.write_pdf())


def reservation_notice_filename(reservation: NameReservation) -> str:
    return f"名称保留告知书-{reservation_number(reservation)}.pdf"
