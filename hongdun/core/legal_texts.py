"""The table of cited legal texts and their validity (`data/legal_texts.toml`), and how a citation
is found in text. Pure Python: the pure engines' messages and the data files are checked with it.

A citation is a title in 《》; a title inside it uses 〈〉, as in
《国务院关于实施〈公司法〉注册资本登记管理制度的规定》.
Each title must be in the table, by its own title or an alias; a text whose validity has ended
may be cited only where the table says it is cited on purpose (`historical_uses`).
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

TABLE_FILE = Path(__file__).resolve().parent / "data" / "legal_texts.toml"
CITATION = re.compile(r"《([^《》]+)》")


@dataclass(frozen=True, slots=True)
class LegalText:
    title: str
    aliases: tuple[str, ...]
    kind: str
    issued_as: str
    source: str
    verified: bool
    in_force: date | None = None
    ended: date | None = None  # the first day it is no longer in force
    replaced_by: str = ""
    historical_uses: tuple[str, ...] = ()
    note: str = ""

    def in_force_on(self, day: date) -> bool:
        started = self.in_force is None or self.in_force <= day
        return started and (self.ended is None or day < self.ended)

    def may_be_cited_in(self, path: str, *, on: date) -> bool:
        """Whether `path` (relative to the repository) may cite this text on `on`."""
        if self.ended is None or on < self.ended:
            return True
        return any(fnmatch.fnmatch(path, pattern) for pattern in self.historical_uses)


@cache
def legal_texts(path: Path = TABLE_FILE) -> dict[str, LegalText]:
    """Every text of the table, keyed by its title and each alias."""
    with path.open("rb") as handle:
        rows = tomllib.load(handle)["text"]
    found: dict[str, LegalText] = {}
    for row in rows:
        text = LegalText(
            title=row["title"],
            aliases=tuple(row.get("aliases", ())),
            kind=row["kind"],
            issued_as=row["issued_as"],
            source=row["source"],
            verified=bool(row["verified"]),
            in_force=row.get("in_force"),
            ended=row.get("ended"),
            replaced_by=row.get("replaced_by", ""),
            historical_uses=tuple(row.get("historical_uses", ())),
            note=row.get("note", ""),
        )
        for key in (text.title, *text.aliases):
            if key in found:
                raise ValueError(f"{key!r} is listed twice in {path.name}")
            found[key] = text
    return found


def citations(text: str) -> Iterator[str]:
    """The titles cited in `text`, in order (with repeats)."""
    for match in CITATION.finditer(text):
        yield match.group(1)
