"""The demo bureau: load the full seed and compute every figure the article quotes from its records.

The seed stores no figure; it only makes records. Each assertion below is the article's number (or,
where the article says "about", its words as a range), computed by `figures.py` over 2006–2008 as of
31 December 2008 for the whole bureau.
"""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.demo.workforce import DEMO_PLAN, PERIOD_START, REPORT_DATE, workforce_demo_load
from hongdun.orgs.models import Unit
from hongdun.reporting.tests.figure_builders import scope_of
from hongdun.reporting.workforce.figure_types import Pillar
from hongdun.reporting.workforce.figures import pillars_compute
from hongdun.workforce.models import Attendance, Person


@pytest.fixture
def demo_pillars(db: None) -> dict[int, Pillar]:
    """The full seed, loaded once per test that asks for it (about half a minute)."""
    added = workforce_demo_load()
    assert added == DEMO_PLAN.active_staff + DEMO_PLAN.retired
    assert workforce_demo_load() == 0  # idempotent: a second load adds nothing
    root = Unit.objects.get(code="baotou")
    scope = scope_of(root, as_of=REPORT_DATE, start=PERIOD_START, end=REPORT_DATE)
    return {p.number: p for p in pillars_compute(scope=scope)}


def value(pillars: dict[int, Pillar], key: str) -> object:
    return pillars[int(key.split(".")[0])].figure(key).value


ARTICLE_FIGURES: list[tuple[str, object]] = [
    ("1.3", Decimal("100.0")),  # 基层局领导班子成员全部达到大专以上学历
    ("1.4", Decimal("68.0")),  # 本科以上比例达到68%
    ("1.8", Decimal("100.0")),  # 全系统副科级以上干部集中轮训
    ("2.6", Decimal("71.4")),  # 71.4%以上的干部通过了计算机一级B
    ("2.9", "二等奖"),  # 全区工商系统知识竞赛二等奖
    ("3.1", 1),  # 全国文明单位1个
    ("3.2", 4),  # 自治区级文明单位4个
    ("3.3", 23),  # 23个单位……自治区级文明示范窗口、文明行业示范点、青年文明号
    ("3.4", 57),  # 57个单位……市级文明单位、文明示范窗口、青年文明号
    ("3.5", 10),  # 10个单位……自治区第二届人民满意行政执法单位
    ("3.6", 4),  # 注册大厅已连续4年……最佳服务窗口
    ("3.7", 1),  # 昆区分局……全国工商系统政务公开示范点
    ("4.1", 10),  # 各旗县区工商局、分局均被本级人大评为满意单位 (10 of 10)
    ("4.1a", 10),
    ("4.1y", "2005"),
    ("4.2", 1),  # 唯一获得了全票满意
    ("4.2a", 9),  # 全市9个工作评议和述职评议对象
    ("4.3", 1),  # 2007年……民主评议政风行风综合测评第一名
    ("4.3y", "2007"),
    ("4.4", 1),  # 分局局长被表彰为全市勤廉兼优先进典型
    ("4.5", 2),  # 反腐倡廉宣传教育工作先进集体、预防职务犯罪先进单位
    ("5.1", 5),  # 对口支持外五旗县区工商局
    ("5.1a", 1),  # 小召子村对口帮扶
    ("5.4", 2),  # 民族团结进步模范集体、结对共建活动突出贡献单位
    ("5.5", Decimal("155710.00")),  # 捐款155710元
    ("5.6", Decimal("149060.00")),  # 特殊党费149060元
    ("5.6a", 684),  # 684名党员
    ("5.6b", Decimal("217.92")),
    ("5.7", Decimal("12480000.00")),  # 近1250万元
]


def test_every_article_figure_comes_out_of_the_demo_records(
    demo_pillars: dict[int, Pillar],
) -> None:
    computed = {key: value(demo_pillars, key) for key, _article in ARTICLE_FIGURES}
    assert computed == dict(ARTICLE_FIGURES)
    # The smaller claims, each computed from the same records.
    classes, times, persons = (value(demo_pillars, k) for k in ("2.1", "2.2", "2.3"))
    assert isinstance(classes, int)
    assert 700 < classes < 800
    assert isinstance(times, int)
    assert 38_100 < times < 38_200
    assert (classes, times) == (DEMO_PLAN.classes, DEMO_PLAN.person_times)
    assert isinstance(persons, int)
    assert persons <= DEMO_PLAN.active_staff < times
    donors = value(demo_pillars, "5.5a")
    assert isinstance(donors, int)
    assert 1_000 < donors < 1_100
    assert donors == DEMO_PLAN.staff_donors
    section, station = value(demo_pillars, "1.1"), value(demo_pillars, "1.2")
    assert isinstance(section, Decimal)
    assert Decimal(38) <= section <= Decimal(42)
    assert isinstance(station, Decimal)
    assert Decimal(33) <= station <= Decimal(37)
    for key in ("1.1b", "1.2b"):  # "为主体": most are within five years of it
        share = value(demo_pillars, key)
        assert isinstance(share, Decimal)
        assert share > 50
    assert not Person.objects.filter(name__in=["王新彦", "丁大为"]).exists()
    assert Person.objects.filter(status="active").count() == DEMO_PLAN.active_staff
    assert Attendance.objects.count() > DEMO_PLAN.person_times  # sessions and no-shows add rows
    assert value(demo_pillars, "2.6a") == DEMO_PLAN.cadres
    assert date(2008, 12, 31) == REPORT_DATE
