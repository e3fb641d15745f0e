"""The two decision notices of the abnormal-operation list as verifiable PDFs:
列入经营异常名录决定书 and 移出经营异常名录决定书.

Both are about one `AbnormalListing` row and carry their own verification code (kinds
`supervision.abnormal_listing` and `supervision.abnormal_removal`, issued by the decision services);
the public `/verify/` page asks `listing_notice_describe` / `removal_notice_describe` whether a
notice still holds. Rendered with WeasyPrint and the Noto CJK fonts, always in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from hongdun.core.verification import (
    DocumentFacts,
    Standing,
    code_display,
    qr_png_data_uri,
    verification_for,
    verification_page_url,
    verification_url,
)
from hongdun.supervision.choices import ListingStatus
from hongdun.supervision.engine.deadlines import objection_last_day
from hongdun.supervision.models import AbnormalListing
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.services_abnormal import LISTING_NOTICE, REMOVAL_NOTICE

DOCUMENT_LANGUAGE = "zh-hans"


class NoticeKind:
    LISTING = "listing"
    REMOVAL = "removal"


def notice_available(listing: AbnormalListing, kind: str) -> bool:
    """Whether the notice of `kind` exists for the listing (it has been decided that way)."""
    if kind == NoticeKind.LISTING:
        return listing.listed_on is not None and bool(listing.document_number)
    if kind == NoticeKind.REMOVAL:
        return listing.status == ListingStatus.REMOVED and listing.removed_on is not None
    return False


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    title: str
    number: str
    enterprise_name: str
    uscc: str
    legal_rep_name: str
    address: str
    reason_label: str
    report_year: int | None
    facts: str
    authority_name: str
    issued_on: date
    removal_ground: str = ""
    listed_on: date | None = None
    listing_number: str = ""
    objection_last_day: date | None = None
    verification_code: str = ""


def notice_facts(listing: AbnormalListing, kind: str) -> NoticeFacts:
    enterprise = listing.enterprise
    removal = kind == NoticeKind.REMOVAL
    issued_on = listing.removed_on if removal else listing.listed_on
    if issued_on is None:  # callers check notice_available first
        raise ValueError(f"listing {listing.pk} has no {kind} decision")
    record = verification_for(kind=REMOVAL_NOTICE if removal else LISTING_NOTICE, document=listing)
    return NoticeFacts(
        title="移出经营异常名录决定书" if removal else "列入经营异常名录决定书",
        number=listing.removal_document_number if removal else listing.document_number,
        enterprise_name=enterprise.name,
        uscc=enterprise.uscc,
        legal_rep_name=enterprise.legal_rep_name,
        address=enterprise.address,
        reason_label=str(listing.get_reason_display()),
        report_year=listing.report_year,
        facts=listing.facts,
        authority_name=listing.authority.name,
        issued_on=issued_on,
        removal_ground=str(listing.get_removal_ground_display()) if removal else "",
        listed_on=listing.listed_on,
        listing_number=listing.document_number,
        objection_last_day=None
        if removal or listing.listed_on is None
        else objection_last_day(supervision_rules(), listing.listed_on, add_working_days),
        verification_code=record.code if record is not None else "",
    )


def _context(facts: NoticeFacts) -> dict[str, Any]:
    context: dict[str, Any] = {"notice": facts}
    if facts.verification_code:
        context.update(
            verification_code=code_display(facts.verification_code),
            verification_page=verification_page_url(),
            verification_qr=qr_png_data_uri(verification_url(facts.verification_code)),
        )
    return context


def notice_html(listing: AbnormalListing, kind: str) -> str:
    template = f"supervision/abnormal/pdf/{kind}.html"
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(template, _context(notice_facts(listing, kind)))


def notice_pdf(listing: AbnormalListing, kind: str) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=notice_html(listing, kind), base_url=str(settings.BASE_DIR))
    return bytes(document.write_pdf())


def notice_filename(listing: AbnormalListing, kind: str) -> str:
    title = "移出经营异常名录决定书" if kind == NoticeKind.REMOVAL else "列入经营异常名录决定书"
    return f"{title}-{listing.enterprise.uscc}-{listing.pk}.pdf"


# --- the public check (/verify/) -----------------------------------------------------------------


def listing_notice_describe(listing: AbnormalListing) -> DocumentFacts:
    if listing.status == ListingStatus.REMOVED and listing.removed_on is not None:
        standing = Standing.SPENT
        explanation = _("该企业已于%(day)s移出经营异常名录（%(number)s）。") % {
            "day": listing.removed_on.isoformat(),
            "number": listing.removal_document_number,
        }
    else:
        standing = Standing.VALID
        explanation = _("本决定现行有效：该企业仍在经营异常名录中。")
    return DocumentFacts(
        title=_("列入经营异常名录决定书"),
        number=listing.document_number,
        holder=listing.enterprise.name,
        subject_label=_("统一社会信用代码"),
        subject=listing.enterprise.uscc,
        standing=standing,
        explanation=explanation,
    )


def removal_notice_describe(listing: AbnormalListing) -> DocumentFacts:
    return DocumentFacts(
        title=_("移出经营异常名录决定书"),
        number=listing.removal_document_number,
        holder=listing.enterprise.name,
        subject_label=_("统一社会信用代码"),
        subject=listing.enterprise.uscc,
        standing=Standing.VALID,
        explanation=_("该企业已于%(day)s移出经营异常名录。")
        % {"day": listing.removed_on.isoformat() if listing.removed_on else ""},
    )


def register_documents() -> None:
    from hongdun.core.verification import document_kind_register

    document_kind_register(LISTING_NOTICE, model=AbnormalListing, describe=listing_notice_describe)
    document_kind_register(REMOVAL_NOTICE, model=AbnormalListing, describe=removal_notice_describe)
