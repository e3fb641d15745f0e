"""The world the 文明诚信市场 tests share: the Baotou bureau, supervisors of Kundulun, Jiuyuan and
the city bureau, an operator enterprise, a market in Kundulun and this year's checklist. (A
module of fixtures, imported by the test modules; it holds no tests.)"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.credit.models import Market, MarketChecklist
from hongdun.credit.services_markets import MarketData, checklist_create, market_create
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit

THIS_YEAR = timezone.localdate().year
ITEMS: list[dict[str, Any]] = [
    {"code": "M1", "text": "明码标价，计量器具经检定合格", "points": 30, "required": True},
    {"code": "M2", "text": "食品安全索证索票、进货查验记录完整", "points": 40, "required": False},
    {"code": "M3", "text": "消费纠纷和解、先行赔付制度落实", "points": 30, "required": False},
]
PASS_SCORE = 80


@dataclass
class World:
    bureau: dict[str, Unit]
    supervisor: User  # Kundulun
    far_supervisor: User  # Jiuyuan: the Kundulun market is out of reach
    city_supervisor: User  # the city bureau: edits the checklists
    leader: User
    administrator: User
    registrar: User
    operator: Enterprise
    holder: Enterprise
    market: Market
    checklist: MarketChecklist


def make_market(world_or_actor: Any, operator: Enterprise, unit: Unit, name: str) -> Market:
    actor = getattr(world_or_actor, "city_supervisor", world_or_actor)
    return market_create(
        actor=actor,
        data=MarketData(
            name=name,
            kind="farm_produce",
            operator_uscc=operator.uscc,
            address=f"内蒙古自治区包头市{unit.short_name or unit.name}测试路{len(name)}号",
            unit=unit,
            opened_on=datetime.date(2015, 5, 1),
        ),
    )


@pytest.fixture
def world(bureau: dict[str, Unit], make_user: Any) -> World:
    kundulun = bureau["kundulun"]
    city_supervisor = make_user(Role.SUPERVISOR, bureau["baotou"])
    operator = register("包头市昆区鑫禾市场管理有限公司", kundulun)
    holder = register("包头市昆区鲜果商贸有限公司", kundulun)
    market = make_market(city_supervisor, operator, kundulun, "昆都仑区鑫禾农贸市场")
    checklist = checklist_create(
        actor=city_supervisor, year=THIS_YEAR, items=ITEMS, pass_score=PASS_SCORE
    )
    return World(
        bureau=bureau,
        supervisor=make_user(Role.SUPERVISOR, kundulun),
        far_supervisor=make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
        city_supervisor=city_supervisor,
        leader=make_user(Role.LEADER, kundulun),
        administrator=make_user(Role.ADMINISTRATOR, bureau["baotou"]),
        registrar=make_user(Role.REGISTRAR, kundulun),
        operator=operator,
        holder=holder,
        market=market,
        checklist=checklist,
    )
