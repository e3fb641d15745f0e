"""The staff workbench: who may open it, where each role lands after login, and that every count
on it is the count its linked queue shows the same user (in scope only)."""

import pytest
from django.urls import reverse

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.reporting.selectors import TodoItem, workbench_todos

pytestmark = pytest.mark.django_db

WORKBENCH = "/staff/"
PASSWORD = "pw-for-tests-only"  # noqa: S105 - the make_user fixture's password


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
