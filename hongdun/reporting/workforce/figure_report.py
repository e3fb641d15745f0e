"""The yearly report (年度队伍建设工作报告): a narrative in the article's 五抓促五新 structure
whose every number is a computed figure, plus the figure tables; HTML preview, PDF (WeasyPrint with
Noto CJK) and Word.

The narrative is drafted from the figures: each sentence takes its numbers from a figure key, so a
changed record changes the draft, and a frozen snapshot reproduces the published text exactly.
Downloads are official documents and always Chinese, whatever language the page was viewed in.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hongdun.core.prose import amount_in_prose, plain_number
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


class Money(str):
    """A figure key whose value is an amount of money: written in the official style."""


def _figure_value(pillar: Pillar | None, key: str) -> Value:
    if pillar is None:
        return None
    try:
        return pillar.figure(key).value
    except KeyError:
        return None


def _prose(value: Value, *, money: bool = False) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if money and isinstance(value, int | Decimal):
        return amount_in_prose(value)
    if isinstance(value, int | Decimal):
        return plain_number(value)
    return str(value)


def _clause(pillar: Pillar | None, template: str, *, when: bool = True, **keys: str) -> str | None:
    """`template` filled with the figures named by `keys`, or None when one of them has no value
    (a rate with nothing to divide by, a year with no round) or `when` is false: the report then
    leaves the clause out rather than print "—" inside a sentence."""
    if not when:
        return None
    values: dict[str, str] = {}
    for name, key in keys.items():
        value = _figure_value(pillar, key)
        if value is None or value == "":
            return None
        values[name] = _prose(value, money=isinstance(key, Money))
    return template % values


def _sentence(clauses: Iterable[str | None], *, lead: str = "", joiner: str = "，") -> str | None:
    """The clauses that have their figures, joined after `lead` into one sentence (None if none)."""
    present = [c for c in clauses if c]
    if not present:
        return None
    return lead + joiner.join(present) + "。"


def _paragraphs(*sentences: str | None) -> list[str]:
    found = [s for s in sentences if s]
    return found or [_("本统计期未取得这方面的统计数据。")]


def _date_in_words(day: date) -> str:
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def _period_lead(scope: FigureScope) -> str:
    """ "2006年以来，" over several years; "2008年，" over one (a one-year report has no 以来)."""
    start, end = scope.period_start.year, scope.period_end.year
    if start == end:
        return _("%(year)s年，") % {"year": start}
    return _("%(year)s年以来，") % {"year": start}


def _by_number(pillars: list[Pillar]) -> dict[int, Pillar]:
    return {p.number: p for p in pillars}


def _positive(pillar: Pillar | None, key: str) -> bool:
    """A count or amount above zero: "0名干部职工共捐款0元" is not a sentence a report prints."""
    value = _figure_value(pillar, key)
    return isinstance(value, int | Decimal) and not isinstance(value, bool) and value > 0


def _narrative(scope: FigureScope, pillars: list[Pillar]) -> list[tuple[str, list[str]]]:
    p = _by_number(pillars)
    as_of_lead = _("截至%(date)s，") % {"date": _date_in_words(scope.as_of)}
    one, two, three, four, five = (p.get(n) for n in (1, 2, 3, 4, 5))
    sections: list[tuple[str, list[str]]] = []
    sections.append(
        (
            _("一是狠抓领导班子建设，各级班子的领导水平和执政能力有了新提高"),
            _paragraphs(
                _sentence(
                    [
                        _clause(one, _("旗县区局、分局科级领导干部平均年龄%(v)s岁"), v="1.1"),
                        _clause(one, _("工商所所长平均年龄%(v)s岁"), v="1.2"),
                        _clause(one, _("基层局领导班子成员大专以上学历占%(v)s%%"), v="1.3"),
                        _clause(one, _("本科以上比例达到%(v)s%%"), v="1.4"),
                        _clause(one, _("女干部占%(v)s%%"), v="1.5a"),
                        _clause(one, _("少数民族干部占%(v)s%%"), v="1.5b"),
                        _clause(one, _("年轻干部占%(v)s%%"), v="1.5c"),
                    ],
                    lead=as_of_lead,
                ),
                _sentence(
                    [
                        _clause(one, _("领导班子成员深入基层督查指导%(v)s次"), v="1.7"),
                        _clause(one, _("发现问题%(v)s个"), v="1.7a"),
                        _clause(one, _("按期整改率%(v)s%%"), v="1.7b"),
                        _clause(one, _("对副科级以上干部进行集中轮训，覆盖率%(v)s%%"), v="1.8"),
                        _clause(one, _("行政诉讼案件开庭%(v)s件"), v="1.9a"),
                        _clause(one, _("行政首长出庭应诉率%(v)s%%"), v="1.9"),
                    ],
                    joiner="；",
                ),
            ),
        )
    )
    sections.append(
        (
            _("二是狠抓干部队伍建设，在推进学习型工商建设上有了新起色"),
            _paragraphs(
                _sentence(
                    [
                        _clause(two, _("共举办各类政治业务培训班%(v)s期"), v="2.1"),
                        _clause(
                            two,
                            _("培训干部%(times)s人次（%(persons)s人）"),
                            times="2.2",
                            persons="2.3",
                        )
                        or _clause(two, _("培训干部%(v)s人次"), v="2.2"),
                        _clause(
                            two,
                            _("坚持晨学、每周四例行学习和远程教育学习制度，集中学习%(v)s次"),
                            v="2.5",
                        ),
                    ],
                    lead=_period_lead(scope),
                ),
                _sentence(
                    [
                        _clause(two, _("全系统%(v)s%%的干部通过了计算机一级B等级考试"), v="2.6"),
                        _clause(two, _("举办技能比武和知识竞赛%(v)s项"), v="2.8"),
                        _clause(two, _("在全区工商系统知识竞赛中获得%(v)s"), v="2.9"),
                    ],
                    joiner="；",
                ),
            ),
        )
    )
    streaks = [
        _("%(subject)s已连续%(years)s年被授予“%(title)s”荣誉称号。")
        % {"subject": row[0], "title": row[1], "years": _prose(row[2])}
        for row in _breakdown_rows(three, "3.6")
    ]
    sections.append(
        (
            _("三是狠抓精神文明建设，在增强工商部门信用度和满意度上树立了新形象"),
            _paragraphs(
                _sentence(
                    [
                        _clause(three, _("全系统共创建全国文明单位%(v)s个"), v="3.1"),
                        _clause(three, _("自治区级文明单位%(v)s个"), v="3.2"),
                        _clause(
                            three,
                            _(
                                "有%(v)s个单位被授予自治区级“文明示范窗口”“文明行业示范点”"
                                "“青年文明号”"
                            ),
                            v="3.3",
                        ),
                        _clause(
                            three,
                            _("有%(v)s个单位被命名为市级“文明单位”“文明示范窗口”“青年文明号”"),
                            v="3.4",
                        ),
                        _clause(
                            three,
                            _("有%(v)s个单位被表彰为自治区“人民满意行政执法单位”"),
                            v="3.5",
                        ),
                    ],
                    lead=as_of_lead,
                ),
                *streaks,
                _sentence([_clause(three, _("深入推行政务公开，公开事项%(v)s条"), v="3.8")]),
            ),
        )
    )
    if four is not None:
        paragraphs = [
            _sentence(
                [
                    _clause(
                        four,
                        _(
                            "在%(year)s年人大工作评议中，%(satisfied)s个单位被评为“满意单位”"
                            "（参评%(evaluated)s个）"
                        ),
                        year="4.1y",
                        satisfied="4.1",
                        evaluated="4.1a",
                    ),
                    _clause(
                        four,
                        _("在%(subjects)s个评议对象中，获得全票满意的%(unanimous)s个"),
                        subjects="4.2a",
                        unanimous="4.2",
                    ),
                    _clause(
                        four,
                        _("在%(year)s年民主评议政风行风综合测评中取得第%(rank)s名"),
                        year="4.3y",
                        rank="4.3",
                    ),
                ],
                joiner="；",
            )
        ]
        if scope.integrity == "full":
            paragraphs.append(
                _sentence(
                    [
                        _clause(four, _("签订党风廉政建设责任书的单位占%(v)s%%"), v="4.6"),
                        _clause(four, _("开展述职述廉%(v)s场"), v="4.7a"),
                        _clause(four, _("服务对象代表满意率%(v)s%%"), v="4.7"),
                        _clause(four, _("开展执法监督、效能监察和行风评议%(v)s次"), v="4.8a"),
                        _clause(four, _("问题整改率%(v)s%%"), v="4.8"),
                        _clause(four, _("聘请特邀廉政监督员%(v)s名"), v="4.9"),
                        _clause(four, _("%(v)s人受到勤廉兼优等表彰"), v="4.4"),
                    ],
                    joiner="；",
                )
            )
        sections.append(
            (_("四是狠抓党风廉政建设，在推进作风建设上取得了新进展"), _paragraphs(*paragraphs))
        )
    sections.append(
        (
            _("五是狠抓工商文化建设，在推进和谐机关建设上探索了新途径"),
            _paragraphs(
                _sentence(
                    [
                        _clause(five, _("开展对口支持和结对帮扶%(v)s项"), v="5.1"),
                        _clause(five, _("走访%(v)s次"), v="5.2a"),
                        _clause(five, _("投入资金%(v)s"), v=Money("5.2")),
                    ],
                    joiner="，",
                ),
                _sentence(
                    [
                        _clause(five, _("组织文体竞赛、作品展等活动%(v)s项"), v="5.3"),
                        _clause(five, _("参与%(v)s人次"), v="5.3a"),
                    ]
                ),
                _sentence(
                    [
                        _clause(
                            five,
                            _("全系统%(donors)s名干部职工和离退休老干部共捐款%(amount)s"),
                            when=_positive(five, "5.5a"),
                            donors="5.5a",
                            amount=Money("5.5"),
                        ),
                        _clause(
                            five,
                            _("%(members)s名党员共交纳“特殊党费”%(amount)s"),
                            when=_positive(five, "5.6a"),
                            members="5.6a",
                            amount=Money("5.6"),
                        ),
                        _clause(
                            five,
                            _("组织个体私营业者捐款捐物%(v)s"),
                            when=_positive(five, "5.7"),
                            v=Money("5.7"),
                        ),
                    ],
                    lead=_("在献爱心活动中，"),
                    joiner="；",
                ),
            ),
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
            {
                "report": official,
                "issued_on": timezone.localdate(),
                "scope_line": _scope_line(official.scope),
            },
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
    """The scope under the title: the bureau, which the heading already names, is "全系统"; a unit
    below it is named once."""
    period = {"start": _date_in_words(scope.period_start), "end": _date_in_words(scope.period_end)}
    if scope_is_bureau(scope):
        return _("全系统　统计期 %(start)s至%(end)s") % period
    return _("%(unit)s（含下级单位）　统计期 %(start)s至%(end)s") % {
        "unit": scope.root_name,
        **period,
    }


def scope_is_bureau(scope: FigureScope) -> bool:
    """The scope is the whole bureau: its root is the top of the org tree."""
    from hongdun.orgs.models import Unit

    return Unit.objects.filter(pk=scope.root_id, parent__isnull=True).exists()


def _status_line(report: Report) -> str:
    if report.is_frozen:
        when = timezone.localtime(report.frozen_at).strftime("%Y-%m-%d %H:%M")
        if not report.frozen_by:  # the freezing account was deleted: no "（—）" in the sentence
            return _("本报告数据已于 %(when)s 冻结，可据快照重现。") % {"when": when}
        return _("本报告数据已于 %(when)s 冻结（%(who)s），可据快照重现。") % {
            "when": when,
            "who": report.frozen_by,
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
