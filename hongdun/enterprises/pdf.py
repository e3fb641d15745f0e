"""The public record as a PDF (企业信用信息公示报告).

The same registered sections as the page (`public_sections.py`), drawn for the same viewer, so
the PDF carries exactly what the page shows that person: public parts only for the public.
Rendered with WeasyPrint and the Noto CJK fonts the system provides (fonts-noto-cjk), always in
Chinese, like the bureau's other documents.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hongdun.accounts.types import AnyUser
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_sections import public_record_sections

DOCUMENT_LANGUAGE = "zh-hans"


def public_report_html(enterprise: Enterprise, viewer: AnyUser) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "enterprises/public/report_pdf.html",
            {
                "enterprise": enterprise,
                "sections": public_record_sections(enterprise, viewer),
                "generated_at": timezone.localtime(),
            },
        )


def public_report_pdf(enterprise: Enterprise, viewer: AnyUser) -> bytes:
    """The 企业信用信息公示报告 of `enterprise` as `viewer` may see it, as PDF bytes."""
    import weasyprint

    html = public_report_html(enterprise, viewer)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return bytes(document.write_pdf())


def public_report_filename(enterprise: Enterprise) -> str:
    return f"企业信用信息公示报告-{enterprise.uscc}.pdf"
