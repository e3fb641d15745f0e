"""The yearly report's prose and the figure pages' presentation: years are never grouped, a missing
value never sits inside a sentence, a one-year report has no 以来, amounts are written in the
official style, the scope is named once, and charts with two magnitudes get two axes."""

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.models import Unit
from hongdun.reporting.tests.figure_builders import scope_of
from hongdun.reporting.workforce.figure_report import (
    report_build,
    report_context_lines,
    report_docx,
)
from hongdun.reporting.workforce.figure_types import (
    Breakdown,
    Figure,
    FigureScope,
    IntegrityAccess,
    Pillar,
    Value,
)
from hongdun.reporting.workforce.figures import chart_options, value_axes

pytestmark = pytest.mark.django_db

# Every figure the narrative quotes, with a plausible value.
FULL: dict[str, Value] = {
    "1.1": Decimal("39.7"),
    "1.2": Decimal("35.0"),
    "1.3": Decimal("100.0"),
    "1.4": Decimal("68.0"),
    "1.5a": Decimal("18.0"),
    "1.5b": Decimal("12.0"),
    "1.5c": Decimal("30.0"),
    "1.7": 24,
    "1.7a": 31,
    "1.7b": Decimal("93.5"),
    "1.8": Decimal("100.0"),
    "1.9a": 4,
    "1.9": Decimal("75.0"),
    "2.1": 712,
    "2.2": 38126,
    "2.3": 905,
    "2.5": 1560,
    "2.6": Decimal("71.4"),
    "2.8": 6,
    "2.9": "二等奖",
    "3.1": 1,
    "3.2": 4,
    "3.3": 23,
    "3.4": 57,
    "3.5": 10,
    "3.6": 4,
    "3.8": 320,
    "4.1y": "2005",
    "4.1": 10,
    "4.1a": 10,
    "4.2a": 9,
    "4.2": 1,
    "4.3y": "2007",
    "4.3": 1,
    "4.4": 1,
    "4.6": Decimal("100.0"),
    "4.7a": 40,
    "4.7": Decimal("96.3"),
    "4.8a": 55,
    "4.8": Decimal("90.0"),
    "4.9": 12,
    "5.1": 5,
    "5.2a": 14,
    "5.2": Decimal("86000.00"),
    "5.3": 8,
    "5.3a": 1250,
    "5.5a": 1032,
    "5.5": Decimal("155710.00"),
    "5.6a": 684,
    "5.6": Decimal("149060.00"),
    "5.7": Decimal("12480000.00"),
}

# A clause of the report for each figure: what disappears when that figure has no value.
CLAUSE_OF = {
    "1.1": "科级领导干部平均年龄",
    "1.3": "大专以上学历占",
    "1.7b": "按期整改率",
    "1.9": "出庭应诉率",
    "2.3": "（905人）",
    "2.6": "计算机一级B",
    "2.9": "知识竞赛中获得",
    "4.1y": "人大工作评议",
    "4.3": "综合测评中取得第",
    "4.7": "服务对象代表满意率",
    "5.2": "投入资金",
    "5.5": "离退休老干部共捐款",
    "5.7": "捐款捐物",
}


def _pillars(values: dict[str, Value]) -> list[Pillar]:
    by_pillar: dict[int, list[Figure]] = {n: [] for n in range(1, 6)}
    for key, value in values.items():
        by_pillar[int(key.split(".")[0])].append(Figure(key, key, value))
    return [Pillar(n, f"pillar {n}", figures) for n, figures in by_pillar.items()]


def _scope(root: Unit, start: date = date(2006, 1, 1)) -> FigureScope:
    return scope_of(root, as_of=date(2008, 12, 31), start=start, end=date(2008, 12, 31))


def _text(scope: FigureScope, values: dict[str, Value]) -> str:
    report = report_build(scope=scope, pillars=_pillars(values))
    return "\n".join(
        line for heading, paragraphs in report.sections for line in (heading, *paragraphs)
    )


def test_the_full_report_reads_as_the_article_does(bureau: dict[str, Unit]) -> None:
    text = _text(_scope(bureau["baotou"]), FULL)
    assert "截至2008年12月31日，旗县区局、分局科级领导干部平均年龄39.7岁" in text
    assert "本科以上比例达到68%" in text
    assert "2006年以来，共举办各类政治业务培训班712期，培训干部38126人次（905人）" in text
    assert "在2005年人大工作评议中" in text
    assert "在2007年民主评议政风行风综合测评中取得第1名" in text
    assert "投入资金8.6万元" in text
    assert "1032名干部职工和离退休老干部共捐款155710元" in text
    assert "684名党员共交纳“特殊党费”149060元" in text
    assert "组织个体私营业者捐款捐物1248万元" in text
    for wrong in ("—", "None", "2,005", "2,007", "38,126", "155,710"):
        assert wrong not in text


@pytest.mark.parametrize("key", sorted(CLAUSE_OF))
def test_a_missing_value_leaves_its_clause_out_never_a_dash(
    key: str, bureau: dict[str, Unit]
) -> None:
    text = _text(_scope(bureau["baotou"]), {**FULL, key: None})
    assert CLAUSE_OF[key] not in text
    assert "—" not in text
    assert "None" not in text
    # The rest of the report is still there.
    assert "共举办各类政治业务培训班712期" in text or key.startswith("2.")
    assert "全国文明单位1个" in text


def test_a_report_with_no_figures_says_they_were_not_obtained(bureau: dict[str, Unit]) -> None:
    report = report_build(scope=_scope(bureau["baotou"]), pillars=_pillars({}))
    for _heading, paragraphs in report.sections:
        assert paragraphs == ["本统计期未取得这方面的统计数据。"]


def test_no_donors_means_no_donation_sentence(bureau: dict[str, Unit]) -> None:
    values = {**FULL, "5.5a": 0, "5.5": Decimal("0.00"), "5.7": Decimal("0.00")}
    text = _text(_scope(bureau["baotou"]), values)
    assert "0名干部职工" not in text
    assert "捐款捐物" not in text
    assert "684名党员共交纳“特殊党费”149060元" in text


@pytest.mark.parametrize(
    ("start", "lead", "absent"),
    [
        (date(2006, 1, 1), "2006年以来，共举办", None),
        (date(2008, 1, 1), "2008年，共举办", "以来"),
        (date(2008, 7, 1), "2008年，共举办", "以来"),
    ],
)
def test_only_a_report_over_several_years_says_since(
    start: date, lead: str, absent: str | None, bureau: dict[str, Unit]
) -> None:
    text = _text(_scope(bureau["baotou"], start=start), FULL)
    assert lead in text
    if absent is not None:
        assert absent not in text


def test_the_scope_line_names_a_unit_once_and_the_whole_bureau_as_such(
    bureau: dict[str, Unit],
) -> None:
    whole = report_build(scope=_scope(bureau["baotou"]), pillars=_pillars(FULL))
    line = report_context_lines(whole)["scope_line"]
    assert line.startswith("全系统")
    assert bureau["baotou"].name not in line
    assert "统计期 2006年1月1日至2008年12月31日" in line
    branch = report_build(scope=_scope(bureau["kundulun"]), pillars=_pillars(FULL))
    line = report_context_lines(branch)["scope_line"]
    assert line.count(bureau["kundulun"].name) == 1


def test_the_report_page_and_word_name_the_bureau_once_and_print_years_plainly(
    bureau: dict[str, Unit],
    make_user: Callable[..., User],
    login: Callable[[User | None], Client],
) -> None:
    client = login(make_user(Role.LEADER, bureau["baotou"]))
    html = client.get(reverse("workforce-figures:report") + "?year=2008&since=2008").content
    page = html.decode()
    head = page[page.index('data-testid="report-scope"') :]
    head = head[: head.index("</p>")]
    assert head.count(bureau["baotou"].name) == 1
    assert "以来" not in page[page.index('data-testid="report-body"') :]
    assert "2008年度队伍建设工作报告" in page
    report = report_build(scope=_scope(bureau["baotou"]), pillars=_pillars(FULL))
    from docx import Document

    document = Document(io.BytesIO(report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count(bureau["baotou"].name) == 1
    assert "在2005年人大工作评议中" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "2005" in cells
    assert "2,005" not in " ".join(cells)


def test_year_figures_and_year_columns_render_without_separators() -> None:
    pillar = Pillar(
        4,
        "四",
        [
            Figure("4.1y", "最近一次人大评议年度", "2005"),
            Figure(
                "4.3",
                "名次",
                1,
                breakdowns=[Breakdown("历次评议", ["年度", "评议"], [["2007", "政风行风"]])],
            ),
        ],
    )
    rows = render_to_string("workforce/figures/figure_rows.html", {"pillar": pillar})
    assert "<strong>2005</strong>" in rows
    assert "2,005" not in rows


def _bars(columns: list[str], rows: list[list[Value]]) -> dict[str, object]:
    pillar = Pillar(2, "二", [Figure("2.1", "x", 1, breakdowns=[Breakdown("t", columns, rows)])])
    return chart_options(pillar)["chart-2.1-1"]


@pytest.mark.parametrize(
    ("columns", "rows", "axes"),
    [
        # 712 classes beside 38,126 person-times: the classes get the right axis.
        (["类别", "期数", "人次"], [["业务", 500, 30000], ["政治", 212, 8126]], {1: 1, 2: 0}),
        # Persons beside yuan beside yuan per person.
        (
            ["单位", "人数", "金额（元）", "人均（元）"],
            [["昆区", 300, 45000, 150], ["九原", 200, 30000, 150]],
            {1: 1, 2: 0, 3: 1},
        ),
        # A rate beside counts goes on its own axis whatever the counts' size.
        (
            ["单位", "干部人数", "已通过", "通过率%"],
            [["昆区", 90, 60, Decimal("66.7")]],
            {1: 0, 2: 0, 3: 1},
        ),
        # One magnitude: one axis.
        (["类别", "期数", "人次"], [["业务", 50, 120], ["政治", 40, 90]], {1: 0, 2: 0}),
    ],
)
def test_charts_put_a_second_magnitude_on_a_second_axis(
    columns: list[str], rows: list[list[Value]], axes: dict[int, int]
) -> None:
    breakdown = Breakdown("t", columns, rows)
    assert value_axes(breakdown, sorted(axes)) == axes
    options = _bars(columns, rows)
    series = options["series"]
    assert isinstance(series, list)
    assert [s["yAxisIndex"] for s in series] == [axes[i] for i in sorted(axes)]
    y_axis = options["yAxis"]
    if len(set(axes.values())) == 2:
        assert isinstance(y_axis, list)
        assert [a["position"] for a in y_axis] == ["left", "right"]
        assert y_axis[1]["name"] == "、".join(columns[i] for i in sorted(axes) if axes[i] == 1)
    else:
        assert isinstance(y_axis, dict)


def test_integrity_scope_is_respected_by_the_prose(bureau: dict[str, Unit]) -> None:
    scope = scope_of(
        bureau["baotou"],
        as_of=date(2008, 12, 31),
        start=date(2006, 1, 1),
        integrity=IntegrityAccess.UNITS,
    )
    text = _text(scope, FULL)
    assert "在2005年人大工作评议中" in text
    assert "聘请特邀廉政监督员" not in text


@pytest.mark.parametrize(
    ("frozen_by", "expected"), [("政工科张明", "冻结（政工科张明）"), ("", "冻结，可据快照")]
)
def test_the_frozen_status_names_who_froze_it_or_nobody(
    frozen_by: str, expected: str, bureau: dict[str, Unit]
) -> None:
    from django.utils import timezone

    report = report_build(scope=_scope(bureau["baotou"]), pillars=_pillars(FULL))
    report.frozen_at = timezone.now()
    report.frozen_by = frozen_by
    line = report_context_lines(report)["status_line"]
    assert expected in line
    assert "—" not in line
