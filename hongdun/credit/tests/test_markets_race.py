# ruff: noqa: F811 - pytest fixtures imported from test_markets_fixtures
"""Two clerks opening the evaluation of one market and year at the same moment get one
evaluation (the unique constraint settles it; the loser hears why); a decision and an edit of
its checklist at once are serialised by the checklist's row lock (PostgreSQL: the in-memory
SQLite test database serialises all access)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hongdun.credit.choices import EvaluationStatus
from hongdun.credit.models import MarketChecklist, MarketEvaluation
from hongdun.credit.services_markets import (
    checklist_update,
    evaluation_create,
    evaluation_decide,
    evaluation_score,
)
from hongdun.credit.tests.test_markets_fixtures import (  # noqa: F401 - fixtures
    ITEMS,
    THIS_YEAR,
    World,
    world,
)
from hongdun.testing.race import needs_concurrent_connections, race


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_evaluations_of_one_market_year_at_once_give_one(world: World) -> None:
    def open_evaluation() -> int:
        return evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR).pk

    outcome = race([open_evaluation, open_evaluation])
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert len(outcome.refused) == 1
    assert "每个市场每年只评议一次" in outcome.refused[0].message
    assert MarketEvaluation.objects.get().pk == outcome.won[0]


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_a_decision_and_a_checklist_edit_at_once(world: World) -> None:
    evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    evaluation_score(
        actor=world.supervisor,
        evaluation=evaluation,
        scores={"M1": 30, "M2": 40, "M3": 30},
        note="",
    )

    def decide() -> str:
        evaluation_decide(
            actor=world.supervisor,
            evaluation=evaluation,
            evaluated_on=timezone.localdate(),
            award=True,
        )
        return "decided"

    def edit() -> str:
        checklist_update(
            actor=world.city_supervisor, checklist=world.checklist, items=ITEMS, pass_score=95
        )
        return "edited"

    outcome = race([decide, edit])
    assert outcome.failed == []
    evaluation.refresh_from_db()
    checklist = MarketChecklist.objects.get(pk=world.checklist.pk)
    if outcome.won == ["decided"]:  # the decision came first: the checklist froze under it
        assert len(outcome.refused) == 1
        assert checklist.pass_score == 80
        assert evaluation.title_awarded
    else:  # the edit came first: the decision used the edited pass score
        assert "edited" in outcome.won
        assert checklist.pass_score == 95
        assert evaluation.status == EvaluationStatus.DECIDED
        assert evaluation.title_awarded  # 100 ≥ 95
