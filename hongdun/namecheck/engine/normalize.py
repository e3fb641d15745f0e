"""Normalisation of a proposed name (docs/rules/names.md §2.1 step 1). Pure stdlib.

`normalize(raw)`:

1. NFKC (full-width letters and digits become ASCII, the ideographic space a space, and the
   full-width brackets （） the ASCII ( ) — which step 2 turns back);
2. every bracket — ( ) [ ] { } 【 】 〔 〕 〖 〗 and their full-width forms — becomes the full-width
   （ or ）, the form registered names use;
3. whitespace, control and format characters (zero-width space …) are removed, and so are all other
   punctuation and symbol characters (· 、 , . - & + …): the issue requires that inserting spaces,
   brackets or punctuation never changes a verdict. Letters and digits are kept (N-CHAR-1 reports
   them).

The original string is kept by the caller (`ParsedName.raw`) for the character rule N-CHAR-1.
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize"]

_OPEN = "([{【〔〖〘〚（［｛"
_CLOSE = ")]}】〕〗〙〛）］｝"
_FULL_OPEN = "（"
_FULL_CLOSE = "）"


class _Table(dict[int, int | None]):
    """A lazily filled `str.translate` table: brackets unified, separators, punctuation dropped."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        value: int | None
        if char in _OPEN:
            value = ord(_FULL_OPEN)
        elif char in _CLOSE:
            value = ord(_FULL_CLOSE)
        elif unicodedata.category(char)[0] in "ZCPS":
            value = None  # separators, controls/format, punctuation, symbols
        else:
            value = code
        self[code] = value
        return value


_TABLE = _Table()


def normalize(raw: str) -> str:
    """The name in comparison form: NFKC, brackets （）, no spaces or punctuation."""
    text = raw
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # Fast path: a name of letters (Han characters are letters) and digits only needs nothing more.
    if not text.isalnum():
        text = text.translate(_TABLE)
    return text
