"""Builds `appointment_form.docx`, the docxtpl template of the 干部任免审批表 (cadre
appointment and removal approval form) in the layout of the 中组部 form: A4, 宋体 title,
仿宋 body, one ruled table.

The committed .docx is what the app renders; run this module to rebuild it after changing the
layout (`.venv/bin/python -m hongdun.workforce.docx.build_template`). Offices may also edit the
.docx in Word or WPS as long as the {{ … }} tags stay in place.
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

TEMPLATE_PATH = Path(__file__).resolve().parent / "appointment_form.docx"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"


def _east_asian(run_or_style: object, font: str) -> None:
    element = run_or_style.element  # type: ignore[attr-defined]
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), font)


def _write(cell: _Cell, text: str, *, bold: bool = False, center: bool = True) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(11)
    _east_asian(run, BODY_FONT)


def build(path: Path = TEMPLATE_PATH) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    _east_asian(normal, BODY_FONT)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("干部任免审批表")
    run.bold = True
    run.font.size = Pt(22)
    _east_asian(run, TITLE_FONT)

    table = document.add_table(rows=0, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def row(*cells: tuple[str, int, bool]) -> None:
        """Add a row of (text, span, is_label) cells."""
        new = table.add_row().cells
        index = 0
        for text, span, is_label in cells:
            target = new[index]
            if span > 1:
                target = target.merge(new[index + span - 1])
            _write(target, text, bold=is_label, center=is_label or span == 1)
            index += span

    label, value = True, False
    row(
        ("姓名", 1, label),
        ("{{ name }}", 1, value),
        ("性别", 1, label),
        ("{{ gender }}", 1, value),
        ("出生年月（岁）", 1, label),
        ("{{ birth }}", 1, value),
    )
    row(
        ("民族", 1, label),
        ("{{ ethnicity }}", 1, value),
        ("籍贯", 1, label),
        ("{{ native_place }}", 1, value),
        ("出生地", 1, label),
        ("{{ birthplace }}", 1, value),
    )
    row(
        ("入党时间", 1, label),
        ("{{ party_join }}", 1, value),
        ("参加工作时间", 1, label),
        ("{{ work_start }}", 1, value),
        ("人员类别", 1, label),
        ("{{ staff_category }}", 1, value),
    )
    row(
        ("专业技术职务", 1, label),
        ("{{ professional_title }}", 2, value),
        ("熟悉专业有何专长", 1, label),
        ("{{ specialty }}", 2, value),
    )
    row(
        ("全日制教育", 1, label),
        ("{{ full_time_education }}", 2, value),
        ("毕业院校系及专业", 1, label),
        ("{{ full_time_school }}", 2, value),
    )
    row(
        ("在职教育", 1, label),
        ("{{ in_service_education }}", 2, value),
        ("毕业院校系及专业", 1, label),
        ("{{ in_service_school }}", 2, value),
    )
    row(("现任职务", 1, label), ("{{ current_position }}", 5, value))
    row(("现任职级", 1, label), ("{{ current_rank }}", 5, value))
    row(("拟任职务", 1, label), ("{{ proposed_appointment }}", 5, value))
    row(("拟免职务", 1, label), ("{{ proposed_removal }}", 5, value))
    row(("简历", 1, label), ("{{r resume }}", 5, value))
    row(("奖惩情况", 1, label), ("{{r awards }}", 5, value))
    row(("任免理由", 1, label), ("{{ reason }}", 5, value))
    row(("家庭主要成员及重要社会关系", 6, label))
    row(
        ("称谓", 1, label),
        ("姓名", 1, label),
        ("年龄", 1, label),
        ("政治面貌", 1, label),
        ("工作单位及职务", 2, label),
    )
    row(("{%tr for member in family %}", 6, value))
    row(
        ("{{ member.relation }}", 1, value),
        ("{{ member.name }}", 1, value),
        ("{{ member.age }}", 1, value),
        ("{{ member.political_status }}", 1, value),
        ("{{ member.work }}", 2, value),
    )
    row(("{%tr endfor %}", 6, value))
    row(("{{ family_note }}", 6, value))
    row(
        ("呈报单位", 1, label),
        ("{{ unit }}", 3, value),
        ("填表日期", 1, label),
        ("{{ filled_on }}", 1, value),
    )
    row(
        ("审批机关意见", 1, label),
        ("\n\n（盖章）\n年　月　日", 2, value),
        ("行政机关任免意见", 1, label),
        ("\n\n（盖章）\n年　月　日", 2, value),
    )

    footer = document.add_paragraph()
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer_run = footer.add_run("填表人：{{ filled_by }}　　统计日期：{{ as_of }}")
    footer_run.font.size = Pt(10)
    _east_asian(footer_run, BODY_FONT)
    document.save(str(path))
    return path


if __name__ == "__main__":
    build()
