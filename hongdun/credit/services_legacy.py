"""The legacy 2008 classes (docs/rules/credit.md §5): imported from a bureau's Excel history, kept
apart from the risk classes.

`legacy_import` reads the uploaded workbook (checked as the workforce import checks it: a real
.xlsx, not too large, not a zip bomb), checks every row and writes nothing when any row fails: the
clerk gets the list of row errors (row number, column, what to fix). A good file is written in one
transaction: a row of a (code, year) already imported replaces it, any other is added; each row is
matched to the register by its unified social credit code, and every change has its audit entry.
`legacy_delete` removes one wrong row (audited); importing the corrected file is the other undo.
"""

from __future__ import annotations

import datetime
import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.core.services import audit_record, audit_snapshot
from hongdun.credit.choices import LegacyClass
from hongdun.credit.models import LegacyClassification
from hongdun.enterprises import uscc as uscc_rules
from hongdun.enterprises.models import Enterprise
from hongdun.workforce.excel import files

SHEET_TITLE = "历史信用分类"
INSTRUCTIONS_TITLE = "填写说明"
CODE = "统一社会信用代码或注册号"
NAME = "企业名称"
YEAR = "年度"
CLASS = "分类"
CLASSIFIED_ON = "分类日期"
AUTHORITY = "分类机关"
BASIS = "分类依据"
COLUMNS = (CODE, NAME, YEAR, CLASS, CLASSIFIED_ON, AUTHORITY, BASIS)
REQUIRED = (CODE, NAME, YEAR, CLASS)
FIRST_YEAR, LAST_YEAR = 2001, 2014  # the 年检 era the scheme belonged to
AUDITED = (
    "enterprise",
    "uscc",
    "enterprise_name",
    "year",
    "legacy_class",
    "classified_on",
    "authority_name",
    "basis",
)

# Every way a bureau's files write a class: the letter, the name, the colour.
_CLASS_WORDS: dict[str, tuple[str, ...]] = {
    LegacyClass.A: ("A", "A类", "守信", "守信企业", "绿", "绿色", "绿牌"),
    LegacyClass.B: ("B", "B类", "警示", "警示企业", "蓝", "蓝色", "蓝牌"),
    LegacyClass.C: ("C", "C类", "失信", "失信企业", "黄", "黄色", "黄牌"),
    LegacyClass.D: ("D", "D类", "严重失信", "严重失信企业", "黑", "黑色", "黑牌"),
}
CLASS_ALIASES = {
    word.upper(): str(value) for value, words in _CLASS_WORDS.items() for word in words
}
CLASS_ALIASES.update({str(label).upper(): str(value) for value, label in LegacyClass.choices})


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the sheet, as Excel shows it
    column: str
    message: str


class LegacyImportError(ApplicationError):
    """Some rows do not hold: nothing was written; `errors` lists each row's problem."""

    def __init__(self, errors: Sequence[RowError]):
        super().__init__(
            _("%(n)s 处错误，没有导入任何数据。请按下表改正后重新上传整个文件。")
            % {"n": len(errors)},
            field="file",
        )
        self.errors = list(errors)


@dataclass
class LegacyRow:
    row: int
    uscc: str
    enterprise_name: str
    year: int
    legacy_class: str
    classified_on: datetime.date | None
    authority_name: str
    basis: str


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched: int = 0
    rows: int = 0
    unmatched_codes: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_code(value: Any) -> str:
    """A unified social credit code (checked) or a 15-digit registration number (注册号)."""
    text = _text(value).replace(" ", "").upper()
    if len(text) == 15 and text.isdigit():
        return text
    try:
        return uscc_rules.validate(text)
    except uscc_rules.UsccError:
        raise ValueError(
            _("“%(value)s”不是有效的统一社会信用代码（18位，校验位正确）或注册号（15位数字）。")
            % {"value": text}
        ) from None


def parse_class(value: Any) -> str:
    text = _text(value).upper()
    found = CLASS_ALIASES.get(text)
    if found is None:
        raise ValueError(
            _(
                "“%(value)s”不是2008年方案的分类："
                "请填写 A/B/C/D、守信/警示/失信/严重失信或绿/蓝/黄/黑。"
            )
            % {"value": _text(value)}
        )
    return found


def parse_year(value: Any) -> int:
    text = _text(value)
    if not (text.isdigit() and len(text) == 4):
        raise ValueError(_("“%(value)s”不是四位年份。") % {"value": text})
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            _("%(year)s 年不在2008年方案施行的年度内（%(first)s–%(last)s）。")
            % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return year


def parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s”不是日期，请写成 2008-03-01 或使用 Excel 日期格式。") % {"value": text}
        ) from None


def _limited(value: Any, limit: int) -> str:
    text = _text(value)
    if len(text) > limit:
        raise ValueError(
            _("不能超过%(limit)s个字（现有 %(n)s 个）。") % {"limit": limit, "n": len(text)}
        )
    return text


def parse_rows(
    headers: Sequence[str], rows: Iterable[tuple[int, tuple[Any, ...]]]
) -> tuple[list[LegacyRow], list[RowError]]:
    """Every row checked: the good rows and each problem (row, column, message)."""
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        return [], [
            RowError(
                1,
                name,
                _("第1行缺少“%(column)s”列：请使用本页下载的模板，列名不要改动。")
                % {"column": name},
            )
            for name in missing
        ]
    position = {name: headers.index(name) for name in COLUMNS if name in headers}
    good: list[LegacyRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int], int] = {}
    for number, values in rows:

        def cell(name: str, values: tuple[Any, ...] = values) -> Any:
            index = position.get(name)
            return values[index] if index is not None and index < len(values) else None

        row_errors: list[RowError] = []
        parsed: dict[str, Any] = {}
        checks = (
            ("uscc", CODE, parse_code),
            ("enterprise_name", NAME, lambda v: _limited(v, 200)),
            ("year", YEAR, parse_year),
            ("legacy_class", CLASS, parse_class),
            ("classified_on", CLASSIFIED_ON, parse_date),
            ("authority_name", AUTHORITY, lambda v: _limited(v, 100)),
            ("basis", BASIS, lambda v: _limited(v, 2000)),
        )
        for attribute, column, check in checks:
            value = cell(column)
            if column in REQUIRED and _text(value) == "":
                row_errors.append(RowError(number, column, _("必填，不能为空。")))
                continue
            try:
                parsed[attribute] = check(value)
            except ValueError as problem:
                row_errors.append(RowError(number, column, str(problem)))
        if not row_errors:
            key = (parsed["uscc"], parsed["year"])
            if key in seen:
                row_errors.append(
                    RowError(
                        number,
                        CODE,
                        _("与第%(other)s行重复：同一企业同一年度只能有一个分类。")
                        % {"other": seen[key]},
                    )
                )
            else:
                seen[key] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            good.append(LegacyRow(row=number, **parsed))
    if not good and not errors:
        errors.append(RowError(2, CODE, _("文件中没有数据行：请从第2行起填写。")))
    return good, errors


def _read_upload(chunks: Iterable[bytes]) -> files.SheetRows:
    with tempfile.TemporaryDirectory(prefix="legacy-credit-") as directory:
        path = Path(directory) / "upload.xlsx"
        size = 0
        head = b""
        with path.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > files.max_upload_bytes():
                    files.check_upload_size(size)
                if len(head) < 512:
                    head += chunk[: 512 - len(head)]
                out.write(chunk)
        files.check_upload_size(size)
        files.check_workbook_bytes(head, path)
        return files.read_sheet(
            path, preferred_titles=(SHEET_TITLE,), skip_titles=(INSTRUCTIONS_TITLE,)
        )


def legacy_import(*, actor: User, chunks: Iterable[bytes]) -> ImportOutcome:
    """Import a workbook of legacy classes (see the module); `LegacyImportError` with the row
    errors, or `FileRefusedError` for a file that is not a usable workbook; nothing is written
    then."""
    sheet = _read_upload(chunks)
    good, errors = parse_rows(sheet.headers, sheet.rows)
    if errors:
        raise LegacyImportError(errors)
    return _write(actor, good)


@transaction.atomic
def _write(actor: User, rows: list[LegacyRow]) -> ImportOutcome:
    outcome = ImportOutcome(rows=len(rows))
    codes = sorted({row.uscc for row in rows})
    enterprises = dict(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", "pk"))
    existing = {
        (entry.uscc, entry.year): entry
        for entry in LegacyClassification.objects.select_for_update().filter(uscc__in=codes)
    }
    now = timezone.now()
    created: list[LegacyClassification] = []
    changed: list[tuple[LegacyClassification, dict[str, Any]]] = []
    for row in rows:
        values = {
            "enterprise_id": enterprises.get(row.uscc),
            "enterprise_name": row.enterprise_name,
            "legacy_class": row.legacy_class,
            "classified_on": row.classified_on,
            "authority_name": row.authority_name,
            "basis": row.basis,
        }
        if values["enterprise_id"] is not None:
            outcome.matched += 1
        elif row.uscc not in outcome.unmatched_codes:
            outcome.unmatched_codes.append(row.uscc)
        entry = existing.get((row.uscc, row.year))
        if entry is None:
            created.append(
                LegacyClassification(uscc=row.uscc, year=row.year, imported_by=actor, **values)
            )
            continue
        if all(getattr(entry, name) == value for name, value in values.items()):
            outcome.unchanged += 1
            continue
        before = audit_snapshot(entry, fields=AUDITED)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.imported_by = actor
        entry.updated_at = now
        changed.append((entry, before))
    LegacyClassification.objects.bulk_create(created, batch_size=500)
    LegacyClassification.objects.bulk_update(
        [entry for entry, _before in changed],
        [
            "enterprise",
            *(name for name in AUDITED[2:] if name not in ("uscc", "year")),
            "imported_by",
            "updated_at",
        ],
        batch_size=500,
    )
    if any(entry.pk is None for entry in created):  # a backend that returns no ids
        keys = [(entry.uscc, entry.year) for entry in created]
        ids = {
            (uscc, year): pk
            for pk, uscc, year in LegacyClassification.objects.filter(uscc__in=codes).values_list(
                "pk", "uscc", "year"
            )
        }
        for entry, key in zip(created, keys, strict=True):
            entry.pk = ids[key]
    AuditLog.objects.bulk_create(
        [
            *(
                _audit_entry(
                    actor,
                    "credit.legacy.import",
                    entry,
                    None,
                    audit_snapshot(entry, fields=AUDITED),
                )
                for entry in created
            ),
            *(
                _audit_entry(
                    actor,
                    "credit.legacy.reimport",
                    entry,
                    before,
                    audit_snapshot(entry, fields=AUDITED),
                )
                for entry, before in changed
            ),
        ],
        batch_size=500,
    )
    outcome.created = len(created)
    outcome.updated = len(changed)
    return outcome


def _audit_entry(
    actor: User,
    action: str,
    instance: LegacyClassification,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> AuditLog:
    """The row `audit_record` would write, built for one bulk insert."""
    return AuditLog(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
    )


@transaction.atomic
def legacy_delete(*, actor: User, entry: LegacyClassification) -> None:
    """Remove one imported row (a wrong line of a past import), with its audit entry."""
    locked = LegacyClassification.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None:
        raise ApplicationError(_("该历史分类记录已被删除。"), field="entry")
    before = audit_snapshot(locked, fields=AUDITED)
    audit_record(actor=actor, action="credit.legacy.delete", instance=locked, before=before)
    locked.delete()


def legacy_template() -> bytes:
    """The empty import workbook: the data sheet with the column names, and the instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="C00000" if cell.value in REQUIRED else None)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(INSTRUCTIONS_TITLE)
    notes.append([_("列"), _("必填"), _("填写说明")])
    explanations = {
        CODE: _("18位统一社会信用代码；2015年前的记录可填15位注册号（不能与登记库匹配）"),
        NAME: _("分类时的企业名称"),
        YEAR: _("分类所属年度，四位数字（%(first)s–%(last)s）")
        % {"first": FIRST_YEAR, "last": LAST_YEAR},
        CLASS: _("A/B/C/D，或守信/警示/失信/严重失信，或绿/蓝/黄/黑"),
        CLASSIFIED_ON: _("日期，如 2008-03-01"),
        AUTHORITY: _("作出分类的工商行政管理机关"),
        BASIS: _("分类的依据或理由"),
    }
    for name in COLUMNS:
        notes.append([name, _("是") if name in REQUIRED else _("否"), str(explanations[name])])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
