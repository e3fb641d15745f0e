"""Verification codes on issued documents and the public check behind `/verify/`.

Every notice or licence the bureau issues carries a code that anyone can enter (or reach through
the QR code) to see what the document is, who issued it, when, for whom, and whether it still
holds. The platform keeps the codes; each app that issues documents registers a *kind* with a
function that describes one of its documents as it stands today (`document_kind_register`, called
from the app's `AppConfig.ready`), so the platform imports nothing of the domain.

Codes are 12 characters of Crockford's base-32 alphabet (digits and capitals without I, L, O, U):
60 random bits, far beyond guessing at the page's rate limit, short enough to type, printed in
groups of four. Reading forgives what people and scanners do: lower case, spaces, hyphens, and
the letters O, I and L typed for 0, 1 and 1.
"""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import segno
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hongdun.core.models import DocumentVerification
from hongdun.core.public_url import public_url
from hongdun.orgs.models import Unit

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
# What people type for the digits the alphabet leaves out letters for.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_–—·.]+")
_VALID = re.compile(rf"[{ALPHABET}]{{{CODE_LENGTH}}}")
# The longest input worth reading: the code with a separator between every character.
MAX_INPUT_LENGTH = CODE_LENGTH * 3


class CodeFormatError(ValueError):
    """The text cannot be a verification code (wrong length or characters)."""


def code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(text: str) -> str:
    """The stored form of a typed code, or CodeFormatError."""
    if len(text) > MAX_INPUT_LENGTH:
        raise CodeFormatError(text)
    compact = _SEPARATORS.sub("", text).upper().translate(_READ_AS)
    if not _VALID.fullmatch(compact):
        raise CodeFormatError(text)
    return compact


def code_display(code: str) -> str:
    """The printed form: groups of four joined by hyphens (`7K3M-Q9TX-2HBD`)."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def verification_page_url() -> str:
    """The public page where anyone types a code (printed next to the code)."""
    return public_url(reverse("core:verify"))


def verification_url(code: str) -> str:
    """The public check of one code (the QR code's target)."""
    return verification_page_url() + f"?code={code_display(code)}"


def qr_png_data_uri(url: str) -> str:
    """A QR code of `url` (error level M, never Micro QR, 4-module quiet zone) as a PNG data URI
    for the PDF templates."""
    return str(segno.make(url, error="m", micro=False).png_data_uri(scale=8, border=4))


def mask_person_name(name: str) -> str:
    """A natural person's name as the public may see it: the first character, the rest starred
    (张三丰 → 张**); a one-character name is starred entirely."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


# --- the kinds of documents -------------------------------------------------------------------


class Standing(StrEnum):
    """Whether the document still holds, as the public page says it."""

    VALID = "valid"  # 有效
    SUPERSEDED = "superseded"  # replaced by a newer one (e.g. a licence after a change)
    EXPIRED = "expired"  # its term ran out
    SPENT = "spent"  # it did what it was for (a reserved name now registered)
    WITHDRAWN = "withdrawn"  # the holder gave it up
    VOID = "void"  # no longer in force for another reason (e.g. the entity is deregistered)


STANDING_LABELS = {
    Standing.VALID: _("有效"),
    Standing.SUPERSEDED: _("已被取代"),
    Standing.EXPIRED: _("已过期"),
    Standing.SPENT: _("已使用"),
    Standing.WITHDRAWN: _("已撤回"),
    Standing.VOID: _("已失效"),
}


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the public page shows about one document today. `holder` must already be masked
    where it names a natural person; `explanation` says why the standing is what it is."""

    title: str
    number: str
    holder: str
    subject_label: str
    subject: str
    standing: Standing
    explanation: str = ""

    @property
    def is_valid(self) -> bool:
        return self.standing == Standing.VALID

    @property
    def standing_label(self) -> str:
        return str(STANDING_LABELS[self.standing])


Describe = Callable[[Any], DocumentFacts]
_kinds: dict[str, tuple[type[models.Model], Describe]] = {}


def document_kind_register(kind: str, *, model: type[models.Model], describe: Describe) -> None:
    """Declare a kind of document: its model and how to describe one of them to the public."""
    registered = _kinds.get(kind)
    if registered is not None and registered != (model, describe):
        raise ValueError(f"document kind {kind!r} is already registered")
    _kinds[kind] = (model, describe)


def document_kinds() -> dict[str, type[models.Model]]:
    return {kind: model for kind, (model, _describe) in _kinds.items()}


# --- writes -----------------------------------------------------------------------------------


def verification_code_issue(
    *, kind: str, document: models.Model, issuer: Unit, issued_on: date, code: str | None = None
) -> DocumentVerification:
    """Record the code of one issued document, in the caller's transaction.

    `code` is given when the document had to be rendered with it before it was saved (the stored
    PDF of a licence); otherwise a fresh one is drawn. The unique constraints settle the
    vanishing chance of a clash and a second code for the same document."""
    if kind not in _kinds:
        raise ValueError(f"unknown document kind {kind!r}")
    record = DocumentVerification(
        code=code or code_new(),
        kind=kind,
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        issuer=issuer,
        issued_on=issued_on,
    )
    record.full_clean(validate_unique=False, validate_constraints=False)
    record.save()
    return record


def code_reserve() -> str:
    """A fresh code no document has yet, for a document that must print it before it is saved."""
    while True:
        code = code_new()
        if not DocumentVerification.objects.filter(code=code).exists():
            return code


# --- reads ------------------------------------------------------------------------------------


def verification_for(*, kind: str, document: models.Model) -> DocumentVerification | None:
    return (
        DocumentVerification.objects.select_related("issuer")
        .filter(
            kind=kind,
            content_type=ContentType.objects.get_for_model(document),
            object_id=document.pk,
        )
        .first()
    )


@dataclass(frozen=True, slots=True)
class VerifiedDocument:
    code: str
    issuer_name: str
    issued_on: date
    facts: DocumentFacts


def document_verify(*, code: str) -> VerifiedDocument | None:
    """The document a (normalised) code belongs to, as it stands today; None for no such code."""
    record = (
        DocumentVerification.objects.select_related("issuer", "content_type")
        .filter(code=code)
        .first()
    )
    if record is None or record.kind not in _kinds:
        return None
    model, describe = _kinds[record.kind]
    document = model._default_manager.filter(pk=record.object_id).first()
    if document is None:  # documents are kept (PROTECT); a missing one is not vouched for
        return None
    return VerifiedDocument(
        code=record.code,
        issuer_name=record.issuer.name,
        issued_on=record.issued_on,
        facts=describe(document),
    )
