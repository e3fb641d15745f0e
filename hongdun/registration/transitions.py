"""The one table of status transitions: services ask it before any status change.

Each action names the states it may start from, the state it leads to and who may take it:
the applicant who owns the application, or a registrar (登记员) of the competent authority's
unit subtree. Actions that keep the state (save, extend) are listed too, so the table also says
when the applicant may still edit and when the clerk may extend the time limit.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from hongdun.core.exceptions import ApplicationError
from hongdun.registration.choices import ApplicationStatus as S


class Actor(StrEnum):
    APPLICANT = "applicant"
    REGISTRAR = "registrar"


class Action(StrEnum):
    SAVE = "save"
    PUBLISH_NOTICE = "publish_notice"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    SUPERSEDE = "supersede"
    ACCEPT = "accept"
    REQUIRE_CORRECTION = "require_correction"
    APPROVE = "approve"
    REFUSE = "refuse"
    REFER_ELSEWHERE = "refer_elsewhere"
    EXTEND = "extend"
    SUSPEND = "suspend"
    RESUME = "resume"


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    sources: frozenset[S]
    target: S
    actor: Actor


def _t(action: Action, sources: tuple[S, ...], target: S, actor: Actor) -> Transition:
    return Transition(action, frozenset(sources), target, actor)


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        # Applicant side.
        _t(Action.SAVE, (S.DRAFT,), S.DRAFT, Actor.APPLICANT),
        # 简易注销 of a company: the commitment is published for 20 days before the final
        # application.
        _t(Action.PUBLISH_NOTICE, (S.DRAFT,), S.NOTICE, Actor.APPLICANT),
        _t(Action.SUBMIT, (S.DRAFT, S.NOTICE), S.SUBMITTED, Actor.APPLICANT),
        # Until the authority decides, the applicant may take the application back.
        _t(
            Action.WITHDRAW,
            (S.DRAFT, S.NOTICE, S.SUBMITTED, S.ACCEPTED, S.SUSPENDED),
            S.WITHDRAWN,
            Actor.APPLICANT,
        ),
        # Submitting the corrected application closes the one that asked for correction.
        _t(Action.SUPERSEDE, (S.CORRECTION_REQUIRED,), S.SUPERSEDED, Actor.APPLICANT),
        # Registrar side (实施细则第十八、十九条).
        _t(Action.ACCEPT, (S.SUBMITTED,), S.ACCEPTED, Actor.REGISTRAR),
        _t(
            Action.REQUIRE_CORRECTION,
            (S.SUBMITTED, S.ACCEPTED),
            S.CORRECTION_REQUIRED,
            Actor.REGISTRAR,
        ),
        # From SUBMITTED this is 当场登记 (registration on the spot, 第十八条第一款).
        _t(Action.APPROVE, (S.SUBMITTED, S.ACCEPTED), S.APPROVED, Actor.REGISTRAR),
        _t(Action.REFUSE, (S.ACCEPTED,), S.REFUSED, Actor.REGISTRAR),
        _t(Action.REFER_ELSEWHERE, (S.SUBMITTED,), S.NOT_COMPETENT, Actor.REGISTRAR),
        _t(Action.EXTEND, (S.ACCEPTED,), S.ACCEPTED, Actor.REGISTRAR),
        _t(Action.SUSPEND, (S.ACCEPTED,), S.SUSPENDED, Actor.REGISTRAR),
        _t(Action.RESUME, (S.SUSPENDED,), S.ACCEPTED, Actor.REGISTRAR),
    )
}


def transition_for(action: Action | str, current: str) -> Transition:
    """The transition `action` makes from `current`; ApplicationError if the table forbids it."""
    transition = TRANSITIONS[Action(action)]
    if current not in transition.sources:
        raise ApplicationError(
            _("当前状态为“%(status)s”，不能执行此操作。") % {"status": S(current).label},
            field="status",
            extra={"action": str(action), "status": current},
        )
    return transition


def allowed_actions(current: str, actor: Actor) -> list[Action]:
    """Actions `actor` may take on an application in state `current` (for buttons and the API)."""
    return [t.action for t in TRANSITIONS.values() if current in t.sources and t.actor == actor]
