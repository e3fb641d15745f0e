"""The yearly report (年度队伍建设工作报告): a narrative in the article's 五抓促五新 structure
whose every number is a computed figure, plus the figure tables; HTML preview, PDF (WeasyPrint with
Noto CJK) and Word.

The narrative is drafted from the figures: each sentence takes its numbers from a figure key, so a
changed record changes the draft, and a frozen snapshot reproduces the published text exactly.
Downloads are official documents and always Chinese, whatever language the page was viewed in.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hongdun.reporting.templatetags.workforce_figures import figure_value
from hongdun.reporting.workforce.figure_types import FigureScope, Pillar, Value

if TYPE_CHECKING:
    from hongdun.workforce.models import FigureSnapshot

REPORT_LANGUAGE = "zh-hans"


@dataclass
class Report:
    title: str
    bureau: str
    scope: FigureScope
    pillars: list[Pillar]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    frozen_at: Any = None
    frozen_by: str = ""

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


def _v(pillar: Pillar | None, key: str) -> str:
    if pillar is None:
        return "—"
    try:
        value: Value = pillar.figure(key).value
    except KeyError:
        return "—"
    return figure_value(value)


def _by_number(pillars: list[Pillar]) -> dict[int, Pillar]:
    return {p.number: p for p in pillars}


def _narrative(scope: FigureScope, pillars: list[Pillar]) -> list[tuple[str, list[str]]]:
    p = _by_number(pillars)
    as_of = scope.as_of.strftime("%Y-%m-%d")
    since = str(scope.period_start.year)
    one, two, three, four, five = (p.get(n) for n in (1, 2, 3, 4, 5))
    sections: list[tuple[str, list[str]]] = []
    sections.append(
        (
            _("一是狠抓领导班子建设，各级班子的领导水平和执政能力有了新提高"),
            [
                _(
                    "截至%(as_of)s，旗县区局、分局科级领导干部平均年龄%(age_section)s岁，"
                    "工商所所长平均年龄%(age_station)s岁；基层局领导班子成员大专以上学历占"
                    "%(college)s%%，本科以上比例达到%(bachelor)s%%；女干部占%(women)s%%，"
                    "少数民族干部占%(minority)s%%，年轻干部占%(young)s%%。"
                )
                % {
                    "as_of": as_of,
                    "age_section": _v(one, "1.1"),
                    "age_station": _v(one, "1.2"),
                    "college": _v(one, "1.3"),
                    "bachelor": _v(one, "1.4"),
                    "women": _v(one, "1.5a"),
                    "minority": _v(one, "1.5b"),
                    "young": _v(one, "1.5c"),
                },
                _(
                    "领导班子成员深入基层督查指导%(visits)s次，发现问题%(findings)s个，"
                    "按期整改率%(closed)s%%；对副科级以上干部进行集中轮训，覆盖率%(rotation)s%%；"
                    "行政诉讼案件开庭%(cases)s件，行政首长出庭应诉率%(appearance)s%%。"
                )
                % {
                    "visits": _v(one, "1.7"),
                    "findings": _v(one, "1.7a"),
                    "closed": _v(one, "1.7b"),
                    "rotation": _v(one, "1.8"),
                    "cases": _v(one, "1.9a"),
                    "appearance": _v(one, "1.9"),
                },
            ],
        )
    )
    sections.append(
        (
            _("二是狠抓干部队伍建设，在推进学习型工商建设上有了新起色"),
            [
                _(
                    "%(since)s年以来，共举办各类政治业务培训班%(classes)s期，培训干部%(times)s人次"
                    "（%(persons)s人）；坚持晨学、每周四例行学习和远程教育学习制度，集中学习%(sessions)s次。"
                )
                % {
                    "since": since,
                    "classes": _v(two, "2.1"),
                    "times": _v(two, "2.2"),
                    "persons": _v(two, "2.3"),
                    "sessions": _v(two, "2.5"),
                },
                _(
                    "全系统%(pass)s%%的干部通过了计算机一级B等级考试；举办技能比武和知识竞赛"
                    "%(contests)s项，在全区工商系统知识竞赛中获得%(prize)s。"
                )
                % {"pass": _v(two, "2.6"), "contests": _v(two, "2.8"), "prize": _v(two, "2.9")},
            ],
        )
    )
    streaks = [
        _("%(subject)s已连续%(years)s年被授予“%(title)s”荣誉称号。")
        % {"subject": row[0], "title": row[1], "years": figure_value(row[2])}
        for row in _breakdown_rows(three, "3.6")
    ]
    sections.append(
        (
            _("三是狠抓精神文明建设，在增强工商部门信用度和满意度上树立了新形象"),
            [
                _(
                    "截至%(as_of)s，全系统共创建全国文明单位%(n1)s个，自治区级文明单位%(n2)s个，"
                    "有%(n3)s个单位被授予自治区级“文明示范窗口”“文明行业示范点”“青年文明号”，"
                    "有%(n4)s个单位被命名为市级“文明单位”“文明示范窗口”“青年文明号”，"
                    "有%(n5)s个单位被表彰为自治区“人民满意行政执法单位”。"
                )
                % {
                    "as_of": as_of,
                    "n1": _v(three, "3.1"),
                    "n2": _v(three, "3.2"),
                    "n3": _v(three, "3.3"),
                    "n4": _v(three, "3.4"),
                    "n5": _v(three, "3.5"),
                },
                *streaks,
                _("深入推行政务公开，公开事项%(items)s条。") % {"items": _v(three, "3.8")},
            ],
        )
    )
    if four is not None:
        paragraphs = [
            _(
                "在%(pc_year)s年人大工作评议中，%(satisfied)s个单位被评为“满意单位”（参评%(evaluated)s个）；"
                "在%(subjects)s个评议对象中，获得全票满意的%(unanimous)s个；"
                "在%(da_year)s年民主评议政风行风综合测评中取得第%(rank)s名。"
            )
            % {
                "pc_year": _v(four, "4.1y"),
                "satisfied": _v(four, "4.1"),
                "evaluated": _v(four, "4.1a"),
                "subjects": _v(four, "4.2a"),
                "unanimous": _v(four, "4.2"),
                "da_year": _v(four, "4.3y"),
                "rank": _v(four, "4.3"),
            }
        ]
        if scope.integrity == "full":
            paragraphs.append(
                _(
                    "签订党风廉政建设责任书的单位占%(letters)s%%；开展述职述廉%(reports)s场，"
                    "服务对象代表满意率%(rating)s%%；开展执法监督、效能监察和行风评议%(supervisions)s次，"
                    "问题整改率%(rectified)s%%；聘请特邀廉政监督员%(supervisors)s名；"
                    "%(commendations)s人受到勤廉兼优等表彰。"
                )
                % {
                    "letters": _v(four, "4.6"),
                    "reports": _v(four, "4.7a"),
                    "rating": _v(four, "4.7"),
                    "supervisions": _v(four, "4.8a"),
                    "rectified": _v(four, "4.8"),
                    "supervisors": _v(four, "4.9"),
                    "commendations": _v(four, "4.4"),
                }
            )
        sections.append((_("四是狠抓党风廉政建设，在推进作风建设上取得了新进展"), paragraphs))
    sections.append(
        (
            _("五是狠抓工商文化建设，在推进和谐机关建设上探索了新途径"),
            [
                _(
                    "开展对口支持和结对帮扶%(pairings)s项，走访%(visits)s次，投入资金%(funds)s元；"
                    "组织文体竞赛、作品展等活动%(activities)s项，参与%(participations)s人次。"
                )
                % {
                    "pairings": _v(five, "5.1"),
                    "visits": _v(five, "5.2a"),
                    "funds": _v(five, "5.2"),
                    "activities": _v(five, "5.3"),
                    "participations": _v(five, "5.3a"),
                },
                _(
                    "在献爱心活动中，全系统%(donors)s名干部职工和离退休老干部共捐款%(donated)s元；"
                    "%(members)s名党员共交纳“特殊党费”%(dues)s元；组织个体私营业者捐款捐物%(organised)s元。"
                )
                % {
                    "donors": _v(five, "5.5a"),
                    "donated": _v(five, "5.5"),
                    "members": _v(five, "5.6a"),
                    "dues": _v(five, "5.6"),
                    "organised": _v(five, "5.7"),
                },
            ],
        )
    )
    return sections


def _breakdown_rows(pillar: Pillar | None, key: str) -> list[list[Value]]:
    if pillar is None:
        return []
    try:
        figure = pillar.figure(key)
    except KeyError:
        return []
    return figure.breakdowns[0].rows if figure.breakdowns else []


def report_build(
    *, scope: FigureScope, pillars: list[Pillar], snapshot: "FigureSnapshot | None" = None
) -> Report:
    report = Report(
        title=_("%(year)s年度队伍建设工作报告") % {"year": scope.as_of.year},
        bureau=_(settings.HONGDUN["BUREAU_NAME"]),
        scope=scope,
        pillars=pillars,
        frozen_at=snapshot.created_at if snapshot else None,
        frozen_by=str(snapshot.created_by) if snapshot and snapshot.created_by else "",
    )
    report.sections = _narrative(scope, pillars)
    return report


def _official(report: Report) -> Report:
    """The same report with its words in Chinese: official downloads are always Chinese."""
    with translation.override(REPORT_LANGUAGE):
        return Report(
            title=_("%(year)s年度队伍建设工作报告") % {"year": report.scope.as_of.year},
            bureau=_(settings.HONGDUN["BUREAU_NAME"]),
            scope=report.scope,
            pillars=report.pillars,
            sections=_narrative(report.scope, report.pillars),
            frozen_at=report.frozen_at,
            frozen_by=report.frozen_by,
        )


def report_html(report: Report) -> str:
    official = _official(report)
    with translation.override(REPORT_LANGUAGE):
        return render_to_string(
            "workforce/figures/report_pdf.html",
            {"report": official, "issued_on": timezone.localdate()},
        )


def report_pdf(report: Report) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=report_html(report), base_url=str(settings.BASE_DIR))
    return bytes(document.write_pdf())


def report_docx(report: Report) -> bytes:
    """Word version in the house layout of official documents (仿宋 body, 黑体 headings, A4)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    official = _official(report)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(37)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run_font(run: Any, face: str, size: float, bold: bool = False) -> None:
        run.font.name = face
        run.font.size = Pt(size)
        run.font.bold = bold
        run._element.rPr.rFonts.set(qn("w:eastAsia"), face)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(heading.add_run(official.bureau), "方正小标宋简体", 22)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(title.add_run(official.title), "方正小标宋简体", 18)
    with translation.override(REPORT_LANGUAGE):
        scope_line = _scope_line(official.scope)
        status = _status_line(official)
    meta = document.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(meta.add_run(scope_line), "楷体_GB2312", 14)
    if status:
        run_font(document.add_paragraph().add_run(status), "楷体_GB2312", 12)
    for heading_text, paragraphs in official.sections:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        run_font(paragraph.add_run(heading_text), "黑体", 16)
        for text in paragraphs:
            body = document.add_paragraph()
            body.paragraph_format.first_line_indent = Pt(32)
            body.paragraph_format.line_spacing = Pt(28)
            run_font(body.add_run(text), "仿宋_GB2312", 16)
    with translation.override(REPORT_LANGUAGE):
        document.add_page_break()
        appendix = document.add_paragraph()
        run_font(appendix.add_run(_("附表：统计数据")), "黑体", 16)
        for pillar in official.pillars:
            run_font(document.add_paragraph().add_run(pillar.title), "黑体", 14)
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(
                table.rows[0].cells, (_("编号"), _("指标"), _("计算值"), _("原文")), strict=True
            ):
                cell.text = text
            for figure in pillar.figures:
                cells = table.add_row().cells
                cells[0].text = figure.key
                cells[1].text = figure.label
                cells[2].text = f"{figure_value(figure.value)} {figure.unit}".strip()
                cells[3].text = figure.article
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _scope_line(scope: FigureScope) -> str:
    return _("%(unit)s（含下级单位）　统计期 %(start)s 至 %(end)s") % {
        "unit": scope.root_name,
        "start": scope.period_start.isoformat(),
        "end": scope.period_end.isoformat(),
    }


def _status_line(report: Report) -> str:
    if report.is_frozen:
        return _("本报告数据已于 %(when)s 冻结（%(who)s），可据快照重现。") % {
            "when": timezone.localtime(report.frozen_at).strftime("%Y-%m-%d %H:%M"),
            "who": report.frozen_by or "—",
        }
    return _("草稿：数据为实时计算，尚未冻结。")


def report_filename(report: Report, extension: str) -> str:
    with translation.override(REPORT_LANGUAGE):
        title = _("%(year)s年度队伍建设工作报告") % {"year": report.scope.as_of.year}
    return f"{title}-{report.scope.root_name}-{report.scope.as_of.isoformat()}.{extension}"


def report_context_lines(report: Report) -> dict[str, str]:
    return {"scope_line": _scope_line(report.scope), "status_line": _status_line(report)}


def report_year_default(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year - 1 if today.month < 7 else today.year
