"""Reads of the consultation: the public FAQ search and the staff's scoped question queue."""

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.roles import Role
from hongdun.accounts.types import AnyUser
from hongdun.consultation.models import OPEN_STATUSES, Faq, FaqCategory, Question
from hongdun.consultation.query import FaqQuery, faq_query
from hongdun.core.scope import restrict
from hongdun.core.workdays import working_days_left
from hongdun.orgs.models import Unit

# A title hit outweighs any number of body hits for the same concept.
TITLE_WEIGHT = 10
BODY_WEIGHT = 1


def search_terms(raw: Any) -> list[str]:
    """Every word the query looks for (after segmentation, stop words dropped, synonyms added),
    for highlighting; see hongdun.consultation.query."""
    return faq_query(raw).terms


def _anywhere(field: str, words: tuple[str, ...]) -> Q:
    found = Q()
    for word in words:
        found |= Q(**{f"{field}__icontains": word})
    return found


def faq_published() -> QuerySet[Faq]:
    return Faq.objects.filter(is_published=True).select_related("category")


def _rarity_weights(concepts: list[tuple[str, ...]]) -> list[int]:
    """How much a hit on each concept tells (inverse document frequency, in hundredths): in
    the question 怎么注销公司, 注销 is in a few entries and says what is asked; 公司 is in most."""
    published = faq_published()
    counts = published.aggregate(
        total=Count("id"),
        **{
            f"c{i}": Count("id", filter=_anywhere("title", c) | _anywhere("body", c))
            for i, c in enumerate(concepts)
        },
    )
    total = counts["total"] or 0
    return [
        max(1, round(100 * math.log((total + 1) / (counts[f"c{i}"] + 0.5))))
        for i in range(len(concepts))
    ]


def faq_search(*, query: FaqQuery, category: FaqCategory | None = None) -> QuerySet[Faq]:
    """Published FAQs matching at least one concept of every typed chunk, best first: more matched
    concepts, then the weight of the hits (a title hit counts TITLE_WEIGHT times a body hit, and a
    rare word more than a common one), then the most helpful.

    Substring matching (`icontains`, which escapes % and _) is deliberate: the knowledge base
    holds hundreds of entries, not millions, and a two-character query such as 注销 must match
    inside 简易注销; the words come from segmenting the query, not the entries.
    """
    if not query:
        return Faq.objects.none()
    qs = faq_published()
    if category is not None:
        qs = qs.filter(category=category)
    for group in query.groups:
        group_hit = Q()
        for concept in group:
            group_hit |= _anywhere("title", concept) | _anywhere("body", concept)
        qs = qs.filter(group_hit)
    concepts = query.concepts
    matched: Any = Value(0)
    score: Any = Value(0)
    for concept, weight in zip(concepts, _rarity_weights(concepts), strict=True):
        in_title, in_body = _anywhere("title", concept), _anywhere("body", concept)
        matched += Case(
            When(in_title | in_body, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        score += Case(
            When(in_title, then=Value(TITLE_WEIGHT * weight)),
            default=Value(0),
            output_field=IntegerField(),
        ) + Case(
            When(in_body, then=Value(BODY_WEIGHT * weight)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return qs.annotate(matched=matched, score=score).order_by(
        "-matched", "-score", "-helpful_count", "id"
    )


def faq_get_published(*, pk: Any) -> Faq:
    try:
        return faq_published().get(pk=int(pk))
    except (Faq.DoesNotExist, TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该常见问题。")) from error


def categories_with_counts() -> QuerySet[FaqCategory]:
    return FaqCategory.objects.annotate(
        faq_count=Count("faqs", filter=Q(faqs__is_published=True))
    ).order_by("ordering", "code")


def page_size() -> int:
    return int(settings.HONGDUN.get("CONSULTATION_PAGE_SIZE", 10))


# --- questions ------------------------------------------------------------------------------------


def question_get_by_token(*, token: Any) -> Question:
    """The asker's page: anyone holding the link may read it (it is a random UUID)."""
    try:
        return Question.objects.select_related("category", "authority", "faq").get(token=str(token))
    except (Question.DoesNotExist, ValueError) as error:
        raise Http404(_("没有找到该咨询，请核对查询链接。")) from error


def question_list_for_asker(*, user: AnyUser) -> QuerySet[Question]:
    if user is None or not user.is_authenticated:
        return Question.objects.none()
    return (
        Question.objects.filter(asker_id=user.pk)
        .select_related("category", "authority")
        .order_by("-created_at", "-id")
    )


def city_authority() -> Unit | None:
    """The registration authority at the top of the tree: it answers questions addressed to no
    particular authority."""
    return (
        Unit.objects.filter(is_registration_authority=True, parent__isnull=True)
        .order_by("ordering_key", "code")
        .first()
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"  # "open" (pending or claimed), "" for all, or a QuestionStatus value
    category: int | None = None
    overdue: bool = False
    mine: bool = False
    text: str = ""


def question_queue(
    *, user: AnyUser, filters: QueueFilters | None = None, today: datetime.date | None = None
) -> QuerySet[Question]:
    """Questions in the user's scope, the nearest deadline first."""
    filters = filters or QueueFilters()
    today = today or timezone.localdate()
    # A registrar's unit subtree (ADR 0013). Questions where the asker chose no authority belong
    # to the city bureau, so only city-level registrars see them.
    qs = restrict(Question.objects.select_related("category", "authority", "assignee"), user)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=today)
    if filters.mine:
        qs = qs.filter(assignee_id=user.pk)
    if filters.text:
        qs = qs.filter(Q(title__icontains=filters.text) | Q(body__icontains=filters.text))
    return qs.order_by("due_date", "created_at", "id")


def question_get_for_staff(*, user: AnyUser, pk: Any) -> Question:
    try:
        return question_queue(user=user, filters=QueueFilters(status="")).get(pk=int(pk))
    except (Question.DoesNotExist, TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该咨询，或它不在您的管辖范围内。")) from error


def deadline_level(days_left: int) -> str:
    """`late` when overdue, `warn` when due within the configured working days, else `ok`."""
    soon = int(settings.HONGDUN.get("CONSULTATION_DUE_SOON_WORKING_DAYS", 1))
    if days_left < 0:
        return "late"
    if days_left <= soon:
        return "warn"
    return "ok"


def question_deadline(question: Question, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Working days left until the answer is due, and its colour, for an open question."""
    if question.status not in OPEN_STATUSES:
        return {}
    left = working_days_left(question.due_date, today)
    return {"days_left": left, "overdue_by": -left, "level": deadline_level(left)}


def registrars_for(*, authority: Unit) -> QuerySet[Any]:
    """Registrars who may take a question of `authority`: those whose unit subtree contains it."""
    from hongdun.accounts.models import User

    ancestors = Unit.objects.ancestors(authority, include_self=True).values_list("pk", flat=True)
    return (
        User.objects.filter(
            is_active=True, groups__name=Role.REGISTRAR, unit_id__in=list(ancestors)
        )
        .distinct()
        .order_by("username")
    )


def active_registrars() -> QuerySet[Any]:
    from hongdun.accounts.models import User

    return User.objects.filter(is_active=True, groups__name=Role.REGISTRAR).distinct()
