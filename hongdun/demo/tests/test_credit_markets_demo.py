"""The 文明诚信市场 demo: four markets with stalls, the checklists of the last two years, the
evaluations of both years with one title revoked; a second run adds nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hongdun.accounts.roles import Role
from hongdun.credit.models import Market, MarketChecklist, MarketEvaluation, MarketStall
from hongdun.credit.selectors_markets import public_titled_markets
from hongdun.demo.credit_markets import demo_markets_load
from hongdun.enterprises.tests.factories import register

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def test_the_demo_loads_once(bureau: Any, make_user: Any) -> None:
    make_user(Role.SUPERVISOR, bureau["baotou"])
    for code in ("donghe", "kundulun", "qingshan", "jiuyuan"):
        make_user(Role.SUPERVISOR, bureau[code])
        for n in range(4):
            register(f"包头市{bureau[code].short_name}演示{n}号商贸有限公司", bureau[code])
    added = demo_markets_load(today=TODAY)
    assert added["checklists"] == 2
    assert added["markets"] == 4
    assert added["stalls"] == 40
    assert added["evaluations"] == 7
    assert added["revoked"] == 1
    assert set(MarketChecklist.objects.values_list("year", flat=True)) == {2024, 2025}
    revoked = MarketEvaluation.objects.get(title_revoked_on__isnull=False)
    assert revoked.year == 2025
    assert revoked.title_revoked_on == datetime.date(2026, 3, 12)
    assert MarketStall.objects.filter(enterprise__isnull=False).exists()
    titled = {row.market.name for row in public_titled_markets(year=2025)}
    assert titled == {"东河区福顺农贸市场", "青山区嘉禾建材专业市场"}
    assert not demo_markets_load(today=TODAY)
    assert Market.objects.count() == 4
    assert MarketEvaluation.objects.count() == 7
