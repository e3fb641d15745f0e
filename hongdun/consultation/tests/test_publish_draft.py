"""Publishing an answered question as a FAQ starts from the question and the answer, with the
asker's personal data taken out; the FAQ names the bureau that wrote it (issue 14, item 17)."""

import pytest
from django.utils.translation import override as language

from hongdun.consultation.models import Faq, FaqCategory, FaqSource, QuestionStatus
from hongdun.consultation.services import (
    faq_draft_from_question,
    personal_data_found,
    question_answer,
    question_publish_as_faq,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(ask, role_users, bureau):
    question = ask(
        authority=bureau["kundulun"],
        asker_name="赵六",
        email="zhao6@example.invalid",
        phone="13912345678",
        title="注销问题",
        body="我是赵六，电话13912345678。我们公司没有债务，简易注销的公示期从哪天开始算？",
    )
    question_answer(
        user=role_users["registrar"],
        question=question,
        answer="赵六您好：公示期自公告发布之日起算，共20日。如有疑问请拨打 0472-1234567。",
    )
    question.refresh_from_db()
    return question


def test_the_draft_starts_from_the_question_and_the_answer_without_personal_data(answered):
    draft = faq_draft_from_question(answered)
    assert draft["title"] == "我是××，电话××。我们公司没有债务，简易注销的公示期从哪天开始算？"
    assert draft["body"] == "××您好：公示期自公告发布之日起算，共20日。如有疑问请拨打 ××。"
    assert personal_data_found(draft["title"], question=answered) == ""
    assert personal_data_found(draft["body"], question=answered) == ""


def test_a_long_question_falls_back_to_its_title(ask, role_users, bureau):
    question = ask(authority=bureau["kundulun"], title="公示期怎么算", body="公示期" * 100)
    question_answer(user=role_users["registrar"], question=question, answer="20日。")
    question.refresh_from_db()
    assert faq_draft_from_question(question)["title"] == "公示期怎么算"


def test_the_publish_form_is_prefilled_with_the_draft(login, role_users, answered):
    page = login(role_users["registrar"]).get(f"/staff/consultation/{answered.pk}/")
    html = page.content.decode()
    assert answered.status == QuestionStatus.ANSWERED
    assert 'value="我是××，电话××。我们公司没有债务，简易注销的公示期从哪天开始算？"' in html
    assert "公示期自公告发布之日起算，共20日。" in html
    publish_form = html.split('data-testid="publish-form"', 1)[1].split("</form>", 1)[0]
    assert "13912345678" not in publish_form
    assert "0472-1234567" not in publish_form
    assert "赵六" not in publish_form


def test_the_prefilled_draft_can_be_published_as_it_stands(role_users, answered):
    draft = faq_draft_from_question(answered)
    faq = question_publish_as_faq(
        user=role_users["registrar"],
        question=answered,
        category=FaqCategory.objects.get(code="deregistration"),
        **draft,
    )
    assert faq.title == draft["title"]
    assert faq.source == FaqSource.ANSWER


@pytest.mark.parametrize(
    ("source", "footer"),
    [(FaqSource.TEAM, "包头市市场监督管理局编写"), (FaqSource.ANSWER, "根据咨询答复整理")],
)
def test_the_faq_footer_names_the_bureau(client, faqs, source, footer):
    faq = Faq.objects.filter(is_published=True).order_by("id")[0]
    Faq.objects.filter(pk=faq.pk).update(source=source)
    page = client.get(f"/consultation/faq/{faq.pk}/").content.decode()
    footer_html = page.split('data-testid="faq-footer"', 1)[1].split("</footer>", 1)[0]
    assert footer in footer_html
    assert "包头市市场监督管理局" in footer_html
    assert "红盾" not in footer_html


def test_the_footer_follows_the_deployments_bureau(client, faqs, settings):
    settings.HONGDUN = {**settings.HONGDUN, "BUREAU_NAME": "鄂尔多斯市市场监督管理局"}
    faq = Faq.objects.filter(is_published=True, source=FaqSource.TEAM).order_by("id")[0]
    with language("zh-hans"):
        page = client.get(f"/consultation/faq/{faq.pk}/").content.decode()
    assert "鄂尔多斯市市场监督管理局编写" in page
    home = client.get("/consultation/").content.decode()
    assert "常见问题由鄂尔多斯市市场监督管理局根据现行法规整理" in home
