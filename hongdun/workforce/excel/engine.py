"""The bulk import path: check every row of a sheet, then write all of them in one transaction.

django-import-export's ``Resource.import_data`` handles a row at a time: a query per lookup
column, a query for the natural key and a save (plus a history row) per record. That is fine for a
few hundred rows and far too slow for 50,000 attendance rows (see ``bench/``). This path keeps the
Resource as the one definition of the columns and reuses its fields and widgets for parsing, but

* resolves lookup columns (unit, person, class …) with one query per column and file,
* fetches the existing records for all natural keys with a few ``IN`` queries,
* compares values in memory to count new, updated and unchanged rows, and
* writes with ``bulk_create``/``bulk_update`` (with simple-history's bulk helpers, so every change
  is still in the history with who and when) inside one transaction.

A file is all or nothing: if any row has an error, nothing is written (the user fixes the file
and uploads it again; re-importing rows that did go in is harmless because the import is
idempotent).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.workforce.derivations import UnitTimeline
from hongdun.workforce.excel.cells import (
    CellError,
    Column,
    LookupWidget,
    is_blank,
    model_field,
    shown,
)
from hongdun.workforce.excel.files import SheetRows
from hongdun.workforce.excel.registry import kind_guess_from_headers
from hongdun.workforce.models import Person

if TYPE_CHECKING:
    from hongdun.workforce.excel.kinds import ExcelKind

BATCH = 1000
IN_CHUNK = 500
PROGRESS_EVERY = 2000

ProgressFn = Callable[[int, int], None]
# Given pks of stored records, those the importer may change.
ScopeFn = Callable[[list[Any]], set[Any]]


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # sheet row number; 1 = the header row
    column: str
    value: str
    message: str
    fix: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass(slots=True)
class CleanRow:
    row: int
    key: tuple[Any, ...]
    values: dict[str, Any]  # model attribute -> cleaned value (model instances for lookups)


@dataclass(slots=True)
class CheckOutcome:
    errors: list[RowError] = field(default_factory=list)
    rows: list[CleanRow] = field(default_factory=list)
    # One entry per header cell: its template column, or None for a cell whose values are ignored.
    columns: list[Column | None] = field(default_factory=list)
    total_rows: int = 0

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row > 1})


@dataclass(slots=True)
class Change:
    row: int
    instance: models.Model
    changed: list[str]  # attributes


@dataclass(slots=True)
class Plan:
    new: list[tuple[int, models.Model]] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _key_part(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value


def check_headers(kind: "ExcelKind", headers: Sequence[str], *, personal: bool) -> CheckOutcome:
    """Map the header row onto the template's columns; every problem is a row-1 error."""
    outcome = CheckOutcome()
    by_name = {c.column_name: c for c in kind.all_columns()}
    seen: set[str] = set()

    def refuse(header: str, message: str, fix: str) -> None:
        """The column is not read: a row-1 error names it, the message and the fix."""
        outcome.errors.append(RowError(1, header, header, message, fix))
        outcome.columns.append(None)

    for index, header in enumerate(headers, start=1):
        if not header:
            if index < len(headers):
                outcome.errors.append(
                    RowError(
                        1,
                        _("第 %(n)d 列") % {"n": index},
                        "",
                        _("表头中有空白列。"),
                        _("请删除这一列，或填上模板中的列名。"),
                    )
                )
            outcome.columns.append(None)
            continue
        column = by_name.get(header)
        if column is None:
            refuse(
                header,
                _("“%(header)s”不是“%(kind)s”模板中的列。")
                % {"header": header, "kind": kind.label},
                _("请删除这一列，或改回模板中的列名（见“填写说明”工作表）。"),
            )
            continue
        if header in seen:
            refuse(
                header,
                _("列“%(header)s”出现了不止一次。") % {"header": header},
                _("请只保留其中一列。"),
            )
            continue
        seen.add(header)
        if column.personal and not personal:
            refuse(
                header,
                _("您的岗位不能导入个人信息列“%(header)s”。") % {"header": header},
                _("请删除这一列后重新上传，或请政工部门导入。"),
            )
            continue
        outcome.columns.append(column)
    missing = [
        c.column_name for c in kind.all_columns() if c.required and c.column_name not in seen
    ]
    if missing:
        hint = kind_guess_from_headers(headers, besides=kind)
        outcome.errors.append(
            RowError(
                1,
                "、".join(missing),
                "",
                _("缺少必填列：%(columns)s。") % {"columns": "、".join(missing)}
                + (
                    " "
                    + _("这个文件看起来是“%(other)s”模板，请到对应的导入页面上传。")
                    % {"other": hint}
                    if hint
                    else ""
                ),
                _("请下载“%(kind)s”的导入模板，把数据复制到模板中对应的列。")
                % {"kind": kind.label},
            )
        )
    return outcome


def check_rows(
    kind: "ExcelKind",
    sheet: SheetRows,
    *,
    user: User,
    scope_unit_ids: set[int],
    personal: bool,
    progress: ProgressFn | None = None,
) -> CheckOutcome:
    """Check every row: cell values through the Resource's widgets, required columns, the kind's
    own rules, the importer's unit scope and duplicate natural keys within the file."""
    outcome = check_headers(kind, sheet.headers, personal=personal)
    outcome.total_rows = len(sheet.rows)
    if not outcome.errors and not sheet.rows:
        outcome.errors.append(
            RowError(
                0,
                sheet.sheet_title,
                "",
                _("工作表“%(sheet)s”只有表头，没有数据行。") % {"sheet": sheet.sheet_title},
                _("请从第二行开始填写数据，每行一条记录。"),
            )
        )
    if outcome.errors:
        return outcome
    columns = outcome.columns
    used = [(i, c) for i, c in enumerate(columns) if c is not None and not c.readonly]
    lookups = [c.widget for _i, c in used if isinstance(c.widget, LookupWidget)]
    headers = sheet.headers
    row_dicts = [dict(zip(headers, cells, strict=False)) for _number, cells in sheet.rows]
    for index, column in used:
        if isinstance(column.widget, LookupWidget):
            column.widget.prefetch((cells[index] for _n, cells in sheet.rows), row_dicts)
    try:
        _check_each_row(kind, sheet, row_dicts, outcome, used, user, scope_unit_ids, progress)
    finally:
        for widget in lookups:
            widget.forget()
    return outcome


def _check_each_row(
    kind: "ExcelKind",
    sheet: SheetRows,
    row_dicts: list[dict[str, Any]],
    outcome: CheckOutcome,
    used: list[tuple[int, Column]],
    user: User,
    scope_unit_ids: set[int],
    progress: ProgressFn | None,
) -> None:
    first_row_of_key: dict[tuple[Any, ...], int] = {}
    # The units of the file's people over time, read once for all of them (the derive hooks ask
    # for the unit on each row's date).
    timeline = UnitTimeline()
    timeline.preload(
        person.pk
        for _i, column in used
        if isinstance(column.widget, LookupWidget) and column.widget.model is Person
        for person in column.widget.prefetched()
    )
    header_of = {c.attribute: c.column_name for _i, c in used}
    total = len(sheet.rows)
    for done, ((number, cells), raw_row) in enumerate(
        zip(sheet.rows, row_dicts, strict=True), start=1
    ):
        values: dict[str, Any] = {}
        row_errors: list[RowError] = []
        failed: set[str] = set()
        for index, column in used:
            raw = cells[index]
            if getattr(column.widget, "depends_on_column", None) in failed:
                continue  # e.g. no session can be found for a class that was not found
            if column.required and is_blank(raw):
                failed.add(column.column_name)
                row_errors.append(
                    RowError(
                        number,
                        column.column_name,
                        "",
                        _("“%(column)s”是必填项，不能为空。") % {"column": column.column_name},
                        str(column.help_text) or _("请填写该项。"),
                    )
                )
                continue
            try:
                values[column.attribute] = column.widget.clean(raw, row=raw_row)
            except CellError as error:
                failed.add(column.column_name)
                row_errors.append(
                    RowError(number, column.column_name, shown(raw), error.message, error.fix)
                )
        if not row_errors:
            problems = kind.derive(values, timeline)
            problems += kind.check_row(values, raw_row, user=user)
            for attribute, message, fix in problems:
                column_name = header_of.get(attribute, attribute)
                row_errors.append(
                    RowError(number, column_name, shown(values.get(attribute)), message, fix)
                )
        if not row_errors:
            unit = kind.row_unit(values)
            if unit is not None and unit.pk not in scope_unit_ids:
                attribute = kind.scope_attribute
                row_errors.append(
                    RowError(
                        number,
                        header_of.get(attribute, attribute),
                        shown(getattr(unit, "name", "")),
                        _("“%(unit)s”不在您的管理范围内，不能导入该单位的记录。") % {"unit": unit},
                        _("请删除这一行，或请该单位或上级单位的工作人员导入。"),
                    )
                )
        if not row_errors:
            key = tuple(_key_part(values.get(attr)) for attr in kind.key)
            earlier = first_row_of_key.get(key)
            if earlier is not None:
                row_errors.append(
                    RowError(
                        number,
                        "、".join(header_of.get(a, a) for a in kind.key),
                        "",
                        _("与第 %(row)d 行是同一条记录（%(key)s 相同）。")
                        % {"row": earlier, "key": "、".join(header_of.get(a, a) for a in kind.key)},
                        _("请删除重复的一行，或合并两行的内容。"),
                    )
                )
            else:
                first_row_of_key[key] = number
                outcome.rows.append(CleanRow(number, key, values))
        outcome.errors.extend(row_errors)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


def _same(field: models.Field[Any, Any], old: Any, new: Any) -> bool:
    if old is None and new == "":
        return True
    if isinstance(field, models.DecimalField) and old is not None and new is not None:
        return Decimal(old) == Decimal(new)
    return bool(old == new)


def existing_by_key(kind: "ExcelKind", keys: Iterable[tuple[Any, ...]], lock: bool) -> dict:
    """The stored records for the given natural keys, fetched with a few ``IN`` queries on the
    key's first part and matched in memory."""
    model = kind.model
    first = kind.key[0]
    first_field = model_field(model, first)
    first_lookup = first_field.attname if first_field.is_relation else first
    attnames = [
        model_field(model, a).attname if model_field(model, a).is_relation else a for a in kind.key
    ]
    wanted = set(keys)
    firsts = sorted({k[0] for k in wanted}, key=str)
    found: dict[tuple[Any, ...], models.Model] = {}
    for start in range(0, len(firsts), IN_CHUNK):
        qs = model._default_manager.filter(
            **{f"{first_lookup}__in": firsts[start : start + IN_CHUNK]}
        )
        if lock:
            qs = qs.select_for_update()
        for obj in qs:
            key = tuple(getattr(obj, a) for a in attnames)
            if key in wanted:
                found[key] = obj
    return found


def build_plan(
    kind: "ExcelKind",
    rows: Sequence[CleanRow],
    *,
    user: User,
    in_scope: ScopeFn | None = None,
    lock: bool = False,
) -> Plan:
    """Sort the checked rows into new, updated (with the changed columns) and unchanged.

    A row that matches a stored record outside the importer's scope (``in_scope`` returns the
    pks it may change) is an error, even if the row itself names a unit in scope: a clerk may
    not pull another unit's person into their own unit by importing them.
    """
    plan = Plan()
    existing = existing_by_key(kind, (r.key for r in rows), lock)
    model = kind.model
    allowed = in_scope([o.pk for o in existing.values()]) if in_scope is not None else None
    names = {c.attribute: c.column_name for c in kind.all_columns()}
    key_columns = "、".join(names.get(a, a) for a in kind.key if a in names)
    for row in rows:
        obj = existing.get(row.key)
        if obj is not None and allowed is not None and obj.pk not in allowed:
            plan.errors.append(
                RowError(
                    row.row,
                    key_columns,
                    str(obj)[:60],
                    _("这一行对应的已有记录“%(record)s”不在您的管理范围内，不能修改。")
                    % {"record": obj},
                    _("请删除这一行，或请该记录所属单位（或上级单位）的工作人员导入。"),
                )
            )
            continue
        if obj is None:
            plan.new.append((row.row, kind.new_instance(row.values, user=user)))
            continue
        changed = []
        for attribute, value in row.values.items():
            if attribute in kind.derived_on_create:
                continue
            field_ = model_field(model, attribute)
            if field_.is_relation:
                old = getattr(obj, field_.attname)
                new = value.pk if isinstance(value, models.Model) else value
            else:
                old = getattr(obj, attribute)
                new = kind.stored_value(field_, value)
            if not _same(field_, old, new):
                setattr(obj, attribute, value if field_.is_relation else new)
                changed.append(attribute)
        if changed:
            plan.updated.append(Change(row.row, obj, changed))
        else:
            plan.unchanged += 1
    return plan


def write_plan(kind: "ExcelKind", plan: Plan, *, user: User, reason: str) -> None:
    """Write a plan inside the caller's transaction. A unique-constraint clash (someone else wrote
    the same natural key since the plan was made) becomes an ApplicationError; the caller's
    transaction then rolls back everything."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    model = kind.model
    historical = hasattr(model, "history")
    new_objects = [obj for _row, obj in plan.new]
    try:
        with transaction.atomic():
            if new_objects:
                if historical:
                    bulk_create_with_history(
                        new_objects,
                        model,
                        batch_size=BATCH,
                        default_user=user,
                        default_change_reason=reason,
                    )
                else:
                    model._default_manager.bulk_create(new_objects, batch_size=BATCH)
            by_fields: dict[tuple[str, ...], list[models.Model]] = {}
            for change in plan.updated:
                by_fields.setdefault(tuple(sorted(change.changed)), []).append(change.instance)
            for changed_fields, objects in by_fields.items():
                if historical:
                    bulk_update_with_history(
                        objects,
                        model,
                        list(changed_fields),
                        batch_size=BATCH,
                        default_user=user,
                        default_change_reason=reason,
                    )
                else:
                    model._default_manager.bulk_update(
                        objects, list(changed_fields), batch_size=BATCH
                    )
            kind.after_write(plan, user=user)
    except IntegrityError as error:
        raise ApplicationError(
            _(
                "写入时数据库拒绝了部分记录（可能有人同时导入或修改了相同的记录，"
                "或记录之间互相矛盾）。本次导入没有写入任何数据。"
            ),
            field="file",
            extra={
                "fix": _(
                    "请再次确认导入，系统会按最新数据重新检查；如仍失败，请核对文件中互相矛盾的行。"
                )
            },
        ) from error
