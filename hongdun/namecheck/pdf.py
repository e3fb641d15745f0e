"""The name reservation notice (企业名称自主申报告知书 / 名称保留通知) as an A4 PDF.

Rendered with WeasyPrint from `namecheck/pdf/notice.html`, with the Noto CJK fonts the system
provides (fonts-noto-cjk), which WeasyPrint subsets and embeds. The notice is an official document
of the bureau and is always issued in Chinese, whatever language the page was viewed in. It names
the authority that decided and carries the verification code (and its QR code) that the public
page `/verify/` checks.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hongdun.core.verification import (
    code_display,
    qr_png_data_uri,
    verification_page_url,
    verification_url,
)
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.page_selectors import reservation_number
from hongdun.namecheck.verification import reservation_notice_issue
from hongdun.namecheck.views.common import present_findings

NOTICE_LANGUAGE = "zh-hans"


def reservation_notice_context(reservation: NameReservation) -> dict[str, Any]:
    applicant = reservation.applicant
    verification = reservation_notice_issue(reservation=reservation)
    verify_url = verification_url(verification.code)
    return {
        "reservation": reservation,
        "number": reservation_number(reservation),
        # The authority that decided (the registry, or the approving registrar's authority).
        "issuer_name": verification.issuer.name,
        "applicant_name": getattr(applicant, "full_name", "") or applicant.get_username(),
        "declared_on": timezone.localdate(reservation.created_at),
        "reviewed_on": timezone.localdate(reservation.reviewed_at)
        if reservation.reviewed_at
        else None,
        # The day the name was reserved: the notice reads the same whenever it is downloaded.
        "issued_on": verification.issued_on,
        "verification_code": code_display(verification.code),
        "verify_page": verification_page_url(),
        "verify_qr": qr_png_data_uri(verify_url),
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
