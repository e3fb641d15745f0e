"""Writing the templates: one workbook layout serves the empty template and every export.

Sheet 1 is the data (row 1 the Chinese column names, required ones in red, frozen; drop-down
lists for columns with fixed values; real Excel dates); sheet 2 "填写说明" explains each column;
a hidden sheet "选项" holds the drop-down lists that are too long for an inline list. The import
reads sheet 1 by its title, so an exported file can be edited and imported again as it is.
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from hongdun.workforce.excel.cells import (
    ChoiceWidget,
    Column,
    DateCellWidget,
    DecimalCellWidget,
    IntegerCellWidget,
    LookupWidget,
    TextWidget,
    YesNoWidget,
)

INSTRUCTIONS_TITLE = "填写说明"
OPTIONS_TITLE = "选项"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The longest list Excel accepts inline in a validation formula.
INLINE_LIST_LIMIT = 250
DATA_VALIDATION_ROWS = 20_000

HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def column_format(column: Column) -> str:
    """What to enter in the column, for the instructions sheet."""
    widget = column.widget
    if isinstance(widget, DateCellWidget):
        return _("日期，例如 2008-03-01")
    if isinstance(widget, ChoiceWidget):
        return _("从下拉列表中选择：") + "、".join(widget.labels())
    if isinstance(widget, YesNoWidget):
        return _("“是”或“否”，空白视为“否”")
    if isinstance(widget, DecimalCellWidget):
        return _("数字，最多 %(places)d 位小数") % {"places": widget.places}
    if isinstance(widget, IntegerCellWidget):
        return _("整数")
    if isinstance(widget, LookupWidget):
        return str(widget.fix)
    if isinstance(widget, TextWidget):
        return _("文字，最多 %(max)d 个字") % {"max": widget.max_length}
    return ""


def write_workbook(
    *,
    sheet_title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str],
    kind_label: str,
) -> bytes:
    """The template or an export as .xlsx bytes."""
    buffer = io.BytesIO()
    save_workbook(
        buffer,
        sheet_title=sheet_title,
        columns=columns,
        rows=rows,
        notes=notes,
        kind_label=kind_label,
    )
    return buffer.getvalue()


def save_workbook(
    target: str | Path | BinaryIO,
    *,
    sheet_title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str],
    kind_label: str,
) -> None:
    """Write the template or an export to a file or buffer.

    Write-only mode streams the rows to a temporary file as they come, so memory stays flat
    however many rows the iterable yields (a background export of a million rows).
    """
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(sheet_title)
    data.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        data.column_dimensions[get_column_letter(index)].width = column.width
    options_columns: list[tuple[int, list[str]]] = []
    for index, column in enumerate(columns, start=1):
        if isinstance(column.widget, ChoiceWidget | YesNoWidget):
            labels = (
                column.widget.labels() if isinstance(column.widget, ChoiceWidget) else ["是", "否"]
            )
            letter = get_column_letter(index)
            inline = ",".join(labels)
            if len(inline) <= INLINE_LIST_LIMIT:
                formula = f'"{inline}"'
            else:
                options_columns.append((index, labels))
                options_letter = get_column_letter(len(options_columns))
                formula = (
                    f"{quote_sheetname(OPTIONS_TITLE)}!${options_letter}$2:"
                    f"${options_letter}${len(labels) + 1}"
                )
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.column_name,
                error=_("请从下拉列表中选择。"),
            )
            validation.add(f"{letter}2:{letter}{DATA_VALIDATION_ROWS}")
            data.data_validations.append(validation)
    header = []
    for column in columns:
        cell = WriteOnlyCell(data, value=column.column_name)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    data.append(header)
    date_columns = {i for i, c in enumerate(columns) if isinstance(c.widget, DateCellWidget)}
    text_columns = {i for i, c in enumerate(columns) if isinstance(c.widget, TextWidget)}
    for values in rows:
        out: list[Any] = []
        for i, value in enumerate(values):
            if i in date_columns and isinstance(value, dt.date):
                cell = WriteOnlyCell(data, value=value)
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            elif i in text_columns and isinstance(value, str) and value.isdigit():
                # Long digit strings (ID numbers, employee numbers) stay text so Excel keeps them.
                cell = WriteOnlyCell(data, value=value)
                cell.number_format = "@"
                out.append(cell)
            else:
                out.append(value)
        data.append(out)

    _write_instructions(workbook, columns, notes, kind_label)
    if options_columns:
        options = workbook.create_sheet(OPTIONS_TITLE)
        options.sheet_state = "hidden"
        lists = [labels for _index, labels in options_columns]
        options.append([columns[index - 1].column_name for index, _labels in options_columns])
        for r in range(max(len(labels) for labels in lists)):
            options.append([labels[r] if r < len(labels) else None for labels in lists])
    workbook.save(target)


def _write_instructions(
    workbook: Workbook, columns: Sequence[Column], notes: Sequence[str], kind_label: str
) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_TITLE)
    for letter, width in zip("ABCDE", (18, 10, 48, 20, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    title = WriteOnlyCell(sheet, value=_("“%(kind)s”导入模板填写说明") % {"kind": kind_label})
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    for note in notes:
        sheet.append([str(note)])
    sheet.append([])
    head = []
    for text in (_("列名"), _("是否必填"), _("填写要求"), _("示例"), _("说明")):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        head.append(cell)
    sheet.append(head)
    for column in columns:
        example = column.example
        if isinstance(example, dt.date):
            example = example.isoformat()
        sheet.append(
            [
                column.column_name,
                _("必填") if column.required else _("选填"),
                column_format(column),
                "" if example is None else str(example),
                str(column.help_text),
            ]
        )
