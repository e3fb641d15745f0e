"""Reading and importing the business-scope catalogue (经营范围规范表述目录).

File format (CSV in UTF-8, or XLSX, first sheet); the first row holds the column names, in
English or Chinese; lines starting with "#" in a CSV are comments:

=================  ==========  =====================================================
column             中文列名     content
=================  ==========  =====================================================
code               条目代码     unique code of the entry (required)
wording            规范表述     the standard wording (required)
industry_code      行业门类代码  GB/T 4754 section letter, optional
industry_name      行业门类     optional
category           类别         一般 or 许可 (required)
permit_stage       审批类别     前置 or 后置 for 许可 entries, empty for 一般
permit_name        许可事项     optional
permit_authority   审批部门     required for 许可 entries
keywords           关键词       optional, for search
=================  ==========  =====================================================

Every row is checked first; if any row is bad, the errors (with line numbers) are reported and
nothing is written. Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hongdun.core.exceptions import ApplicationError
from hongdun.registration.choices import PermitStage
from hongdun.registration.models import ScopeCatalogueEntry

SUBSET_FILE = Path(__file__).resolve().parent / "data" / "scope_catalogue_subset.csv"
SUBSET_SOURCE = "代表性子集（非官方）"

COLUMNS = {
    "code": "code",
    "条目代码": "code",
    "wording": "wording",
    "规范表述": "wording",
    "industry_code": "industry_code",
    "行业门类代码": "industry_code",
    "industry_name": "industry_name",
    "行业门类": "industry_name",
    "category": "category",
    "类别": "category",
    "permit_stage": "permit_stage",
    "审批类别": "permit_stage",
    "permit_name": "permit_name",
    "许可事项": "permit_name",
    "permit_authority": "permit_authority",
    "审批部门": "permit_authority",
    "keywords": "keywords",
    "关键词": "keywords",
}
REQUIRED = ("code", "wording", "category")
CATEGORY = {"一般": False, "general": False, "许可": True, "licensed": True}
STAGE = {
    "前置": PermitStage.PRE,
    "pre": PermitStage.PRE,
    "后置": PermitStage.POST,
    "post": PermitStage.POST,
}
LIMITS = {
    "code": 20,
    "wording": 200,
    "industry_code": 4,
    "industry_name": 60,
    "permit_name": 200,
    "permit_authority": 100,
    "keywords": 200,
}
FIELDS = (
    "wording",
    "industry_code",
    "industry_name",
    "permit_stage",
    "permit_name",
    "permit_authority",
    "keywords",
)


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    line: int
    code: str
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class ImportReport:
    total: int
    created: int
    updated: int
    unchanged: int
    deactivated: int
    errors: tuple[str, ...]
    committed: bool


def _raw_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a CSV or XLSX file, comments and blank lines skipped."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook  # imported here: only the XLSX path needs it

        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else str(v).strip() for v in row]
            if any(cells):
                yield number, cells
        workbook.close()
        return
    text = path.read_bytes().decode("utf-8-sig")
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not cells or not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        yield number, [c.strip() for c in cells]


def parse_catalogue(path: Path) -> tuple[list[CatalogueRow], list[str]]:
    """All rows of the file and all errors found in it, each error naming its line."""
    try:
        raw = list(_raw_rows(path))
    except UnicodeDecodeError:
        return [], [f"{path.name}: not UTF-8 text"]
    except (OSError, csv.Error, ValueError, KeyError) as error:
        return [], [f"{path.name}: cannot read ({error})"]
    if not raw:
        return [], [f"{path.name}: the file is empty"]
    header_line, header = raw[0]
    columns = [COLUMNS.get(h.strip().lower(), COLUMNS.get(h.strip(), "")) for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        return [], [f"line {header_line}: missing column(s) {', '.join(missing)}"]
    rows: list[CatalogueRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, cells in raw[1:]:
        record = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns) if col}
        row_errors = []
        for column in REQUIRED:
            if not record.get(column):
                row_errors.append(f"{column} is empty")
        for column, limit in LIMITS.items():
            if len(record.get(column, "")) > limit:
                row_errors.append(f"{column} longer than {limit} characters")
        licensed = CATEGORY.get(record.get("category", "").lower())
        if record.get("category") and licensed is None:
            row_errors.append(f"category must be 一般 or 许可, not {record['category']!r}")
        stage_text = record.get("permit_stage", "")
        stage = PermitStage.NONE
        if licensed:
            stage_value = STAGE.get(stage_text.lower())
            if stage_value is None:
                row_errors.append("a 许可 entry needs permit_stage 前置 or 后置")
            else:
                stage = stage_value
            if not record.get("permit_authority"):
                row_errors.append("a 许可 entry needs permit_authority")
        elif licensed is False and stage_text:
            row_errors.append("a 一般 entry has no permit_stage")
        code = record.get("code", "")
        if code in seen:
            row_errors.append(f"code {code} repeats line {seen[code]}")
        seen.setdefault(code, number)
        if row_errors:
            errors.append(f"line {number}: " + "; ".join(row_errors))
            continue
        values = {field: record.get(field, "") for field in FIELDS}
        values["permit_stage"] = str(stage)
        if stage == PermitStage.NONE:
            values["permit_name"] = ""
            values["permit_authority"] = ""
        rows.append(CatalogueRow(number, code, values))
    return rows, errors


def scope_catalogue_import(
    *,
    path: Path,
    source: str,
    commit: bool = True,
    deactivate_missing: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 500,
) -> ImportReport:
    """Load a catalogue file: add new codes, update changed ones, leave equal ones alone.

    Bad rows stop the whole import (nothing is written). With `deactivate_missing`, entries not
    in the file are marked inactive (an official file replaces the shipped subset); they stay in
    the table because applications refer to them.
    """
    rows, errors = parse_catalogue(path)
    if errors:
        return ImportReport(len(rows) + len(errors), 0, 0, 0, 0, tuple(errors), False)
    created = updated = unchanged = deactivated = 0
    with transaction.atomic():
        existing = {e.code: e for e in ScopeCatalogueEntry.objects.select_for_update()}
        to_create: list[ScopeCatalogueEntry] = []
        to_update: list[ScopeCatalogueEntry] = []
        for done, row in enumerate(rows, start=1):
            entry = existing.get(row.code)
            if entry is None:
                to_create.append(
                    ScopeCatalogueEntry(code=row.code, source=source, is_active=True, **row.values)
                )
                created += 1
            elif all(getattr(entry, k) == v for k, v in row.values.items()) and entry.is_active:
                unchanged += 1
            else:
                for key, value in row.values.items():
                    setattr(entry, key, value)
                entry.is_active = True
                entry.source = source
                to_update.append(entry)
                updated += 1
            if progress and (done % batch_size == 0 or done == len(rows)):
                progress(done, len(rows))
        # With history, so an entry's first later edit shows what it changed (and what a
        # re-import changed is on record too).
        reason = f"导入经营范围目录：{source}"[:100]
        bulk_create_with_history(
            to_create, ScopeCatalogueEntry, batch_size=batch_size, default_change_reason=reason
        )
        bulk_update_with_history(
            to_update,
            ScopeCatalogueEntry,
            [*FIELDS, "is_active", "source"],
            batch_size=batch_size,
            default_change_reason=reason,
        )
        if deactivate_missing:
            codes = {row.code for row in rows}
            stale = [e for c, e in existing.items() if c not in codes and e.is_active]
            for entry in stale:
                entry.is_active = False
            bulk_update_with_history(
                stale,
                ScopeCatalogueEntry,
                ["is_active"],
                batch_size=batch_size,
                default_change_reason=reason,
            )
            deactivated = len(stale)
        if not commit:
            transaction.set_rollback(True)
    return ImportReport(len(rows), created, updated, unchanged, deactivated, (), committed=commit)


def scope_entry_search(query: str, *, limit: int = 20) -> list[ScopeCatalogueEntry]:
    """Active entries whose wording or keywords contain the query (for the scope picker)."""
    text = (query or "").strip()[:50]
    if not text:
        return []
    return list(
        ScopeCatalogueEntry.objects.filter(is_active=True)
        .filter(Q(wording__icontains=text) | Q(keywords__icontains=text) | Q(code__iexact=text))
        .order_by("code")[:limit]
    )


def subset_rows() -> Iterable[CatalogueRow]:
    rows, errors = parse_catalogue(SUBSET_FILE)
    if errors:
        raise ApplicationError("; ".join(errors))
    return rows
