"""The public record page for a visitor who is not signed in, put together from two caches.

The record itself comes from the shared cache (hongdun.enterprises.public_cache). The site's frame
around it (head, menu, language switch, footer) is the same for every enterprise and every
anonymous request in one language except for three things: the title (the enterprise's name),
the CSRF token of the language switch's form and the record. So the frame is drawn once per
language in each process, through the page's own template with marks in those three places,
and a request only fills the marks in: no template is rendered, no query is run when the process
already knows the code's id, and the cache is read once.

What the visitor gets is byte for byte what the full rendering gives (tested): the CSRF token is
a fresh masked token of the visitor's own secret (`get_token`, which also sets the cookie, as the
template's `{% csrf_token %}` does), and the response carries the same headers. The fast path is
not taken (the page is drawn in full) for a signed-in user, when messages are waiting to be shown,
for a code that is malformed or unknown, and when the cache has no current page entry for the
enterprise. Frames are dropped when a setting changes (tests) or a file changes under the
development server's autoreloader (templates, translations); a deployment restarts the processes.
"""

import re
import secrets
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.autoreload import file_changed
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hongdun.enterprises import uscc
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_cache import (
    public_cache_peek,
    public_id_known,
    public_id_remember,
)

TEMPLATE = "enterprises/portal/detail.html"
PAGE_KIND = "page"

# Marks no page can contain by chance (a random part per process), made of letters and digits so
# that escaping leaves them as they are.
_NONCE = secrets.token_hex(8)
_MARKS = {slot: f"hdframe{_NONCE}{slot}" for slot in ("title", "csrf", "record")}
_SLOT_OF = {mark: slot for slot, mark in _MARKS.items()}
_SPLIT = re.compile("(" + "|".join(_MARKS.values()) + ")")


class Frame:
    """The frame of one language: the text between the slots, and the slots in page order."""

    __slots__ = ("pieces", "slots")

    def __init__(self, text: str) -> None:
        parts = _SPLIT.split(text)
        self.pieces: tuple[str, ...] = tuple(parts[0::2])
        self.slots: tuple[str, ...] = tuple(_SLOT_OF[mark] for mark in parts[1::2])

    @property
    def usable(self) -> bool:
        """Whether the template gives the record exactly one place (else the page is drawn)."""
        return self.slots.count("record") == 1

    def fill(self, values: Mapping[str, str]) -> str:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)


_frames: dict[str, Frame] = {}


def _frame(request: HttpRequest, language: str) -> Frame:
    frame = _frames.get(language)
    if frame is None:
        text = render_to_string(
            TEMPLATE,
            {
                # The template reads the enterprise's name only (the title); the test that the
                # assembled page equals the full rendering fails if it comes to read more.
                "enterprise": SimpleNamespace(name=_MARKS["title"]),
                "record": mark_safe(_MARKS["record"]),  # noqa: S308 (a mark of letters and digits)
                "csrf_token": _MARKS["csrf"],
                "messages": (),
                "user": AnonymousUser(),
            },
            request=request,
        )
        frame = _frames[language] = Frame(text)
    return frame


def frames_clear(**_kwargs: Any) -> None:
    _frames.clear()


@receiver(setting_changed)
def _on_setting_changed(**kwargs: Any) -> None:
    frames_clear()


@receiver(file_changed)
def _on_file_changed(**kwargs: Any) -> None:
    # Returns nothing: Django's own receivers decide whether the server restarts.
    frames_clear()


def page_entry(enterprise: Enterprise, record: str) -> tuple[str, str, str]:
    """What the shared cache keeps for the page: the code it was drawn for, the name (the title)
    and the record's HTML."""
    return (enterprise.uscc, enterprise.name, record)


def anonymous_page(request: HttpRequest, code: str) -> HttpResponse | None:
    """The page from the caches for a visitor who is not signed in, or None when it must be drawn
    (the caller then renders it in full, which also fills the caches)."""
    if request.user.is_authenticated:
        return None
    try:
        normalized = uscc.validate(code)
    except uscc.UsccError:
        return None
    # Messages waiting for the visitor are shown (and consumed) by the full rendering.
    if len(get_messages(request)):
        return None
    enterprise_id = public_id_known(normalized)
    if enterprise_id is None:
        enterprise_id = (
            Enterprise.objects.filter(uscc=normalized).values_list("pk", flat=True).first()
        )
        if enterprise_id is None:
            return None
        public_id_remember(normalized, enterprise_id)
    language = get_language() or ""
    entry = public_cache_peek(enterprise_id=enterprise_id, kind=PAGE_KIND, language=language)
    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == normalized):
        return None
    frame = _frame(request, language)
    if not frame.usable:
        return None
    values = {"title": escape(entry[1]), "record": entry[2]}
    if "csrf" in frame.slots:
        values["csrf"] = get_token(request)
    return HttpResponse(frame.fill(values))
