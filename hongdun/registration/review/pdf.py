"""The business licence (营业执照) and the refusal notice (不予登记通知书) as PDF.

Both are rendered with WeasyPrint from templates under `regreview/pdf/`, with the Noto CJK fonts the
system provides (fonts-noto-cjk), which WeasyPrint subsets and embeds, as `namecheck/pdf.py` does.
They are official documents of the bureau and are always issued in Chinese.

The licence carries a QR code (made with segno, embedded as PNG) that points to the enterprise's
public page in the enterprise query, as the licences of the 2016 style point to the public
information system ([R1] 第二十一、二十二条 make the electronic licence equally valid).

Both name the registration authority that decided (the deciding registrar's, see
`orgs.selectors.deciding_authority`) and carry a verification code that the public page
`/verify/` checks: whether the licence is still the current one, or was replaced after a change.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hongdun.core.public_url import public_url
from hongdun.core.verification import (
    code_display,
    qr_png_data_uri,
    verification_page_url,
    verification_url,
)
from hongdun.enterprises.choices import EnterpriseType, responsible_person_title
from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit

DOCUMENT_LANGUAGE = "zh-hans"

# The QR code's encoding: error level M, QR (never Micro QR); one module is QR_SCALE pixels and the
# quiet zone QR_BORDER modules, as ISO/IEC 18004 requires for reliable scanning.
QR_ERROR = "m"
QR_SCALE = 8
QR_BORDER = 4

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")


def _four_digits_in_words(number: int) -> str:
    """0 < number < 10000, without leading 零 (the caller adds it between groups)."""
    words = ""
    pending_zero = False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words += "零"
            pending_zero = False
        words += _DIGITS[digit] + _SMALL_UNITS[position]
    return words


def amount_in_words(amount: Decimal) -> str:
    """An amount of yuan in the capital numerals of financial documents (人民币大写):
    Decimal("1000000") → "壹佰万元整", Decimal("10050.5") → "壹万零伍拾元伍角"."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    cents = int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if yuan >= 10**16:
        raise ValueError("amount too large")
    words = ""
    if yuan:
        groups: list[int] = []
        rest = yuan
        while rest:
            groups.append(rest % 10000)
            rest //= 10000
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                need_zero = bool(words)
                continue
            if words and (need_zero or group < 1000):
                words += "零"
            words += _four_digits_in_words(group) + _GROUP_UNITS[index]
            need_zero = False
        words += "元"
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    return words


def public_enterprise_url(uscc: str) -> str:
    """The absolute address of the enterprise's public page (the QR code's target)."""
    return public_url(reverse("enterprises:detail", kwargs={"code": uscc}))


def licence_qr(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR, micro=False)


@dataclass(frozen=True, slots=True)
class LicenceFacts:
    """What the licence shows ([R2] 第二十三条) and where its QR code points."""

    uscc: str
    name: str
    type_label: str
    legal_rep_name: str
    legal_rep_title: str
    capital_words: str
    established_on: date
    term_start: date
    term_end: date | None
    address: str
    address_title: str
    business_scope: tuple[str, ...]
    authority_name: str
    issued_on: date
    public_url: str
    verification_code: str = ""
    verification_page: str = ""


# The responsible person's title is `responsible_person_title` (enterprises.choices); the
# 住所 of a partnership or a branch is its 主要经营场所 or 营业场所 ([R2] 第六条).
_ADDRESS_TITLE = {
    EnterpriseType.PARTNERSHIP: "主要经营场所",
    EnterpriseType.SOLE_PROPRIETORSHIP: "住所",
    EnterpriseType.BRANCH: "营业场所",
    EnterpriseType.INDIVIDUAL_BUSINESS: "经营场所",
}


def licence_facts(
    enterprise: Enterprise,
    *,
    issued_on: date,
    authority: Unit | None = None,
    verification_code: str = "",
) -> LicenceFacts:
    """What the licence shows. `authority` is the registration authority that decided (the
    deciding registrar's); without it, the enterprise's own registration authority."""
    with translation.override(DOCUMENT_LANGUAGE):
        type_label = str(EnterpriseType(enterprise.enterprise_type).label)
        legal_rep_title = responsible_person_title(enterprise.enterprise_type)
    capital = enterprise.registered_capital
    return LicenceFacts(
        uscc=enterprise.uscc,
        name=enterprise.name,
        type_label=type_label,
        legal_rep_name=enterprise.legal_rep_name,
        legal_rep_title=legal_rep_title,
        capital_words=f"{amount_in_words(capital)}（人民币）" if capital is not None else "",
        established_on=enterprise.established_on,
        term_start=enterprise.term_start or enterprise.established_on,
        term_end=enterprise.term_end,
        address=enterprise.address,
        address_title=_ADDRESS_TITLE.get(enterprise.enterprise_type, "住所"),  # type: ignore[call-overload]
        business_scope=tuple(enterprise.business_scope or ()),
        authority_name=(authority or enterprise.registration_authority).name,
        issued_on=issued_on,
        public_url=public_enterprise_url(enterprise.uscc),
        verification_code=code_display(verification_code) if verification_code else "",
        verification_page=verification_page_url() if verification_code else "",
    )


def _render_pdf(template: str, context: dict[str, Any]) -> bytes:
    import weasyprint

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template, context)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return bytes(document.write_pdf())


def licence_html(facts: LicenceFacts) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string("regreview/pdf/licence.html", _licence_context(facts))


def _licence_context(facts: LicenceFacts) -> dict[str, Any]:
    return {
        "licence": facts,
        "qr_data_uri": licence_qr(facts.public_url).png_data_uri(scale=QR_SCALE, border=QR_BORDER),
    }


def licence_pdf(facts: LicenceFacts) -> bytes:
    """The business licence (营业执照, 副本 layout on A4 landscape), as PDF bytes."""
    return _render_pdf("regreview/pdf/licence.html", _licence_context(facts))


def licence_filename(facts: LicenceFacts) -> str:
    return f"营业执照-{facts.uscc}.pdf"


@dataclass(frozen=True, slots=True)
class RefusalFacts:
    """What the 不予登记通知书 states ([R1] 第二十条; [R2] 第十九条)."""

    number: str
    applicant_name: str
    subject_name: str
    matter_label: str
    submitted_on: date
    reason: str
    authority_name: str
    issued_on: date
    verification_code: str = ""


def refusal_notice_html(facts: RefusalFacts) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string("regreview/pdf/refusal.html", _refusal_context(facts))


def _refusal_context(facts: RefusalFacts) -> dict[str, Any]:
    context: dict[str, Any] = {"notice": facts}
    if facts.verification_code:
        context.update(
            verification_code=code_display(facts.verification_code),
            verification_page=verification_page_url(),
            verification_qr=qr_png_data_uri(verification_url(facts.verification_code)),
        )
    return context


def refusal_notice_pdf(facts: RefusalFacts) -> bytes:
    """The refusal notice, headed and signed by the authority that decided, with its verification
    code and a QR code to the public check."""
    return _render_pdf("regreview/pdf/refusal.html", _refusal_context(facts))


def refusal_notice_filename(facts: RefusalFacts) -> str:
    return f"不予登记通知书-{facts.number}.pdf"
