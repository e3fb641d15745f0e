"""The documentation stands alone: nothing points outside the repository, every link and every
`docs/….md §n` reference in code, data and docs leads to a file and a section that exist."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".git", ".venv", "var", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache"}
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".json", ".tsv", ".csv", ".html", ".cfg", ".in"}
TEXT_NAMES = {"Makefile", "run"}
# Written in two parts so that this file does not match itself.
OUTSIDE = [
    "../" + "shared",
    "/work/" + "shared",
    "shared/" + "specs",
    "shared/" + "docs",
]
DOC_REFERENCE = re.compile(r"\b(docs/[A-Za-z0-9/_.-]+\.md)(?: §(\d+(?:\.\d+)?))?")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def text_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES):
            found.append(path)
    return sorted(found)


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_the_scan_sees_code_data_and_docs():
    names = {path.relative_to(ROOT).as_posix() for path in text_files()}
    for expected in (
        "README.md",
        "Makefile",
        "docs/rules/names.md",
        "hongdun/namecheck/engine/rules.py",
        "hongdun/namecheck/engine/data/prohibited.tsv",
        "bench/NAMECHECK.md",
    ):
        assert expected in names


def test_nothing_points_outside_the_repository():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in text_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(pattern in line for pattern in OUTSIDE)
    ]
    assert offenders == []


def sections(markdown: Path) -> set[str]:
    """The `§n` numbers that open a heading of the page."""
    return {
        match.group(1)
        for line in markdown.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
        for match in [re.search(r"§(\d+(?:\.\d+)?)", line)]
        if match
    }


def test_every_docs_reference_leads_to_a_file_and_section():
    missing = []
    for path in text_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in DOC_REFERENCE.finditer(line):
                target = ROOT / match.group(1)
                where = f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
                if not target.is_file():
                    missing.append(where)
                elif match.group(2) and match.group(2) not in sections(target):
                    missing.append(where + " (no such section)")
    assert missing == []


@pytest.mark.parametrize("markdown", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_of_the_docs_resolve(markdown):
    broken = []
    for link in MARKDOWN_LINK.findall(markdown.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", link):  # http:, https:, mailto:
            continue
        target = link.split("#", 1)[0]
        if target and not (markdown.parent / target).exists():
            broken.append(link)
    assert broken == []


def test_the_readme_points_into_docs_and_says_what_is_not_built():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in (
        "docs/usage.md",
        "docs/rules/README.md",
        "docs/architecture.md",
        "docs/operations.md",
    ):
        assert f"]({page}" in readme
    assert "## What is not built yet" in readme
    assert "make run" in readme
    assert "make test" in readme
