"""The seeded FAQ (idempotent, well-formed) and two registrars claiming one question at once."""

import tomllib

import pytest
from django.db import connection

from hongdun.consultation.faq_seed import FAQ_SEED_FILE, faq_seed_load
from hongdun.consultation.models import Faq, FaqCategory, FaqSource, Question, QuestionStatus
from hongdun.consultation.services import question_claim
from hongdun.testing.race import race


@pytest.mark.django_db
def test_seed_is_complete_and_idempotent():
    with FAQ_SEED_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    added = faq_seed_load()
    assert added == len(data["faq"])
    assert 45 <= added <= 70
    assert FaqCategory.objects.count() == len(data["category"])
    assert set(Faq.objects.values_list("source", flat=True)) == {FaqSource.TEAM}
    for faq in Faq.objects.all():
        assert faq.title.strip()
        assert faq.body.strip()
    # Every category the brief names has entries.
    codes = set(Faq.objects.values_list("category__code", flat=True))
    assert {"company", "individual", "name", "change", "deregistration", "annual-report"} <= codes
    assert {"materials", "fees"} <= codes

    edited = Faq.objects.get(seed_key="fees-registration")
    edited.body = "由窗口人员更新的解答。"
    edited.save()
    assert faq_seed_load() == 0
    assert Faq.objects.count() == added
    edited.refresh_from_db()
    assert edited.body == "由窗口人员更新的解答。"


@pytest.mark.django_db
def test_seed_demo_loads_the_faq():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", "--enterprises", "0", stdout=out)
    assert "consultation FAQ: " in out.getvalue()
    assert Faq.objects.filter(source=FaqSource.TEAM).count() > 40


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; the in-memory SQLite test database serialises all access",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("contenders", [2, 5])
def test_simultaneous_claims_one_wins(bureau, make_user, ask, contenders):
    question = ask(authority=bureau["kundulun"])
    registrars = [make_user("registrar", bureau["kundulun"]) for _ in range(contenders)]

    def claim_for(registrar):
        def contend() -> int:
            question_claim(user=registrar, question=Question.objects.get(pk=question.pk))
            return registrar.pk

        return contend

    outcome = race([claim_for(r) for r in registrars])
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert len(outcome.refused) == contenders - 1
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLAIMED
    assert question.assignee_id == outcome.won[0]
