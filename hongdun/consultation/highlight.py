"""Search hits marked in titles and answer snippets; the text is escaped before marking."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every case-insensitive occurrence of any term."""
    lowered = text.lower()
    found: list[tuple[int, int]] = []
    for term in terms:
        needle = term.lower()
        if not needle:
            continue
        start = lowered.find(needle)
        while start != -1:
            found.append((start, start + len(needle)))
            start = lowered.find(needle, start + len(needle))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with every term wrapped in <mark>."""
    pieces: list[str] = []
    cursor = 0
    for start, end in _spans(text, terms):
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece was escaped above


def snippet(text: str, terms: list[str], *, size: int = SNIPPET_CHARS) -> SafeString:
    """About `size` characters of `text` around its first hit, marked; the start when no hit."""
    flat = " ".join(text.split())
    spans = _spans(flat, terms)
    begin = max(0, spans[0][0] - size // 3) if spans else 0
    piece = flat[begin : begin + size]
    prefix = "…" if begin > 0 else ""
    suffix = "…" if begin + size < len(flat) else ""
    return mark_safe(f"{escape(prefix)}{mark(piece, terms)}{escape(suffix)}")  # noqa: S308
