"""The matched characters of a result's name, marked for the results table.

The query matches the folded name (`search_keys.fold`: NFKC, no white space, upper-case Latin),
so the marks are found in the folded name and carried back to the characters of the name as
registered. The name is escaped first and only then marked, as the consultation search's
`highlight.mark` does.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hongdun.enterprises.search_keys import fold


def _folded_with_origin(name: str) -> tuple[str, list[int]]:
    """The name folded character by character, and for each folded character the index of the
    registered character it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(name):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def mark_matches(name: str, folded_query: str) -> SafeString:
    """`name` escaped, with every occurrence of the folded query wrapped in <mark>."""
    if not folded_query:
        return escape(name)
    folded, origin = _folded_with_origin(name)
    spans: list[tuple[int, int]] = []
    start = folded.find(folded_query)
    while start != -1:
        end = start + len(folded_query)
        first, last = origin[start], origin[end - 1] + 1
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]))
        else:
            spans.append((first, last))
        start = folded.find(folded_query, end)
    pieces: list[str] = []
    cursor = 0
    for first, last in spans:
        pieces.append(escape(name[cursor:first]))
        pieces.append(f"<mark>{escape(name[first:last])}</mark>")
        cursor = last
    pieces.append(escape(name[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece was escaped above
