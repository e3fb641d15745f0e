"""The transition table: every action from every state, allowed or refused."""

import pytest

from hongdun.core.exceptions import ApplicationError
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.transitions import (
    TRANSITIONS,
    Action,
    Actor,
    allowed_actions,
    transition_for,
)

EXPECTED = {
    Action.SAVE: ({S.DRAFT}, S.DRAFT, Actor.APPLICANT),
    Action.PUBLISH_NOTICE: ({S.DRAFT}, S.NOTICE, Actor.APPLICANT),
    Action.SUBMIT: ({S.DRAFT, S.NOTICE}, S.SUBMITTED, Actor.APPLICANT),
    Action.WITHDRAW: (
        {S.DRAFT, S.NOTICE, S.SUBMITTED, S.ACCEPTED, S.SUSPENDED},
        S.WITHDRAWN,
        Actor.APPLICANT,
    ),
    Action.SUPERSEDE: ({S.CORRECTION_REQUIRED}, S.SUPERSEDED, Actor.APPLICANT),
    Action.ACCEPT: ({S.SUBMITTED}, S.ACCEPTED, Actor.REGISTRAR),
    Action.REQUIRE_CORRECTION: ({S.SUBMITTED, S.ACCEPTED}, S.CORRECTION_REQUIRED, Actor.REGISTRAR),
    Action.APPROVE: ({S.SUBMITTED, S.ACCEPTED}, S.APPROVED, Actor.REGISTRAR),
    Action.REFUSE: ({S.ACCEPTED}, S.REFUSED, Actor.REGISTRAR),
    Action.REFER_ELSEWHERE: ({S.SUBMITTED}, S.NOT_COMPETENT, Actor.REGISTRAR),
    Action.EXTEND: ({S.ACCEPTED}, S.ACCEPTED, Actor.REGISTRAR),
    Action.SUSPEND: ({S.ACCEPTED}, S.SUSPENDED, Actor.REGISTRAR),
    Action.RESUME: ({S.SUSPENDED}, S.ACCEPTED, Actor.REGISTRAR),
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("current", list(S))
def test_every_action_from_every_state(action: Action, current: S) -> None:
    sources, target, _actor = EXPECTED[action]
    if current in sources:
        assert transition_for(action, current).target == target
    else:
        with pytest.raises(ApplicationError) as error:
            transition_for(action, current)
        assert error.value.field == "status"


def test_table_matches_expectation_and_final_states_are_final() -> None:
    assert {a: (set(t.sources), t.target, t.actor) for a, t in TRANSITIONS.items()} == EXPECTED
    for final in (S.APPROVED, S.REFUSED, S.NOT_COMPETENT, S.WITHDRAWN, S.SUPERSEDED):
        assert allowed_actions(final, Actor.APPLICANT) == []
        assert allowed_actions(final, Actor.REGISTRAR) == []


def test_allowed_actions_by_actor() -> None:
    assert set(allowed_actions(S.DRAFT, Actor.APPLICANT)) == {
        Action.SAVE,
        Action.PUBLISH_NOTICE,
        Action.SUBMIT,
        Action.WITHDRAW,
    }
    assert allowed_actions(S.DRAFT, Actor.REGISTRAR) == []
    assert set(allowed_actions(S.SUBMITTED, Actor.REGISTRAR)) == {
        Action.ACCEPT,
        Action.REQUIRE_CORRECTION,
        Action.APPROVE,
        Action.REFER_ELSEWHERE,
    }
