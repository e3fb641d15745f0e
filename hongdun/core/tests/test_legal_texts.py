"""Issue 13 item 16: every cited text is in the table with its validity, and none is out of date.

The scan reads the repository's code, data, templates and docs (not `locale/`, which follows the
source strings). It fails when a citation names a text that is not in
`hongdun/core/data/legal_texts.toml`, or a text whose validity has ended (e.g. 《个体工商户条例》,
repealed on 2022-11-01), unless the table lists the file among that text's historical uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from hongdun.core.legal_texts import TABLE_FILE, LegalText, citations, legal_texts

ROOT = Path(__file__).resolve().parents[3]
SUFFIXES = {".py", ".html", ".txt", ".toml", ".json", ".tsv", ".md", ".csv", ".yaml", ".yml"}
SKIPPED_PARTS = {"locale", "__pycache__", "vendor", "node_modules"}
THIS_FILE = Path(__file__).resolve()


def _files() -> Iterator[Path]:
    roots = [ROOT / "hongdun", ROOT / "docs", ROOT / "config"]
    yield from (p for p in [ROOT / "README.md"] if p.exists())
    for root in roots:
        for path in sorted(root.rglob("*")):
            if (
                path.suffix in SUFFIXES
                and path.is_file()
                and not SKIPPED_PARTS & set(path.relative_to(ROOT).parts)
                and path.resolve() not in {THIS_FILE, TABLE_FILE}
            ):
                yield path


def _cited() -> dict[str, list[tuple[str, str]]]:
    """Title → [(file, line)] for every citation in the repository."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in _files():
        relative = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for title in citations(line):
                found.setdefault(title, []).append((relative, f"{relative}:{number}"))
    return found


def test_every_cited_text_is_in_the_table() -> None:
    table = legal_texts()
    unknown = {
        title: [where for _file, where in places][:3]
        for title, places in _cited().items()
        if title not in table
    }
    assert not unknown, (
        f"cited texts missing from {TABLE_FILE.name} (add each with its validity and source): "
        f"{unknown}"
    )


def test_no_citation_names_a_text_whose_validity_has_ended() -> None:
    table = legal_texts()
    today = timezone.localdate()
    stale = [
        f"{where}: 《{title}》 ended {table[title].ended}"
        + (f", use 《{table[title].replaced_by}》" if table[title].replaced_by else "")
        for title, places in _cited().items()
        if title in table
        for file, where in places
        if not table[title].may_be_cited_in(file, on=today)
    ]
    assert not stale, "\n".join(stale)


def test_ended_texts_are_not_named_without_brackets_either() -> None:
    """A repealed title written without 《》 (e.g. in a message) is found too."""
    today = timezone.localdate()
    ended = {t.title: t for t in legal_texts().values() if t.ended and t.ended <= today}
    stale = []
    for path in _files():
        relative = path.relative_to(ROOT).as_posix()
        content = path.read_text(encoding="utf-8")
        for title, text in ended.items():
            if title in content.replace(f"《{title}》", "") and not text.may_be_cited_in(
                relative, on=today
            ):
                stale.append(f"{relative}: {title}")
    assert not stale, stale


def test_the_table_is_complete_and_consistent() -> None:
    texts = set(legal_texts().values())
    titles = {t.title for t in texts}
    for text in texts:
        assert text.source.strip(), text.title
        assert text.issued_as.strip(), text.title
        if text.ended is not None:
            assert text.in_force is not None, text.title
            assert text.in_force < text.ended, text.title
        if text.replaced_by:
            assert text.replaced_by in titles, text.title
        if text.historical_uses:
            assert text.ended is not None, text.title
            assert text.note, text.title
            for pattern in text.historical_uses:
                # Relative to the repository (a pattern may name a file another branch adds).
                assert not pattern.startswith(("/", "..")), f"{text.title}: {pattern}"
        if not text.verified:
            assert text.note, f"{text.title}: say what is not verified"


GETI = "个体工商户条例"
CUJIN = "促进个体工商户发展条例"


@pytest.mark.parametrize(
    ("title", "day", "in_force"),
    [
        (GETI, date(2011, 10, 31), False),
        (GETI, date(2011, 11, 1), True),
        (GETI, date(2022, 10, 31), True),
        (GETI, date(2022, 11, 1), False),  # repealed the day its successor took effect
        (CUJIN, date(2022, 10, 31), False),
        (CUJIN, date(2022, 11, 1), True),
        ("企业名称登记管理实施办法", date(2023, 9, 30), True),
        ("企业名称登记管理实施办法", date(2023, 10, 1), False),
        ("企业名称登记管理规定实施办法", date(2023, 10, 1), True),
        ("中华人民共和国学位法", date(2024, 12, 31), False),
        ("学位法", date(2025, 1, 1), True),
    ],
)
def test_validity_by_the_tables_dates(title: str, day: date, in_force: bool) -> None:
    assert legal_texts()[title].in_force_on(day) is in_force


def test_a_repealed_text_is_refused_outside_its_historical_uses() -> None:
    text: LegalText = legal_texts()["第一批异体字整理表"]
    today = date(2026, 12, 7)
    assert text.may_be_cited_in("hongdun/namecheck/engine/data/nonstandard_chars.tsv", on=today)
    assert not text.may_be_cited_in("hongdun/namecheck/engine/rules.py", on=today)
    assert text.may_be_cited_in("anything.py", on=date(2013, 6, 4))
    assert not legal_texts()[GETI].may_be_cited_in(
        "hongdun/registration/prereview/rules.py", on=today
    )


def test_citations_are_read_with_nested_titles() -> None:
    line = "《国务院关于实施〈公司法〉注册资本登记管理制度的规定》第二条；《公司法》第七条"
    assert list(citations(line)) == [
        "国务院关于实施〈公司法〉注册资本登记管理制度的规定",
        "公司法",
    ]
