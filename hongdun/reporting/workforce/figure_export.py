"""The figures as an Excel workbook: a cover sheet with the scope, one sheet per pillar.

Each sheet lists the figures (key, label, value, unit, the article's figure, target, gap) and then
every breakdown table under them, so what a leader sees on screen is what they download.
"""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hongdun.reporting.workforce.figure_types import FigureScope, Pillar, Value

BOLD = Font(bold=True)


def _cell(value: Value | bool) -> object:
    # Excel has no Decimal; percentages and money keep their rounding as numbers with 2 decimals.
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return "—"
    return value


def figures_xlsx(*, scope: FigureScope, pillars: list[Pillar]) -> bytes:
    book = Workbook()
    cover = book.active
    assert cover is not None  # noqa: S101 - a new workbook always has one sheet
    cover.title = _("说明")
    cover.append([_("队伍建设统计")])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([_("范围"), scope.root_name])
    cover.append([_("截至日期"), scope.as_of])
    cover.append([_("统计期起"), scope.period_start])
    cover.append([_("统计期止"), scope.period_end])
    cover.append([_("生成时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    cover.append([_("说明"), _("每个数值均由记录实时计算；口径见系统文档“队伍建设统计口径”。")])
    cover.column_dimensions["A"].width = 14
    cover.column_dimensions["B"].width = 60
    for pillar in pillars:
        sheet = book.create_sheet(title=pillar.title[:31])
        header = [_("编号"), _("指标"), _("计算值"), _("单位"), _("原文"), _("目标"), _("差距")]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = BOLD
        for figure in pillar.figures:
            sheet.append(
                [
                    figure.key,
                    figure.label,
                    _cell(figure.value),
                    figure.unit,
                    figure.article,
                    _cell(figure.target) if figure.target is not None else "",
                    _cell(figure.gap) if figure.gap is not None else "",
                ]
            )
        for figure in pillar.figures:
            for breakdown in figure.breakdowns:
                sheet.append([])
                sheet.append([f"{figure.key} · {breakdown.title}"])
                sheet.cell(row=sheet.max_row, column=1).font = BOLD
                sheet.append(breakdown.columns)
                for row in breakdown.rows:
                    sheet.append([_cell(v) for v in row])
        for index, width in enumerate((8, 44, 14, 8, 22, 10, 10), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
