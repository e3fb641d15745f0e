"""How names are folded and cut into n-grams for the public query. Pure Python, no Django.

A name matches a query when the folded name contains the folded query (the same answer as
`LIKE '%q%'` on the name for ordinary Chinese queries, and also tolerant of full-width letters,
half-width brackets and stray spaces). The index stores every distinct substring of length 2 to
`MAX_GRAM` of each folded name, so a query of up to `MAX_GRAM` characters is answered exactly by one
posting list, and a longer one by its rarest `MAX_GRAM`-gram plus a containment check.
"""

import unicodedata
from collections.abc import Iterator

MIN_QUERY = 2
MAX_GRAM = 4


def fold(text: str) -> str:
    """NFKC (full-width → half-width), drop all whitespace, upper-case Latin letters."""
    normalized = unicodedata.normalize("NFKC", text)
    return "".join(normalized.split()).upper()


def grams(folded: str) -> set[str]:
    """Every distinct substring of length MIN_QUERY..MAX_GRAM of an already folded name."""
    length = len(folded)
    found: set[str] = set()
    for size in range(MIN_QUERY, min(MAX_GRAM, length) + 1):
        for start in range(length - size + 1):
            found.add(folded[start : start + size])
    return found


def probe_grams(folded_query: str) -> list[str]:
    """The keys to look up for a folded query: itself when short, else its MAX_GRAM windows."""
    if len(folded_query) <= MAX_GRAM:
        return [folded_query]
    windows = (folded_query[i : i + MAX_GRAM] for i in range(len(folded_query) - MAX_GRAM + 1))
    return list(dict.fromkeys(windows))


def forbidden_characters(text: str) -> Iterator[str]:
    """Characters a query may not contain: control, format-breaking and unpaired surrogates."""
    for char in text:
        if unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"}:
            yield char
