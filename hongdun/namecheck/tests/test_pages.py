"""The portal and back-office pages of name declaration: who may open what, the happy paths
(declare → reserved; restricted → review → approve or refuse; withdraw; the htmx check), and bad
input that must give a message beside the field, change nothing, and never a 500."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.core.models import AuditLog, Notification
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.services import reservation_create
from hongdun.namecheck.tests.factories import CHINA_PREFIX_FINDING, reservation_row

pytestmark = pytest.mark.django_db

FREE = "包头市沃动机械有限公司"
RESTRICTED = "中国沃德科技有限公司"  # needs 国务院 approval, not the district's
LOCALLY_REVIEWED = "包头市江山科技有限公司"  # N-ZIHAO-2: the registry's registrar decides
CONFLICTING = (
    "包头红光机械设备有限公司"  # the 字号 红光 of the registered 包头市红光机械设备有限公司
)
HX = {"HX-Request": "true"}


def declared(applicant, registry, trade="沃德", status=ReservationStatus.RESERVED, **extra):
    """A declaration written straight to the database (no engine needed)."""
    name = extra.pop("name", f"包头市{trade}科技有限公司")
    return reservation_row(applicant, registry, name, trade, status=status, **extra)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response):
    return response.content.decode()


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def mine(applicant, kundulun):
    return declared(applicant, kundulun)


@pytest.fixture
def pending(applicant, kundulun):
    return declared(
        applicant,
        kundulun,
        trade="沃德",
        name=RESTRICTED,
        status=ReservationStatus.PENDING_REVIEW,
        verdict="restricted",
        findings=[CHINA_PREFIX_FINDING],
    )


@pytest.fixture
def pending_local(applicant, kundulun):
    return declared(
        applicant,
        kundulun,
        trade="江山",
        name=LOCALLY_REVIEWED,
        status=ReservationStatus.PENDING_REVIEW,
        verdict="restricted",
        findings=[
            {
                "rule": "N-ZIHAO-2",
                "verdict": "restricted",
                "article": "《企业名称登记管理规定》第八条第二款",
                "message": "字号“江山”是县级以上行政区划名称，另有含义的除外，须人工审核。",
                "fix": "说明“江山”的其他含义，或更换字号。",
                "part": "江山",
                "conflicts": [],
            }
        ],
    )


def declaration(registry, *names, industry="", **extra):
    data = {"registry": str(registry.pk), "industry": industry, **extra}
    for slot, name in enumerate(names, start=1):
        data[f"name_{slot}"] = name
    return data


# --- who may open what --------------------------------------------------------------------------

APPLICANT_PAGES = ["/names/", "/names/declare/", "/names/{pk}/", "/names/{pk}/withdraw/"]


@pytest.mark.parametrize("path", APPLICANT_PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, mine, path):
    url = path.format(pk=mine.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "path",
    [
        "/names/{pk}/notice.pdf",
        "/staff/names/",
        "/staff/names/{pk}/",
    ],
)
def test_anonymous_users_are_sent_to_the_login_page_elsewhere_too(client, mine, path):
    response = client.get(path.format(pk=mine.pk))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


def test_anonymous_posts_change_nothing(client, mine, kundulun):
    assert client.post("/names/declare/", declaration(kundulun, FREE)).status_code == 302
    assert client.post("/names/check/", {"slot": "1", "name_1": FREE}).status_code == 302
    assert client.post(f"/names/{mine.pk}/withdraw/").status_code == 302
    assert client.post(f"/staff/names/{mine.pk}/", {"decision": "approve"}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == ReservationStatus.RESERVED
    assert NameReservation.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.REGISTRAR, Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR, "no_role"]
)
@pytest.mark.parametrize("path", APPLICANT_PAGES)
def test_the_applicant_pages_are_for_applicants(login, role_users, mine, role, path):
    client = login(role_users[role])
    assert client.get(path.format(pk=mine.pk)).status_code == 403


@pytest.mark.parametrize("role", [Role.REGISTRAR, "no_role"])
def test_other_roles_cannot_declare_or_check(login, role_users, kundulun, role):
    client = login(role_users[role])
    assert client.post("/names/declare/", declaration(kundulun, FREE)).status_code == 403
    assert client.post("/names/check/", {"slot": "1", "name_1": FREE}).status_code == 403
    assert NameReservation.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/names/{pk}/", "/names/{pk}/withdraw/", "/names/{pk}/notice.pdf"]
)
def test_another_applicants_name_does_not_exist(login, other_applicant, mine, path):
    client = login(other_applicant)
    assert client.get(path.format(pk=mine.pk)).status_code == 404


def test_another_applicant_cannot_withdraw(login, other_applicant, mine):
    response = login(other_applicant).post(f"/names/{mine.pk}/withdraw/")
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == ReservationStatus.RESERVED


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999"])
def test_unknown_ids_are_404(login, applicant, reviewer, mine, pk):
    assert login(applicant).get(f"/names/{pk}/").status_code == 404
    assert login(applicant).get(f"/names/{pk}/notice.pdf").status_code == 404
    assert login(reviewer).get(f"/staff/names/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.APPLICANT, Role.SUPERVISOR, Role.LEADER, Role.PERSONNEL, Role.ADMINISTRATOR, "no_role"],
)
def test_the_review_queue_is_for_registrars(login, role_users, pending, role):
    """Administrators too: the scope table (core.scope_rules) lets only registrars review."""
    client = login(role_users[role])
    assert client.get("/staff/names/").status_code == 403
    assert client.get(f"/staff/names/{pending.pk}/").status_code == 403
    assert client.post(f"/staff/names/{pending.pk}/", {"decision": "approve"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.PENDING_REVIEW


def test_an_out_of_scope_registrar_sees_nothing(login, outsider_registrar, pending):
    client = login(outsider_registrar)
    queue = client.get("/staff/names/")
    assert queue.status_code == 200
    assert RESTRICTED not in html(queue)
    assert 'data-testid="queue-empty"' in html(queue)
    assert client.get(f"/staff/names/{pending.pk}/").status_code == 404
    response = client.post(
        f"/staff/names/{pending.pk}/", {"decision": "refuse", "reason": "不在辖区"}
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.PENDING_REVIEW


def test_navigation_links_follow_the_role(client, login, role_users):
    anonymous = html(client.get("/"))
    assert 'href="/names/declare/"' in anonymous
    assert 'href="/names/"' not in anonymous
    assert 'href="/notifications/"' not in anonymous
    applicant = html(login(role_users[Role.APPLICANT]).get("/"))
    assert 'href="/names/declare/"' in applicant
    assert 'href="/names/"' in applicant
    assert 'href="/notifications/"' in applicant
    registrar = html(login(role_users[Role.REGISTRAR]).get("/staff/"))
    assert 'href="/staff/names/"' in registrar
    supervisor = html(login(role_users[Role.SUPERVISOR]).get("/staff/"))
    assert 'href="/staff/names/"' not in supervisor


# --- declaring ------------------------------------------------------------------------------------


def test_the_declaration_form(login, applicant, bureau):
    response = login(applicant).get("/names/declare/")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>名称自主申报</h1>" in page
    for slot in range(1, 6):
        assert f'name="name_{slot}"' in page
    assert 'name="name_6"' not in page
    # only registration authorities, by name and division code
    assert "昆都仑区分局（150203）" in page
    assert "kundulun-station-1" not in page
    station = bureau["kundulun-station-1"]
    assert f'value="{station.pk}"' not in page
    # the industry terms of the engine's reference data are offered
    assert '<option value="机械设备">' in page
    # live checks through htmx, with the CSRF token in the form
    assert 'hx-post="/names/check/"' in page
    assert "csrfmiddlewaretoken" in page


def test_declaring_reserves_the_first_name_that_passes(
    login, applicant, kundulun, hongguang, django_capture_on_commit_callbacks
):
    client = login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/names/declare/", declaration(kundulun, CONFLICTING, FREE, "包头市沃丰机械有限公司")
        )
    reservation = NameReservation.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/names/{reservation.pk}/"
    assert reservation.proposed_name == FREE
    assert reservation.applicant == applicant
    assert reservation.registry == kundulun
    assert reservation.status == ReservationStatus.RESERVED
    assert reservation.reserved_until == _months_later(2)
    said = texts(response)
    assert any("第 1 个名称" in m and CONFLICTING in m and "相同冲突" in m for m in said)
    assert any(FREE in m and "已在" in m and "保留" in m for m in said)
    # the service noticed the applicant, in the site and by mail
    assert Notification.objects.filter(user=applicant, title__contains="沃动").exists()
    assert len(mail.outbox) == 1
    assert AuditLog.objects.filter(action="namecheck.reservation.create").count() == 1

    detail = client.get(response.headers["Location"])
    page = html(detail)
    assert FREE in page
    assert "已保留" in page
    assert f"/names/{reservation.pk}/notice.pdf" in page
    assert f"/names/{reservation.pk}/withdraw/" in page

    listing = html(client.get("/names/"))
    assert FREE in listing
    assert "已保留" in listing
    assert reservation.reserved_until.isoformat() in listing


def _months_later(months):
    from hongdun.namecheck.services import add_months

    return add_months(timezone.localdate(), months)


def test_pre_approval_reserves_for_a_year(login, applicant, kundulun):
    response = login(applicant).post(
        "/names/declare/", declaration(kundulun, FREE, needs_pre_approval="on")
    )
    assert response.status_code == 302
    reservation = NameReservation.objects.get()
    assert reservation.needs_pre_approval is True
    assert reservation.reserved_until == _months_later(12)


def test_when_no_name_can_be_declared_nothing_changes(login, applicant, kundulun, hongguang):
    response = login(applicant).post(
        "/names/declare/", declaration(kundulun, CONFLICTING, "包头市云网络科技有限公司")
    )
    assert response.status_code == 200
    page = html(response)
    assert 'data-testid="form-errors"' in page
    assert "本次没有保留任何名称" in page
    # each name keeps its value and shows why
    assert f'value="{CONFLICTING}"' in page
    assert 'data-verdict="identical"' in page
    assert 'data-verdict="prohibited"' in page
    assert "C-SAME-1" not in page  # rule codes are staff shorthand (14.16)
    assert "N-ZIHAO-1" not in page
    assert hongguang.name in page
    assert NameReservation.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_restricted_first_choice_goes_to_review(login, applicant, kundulun):
    response = login(applicant).post("/names/declare/", declaration(kundulun, RESTRICTED, FREE))
    reservation = NameReservation.objects.get()
    assert response.status_code == 302
    assert reservation.proposed_name == RESTRICTED
    assert reservation.status == ReservationStatus.PENDING_REVIEW
    assert any("提交" in m and "审核" in m for m in texts(response))
    page = html(login(applicant).get(f"/names/{reservation.pk}/"))
    assert "待审核" in page
    assert "notice.pdf" not in page  # no notice until approved
    assert "国务院批准" in page  # the finding, without its rule code
    assert "R-1" not in page


def test_a_name_already_mine_is_explained(login, applicant, kundulun):
    client = login(applicant)
    assert client.post("/names/declare/", declaration(kundulun, FREE)).status_code == 302
    again = client.post("/names/declare/", declaration(kundulun, FREE))
    assert again.status_code == 200
    assert "您已申报保留该名称" in html(again)
    assert NameReservation.objects.count() == 1


def test_the_htmx_check_explains_a_conflict(login, applicant, kundulun, hongguang):
    response = login(applicant).post(
        "/names/check/", {**declaration(kundulun, CONFLICTING), "slot": "1"}, headers=HX
    )
    assert response.status_code == 200
    page = html(response)
    assert "<html" not in page
    assert 'data-testid="verdict-1"' in page
    assert 'data-verdict="identical"' in page
    assert "相同冲突" in page
    assert "不能申报" in page
    assert "C-SAME-1" not in page  # rule codes are staff shorthand (14.16)
    assert "第十七条" in page  # the article
    assert hongguang.name in page  # the conflicting name
    assert '<mark data-testid="part">红光</mark>' in page  # the offending part
    assert "修改建议" in page  # what to change
    assert 'data-testid="suggestion"' in page  # alternatives to click
    assert "hx-vals=" in page
    assert NameReservation.objects.count() == 0


def test_the_htmx_check_of_a_passing_name(login, applicant, kundulun, hongguang):
    response = login(applicant).post(
        "/names/check/", {**declaration(kundulun, "", FREE), "slot": "2"}, headers=HX
    )
    page = html(response)
    assert 'data-testid="verdict-2"' in page
    assert 'data-verdict="pass"' in page
    assert "可以申报" in page


def test_a_suggestion_fills_the_slot(login, applicant, kundulun, hongguang):
    client = login(applicant)
    first = client.post(
        "/names/check/", {**declaration(kundulun, CONFLICTING), "slot": "1"}, headers=HX
    )
    from hongdun.namecheck.services import declaration_check

    (answer,) = declaration_check(
        user=applicant, registry=kundulun, industry="", names=[CONFLICTING]
    )
    suggestion = answer["suggestions"][0]
    assert suggestion in html(first)
    filled = client.post(
        "/names/check/",
        {**declaration(kundulun, CONFLICTING), "slot": "1", "fill": suggestion},
        headers=HX,
    )
    page = html(filled)
    assert 'id="slot-1"' in page
    assert f'value="{suggestion}"' in page
    assert 'data-verdict="pass"' in page


def test_the_htmx_check_asks_for_the_registry_first(login, applicant, bureau):
    response = login(applicant).post("/names/check/", {"slot": "1", "name_1": FREE}, headers=HX)
    assert response.status_code == 200
    assert "请先选择登记机关" in html(response)


def test_the_htmx_check_of_an_empty_slot_is_empty(login, applicant, kundulun):
    response = login(applicant).post(
        "/names/check/", {**declaration(kundulun, ""), "slot": "3"}, headers=HX
    )
    assert response.status_code == 200
    assert html(response).strip() == ""


@pytest.mark.parametrize("slot", ["", "0", "6", "x", "-1", "1" * 50, "１"])
def test_the_htmx_check_refuses_a_bad_slot(login, applicant, kundulun, slot):
    response = login(applicant).post(
        "/names/check/", {**declaration(kundulun, FREE), "slot": slot}, headers=HX
    )
    assert response.status_code == 400


def test_the_check_needs_post(login, applicant):
    assert login(applicant).get("/names/check/").status_code == 405


# --- bad input ------------------------------------------------------------------------------------

BAD_NAMES = [
    ("", "请至少输入一个名称"),
    ("    ", "请至少输入一个名称"),
    ("红", "名称太短"),
    ("包头市" + "红" * 98 + "有限公司", "名称过长"),
    ("名" * 10_000, "名称过长"),
    ("Baotou Hongguang Machinery Co Ltd", "不能含有字母"),
    ("包头市Hongguang机械有限公司", "“H”"),
    ("包头市ＨＧ机械有限公司", "“Ｈ”"),
    ("杭州市A1云栖网络科技有限公司", "“1”"),
    ("包头市红光2024机械有限公司", "“2”"),
    ("包头市红光😀机械有限公司", "“😀”"),
    ("包头市红光机械有限公司\N{WHITE HEAVY CHECK MARK}", "不能含有字母"),
    ("包头市红光\x00机械有限公司", "空"),  # Django's own message for NUL
    ("包头市红光\x07机械有限公司", "控制字符"),
    ("包头市红光\u202e机械有限公司", "不能含有字母"),
    ("<script>alert(1)</script>", "不能含有字母"),
    ("' OR 1=1 --", "不能含有字母"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_names_get_a_message_beside_the_field(login, applicant, kundulun, name, message):
    client = login(applicant)
    response = client.post("/names/declare/", declaration(kundulun, name))
    assert response.status_code == 200
    page = html(response)
    assert 'data-testid="name-error-1"' in page
    assert message in page
    assert "<script>alert" not in page
    assert NameReservation.objects.count() == 0
    assert Notification.objects.count() == 0
    checked = client.post("/names/check/", {**declaration(kundulun, name), "slot": "1"}, headers=HX)
    assert checked.status_code == 200
    if name.strip():
        assert 'data-testid="name-error-1"' in html(checked)
        assert message in html(checked)


def test_a_bad_second_name_is_reported_on_its_own_field(login, applicant, kundulun):
    response = login(applicant).post("/names/declare/", declaration(kundulun, FREE, "ABC公司"))
    page = html(response)
    assert 'data-testid="name-error-2"' in page
    assert 'data-testid="name-error-1"' not in page
    assert NameReservation.objects.count() == 0


def test_the_same_name_twice_is_refused(login, applicant, kundulun):
    response = login(applicant).post("/names/declare/", declaration(kundulun, FREE, "", FREE))
    page = html(response)
    assert "与第 1 个名称相同" in page
    assert 'data-testid="name-error-3"' in page
    assert NameReservation.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "testid"),
    [
        ({"registry": ""}, "registry-error"),
        ({"registry": "abc"}, "registry-error"),
        ({"registry": "999999"}, "registry-error"),
        ({"registry": "1" * 40}, "registry-error"),
        ({"industry": "业" * 51}, "industry-error"),
        ({"industry": "机械\x01"}, "industry-error"),
    ],
)
def test_bad_registry_or_industry(login, applicant, kundulun, data, testid):
    body = {**declaration(kundulun, FREE), **data}
    response = login(applicant).post("/names/declare/", body)
    assert response.status_code == 200
    assert f'data-testid="{testid}"' in html(response)
    assert NameReservation.objects.count() == 0


def test_a_unit_that_is_not_a_registry_cannot_be_chosen(login, applicant, bureau):
    station = bureau["kundulun-station-1"]
    response = login(applicant).post("/names/declare/", declaration(station, FREE))
    assert 'data-testid="registry-error"' in html(response)
    assert NameReservation.objects.count() == 0


def test_more_than_five_names_are_not_read(login, applicant, kundulun):
    body = {**declaration(kundulun, ""), "name_6": FREE, "name_7": FREE}
    response = login(applicant).post("/names/declare/", body)
    assert "请至少输入一个名称" in html(response)
    assert NameReservation.objects.count() == 0


def test_messages_are_english_in_english(login, applicant, kundulun):
    client = english(login(applicant))
    page = html(client.post("/names/declare/", declaration(kundulun, "包头市ABC机械有限公司")))
    assert "Chinese characters" in page
    assert "不能含有" not in page
    page = html(client.post("/names/declare/", declaration(kundulun, "红")))
    assert "too short" in page
    page = html(client.get("/names/declare/"))
    assert "<h1>Name self-declaration</h1>" in page
    assert "名称自主申报" not in page


# --- my names, withdrawal -------------------------------------------------------------------------


def test_my_names_lists_only_mine(login, applicant, other_applicant, kundulun, mine):
    declared(other_applicant, kundulun, trade="金鹿")
    declared(applicant, kundulun, trade="青鹿", status=ReservationStatus.WITHDRAWN)
    page = html(login(applicant).get("/names/"))
    assert page.count('data-testid="reservation-row"') == 2
    assert mine.proposed_name in page
    assert "包头市金鹿科技有限公司" not in page
    assert "已撤回" in page
    assert "还剩 60 天" in page
    assert f"/names/{mine.pk}/notice.pdf" in page


def test_my_names_when_there_are_none(login, applicant, bureau):
    page = html(login(applicant).get("/names/"))
    assert 'data-testid="no-reservations"' in page


def test_withdrawing_asks_first_then_frees_the_name(login, applicant, mine):
    client = login(applicant)
    confirm = client.get(f"/names/{mine.pk}/withdraw/")
    assert confirm.status_code == 200
    assert 'data-testid="withdraw-confirm"' in html(confirm)
    mine.refresh_from_db()
    assert mine.status == ReservationStatus.RESERVED  # a GET changes nothing
    response = client.post(f"/names/{mine.pk}/withdraw/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/names/{mine.pk}/"
    mine.refresh_from_db()
    assert mine.status == ReservationStatus.WITHDRAWN
    assert any("已撤回" in m for m in texts(response))
    assert AuditLog.objects.filter(action="namecheck.reservation.withdraw").count() == 1
    # again: refused with a reason, nothing changes
    again = client.post(f"/names/{mine.pk}/withdraw/")
    assert any("只有已保留或待审核" in m for m in texts(again))
    assert client.get(f"/names/{mine.pk}/withdraw/").status_code == 302
    page = html(client.get(f"/names/{mine.pk}/"))
    assert "withdraw-link" not in page
    assert "notice.pdf" not in page


def test_a_pending_declaration_can_be_withdrawn(login, applicant, pending):
    login(applicant).post(f"/names/{pending.pk}/withdraw/")
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.WITHDRAWN


def test_the_detail_page_shows_the_findings(login, applicant, pending):
    page = html(login(applicant).get(f"/names/{pending.pk}/"))
    assert RESTRICTED in page
    assert "待审核" in page
    assert "R-1" not in page  # rule codes are staff shorthand (14.16)
    assert "第十二条第一款" in page
    assert '<mark data-testid="part">中国</mark>' in page
    assert "删除名称开头的“中国”" in page


# --- review ---------------------------------------------------------------------------------------


def test_the_queue_shows_pending_declarations_with_waiting_days(login, reviewer, pending):
    NameReservation.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - timedelta(days=6)
    )
    page = html(login(reviewer).get("/staff/names/"))
    assert page.count('data-testid="queue-row"') == 1
    assert RESTRICTED in page
    assert "wait wait-late" in page
    assert "6 天" in page
    assert "限用需审批" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"pending"}),
        ("?status=", {"pending", "reserved", "refused"}),
        ("?status=reserved", {"reserved"}),
        ("?status=refused", {"refused"}),
        ("?status=&q=沃德", {"pending"}),
        ("?status=&date_from=2000-01-01", {"pending", "reserved", "refused"}),
        ("?status=&date_to=2000-01-01", set()),
    ],
)
def test_queue_filters(login, reviewer, applicant, kundulun, pending, query, shown):
    rows = {
        "pending": pending,
        "reserved": declared(applicant, kundulun, trade="青鹿"),
        "refused": declared(applicant, kundulun, trade="金鹿", status=ReservationStatus.REFUSED),
    }
    page = html(login(reviewer).get("/staff/names/" + query))
    listed = {key for key, row in rows.items() if row.proposed_name in page.split("<tbody>")[1]}
    assert listed == shown


def test_queue_registry_filter_offers_only_the_users_registries(
    login, reviewer, applicant, kundulun, donghe, pending
):
    page = html(login(reviewer).get("/staff/names/"))
    assert f'value="{kundulun.pk}"' in page
    assert f'value="{donghe.pk}"' not in page
    other = login(reviewer).get(f"/staff/names/?status=&registry={donghe.pk}")
    assert 'class="error"' in html(other)  # not a choice for this registrar


@pytest.mark.parametrize(
    "query",
    ["?status=bogus", "?date_from=yesterday", "?registry=abc", "?page=999", "?q=" + "x" * 200],
)
def test_bad_queue_filters_do_not_break_the_page(login, reviewer, pending, query):
    response = login(reviewer).get("/staff/names/" + query)
    assert response.status_code == 200


def test_refusal_needs_a_reason(login, reviewer, pending):
    response = login(reviewer).post(f"/staff/names/{pending.pk}/", {"decision": "refuse"})
    assert response.status_code == 200
    assert 'data-testid="reason-error"' in html(response)
    assert "不予保留时必须说明理由" in html(response)
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.PENDING_REVIEW
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("decision", ["", "maybe", "APPROVE"])
def test_a_decision_must_be_chosen(login, reviewer, pending, decision):
    response = login(reviewer).post(f"/staff/names/{pending.pk}/", {"decision": decision})
    assert response.status_code == 200
    assert "请选择审核结果" in html(response)
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.PENDING_REVIEW


def test_refusing_notifies_the_applicant(
    login, reviewer, applicant, pending, django_capture_on_commit_callbacks
):
    client = login(reviewer)
    detail = html(client.get(f"/staff/names/{pending.pk}/"))
    assert "R-1" in detail
    assert 'data-testid="refuse"' in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/names/{pending.pk}/",
            {"decision": "refuse", "reason": "未取得国务院批准文件。"},
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.REFUSED
    assert pending.reviewer == reviewer
    notice = Notification.objects.get(user=applicant)
    assert "未通过" in notice.title
    assert "未取得国务院批准文件" in notice.body
    assert len(mail.outbox) == 1
    page = html(client.get(f"/staff/names/{pending.pk}/"))
    assert 'data-testid="refuse"' not in page  # decided
    # a second decision is refused with a message
    again = client.post(f"/staff/names/{pending.pk}/", {"decision": "approve"})
    assert "已由您审核" in html(again)  # a second decision is told it was already made
    assert "无需重复操作" in html(again)
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.REFUSED
    # the applicant sees the reason
    mine = html(login(applicant).get(f"/names/{pending.pk}/"))
    assert "未通过审核" in mine
    assert "未取得国务院批准文件" in mine


def test_approving_reserves_and_notifies(login, reviewer, applicant, pending_local):
    pending = pending_local
    client = login(reviewer)
    assert 'data-testid="approve"' in html(client.get(f"/staff/names/{pending.pk}/"))
    response = client.post(f"/staff/names/{pending.pk}/", {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ReservationStatus.RESERVED
    assert pending.reserved_until == _months_later(2)
    assert "审核通过" in Notification.objects.get(user=applicant).title
    assert any("已核准保留" in m for m in texts(response))
    # the registrar may now download the notice from the detail page
    assert f"/names/{pending.pk}/notice.pdf" in html(client.get(f"/staff/names/{pending.pk}/"))


def test_a_real_restricted_declaration_through_review(login, applicant, reviewer, kundulun):
    reservation = reservation_create(
        applicant=applicant, registry=kundulun, industry="", name=RESTRICTED
    )
    page = html(login(reviewer).get("/staff/names/"))
    assert RESTRICTED in page
    detail = html(login(reviewer).get(f"/staff/names/{reservation.pk}/"))
    assert "R-1" in detail
    assert "国务院" in detail
