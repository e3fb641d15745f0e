"""Comparison form of a proposed name (docs/rules/names.md §2.1 step 1). Pure stdlib.

`normalize(raw)`:

1. NFKC (full-width letters and digits become ASCII, the ideographic space a space, and the
   full-width brackets （） the ASCII ( ) — which step 2 turns back; CJK compatibility ideographs
   become their unified forms);
2. 繁体字 and 异体字 fold to their 规范汉字 (`data/nonstandard_chars.tsv`: 貿 → 贸, 峯 → 峰), so
   that a name written with one traditional character has the same comparison keys as the registered
   simplified name (《企业名称登记管理规定》第五条: only 规范汉字 may be used; the character rule
   N-CHAR-1 reports such characters from the raw input);
3. every bracket — ( ) [ ] { } 【 】 〔 〕 〖 〗 and their full-width forms — becomes the full-width
   （ or ）, the form registered names use;
4. whitespace, control and format characters (zero-width space …) are removed, and so are all other
   punctuation and symbol characters (· 、 , . - & + …), so that they never change a conflict key.
   They do not pass unnoticed: N-CHAR-1 runs on what the applicant typed, not on this form.
   Letters and digits are kept (N-CHAR-1 reports them too).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

__all__ = ["NONSTANDARD_CHARS", "fold_nonstandard", "normalize"]

_OPEN = "([{【〔〖〘〚（［｛"
_CLOSE = ")]}】〕〗〙〛）］｝"
_FULL_OPEN = "（"
_FULL_CLOSE = "）"


def _load_nonstandard(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        char, _, standard = line.partition("\t")
        if len(char) == 1 and len(standard) == 1:
            table[char] = standard
    return table


# 繁体字/异体字 → 规范汉字 (the source and how to edit are in the file's header).
NONSTANDARD_CHARS: dict[str, str] = _load_nonstandard(
    Path(__file__).resolve().parent / "data" / "nonstandard_chars.tsv"
)
_NONSTANDARD = re.compile("[" + "".join(map(re.escape, sorted(NONSTANDARD_CHARS))) + "]")
# Whether `normalize` has anything to do after NFKC: a character outside the basic CJK block, or a
# non-规范 one inside it. One C-level scan; most names are neither.
_NEEDS_TRANSLATE = re.compile(
    "[^\u4e00-\u9fff]|["
    + "".join(sorted(c for c in NONSTANDARD_CHARS if "\u4e00" <= c <= "\u9fff"))
    + "]"
)


class _Table(dict[int, int | None]):
    """A lazily filled `str.translate` table: 规范汉字 folded, brackets unified, separators and
    punctuation dropped."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        value: int | None
        if char in NONSTANDARD_CHARS:
            value = ord(NONSTANDARD_CHARS[char])
        elif char in _OPEN:
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


def fold_nonstandard(text: str) -> str:
    """`text` with every 繁体字/异体字 replaced by its 规范汉字 (nothing else changes)."""
    if not _NONSTANDARD.search(text):
        return text
    return "".join(NONSTANDARD_CHARS.get(c, c) for c in text)


def normalize(raw: str) -> str:
    """The name in comparison form: NFKC, 规范汉字, brackets （）, no spaces or punctuation."""
    text = raw
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # Fast path: a name of basic-block 规范汉字 needs nothing more.
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_TABLE)
    return text
