"""The staff workbench: who may open it, where each role lands after login, and that every count
on it is the count its linked queue shows the same user (in scope only)."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.consultation.models import FaqCategory, Question
from hongdun.consultation.services import question_submit
from hongdun.namecheck.choices import ReservationStatus, VerdictChoice
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.models import Unit
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.review.tests.conftest import make_application
from hongdun.reporting.selectors import TodoItem, workbench_todos

pytestmark = pytest.mark.django_db

WORKBENCH = "/staff/"
PASSWORD = "pw-for-tests-only"  # noqa: S105 - the make_user fixture's password
_serial = count(1)


def _pending_name(applicant: User, registry: Unit, status: str = ReservationStatus.PENDING_REVIEW):
    n = next(_serial)
    return NameReservation.objects.create(
        applicant=applicant,
        registry=registry,
        proposed_name=f"包头市宏{n}稀土材料有限公司",
        normalized_name=f"包头市宏{n}稀土材料有限公司",
        trade_name=f"宏{n}",
        industry_key="稀土材料",
        status=status,
        verdict=VerdictChoice.RESTRICTED,
    )


def _question(authority: Unit, *, overdue: bool = False) -> Question:
    category, _created = FaqCategory.objects.get_or_create(code="deregistration", name="注销")
    n = next(_serial)
    question = question_submit(
        user=None,
        client_address=f"10.77.{n // 250}.{n % 250}",
        category=category,
        authority=authority,
        title=f"简易注销的公示期怎么算 {n}",
        body="我们公司没有债务，想办理简易注销，公示期从哪天开始算？",
    )
    if overdue:
        Question.objects.filter(pk=question.pk).update(
            due_date=timezone.localdate() - timedelta(days=3)
        )
    return question


@pytest.fixture
def queues(bureau, role_users, make_user):
    """Work in Kundulun (the registrar's scope) and in Jiuyuan (out of it), of every kind."""
    cache.clear()  # the question service's rate limit counts by address in the cache
    applicant = make_user(Role.APPLICANT)
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    _pending_name(applicant, kundulun)
    _pending_name(applicant, kundulun)
    _pending_name(applicant, kundulun, ReservationStatus.REFUSED)  # decided: not a to-do
    _pending_name(applicant, jiuyuan)
    _question(kundulun)
    _question(kundulun)
    _question(kundulun, overdue=True)
    _question(jiuyuan, overdue=True)
    today = timezone.localdate()

    def application(authority: Unit, submitted_on: date, **extra: object) -> None:
        # An establishment names its reservation; a withdrawn one is no name-review to-do.
        reservation = _pending_name(applicant, authority, ReservationStatus.WITHDRAWN)
        make_application(
            applicant=applicant,
            authority=authority,
            reservation=reservation,
            submitted_on=submitted_on,
            **extra,
        )

    application(kundulun, date(2026, 1, 5))
    application(kundulun, today)
    application(kundulun, today, status=ApplicationStatus.SUSPENDED, suspended_on=today)
    application(  # decided: not a to-do
        kundulun, today, status=ApplicationStatus.APPROVED, decided_at=timezone.now()
    )
    application(jiuyuan, date(2026, 1, 5))
    return role_users


def _items(user: User) -> dict[str, TodoItem]:
    return {item.key: item for group in workbench_todos(user=user) for item in group.items}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        (Role.APPLICANT, 403),
        ("no_role", 403),
        (Role.REGISTRAR, 200),
        (Role.SUPERVISOR, 200),
        (Role.PERSONNEL, 200),
        (Role.DISCIPLINE, 200),
        (Role.LEADER, 200),
        (Role.ADMINISTRATOR, 200),
    ],
)
def test_who_may_open_the_workbench(login, role_users, who, status):
    response = login(role_users.get(who)).get(WORKBENCH)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_registrar_counts_only_the_work_of_their_units(queues):
    mine = _items(queues[Role.REGISTRAR])
    counts = {key: item.count for key, item in mine.items()}
    assert counts["names-pending"] == 2  # Jiuyuan's and the decided one are not counted
    assert counts["questions-open"] == 3
    assert counts["questions-overdue"] == 1
    assert counts["registration-open"] == 3  # the approved file and Jiuyuan's are not counted
    assert counts["registration-suspended"] == 1
    assert counts["registration-overdue"] == 1
    # The deadline filters are the queue's own: each includes the more urgent ones, and the files
    # with a running clock split into "soon" and "comfortable".
    assert counts["registration-overdue"] <= counts["registration-today"]
    assert counts["registration-today"] <= counts["registration-soon"]
    assert (
        counts["registration-soon"] + counts["registration-ok"] + counts["registration-suspended"]
        == counts["registration-open"]
    )
    theirs = {key: item.count for key, item in _items(queues["out_of_scope_registrar"]).items()}
    assert (theirs["names-pending"], theirs["questions-open"], theirs["registration-open"]) == (
        1,
        1,
        1,
    )


@pytest.mark.parametrize("who", [Role.REGISTRAR, "out_of_scope_registrar"])
def test_every_count_is_what_its_linked_queue_shows(login, queues, who):
    user = queues[who]
    client = login(user)
    items = _items(user)
    assert items, "a registrar has to-dos to show"
    for item in items.values():
        response = client.get(item.url)
        assert response.status_code == 200, item.url
        assert response.context["page"].paginator.count == item.count, item.key
        assert not item.more


@pytest.mark.parametrize(
    "who", [Role.SUPERVISOR, Role.PERSONNEL, Role.DISCIPLINE, Role.LEADER, Role.ADMINISTRATOR]
)
def test_roles_without_queues_see_no_todo_groups(login, queues, who):
    response = login(queues[who]).get(WORKBENCH)
    assert response.context["todo_groups"] == []
    assert 'data-testid="no-todos"' in response.content.decode()


def test_the_page_shows_each_count_with_its_link_and_colour(login, queues):
    page = login(queues[Role.REGISTRAR]).get(WORKBENCH).content.decode()
    for item in _items(queues[Role.REGISTRAR]).values():
        assert f'data-testid="todo-{item.key}" data-count="{item.count}"' in page
        assert f'href="{item.url.replace("&", "&amp;")}"' in page
    assert 'class="due due-overdue"' in page


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        (Role.REGISTRAR, WORKBENCH),
        (Role.PERSONNEL, WORKBENCH),
        (Role.LEADER, WORKBENCH),
        (Role.APPLICANT, "/"),
        ("no_role", "/"),
    ],
)
def test_staff_land_on_the_workbench_and_others_on_the_portal(client, role_users, who, landing):
    user = role_users[who]
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == landing


def test_an_explicit_next_still_wins_over_the_landing(client, role_users):
    user = role_users[Role.REGISTRAR]
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD, "next": "/staff/names/"},
    )
    assert response["Location"] == "/staff/names/"


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        (
            Role.REGISTRAR,
            {"backoffice-enterprises:list", "backoffice-names:queue"},
            {"backoffice:holiday-calendar", "workforce-figures:index"},
        ),
        (
            Role.PERSONNEL,
            {"workforce-figures:index", "backoffice-workforce:home"},
            {"backoffice-enterprises:list", "backoffice-names:queue"},
        ),
        (
            Role.DISCIPLINE,
            {"backoffice-workforce:home"},
            {"backoffice-enterprises:list", "backoffice-registration:queue"},
        ),
        (
            Role.ADMINISTRATOR,
            {"backoffice:holiday-calendar", "backoffice-enterprises:list"},
            {"backoffice-names:queue", "backoffice-consultation:queue"},
        ),
    ],
)
def test_the_header_links_only_to_pages_the_role_may_open(login, role_users, who, shown, hidden):
    client = login(role_users[who])
    page = client.get(WORKBENCH).content.decode()
    for name in shown | hidden:
        url = reverse(name)
        linked = f'href="{url}"' in page
        assert linked == (name in shown), (who, name)
        if linked:  # and what the header offers, the role may open
            assert client.get(url).status_code == 200, (who, name)
