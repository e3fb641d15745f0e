"""The clerk's pages and the document downloads: who may see and do what, filters, colours,
bad input, and a fixed number of queries whatever the page size."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.models import Application, ApplicationEvent, CorrectionItem
from hongdun.registration.review import services
from hongdun.registration.review.models import IssuedDocument
from hongdun.registration.review.tests.conftest import (
    TODAY,
    action_url,
    detail_url,
    make_application,
    reserve,
)

pytestmark = pytest.mark.django_db

QUEUE = "/staff/registration/"


@pytest.fixture
def other_users(role_users, applicant, other_applicant, outsider_clerk, supervisor):
    """Everyone who must not see a Kundulun application in the back office, with the answer."""
    return [
        (other_applicant, 403),
        (applicant, 403),  # the owner too: the back office is for staff
        (supervisor, 403),
        (role_users[Role.LEADER], 403),
        (role_users[Role.ADMINISTRATOR], 403),
        (role_users["no_role"], 403),
        (outsider_clerk, 404),
    ]


def test_anonymous_users_are_sent_to_log_in(client, establishment):
    for url in (QUEUE, detail_url(establishment), action_url(establishment, "accept")):
        response = client.get(url) if not url.endswith("accept/") else client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
    establishment.refresh_from_db()
    assert establishment.status == S.SUBMITTED


def test_wrong_roles_and_other_units_see_nothing(login, establishment, other_users):
    for user, code in other_users:
        client = login(user)
        assert client.get(QUEUE).status_code == (403 if code == 403 else 200)
        assert client.get(detail_url(establishment)).status_code == code, user
        for name in (
            "accept",
            "approve",
            "require_correction",
            "refuse",
            "refer_elsewhere",
            "extend",
            "suspend",
            "resume",
        ):
            assert (
                client.post(
                    action_url(establishment, name),
                    {
                        "refuse-reason": "x",
                        "extra": "x",
                        "suspend-reason": "x",
                        "suspend-basis": "x",
                        "resume-reason": "x",
                    },
                ).status_code
                == code
            )
    # the out-of-scope registrar's queue does not list it
    outsider = other_users[-1][0]
    assert establishment.name not in login(outsider).get(QUEUE).content.decode()
    establishment.refresh_from_db()
    assert establishment.status == S.SUBMITTED
    assert not ApplicationEvent.objects.filter(application=establishment).exists()


def test_the_queue_lists_and_colours_by_working_days_left(
    login, clerk, applicant, kundulun, bureau, monkeypatch
):
    from hongdun.registration.review import selectors

    real_localdate = timezone.localdate

    def on_wednesday(value=None, timezone=None):
        return real_localdate(value, timezone) if value is not None else date(2026, 12, 2)

    monkeypatch.setattr(selectors.timezone, "localdate", on_wednesday)
    rows = {
        # submitted (received) on: due 3 working days later
        "overdue": date(2026, 11, 24),  # due Fri 27 Nov
        "due": date(2026, 11, 27),  # due Wed 2 Dec = today
        "warn": date(2026, 11, 30),  # due Thu 3 Dec: 1 working day left
        "ok": date(2026, 12, 2),  # due Mon 7 Dec
    }
    made = {
        level: make_application(
            applicant=applicant,
            authority=kundulun,
            reservation=None,
            kind="change",
            enterprise=_enterprise(kundulun, level),
            submitted_on=day,
        )
        for level, day in rows.items()
    }
    page = login(clerk).get(QUEUE)
    assert page.status_code == 200
    html = page.content.decode()
    for level, application in made.items():
        assert f'data-level="{level}"' in html
        assert application.number in html
    # sorted by deadline: most urgent first
    positions = [html.index(made[level].number) for level in ("overdue", "due", "warn", "ok")]
    assert positions == sorted(positions)
    for choice, expected in [
        ("overdue", {"overdue"}),
        ("today", {"overdue", "due"}),
        ("soon", {"overdue", "due", "warn"}),
        ("ok", {"ok"}),
    ]:
        html = login(clerk).get(QUEUE, {"deadline": choice}).content.decode()
        shown = {level for level, a in made.items() if a.number in html}
        assert shown == expected, choice


_names = iter("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 20)


def _enterprise(authority, tag=""):
    from hongdun.enterprises.tests.factories import register

    return register(f"包头市测试{next(_names)}机械有限公司", authority, trade_name="测试")


def test_filters_by_unit_kind_type_and_status(login, city_clerk, applicant, bureau):
    kundulun, donghe = bureau["kundulun"], bureau["donghe"]
    a = make_application(
        applicant=applicant, authority=kundulun, kind="change", enterprise=_enterprise(kundulun)
    )
    b = make_application(
        applicant=applicant, authority=donghe, kind="deregistration", enterprise=_enterprise(donghe)
    )
    c = make_application(
        applicant=applicant,
        authority=donghe,
        kind="change",
        enterprise=_enterprise(donghe),
        status=S.ACCEPTED,
        entity_type="jsc",
    )
    d = make_application(
        applicant=applicant,
        authority=donghe,
        kind="change",
        enterprise=_enterprise(donghe),
        status=S.WITHDRAWN,
    )
    client = login(city_clerk)

    def shown(**params):
        html = client.get(QUEUE, params).content.decode()
        return {x.number for x in (a, b, c, d) if x.number in html}

    assert shown() == {a.number, b.number, c.number}  # open ones by default
    assert shown(authority=donghe.pk) == {b.number, c.number}
    assert shown(kind="deregistration") == {b.number}
    assert shown(entity_type="jsc") == {c.number}
    assert shown(status=S.ACCEPTED) == {c.number}
    assert shown(status="all") == {a.number, b.number, c.number, d.number}
    assert shown(q=b.number) == {b.number}


@pytest.mark.parametrize(
    "params",
    [
        {"authority": "999999"},
        {"authority": "abc"},
        {"kind": "<script>"},
        {"status": "' OR 1=1 --"},
        {"deadline": "😀"},
        {"sort": "password"},
        {"q": "长" * 500},
        {"page": "-1"},
        {"page": "99999999999999999999"},
    ],
)
def test_bad_filters_never_break_the_queue(login, clerk, establishment, params):
    response = login(clerk).get(QUEUE, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].replace(
        "&lt;script&gt;", ""
    )


def test_the_queue_costs_the_same_queries_for_any_page_size(login, clerk, applicant, kundulun):
    client = login(clerk)
    make_application(
        applicant=applicant, authority=kundulun, kind="change", enterprise=_enterprise(kundulun)
    )
    client.get(QUEUE)  # warm caches (session, roles)
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for _ in range(12):
        make_application(
            applicant=applicant, authority=kundulun, kind="change", enterprise=_enterprise(kundulun)
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(QUEUE).content.decode().count('data-testid="queue-row"') == 13
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_detail_page_costs_the_same_queries_for_any_size(
    login, clerk, establishment, scope_entries
):
    client = login(clerk)
    client.get(detail_url(establishment))
    with CaptureQueriesContext(connection) as small:
        page = client.get(detail_url(establishment))
    assert page.status_code == 200
    html = page.content.decode()
    for fact in ("包头市沃动机械有限公司", "贺明远", "机械设备销售", "已提交"):
        assert fact in html
    from hongdun.registration.models import Officer

    for n in range(5):
        Officer.objects.create(
            application=establishment,
            name=f"董事{n}",
            id_number=f"15020319800101{n:04d}",
            is_director=True,
        )
    with CaptureQueriesContext(connection) as large:
        client.get(detail_url(establishment))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_detail_page_shows_defects_events_and_corrections(login, clerk, establishment):
    Application.objects.filter(pk=establishment.pk).update(
        prereview_defects=[
            {
                "field": "address",
                "rule": "R-ADDR-1",
                "message": "住所不在本登记机关辖区内。",
                "fix": "请向住所所在地登记机关申请。",
            }
        ]
    )
    client = login(clerk)
    html = client.get(detail_url(establishment)).content.decode()
    assert "住所不在本登记机关辖区内。" in html
    assert "R-ADDR-1" in html
    response = client.post(
        action_url(establishment, "require_correction"),
        {
            "expected_status": "submitted",
            "defects": ["0"],
            "extra": "请补充全体股东签字的章程。\n\n",
        },
    )
    assert response.status_code == 302
    items = list(
        CorrectionItem.objects.filter(application=establishment).values_list("message", "field")
    )
    assert items == [
        ("住所不在本登记机关辖区内。 请向住所所在地登记机关申请。", "address"),
        ("请补充全体股东签字的章程。", ""),
    ]
    html = client.get(detail_url(establishment)).content.decode()
    assert 'data-testid="corrections"' in html
    assert "需补正" in html
    assert 'data-testid="actions"' not in html  # nothing left to do for the clerk


def test_the_whole_decision_through_the_pages(login, clerk, establishment):
    client = login(clerk)
    assert (
        client.post(
            action_url(establishment, "accept"), {"expected_status": "submitted"}
        ).status_code
        == 302
    )
    establishment.refresh_from_db()
    assert establishment.status == S.ACCEPTED
    # a refusal without reason is refused with the field named, and nothing changes
    response = client.post(
        action_url(establishment, "refuse"), {"expected_status": "accepted", "refuse-reason": "  "}
    )
    assert response.status_code == 400
    assert "请填写理由" in response.content.decode()
    establishment.refresh_from_db()
    assert establishment.status == S.ACCEPTED
    response = client.post(
        action_url(establishment, "approve"), {"expected_status": "accepted"}, follow=True
    )
    assert response.status_code == 200
    establishment.refresh_from_db()
    assert establishment.status == S.APPROVED
    assert establishment.enterprise.uscc in response.content.decode()
    # acting again on a stale page says why
    response = client.post(action_url(establishment, "approve"), {"expected_status": "accepted"})
    assert response.status_code == 400
    assert "当前状态为“准予登记”" in response.content.decode()


def test_unknown_actions_and_get_requests(login, clerk, establishment):
    client = login(clerk)
    assert client.post(action_url(establishment, "delete")).status_code == 404
    assert client.get(action_url(establishment, "approve")).status_code == 302
    establishment.refresh_from_db()
    assert establishment.status == S.SUBMITTED
    assert client.get("/staff/registration/99999999/").status_code == 404


def test_a_clerk_cannot_act_on_drafts(login, clerk, applicant, kundulun):
    reservation = reserve(applicant, kundulun, "包头市沃动机械有限公司")
    draft = make_application(
        applicant=applicant, authority=kundulun, reservation=reservation, status=S.DRAFT
    )
    assert login(clerk).get(detail_url(draft)).status_code == 404
    assert login(clerk).post(action_url(draft, "accept")).status_code == 404


# --- documents ---------------------------------------------------------------------------------


@pytest.fixture
def licence(clerk, establishment):
    services.application_approve(clerk=clerk, application=establishment, as_of=TODAY)
    return IssuedDocument.objects.get(application=establishment, kind="licence")


def test_the_applicant_and_competent_clerks_download_the_licence(
    login, licence, applicant, clerk, city_clerk
):
    for user in (applicant, clerk, city_clerk):
        response = login(user).get(f"/documents/{licence.pk}/")
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_nobody_else_gets_the_licence(
    client, login, licence, other_applicant, outsider_clerk, supervisor, role_users
):
    url = f"/documents/{licence.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    for user in (
        other_applicant,
        outsider_clerk,
        supervisor,
        role_users[Role.LEADER],
        role_users["no_role"],
    ):
        response = login(user).get(url)
        assert response.status_code == 404, user
        assert b"%PDF" not in response.content
    for bad in ("0", "-1", "abc", "99999999999999999999999"):
        assert login(other_applicant).get(f"/documents/{bad}/").status_code == 404


@pytest.mark.parametrize(
    ("stored", "message", "fix"),
    [
        (
            {
                "message": "注册资本%(capital)s元与认缴出资合计%(total)s元不一致。",
                "fix": "请修改。",
                "params": {"capital": "100", "total": "90"},
                "severity": "manual",
                "rule": "C-1",
            },
            "注册资本100元与认缴出资合计90元不一致。",
            "请修改。",
        ),
        ({"message": "缺少%(missing)s。", "params": {}}, "缺少%(missing)s。", ""),
        ({"message": "<b>粗体</b>", "fix": None}, "<b>粗体</b>", ""),
    ],
)
def test_stored_defects_read_as_sentences(stored, message, fix):
    from hongdun.registration.review.presenters import present_defects

    (shown,) = present_defects([stored, "not a defect"])
    assert (shown["message"], shown["fix"]) == (message, fix)


def test_deadline_order_mixes_accepted_and_unaccepted_files(
    login, clerk, applicant, kundulun, monkeypatch
):
    """An accepted file carries its decision date (perhaps extended); an unaccepted one is due
    3 working days after receipt. The queue orders by that date, whichever kind it is."""
    from hongdun.registration.review import selectors

    real_localdate = timezone.localdate

    def on_wednesday(value=None, timezone=None):
        return real_localdate(value, timezone) if value is not None else date(2026, 12, 2)

    monkeypatch.setattr(selectors.timezone, "localdate", on_wednesday)

    def make(submitted_on, **extra):
        return make_application(
            applicant=applicant,
            authority=kundulun,
            kind="change",
            enterprise=_enterprise(kundulun),
            submitted_on=submitted_on,
            **extra,
        )

    old_but_extended = make(date(2026, 11, 23), status=S.ACCEPTED, decision_due=date(2026, 12, 4))
    received_friday = make(date(2026, 11, 27))  # due Wed 2 Dec
    received_monday = make(date(2026, 11, 30))  # due Thu 3 Dec
    received_thursday = make(date(2026, 11, 26))  # due Tue 1 Dec
    html = login(clerk).get(QUEUE).content.decode()
    order = [received_thursday, received_friday, received_monday, old_but_extended]
    positions = [html.index(a.number) for a in order]
    assert positions == sorted(positions)
    html = login(clerk).get(QUEUE, {"sort": "-deadline"}).content.decode()
    positions = [html.index(a.number) for a in reversed(order)]
    assert positions == sorted(positions)
