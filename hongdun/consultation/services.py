"""Writes of the consultation: asking (rate-limited), the registrars' claim / answer / reassign /
close, publishing an answer as a FAQ, FAQ editing and reader feedback. Every state change is one
transaction with its audit record; the asker is told of the answer in the site and by e-mail."""

import logging
import re
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role, has_any_role
from hongdun.accounts.types import AnyUser
from hongdun.consultation.models import (
    OPEN_STATUSES,
    Faq,
    FaqCategory,
    FaqSource,
    Question,
    QuestionStatus,
)
from hongdun.consultation.permissions import QUESTION
from hongdun.consultation.selectors import city_authority
from hongdun.core.exceptions import ApplicationError
from hongdun.core.notification_services import notify
from hongdun.core.scope import Action, permits, restrict
from hongdun.core.services import audit_record, audit_snapshot
from hongdun.core.workdays import add_working_days
from hongdun.orgs.models import Unit

logger = logging.getLogger(__name__)

TITLE_MAX = 100
BODY_MAX = 2000
ANSWER_MAX = 5000
FAQ_TITLE_MAX = 200


def _clean(text: Any) -> str:
    return str(text or "").replace("\x00", "").strip()


# --- rate limit -----------------------------------------------------------------------------------


def _limit(name: str) -> tuple[int, int]:
    count, seconds = settings.HONGDUN[name]
    return int(count), int(seconds)


def _over_limit(key: str, limit: int, window: int) -> bool:
    """Count one more question under `key` for `window` seconds; True when it exceeds `limit`."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def _window_text(seconds: int) -> str:
    if seconds % 86400 == 0:
        return _("%(n)d 天") % {"n": seconds // 86400}
    if seconds % 3600 == 0:
        return _("%(n)d 小时") % {"n": seconds // 3600}
    return _("%(n)d 分钟") % {"n": max(1, seconds // 60)}


def question_rate_check(*, user: AnyUser | None, client_address: str) -> None:
    """Refuse a question once the client address or the account asked too many in the window."""
    _rate_check(
        "CONSULTATION_LIMIT_PER_ADDRESS",
        f"consultation:ask:addr:{client_address}",
        _("提问过于频繁：同一网络地址每 %(window)s内最多提交 %(limit)d 个问题，请稍后再试。"),
    )
    if user is not None and user.is_authenticated:
        _rate_check(
            "CONSULTATION_LIMIT_PER_ACCOUNT",
            f"consultation:ask:user:{user.pk}",
            _("提问过于频繁：同一账号每 %(window)s内最多提交 %(limit)d 个问题，请稍后再试。"),
        )


def _rate_check(setting: str, key: str, message: str) -> None:
    """Count one question against the limit `setting` names for `key`; refuse it when over, with
    `message` (which names the %(window)s and the %(limit)d)."""
    limit, window = _limit(setting)
    if _over_limit(key, limit, window):
        raise ApplicationError(
            message % {"window": _window_text(window), "limit": limit},
            extra={"rate_limited": True},
        )


# --- notices --------------------------------------------------------------------------------------


def question_url(question: Question) -> str:
    return reverse("consultation:question", kwargs={"token": question.token})


def _notify_asker(question: Question, *, title: str, body: str) -> None:
    """A site notice (and e-mail to the account address) for a logged-in asker, and an e-mail to
    the address given on the form when it is a different one."""
    url = question_url(question)
    asker = question.asker
    if asker is not None and asker.is_active:
        notify(recipient=asker, title=title, body=body, url=url)
    address = question.email
    if address and (asker is None or address.lower() != (asker.email or "").lower()):

        def deliver() -> None:
            try:
                send_mail(title, f"{body}\n\n{url}", None, [address])
            except Exception:  # a mail outage must not undo the answer
                logger.exception("could not e-mail consultation question %s", question.pk)

        transaction.on_commit(deliver)


# --- asking ---------------------------------------------------------------------------------------


def answer_due_date(asked_on: Any) -> Any:
    days = int(settings.HONGDUN.get("CONSULTATION_ANSWER_WORKING_DAYS", 5))
    return add_working_days(asked_on, days)


@transaction.atomic
def question_submit(
    *,
    user: AnyUser | None,
    client_address: str,
    category: FaqCategory,
    authority: Unit | None,
    title: str,
    body: str,
    asker_name: str = "",
    email: str = "",
    phone: str = "",
) -> Question:
    title, body = _clean(title), _clean(body)
    if not title:
        raise ApplicationError(_("请填写标题。"), field="title")
    if len(title) > TITLE_MAX:
        raise ApplicationError(_("标题最多 %(n)d 个字，请缩短。") % {"n": TITLE_MAX}, field="title")
    if not body:
        raise ApplicationError(_("请填写问题内容。"), field="body")
    if len(body) > BODY_MAX:
        raise ApplicationError(
            _("问题内容最多 %(n)d 个字，请缩短。") % {"n": BODY_MAX}, field="body"
        )
    chosen = authority is not None
    if authority is not None and not authority.is_registration_authority:
        raise ApplicationError(_("请选择一个登记机关，或不指定。"), field="authority")
    if authority is None:
        authority = city_authority()
        if authority is None:
            raise ApplicationError(_("系统尚未配置登记机关，暂时无法受理咨询。"))
    question_rate_check(user=user, client_address=client_address)
    asker = user if user is not None and user.is_authenticated else None
    question = Question(
        asker=asker,
        asker_name=_clean(asker_name)[:50],
        email=_clean(email),
        phone=_clean(phone)[:20],
        category=category,
        authority=authority,
        authority_chosen=chosen,
        title=title,
        body=body,
        due_date=answer_due_date(timezone.localdate()),
    )
    question.full_clean()
    question.save()
    audit_record(
        actor=asker,
        action="consultation.ask",
        instance=question,
        after={"authority": authority.code, "due_date": question.due_date.isoformat()},
    )
    _notify_asker(
        question,
        title=_("已收到您的咨询 %(number)s") % {"number": question.number},
        body=_("我们将在 %(due)s 前答复“%(title)s”。")
        % {"due": question.due_date.isoformat(), "title": question.title},
    )
    return question


# --- staff ----------------------------------------------------------------------------------------


def _locked(*, user: User, question: Question) -> Question:
    """The question re-read under a row lock, if it is in the user's scope."""
    if not permits(user, QUESTION, Action.EDIT):
        raise PermissionDenied
    locked = restrict(
        Question.objects.select_for_update().filter(pk=question.pk), user, Action.EDIT
    ).first()
    if locked is None:
        raise PermissionDenied
    return locked


def _require_open(question: Question) -> None:
    if question.status not in OPEN_STATUSES:
        raise ApplicationError(
            _("该咨询已%(status)s，不能再办理。") % {"status": question.get_status_display()}
        )


# What the audit log records of a question's change (ADR 0014).
AUDIT_FIELDS = ("status", "assignee", "authority")


def _snapshot(question: Question) -> dict[str, Any]:
    return audit_snapshot(question, fields=AUDIT_FIELDS)


@transaction.atomic
def question_claim(*, user: User, question: Question) -> Question:
    question = _locked(user=user, question=question)
    if question.status == QuestionStatus.CLAIMED and question.assignee_id == user.pk:
        return question
    _require_open(question)
    if question.status == QuestionStatus.CLAIMED:
        raise ApplicationError(
            _("该咨询已由 %(name)s 认领。") % {"name": question.assignee}, field="assignee"
        )
    return _set_claim(user=user, question=question, action="consultation.claim", assignee=user)


def _set_claim(
    *,
    user: User,
    question: Question,
    action: str,
    assignee: User | None,
    authority: Unit | None = None,
) -> Question:
    """Claim the (locked) question for `assignee` now, or with None put it back in the queue,
    optionally at another authority; save and audit it as `action`."""
    before = _snapshot(question)
    fields = ["status", "assignee", "claimed_at", "updated_at"]
    if authority is not None:
        question.authority = authority
        fields.insert(0, "authority")
    if assignee is not None:
        question.status = QuestionStatus.CLAIMED
        question.claimed_at = timezone.now()
    else:
        question.status = QuestionStatus.PENDING
        question.claimed_at = None
    question.assignee = assignee
    question.save(update_fields=fields)
    audit_record(
        actor=user, action=action, instance=question, before=before, after=_snapshot(question)
    )
    return question


@transaction.atomic
def question_release(*, user: User, question: Question) -> Question:
    """Undo a claim: the question goes back to the shared queue."""
    question = _locked(user=user, question=question)
    if question.status != QuestionStatus.CLAIMED or question.assignee_id != user.pk:
        raise ApplicationError(_("只有认领人可以退回自己认领的咨询。"))
    return _set_claim(user=user, question=question, action="consultation.release", assignee=None)


@transaction.atomic
def question_answer(*, user: User, question: Question, answer: str) -> Question:
    question = _locked(user=user, question=question)
    _require_open(question)
    if question.status == QuestionStatus.CLAIMED and question.assignee_id != user.pk:
        raise ApplicationError(
            _("该咨询已由 %(name)s 认领，请由其答复或先转派给您。") % {"name": question.assignee},
            field="answer",
        )
    answer = _clean(answer)
    if not answer:
        raise ApplicationError(_("请填写答复内容。"), field="answer")
    if len(answer) > ANSWER_MAX:
        raise ApplicationError(
            _("答复最多 %(n)d 个字，请缩短。") % {"n": ANSWER_MAX}, field="answer"
        )
    before = _snapshot(question)
    now = timezone.now()
    question.status = QuestionStatus.ANSWERED
    question.answer = answer
    question.answered_by = user
    question.answered_at = now
    question.assignee = question.assignee or user
    question.claimed_at = question.claimed_at or now
    question.save()
    audit_record(
        actor=user,
        action="consultation.answer",
        instance=question,
        before=before,
        after={**_snapshot(question), "on_time": timezone.localdate() <= question.due_date},
    )
    _notify_asker(
        question,
        title=_("您的咨询 %(number)s 已答复") % {"number": question.number},
        body=_("关于“%(title)s”的答复：\n\n%(answer)s")
        % {"title": question.title, "answer": answer},
    )
    return question


@transaction.atomic
def question_reassign(
    *, user: User, question: Question, authority: Unit | None = None, assignee: User | None = None
) -> Question:
    """Hand a question to another registrar, or transfer it (转办) to another authority.

    With an assignee the question is claimed for them; without one it waits in the (new)
    authority's queue. The deadline stays: it runs from the day the question was asked.
    """
    from hongdun.consultation.selectors import registrars_for

    question = _locked(user=user, question=question)
    _require_open(question)
    if authority is None and assignee is None:
        raise ApplicationError(_("请选择转派给哪位登记员或哪个登记机关。"), field="assignee")
    target = authority or question.authority
    if not target.is_registration_authority:
        raise ApplicationError(_("只能转办给登记机关。"), field="authority")
    if (
        assignee is not None
        and not registrars_for(authority=target).filter(pk=assignee.pk).exists()
    ):
        raise ApplicationError(
            _("%(name)s 不是负责 %(unit)s 的登记员。") % {"name": assignee, "unit": target},
            field="assignee",
        )
    _set_claim(
        user=user,
        question=question,
        action="consultation.reassign",
        assignee=assignee,
        authority=target,
    )
    if assignee is not None and assignee.pk != user.pk:
        notify(
            recipient=assignee,
            title=_("转派给您的咨询 %(number)s") % {"number": question.number},
            body=_("%(by)s 将咨询“%(title)s”转派给您，答复期限 %(due)s。")
            % {"by": user, "title": question.title, "due": question.due_date.isoformat()},
            url=reverse("backoffice-consultation:detail", kwargs={"pk": question.pk}),
        )
    return question


@transaction.atomic
def question_close(*, user: User, question: Question, reason: str) -> Question:
    """Close without an answer (spam, duplicate, not a registration matter), with a reason the
    asker reads."""
    question = _locked(user=user, question=question)
    _require_open(question)
    reason = _clean(reason)
    if not reason:
        raise ApplicationError(_("请填写关闭原因，提问人会看到它。"), field="reason")
    before = _snapshot(question)
    question.status = QuestionStatus.CLOSED
    question.close_reason = reason[:ANSWER_MAX]
    question.answered_by = user
    question.answered_at = timezone.now()
    question.save()
    audit_record(
        actor=user,
        action="consultation.close",
        instance=question,
        before=before,
        after={**_snapshot(question), "reason": question.close_reason},
    )
    _notify_asker(
        question,
        title=_("您的咨询 %(number)s 已关闭") % {"number": question.number},
        body=_("关于“%(title)s”的咨询已关闭，原因：%(reason)s")
        % {"title": question.title, "reason": question.close_reason},
    )
    return question


# --- FAQ ------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def personal_data_found(text: str, *, question: Question | None = None) -> str:
    """What kind of personal data `text` still contains ("" when none): e-mail addresses, phone
    and ID numbers, and the asker's own name, e-mail and phone."""
    if _EMAIL.search(text):
        return _("电子邮箱")
    if _MOBILE.search(text) or _LANDLINE.search(text):
        return _("电话号码")
    if _ID_NUMBER.search(text):
        return _("身份证号码")
    if question is not None:
        for value, label in (
            (question.email, _("电子邮箱")),
            (question.phone, _("电话号码")),
            (question.asker_name, _("提问人称呼")),
        ):
            if value and len(value) >= 2 and value in text:
                return str(label)
    return ""


# What stands in for removed personal data in a draft, as in anonymised public records (张××).
REDACTED = "××"


def personal_data_removed(text: str, *, question: Question | None = None) -> str:
    """`text` with what personal_data_found looks for replaced by ××: e-mail addresses, phone and
    ID numbers, and the asker's own name, e-mail and phone."""
    for value in (question.email, question.phone, question.asker_name) if question else ():
        if value and len(value) >= 2:
            text = text.replace(value, REDACTED)
    for pattern in (_EMAIL, _ID_NUMBER, _MOBILE, _LANDLINE):
        text = pattern.sub(REDACTED, text)
    return text


def faq_draft_from_question(question: Question) -> dict[str, str]:
    """The publish form's starting point: the asker's question (the whole text when it fits the
    FAQ's question field, else its title) and the answer, with personal data removed. The
    registrar still rewrites it; question_publish_as_faq refuses anything personal that is left."""
    asked = " ".join(question.body.split())
    title = asked if asked and len(asked) <= FAQ_TITLE_MAX else question.title
    return {
        "title": personal_data_removed(title, question=question),
        "body": personal_data_removed(question.answer, question=question),
    }


def _faq_fields(*, category: Any, title: str, body: str, question: Question | None = None) -> None:
    if not isinstance(category, FaqCategory):
        raise ApplicationError(_("请选择分类。"), field="category")
    if not title:
        raise ApplicationError(_("请填写问题。"), field="title")
    if len(title) > FAQ_TITLE_MAX:
        raise ApplicationError(
            _("问题最多 %(n)d 个字，请缩短。") % {"n": FAQ_TITLE_MAX}, field="title"
        )
    if not body:
        raise ApplicationError(_("请填写解答。"), field="body")
    if len(body) > ANSWER_MAX:
        raise ApplicationError(_("解答最多 %(n)d 个字，请缩短。") % {"n": ANSWER_MAX}, field="body")
    for field, text in (("title", title), ("body", body)):
        found = personal_data_found(text, question=question)
        if found:
            raise ApplicationError(
                _("请删除其中的个人信息（%(kind)s）后再发布，公开的问答不得含有提问人的个人信息。")
                % {"kind": found},
                field=field,
            )


@transaction.atomic
def question_publish_as_faq(
    *, user: User, question: Question, category: Any, title: str, body: str
) -> Faq:
    question = _locked(user=user, question=question)
    if question.status != QuestionStatus.ANSWERED:
        raise ApplicationError(_("只有已答复的咨询可以发布为常见问题。"))
    if question.faq_id is not None:
        raise ApplicationError(_("该咨询已发布为常见问题。"))
    title, body = _clean(title), _clean(body)
    _faq_fields(category=category, title=title, body=body, question=question)
    faq = Faq.objects.create(
        category=category,
        title=title,
        body=body,
        source=FaqSource.ANSWER,
        created_by=user,
    )
    question.faq = faq
    question.save(update_fields=["faq", "updated_at"])
    audit_record(
        actor=user,
        action="consultation.publish",
        instance=faq,
        after={"question": question.pk, "category": category.code},
    )
    return faq


FAQ_EDITORS = frozenset({Role.REGISTRAR})


@transaction.atomic
def faq_save(
    *,
    user: User,
    faq: Faq | None,
    category: Any,
    title: str,
    body: str,
    basis: str = "",
    is_published: bool = True,
) -> Faq:
    """Create or edit a FAQ in the back office."""
    if not has_any_role(user, FAQ_EDITORS):
        raise PermissionDenied
    title, body, basis = _clean(title), _clean(body), _clean(basis)[:300]
    _faq_fields(category=category, title=title, body=body)
    if faq is None:
        faq = Faq(source=FaqSource.TEAM, created_by=user)
        before = None
    else:
        faq = Faq.objects.select_for_update().get(pk=faq.pk)
        before = {"title": faq.title, "category": faq.category_id, "published": faq.is_published}
    faq.category = category
    faq.title = title
    faq.body = body
    faq.basis = basis
    faq.is_published = is_published
    faq.save()
    audit_record(
        actor=user,
        action="consultation.faq_save",
        instance=faq,
        before=before,
        after={"title": faq.title, "category": faq.category_id, "published": faq.is_published},
    )
    return faq


def faq_feedback(*, faq: Faq, helpful: bool) -> None:
    """Count a reader's vote; the view keeps one vote per FAQ and session."""
    field = "helpful_count" if helpful else "not_helpful_count"
    Faq.objects.filter(pk=faq.pk).update(**{field: F(field) + 1})
