"""Row scope of public questions (ADR 0013): a question belongs to the registration authority it
is addressed to (the city bureau's when the asker chose none). Who answers them is the
`consultation.question` row of `hongdun.core.scope_rules`."""

from django.utils.translation import gettext_lazy as _

from hongdun.core.scope import register_kind, register_model

QUESTION = "consultation.question"


def declare_scope() -> None:
    from hongdun.consultation.models import Question

    register_kind(QUESTION, label=_("咨询"))
    register_model(Question, kind=QUESTION, unit="authority", owner="asker")
