"""The consultation pages: who may open what, asking with a captcha, the registrars' queue and
actions through the views, FAQ feedback and editing, and input that must never give a 500."""

import uuid

import pytest
from captcha.models import CaptchaStore
from django.core import mail

from hongdun.consultation.models import Faq, FaqCategory, FaqSource, Question, QuestionStatus
from hongdun.consultation.tests.conftest import solve_captcha
from hongdun.core.models import Notification
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/consultation/",
    "/consultation/category/deregistration/",
    "/consultation/search/?q=注销",
    "/consultation/ask/",
]


def html(response):
    return response.content.decode()


def ask_data(client, **overrides):
    data = {
        "category": FaqCategory.objects.get(code="deregistration").pk,
        "authority": "",
        "title": "简易注销公示期满后多久内申请",
        "body": "我们已经公示了20天，接下来多久内要提交注销申请？",
        "asker_name": "李女士",
        "email": "li@example.invalid",
        "phone": "0472-5123456",
        **solve_captcha(client),
    }
    data.update(overrides)
    return data


# --- access ---


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_open_to_anyone(client, faqs, path):
    assert client.get(path).status_code == 200


def test_faq_detail_public_and_unpublished_hidden(client, faqs):
    faq = Faq.objects.get(seed_key="deregistration-simple-notice")
    page = client.get(f"/consultation/faq/{faq.pk}/")
    assert page.status_code == 200
    assert "包头市市场监督管理局编写" in html(page)  # the bureau, not the software
    faq.is_published = False
    faq.save()
    assert client.get(f"/consultation/faq/{faq.pk}/").status_code == 404
    assert client.get("/consultation/faq/999999/").status_code == 404
    assert client.get("/consultation/category/nope/").status_code == 404


def test_my_questions_needs_login_and_shows_only_mine(client, login, ask, make_user):
    assert client.get("/consultation/mine/").status_code == 302
    mine_user, other = make_user("applicant"), make_user("applicant")
    mine = ask(user=mine_user, title="我的问题")
    ask(user=other, title="别人的问题")
    page = html(login(mine_user).get("/consultation/mine/"))
    assert mine.title in page
    assert "别人的问题" not in page


def test_question_page_by_token_never_shows_contact_details(client, ask):
    question = ask(email="secret@example.invalid", phone="13800138000", asker_name="王先生")
    page = html(client.get(f"/consultation/q/{question.token}/"))
    assert question.title in page
    for private in ("secret@example.invalid", "13800138000", "王先生"):
        assert private not in page
    assert client.get(f"/consultation/q/{uuid.uuid4()}/").status_code == 404
    assert client.get("/consultation/q/not-a-uuid/").status_code == 404


class TestQuestionQueuePages(ScopedViewSuite):
    """The registrars' queue, a question's page and an action on it: anonymous → login, every other
    role → 403, a registrar of another unit → 404 (absent from the queue), the unit's registrar →
    served."""

    pages = (
        ScopedPage("queue", "/staff/consultation/", lists=True, query_baseline=True),
        ScopedPage("detail", "/staff/consultation/{pk}/", query_baseline=True),
        ScopedPage(
            "claim",
            "/staff/consultation/{pk}/claim/",
            method="post",
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, role_users, ask, bureau) -> ScopeCase:
        question = ask(authority=bureau["kundulun"])
        wrong = ["applicant", "supervisor", "personnel", "discipline", "leader", "administrator"]
        return ScopeCase(
            record=question,
            marker=question.title,
            in_scope=role_users["registrar"],
            out_of_scope=role_users["out_of_scope_registrar"],
            wrong_roles=[role_users[role] for role in [*wrong, "no_role"]],
        )


def faq_paths(faq):
    return [
        ("get", "/staff/consultation/faqs/"),
        ("get", "/staff/consultation/faqs/new/"),
        ("get", f"/staff/consultation/faqs/{faq.pk}/"),
    ]


def test_faq_editing_sends_anonymous_users_to_login(client, faqs):
    for method, path in faq_paths(Faq.objects.first()):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role",
    ["applicant", "supervisor", "personnel", "discipline", "leader", "administrator", "no_role"],
)
def test_backoffice_wrong_role_is_forbidden_and_changes_nothing(
    login, role_users, ask, bureau, role
):
    question, faq = ask(authority=bureau["kundulun"]), Faq.objects.first()
    client = login(role_users[role])
    for method, path in faq_paths(faq):
        assert getattr(client, method)(path).status_code == 403, path
    assert client.post(f"/staff/consultation/{question.pk}/claim/").status_code == 403
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_backoffice_out_of_scope_registrar_gets_404(login, role_users, ask, bureau):
    question = ask(authority=bureau["kundulun"])
    client = login(role_users["out_of_scope_registrar"])
    assert client.get(f"/staff/consultation/{question.pk}/").status_code == 404
    for action in ("claim", "release", "answer", "reassign", "close", "publish"):
        assert client.post(f"/staff/consultation/{question.pk}/{action}/").status_code == 404
    assert question.title not in html(client.get("/staff/consultation/?status="))
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_backoffice_bad_ids_and_actions(login, role_users, ask, bureau):
    question = ask(authority=bureau["kundulun"])
    client = login(role_users["registrar"])
    assert client.get("/staff/consultation/99999999999999999999/").status_code == 404
    assert client.post(f"/staff/consultation/{question.pk}/explode/").status_code == 404
    assert client.get("/staff/consultation/faqs/99999/").status_code == 404


def test_nav_links(client, login, role_users):
    assert 'data-testid="nav-consultation"' in html(client.get("/"))
    staff = html(login(role_users["registrar"]).get("/staff/"))
    assert "/staff/consultation/" in staff
    leader = html(login(role_users["leader"]).get("/staff/"))
    assert "/staff/consultation/" not in leader


# --- asking ---


def test_anonymous_question_through_the_form(
    client, faqs, bureau, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consultation/ask/", ask_data(client))
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consultation/q/{question.token}/"
    assert question.asker is None
    assert question.authority == bureau["baotou"]
    assert question.phone == "0472-5123456"
    assert [m.to for m in mail.outbox] == [["li@example.invalid"]]
    assert str(question.token) in mail.outbox[0].body
    page = html(client.get(response["Location"]))
    assert "li@example.invalid" not in page
    assert "0472-5123456" not in page
    assert question.due_date.isoformat() in page


def test_logged_in_question_with_chosen_authority(login, make_user, faqs, bureau):
    user = make_user("applicant", email="me@example.invalid")
    client = login(user)
    data = ask_data(client, authority=bureau["kundulun"].pk, email="")
    assert client.post("/consultation/ask/", data).status_code == 302
    question = Question.objects.get()
    assert question.asker == user
    assert question.authority == bureau["kundulun"]
    assert question.authority_chosen


def test_wrong_captcha_is_refused_and_saves_nothing(client, faqs):
    data = ask_data(client)
    data["captcha_1"] = "wrong"
    response = client.post("/consultation/ask/", data)
    assert response.status_code == 400
    assert 'data-testid="error-captcha"' in html(response)
    assert "验证码不正确或已过期" in html(response)
    assert Question.objects.count() == 0


def test_captcha_cannot_be_reused(client, faqs, bureau):
    data = ask_data(client)
    assert client.post("/consultation/ask/", data).status_code == 302
    assert client.post("/consultation/ask/", data).status_code == 400
    assert Question.objects.count() == 1


def test_captcha_image_is_served(client, faqs):
    client.get("/consultation/ask/")
    store = CaptchaStore.objects.first()
    image = client.get(f"/captcha/image/{store.hashkey}/")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "请填写标题。"),
        ("title", "长" * 101, "标题最多 100 个字"),
        ("body", "", "请填写问题内容。"),
        ("category", "", "请选择问题分类。"),
        ("category", "abc", "请从列表中选择问题分类。"),
        ("category", "99999", "请从列表中选择问题分类。"),
        ("authority", "99999", "请从列表中选择登记机关"),
        ("email", "not-an-address", "电子邮箱格式不正确"),
        ("phone", "call me", "联系电话只能包含数字"),
        ("captcha_1", "", "请输入验证码。"),
    ],
)
def test_bad_input_names_the_field(client, faqs, field, value, message):
    response = client.post("/consultation/ask/", ask_data(client, **{field: value}))
    assert response.status_code == 400
    page = html(response)
    testid = "captcha" if field.startswith("captcha") else field
    assert f'data-testid="error-{testid}"' in page
    assert message in page
    assert Question.objects.count() == 0


def test_non_authority_unit_is_refused_beside_the_field(client, faqs, bureau):
    data = ask_data(client, authority=bureau["personnel-office"].pk)
    response = client.post("/consultation/ask/", data)
    assert response.status_code == 400
    assert 'data-testid="error-authority"' in html(response)
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script> 注销",
        "'; DROP TABLE consultation_question; --",
        "😀 注销 🎉",
    ],
)
def test_hostile_text_is_stored_and_escaped(client, faqs, bureau, body):
    response = client.post("/consultation/ask/", ask_data(client, body=body, title=body[:50]))
    assert response.status_code == 302
    page = html(client.get(response["Location"]))
    assert "<script>alert" not in page
    assert Question.objects.get().body == body


def test_rate_limit_through_the_form(client, faqs, bureau, settings):
    settings.HONGDUN = {**settings.HONGDUN, "CONSULTATION_LIMIT_PER_ADDRESS": (1, 3600)}
    assert client.post("/consultation/ask/", ask_data(client)).status_code == 302
    response = client.post("/consultation/ask/", ask_data(client, title="第二个问题"))
    assert response.status_code == 429
    assert 'data-testid="form-errors"' in html(response)
    assert "提问过于频繁" in html(response)
    assert Question.objects.count() == 1


def test_rate_limit_ignores_a_forged_forwarded_header(client, faqs, bureau, settings):
    settings.HONGDUN = {**settings.HONGDUN, "CONSULTATION_LIMIT_PER_ADDRESS": (1, 3600)}
    first = ask_data(client)
    assert (
        client.post("/consultation/ask/", first, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    )
    second = ask_data(client, title="换个地址")
    assert (
        client.post("/consultation/ask/", second, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    )


# --- feedback ---


def test_feedback_once_per_session(client, faqs):
    faq = Faq.objects.get(seed_key="other-lost-licence")
    url = f"/consultation/faq/{faq.pk}/feedback/"
    assert client.post(url, {"helpful": "yes"}).status_code == 302
    assert client.post(url, {"helpful": "yes"}).status_code == 302
    assert client.post(url, {"helpful": "maybe"}).status_code == 302
    faq.refresh_from_db()
    assert (faq.helpful_count, faq.not_helpful_count) == (1, 0)
    assert "感谢您的评价" in html(client.get(f"/consultation/faq/{faq.pk}/"))
    assert client.post("/consultation/faq/999999/feedback/", {"helpful": "no"}).status_code == 404


# --- back office ---


def test_queue_page_colours_and_filters(login, role_users, ask, bureau):
    question = ask(authority=bureau["kundulun"])
    client = login(role_users["registrar"])
    page = html(client.get("/staff/consultation/"))
    assert question.title in page
    assert 'data-testid="deadline"' in page
    for query in (
        {"status": "answered"},
        {"overdue": "on"},
        {"status": "bogus", "category": "x", "page": "-1"},
        {"q": "<script>", "mine": "on"},
        {"q": "\x00"},
    ):
        assert client.get("/staff/consultation/", query).status_code == 200
    assert question.title not in html(client.get("/staff/consultation/", {"status": "answered"}))


def test_claim_answer_publish_through_the_views(
    login, role_users, ask, bureau, make_user, django_capture_on_commit_callbacks
):
    asker = make_user("applicant", email="asker@example.invalid")
    question = ask(user=asker, authority=bureau["kundulun"], asker_name="赵六")
    client = login(role_users["registrar"])
    base = f"/staff/consultation/{question.pk}"
    assert client.post(f"{base}/claim/").status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLAIMED

    empty = client.post(f"{base}/answer/", {"answer": ""})
    assert empty.status_code == 400
    assert 'data-testid="error-answer"' in html(empty)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{base}/answer/", {"answer": "自公示期届满之日起20日内申请注销登记。"})
    assert done.status_code == 302
    assert Notification.objects.filter(user=asker, title__contains="已答复").exists()
    assert [m.to for m in mail.outbox] == [["asker@example.invalid"]]

    category = FaqCategory.objects.get(code="deregistration").pk
    leaked = client.post(
        f"{base}/publish/",
        {"category": category, "title": "赵六问简易注销期限", "body": "二十日内。"},
    )
    assert leaked.status_code == 400
    assert 'data-testid="error-title"' in html(leaked)
    published = client.post(
        f"{base}/publish/",
        {"category": category, "title": "简易注销公示期满后多久内申请？", "body": "二十日内申请。"},
    )
    assert published.status_code == 302
    faq = Faq.objects.get(source=FaqSource.ANSWER)
    search = html(client.get("/consultation/search/", {"q": "期满"}))
    assert f"/consultation/faq/{faq.pk}/" in search
    asker_page = html(client.get(f"/consultation/q/{question.token}/"))
    assert f"/consultation/faq/{faq.pk}/" in asker_page


def test_release_reassign_and_close_through_the_views(login, role_users, ask, bureau):
    question = ask(authority=bureau["kundulun"])
    client = login(role_users["registrar"])
    base = f"/staff/consultation/{question.pk}"
    client.post(f"{base}/claim/")
    client.post(f"{base}/release/")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    nothing = client.post(f"{base}/reassign/", {"authority": "", "assignee": ""})
    assert nothing.status_code == 400
    assert "请选择转派给哪位登记员或哪个登记机关" in html(nothing)
    wrong = client.post(f"{base}/reassign/", {"assignee": role_users["out_of_scope_registrar"].pk})
    assert wrong.status_code == 400
    assert 'data-testid="error-assignee"' in html(wrong)
    moved = client.post(f"{base}/reassign/", {"authority": bureau["jiuyuan"].pk})
    assert moved.status_code == 302
    assert moved["Location"] == "/staff/consultation/"
    question.refresh_from_db()
    assert question.authority == bureau["jiuyuan"]
    other = login(role_users["out_of_scope_registrar"])
    assert other.post(f"{base}/close/", {"reason": ""}).status_code == 400
    assert other.post(f"{base}/close/", {"reason": "非登记业务。"}).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED
    # A closed question takes no further action; the error comes back as a message.
    response = other.post(f"{base}/claim/", follow=True)
    assert "已关闭" in html(response)


def test_faq_editor(login, role_users, faqs, client):
    editor = login(role_users["registrar"])
    category = FaqCategory.objects.get(code="fees").pk
    bad = editor.post(
        "/staff/consultation/faqs/new/", {"category": category, "title": "", "body": ""}
    )
    assert bad.status_code == 400
    created = editor.post(
        "/staff/consultation/faqs/new/",
        {
            "category": category,
            "title": "窗口几点上班？",
            "body": "工作日上午9点。",
            "is_published": "on",
        },
    )
    assert created.status_code == 302
    faq = Faq.objects.get(title="窗口几点上班？")
    assert faq.source == FaqSource.TEAM
    assert faq.created_by == role_users["registrar"]
    editor.post(
        f"/staff/consultation/faqs/{faq.pk}/",
        {"category": category, "title": "窗口几点上班？", "body": "工作日上午9点。"},
    )
    faq.refresh_from_db()
    assert faq.is_published is False
    assert client.get(f"/consultation/faq/{faq.pk}/").status_code == 404
