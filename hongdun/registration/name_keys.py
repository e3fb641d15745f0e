"""The keys under which an application's name is indexed for the clerk's queue search. Pure
Python, no Django.

The queue's search keeps its meaning — `name LIKE '%q%'` on the application name — and uses the
keys only to find candidates: every 1- and 2-character substring of the folded name. If the name
contains the query, the folded name contains the folded query, so it also holds every key of the
query; the candidates of any one of those keys therefore include every match, and the `LIKE`
on the candidates alone gives exactly the rows a scan would.

Folding only maps ASCII A–Z to a–z, one character for one: SQLite's `LIKE` ignores ASCII case and
PostgreSQL's does not, and a superset of both is what the candidates must be. (The public
enterprise query folds more, see `enterprises.search_keys`, because its answer is the folded
match; here the answer stays the database's own `LIKE`.) One-character keys are needed because a
clerk types a single character (鑫) and means it.
"""

import string

MAX_KEY = 2
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def name_keys(name: str) -> set[str]:
    """Every distinct substring of 1..MAX_KEY characters of the folded name."""
    folded = fold(name)
    found: set[str] = set()
    for size in range(1, MAX_KEY + 1):
        for start in range(len(folded) - size + 1):
            found.add(folded[start : start + size])
    return found


def query_keys(query: str) -> list[str]:
    """The keys a name containing `query` must have: the query itself when it is one character,
    else its distinct 2-character windows, in order."""
    folded = fold(query)
    if len(folded) <= 1:
        return [folded] if folded else []
    windows = (folded[i : i + MAX_KEY] for i in range(len(folded) - MAX_KEY + 1))
    return list(dict.fromkeys(windows))


def key_is_answer(query: str) -> bool:
    """Whether having the query's key is the same as containing the query, so no `LIKE` is
    needed: the query is one key long and has no ASCII letter (the only characters folding
    changes; without them the key is the query itself, character for character)."""
    return 0 < len(query) <= MAX_KEY and not any(c in string.ascii_letters for c in query)
