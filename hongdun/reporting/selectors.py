"""The staff workbench: each user's to-dos, counted by the same queue selectors the queue pages
use, so a count on the workbench is the count the linked queue shows the same user (same role
check, same unit scope, same filter).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hongdun.accounts.types import AnyUser
from hongdun.consultation.permissions import QUESTION
from hongdun.consultation.selectors import QueueFilters, question_queue
from hongdun.core.scope import permits
from hongdun.namecheck.permissions import RESERVATION
from hongdun.namecheck.selectors import review_queue_for_staff
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.permissions import APPLICATION
from hongdun.registration.review.choices import DeadlineFilter
from hongdun.registration.review.selectors import QueueRows, review_queue

# The registration queue's colour (CSS class `due-<level>`) of each deadline filter; the filters
# are the queue's own, so "today" includes the overdue files, as the queue's filter does.
DEADLINE_FILTER_LEVELS: dict[str, str] = {
    DeadlineFilter.OVERDUE: "overdue",
    DeadlineFilter.TODAY: "due",
    DeadlineFilter.SOON: "warn",
    DeadlineFilter.OK: "ok",
}


@dataclass(frozen=True)
class TodoItem:
    key: str  # stable name of the line (tests and `data-testid`)
    label: str
    count: int
    url: str  # the queue, filtered to exactly these items
    level: str = ""  # the queue's colour for these items, "" for none
    more: bool = False  # the count stopped at the queue's own counting limit


@dataclass(frozen=True)
class TodoGroup:
    key: str
    title: str
    items: list[TodoItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.items[0].count if self.items else 0


def _url(name: str, **params: str) -> str:
    path = reverse(name)
    return f"{path}?{urlencode(params)}" if params else path


def _registration_todos(user: AnyUser) -> TodoGroup:
    def counted(key: str, label: str, filters: dict[str, str], level: str = "") -> TodoItem:
        rows = QueueRows(review_queue(user=user, filters=filters))
        count = rows.count()
        return TodoItem(
            key=key,
            label=label,
            count=count,
            url=_url("backoffice-registration:queue", **filters),
            level=level,
            more=rows.more,
        )

    items = [counted("registration-open", _("待审查的申请"), {})]
    for value, label in DeadlineFilter.choices:
        items.append(
            counted(
                f"registration-{value}",
                str(label),
                {"deadline": value},
                DEADLINE_FILTER_LEVELS[value],
            )
        )
    items.append(
        counted(
            "registration-suspended",
            _("中止审查（期限暂停）"),
            {"status": ApplicationStatus.SUSPENDED},
            "suspended",
        )
    )
    return TodoGroup(key="registration", title=_("登记审查"), items=items)


def _name_todos(user: AnyUser) -> TodoGroup:
    pending = review_queue_for_staff(user=user).count()
    return TodoGroup(
        key="names",
        title=_("名称审核"),
        items=[
            TodoItem(
                key="names-pending",
                label=_("待审核的名称"),
                count=pending,
                url=_url("backoffice-names:queue"),
            )
        ],
    )


def _question_todos(user: AnyUser) -> TodoGroup:
    open_questions = question_queue(user=user).count()
    overdue = question_queue(user=user, filters=QueueFilters(overdue=True)).count()
    return TodoGroup(
        key="questions",
        title=_("咨询答复"),
        items=[
            TodoItem(
                key="questions-open",
                label=_("待答复的咨询"),
                count=open_questions,
                url=_url("backoffice-consultation:queue"),
            ),
            TodoItem(
                key="questions-overdue",
                label=_("已超期"),
                count=overdue,
                url=_url("backoffice-consultation:queue", status="open", overdue="on"),
                level="overdue",
            ),
        ],
    )


def workbench_todos(*, user: AnyUser) -> list[TodoGroup]:
    """The to-do groups the user's roles may open (the same scope-table question the queue pages
    ask), in the order of a registrar's day: files with a statutory deadline first, then names,
    then questions."""
    groups: list[TodoGroup] = []
    if permits(user, APPLICATION):
        groups.append(_registration_todos(user))
    if permits(user, RESERVATION):
        groups.append(_name_todos(user))
    if permits(user, QUESTION):
        groups.append(_question_todos(user))
    return groups
