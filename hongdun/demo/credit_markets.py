"""文明诚信市场 in the demo bureau: four fictional markets in Baotou's districts, their stalls,
the bureau's checklist of the last two years and the evaluations of both years, one title
revoked — all through the real services (docs/rules/credit.md §7).

Loaded after the supervision demo (its supervisors decide). The operators are existing demo
enterprises of each district (fictional, like the whole register); the market names, stall
holders and checklist items are invented. Idempotent: a checklist, market, stall or evaluation
that exists is left as it is.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.credit.choices import EvaluationStatus, MarketKind
from hongdun.credit.models import Market, MarketChecklist, MarketEvaluation, MarketStall
from hongdun.credit.services_markets import (
    MarketData,
    StallData,
    checklist_create,
    checklists_editable_by,
    evaluation_create,
    evaluation_decide,
    evaluation_score,
    evaluation_title_revoke,
    market_create,
    stall_create,
)
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit

# The bureau's own items (not a national standard): code, text, points, required.
CHECKLIST_ITEMS = [
    ("M1", "市场开办者依法登记、亮照经营，场内经营者证照齐全并公示", 10, True),
    ("M2", "明码标价，计量器具按期检定，设置公平秤", 15, True),
    ("M3", "食用农产品索证索票、进货查验和台账记录完整", 20, False),
    ("M4", "设立消费投诉站，消费纠纷及时和解，落实先行赔付", 15, False),
    ("M5", "场内无假冒伪劣商品、无违法广告", 15, True),
    ("M6", "环境卫生、消防安全和公共设施管理到位", 15, False),
    ("M7", "开展诚信经营承诺和“诚信摊位”评选", 10, False),
]
PASS_SCORE = 85

# (unit code, market name, kind, street, opened)
MARKETS = [
    ("donghe", "东河区福顺农贸市场", MarketKind.FARM_PRODUCE, "东河区南门外大街", 2009),
    ("kundulun", "昆都仑区瑞丰综合批发市场", MarketKind.COMPREHENSIVE, "昆都仑区团结大街", 2012),
    ("qingshan", "青山区嘉禾建材专业市场", MarketKind.SPECIALISED, "青山区富强路", 2015),
    ("jiuyuan", "九原区兴泰农副产品市场", MarketKind.FARM_PRODUCE, "九原区建华南路", 2018),
]
GOODS: dict[str, list[str]] = {
    MarketKind.FARM_PRODUCE: ["蔬菜", "水果", "鲜肉", "禽蛋", "粮油", "水产", "调料", "豆制品"],
    MarketKind.COMPREHENSIVE: ["日用百货", "服装", "鞋帽", "小家电", "副食品", "文具"],
    MarketKind.SPECIALISED: ["瓷砖", "卫浴", "涂料", "五金", "板材", "灯具"],
}
# Fictional stall holders who are natural persons.
PEOPLE = ["王秀兰", "李志刚", "张桂芳", "刘建军", "陈玉梅", "杨国庆", "赵春燕", "孙海涛"]
# Scores by market and year offset (0: two years ago, 1: last year), in CHECKLIST_ITEMS order.
SCORES = {
    (0, 0): [10, 15, 18, 13, 15, 12, 8],  # 91: passed
    (0, 1): [10, 15, 19, 14, 15, 13, 9],  # 95: passed
    (1, 0): [10, 15, 17, 12, 15, 14, 7],  # 90: passed
    (1, 1): [10, 15, 20, 15, 15, 14, 10],  # 99: passed, revoked later
    (2, 0): [10, 12, 15, 10, 15, 10, 6],  # M2 short: not passed
    (2, 1): [10, 15, 16, 12, 15, 12, 8],  # 88: passed
    (3, 1): [10, 15, 14, 10, 15, 11, 6],  # 81: below the pass score
}
REVOKED = (1, 1)
REVOCATION_REASON = (
    "场内摊位经营者因销售不合格食品被列入严重违法失信名单，开办者未履行管理责任，"
    "经复核撤销该年度“文明诚信市场”称号。"
)


def _supervisor(unit: Unit) -> User | None:
    return (
        User.objects.filter(groups__name=Role.SUPERVISOR, unit=unit, is_active=True)
        .order_by("pk")
        .first()
    )


def _city_supervisor() -> User | None:
    for user in User.objects.filter(
        groups__name=Role.SUPERVISOR, unit__parent__isnull=True, is_active=True
    ).order_by("pk"):
        if checklists_editable_by(user):
            return user
    return None


def _enterprises(unit: Unit, count: int) -> list[Enterprise]:
    return list(
        Enterprise.objects.filter(
            registration_authority=unit,
            status=EnterpriseStatus.ACTIVE,
            on_abnormal_list=False,
            on_serious_list=False,
        ).order_by("pk")[:count]
    )


@transaction.atomic
def demo_markets_load(*, today: datetime.date | None = None) -> Counter[str]:
    """Load the markets demo; returns what was added (empty on a second run)."""
    today = today or timezone.localdate()
    added: Counter[str] = Counter()
    city = _city_supervisor()
    if city is None:
        return added
    years = [today.year - 2, today.year - 1]
    checklists = {}
    for year in years:
        checklist = MarketChecklist.objects.filter(year=year).first()
        if checklist is None:
            checklist = checklist_create(
                actor=city,
                year=year,
                items=[
                    {"code": c, "text": t, "points": p, "required": r}
                    for c, t, p, r in CHECKLIST_ITEMS
                ],
                pass_score=PASS_SCORE,
            )
            added["checklists"] += 1
        checklists[year] = checklist
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[m[0] for m in MARKETS])}
    for index, (code, name, kind, street, opened) in enumerate(MARKETS):
        unit = units.get(code)
        if unit is None:
            continue
        candidates = _enterprises(unit, 6)
        if not candidates:
            continue
        actor = _supervisor(unit) or city
        address = f"内蒙古自治区包头市{street}{18 + index * 7}号"
        market = Market.objects.filter(name=name, address=address).first()
        if market is None:
            market = market_create(
                actor=actor,
                data=MarketData(
                    name=name,
                    kind=kind,
                    operator_uscc=candidates[0].uscc,
                    address=address,
                    unit=unit,
                    opened_on=datetime.date(opened, 4, 18),
                ),
            )
            added["markets"] += 1
        added["stalls"] += _stalls(actor, market, kind, candidates[1:], index)
        for offset, year in enumerate(years):
            added.update(_evaluation(actor, market, year, checklists[year], (index, offset), today))
    return +added  # without the zero counts: a second run returns an empty Counter


def _stalls(actor: User, market: Market, kind: str, holders: list[Enterprise], index: int) -> int:
    if MarketStall.objects.filter(market=market).exists():
        return 0
    goods = GOODS.get(kind, GOODS[MarketKind.COMPREHENSIVE])
    prefix = "ABCD"[index]
    count = 0
    for number in range(1, 11):
        enterprise = holders[(number // 3) % len(holders)] if number % 3 == 0 and holders else None
        stall_create(
            actor=actor,
            market=market,
            data=StallData(
                number=f"{prefix}{number:02d}",
                holder_name="" if enterprise else PEOPLE[(number + index) % len(PEOPLE)],
                holder_uscc=enterprise.uscc if enterprise else "",
                goods=goods[(number + index) % len(goods)],
            ),
        )
        count += 1
    return count


def _evaluation(
    actor: User,
    market: Market,
    year: int,
    checklist: MarketChecklist,
    key: tuple[int, int],
    today: datetime.date,
) -> Counter[str]:
    added: Counter[str] = Counter()
    scores = SCORES.get(key)
    if scores is None or MarketEvaluation.objects.filter(market=market, year=year).exists():
        return added
    evaluation = evaluation_create(actor=actor, market=market, year=year)
    evaluation_score(
        actor=actor,
        evaluation=evaluation,
        scores={item[0]: score for item, score in zip(CHECKLIST_ITEMS, scores, strict=True)},
        note="现场检查、查阅台账并听取场内经营者和消费者意见。",
    )
    evaluated_on = min(datetime.date(year, 12, 16), today)
    total = sum(scores)
    required_full = all(
        score == item[2] for item, score in zip(CHECKLIST_ITEMS, scores, strict=True) if item[3]
    )
    decided = evaluation_decide(
        actor=actor,
        evaluation=evaluation,
        evaluated_on=evaluated_on,
        award=total >= checklist.pass_score and required_full,
    )
    added["evaluations"] += 1
    if decided.title_awarded:
        added["titles"] += 1
    if key == REVOKED and decided.status == EvaluationStatus.DECIDED and decided.title_awarded:
        evaluation_title_revoke(
            actor=actor,
            evaluation=decided,
            revoked_on=min(datetime.date(year + 1, 3, 12), today),
            reason=REVOCATION_REASON,
        )
        added["revoked"] += 1
    return added
