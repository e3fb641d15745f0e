"""The registrars' consultation queue (咨询答复): scoped to their unit subtree, nearest deadline
first, colour-coded by working days left; claim, release, answer, reassign, close, publish as a
FAQ; and the FAQ editor."""

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.types import AnyUser, signed_in
from hongdun.consultation.forms import (
    AnswerForm,
    CloseForm,
    FaqEditForm,
    FaqForm,
    QueueFilterForm,
    ReassignForm,
)
from hongdun.consultation.models import Faq, Question, QuestionStatus
from hongdun.consultation.permissions import QUESTION
from hongdun.consultation.selectors import (
    QueueFilters,
    active_registrars,
    question_deadline,
    question_get_for_staff,
    question_queue,
    registrars_for,
)
from hongdun.consultation.services import (
    FAQ_EDITORS,
    faq_draft_from_question,
    faq_save,
    question_answer,
    question_claim,
    question_close,
    question_publish_as_faq,
    question_reassign,
    question_release,
)
from hongdun.core.backoffice.pager import query_string_without_page
from hongdun.core.backoffice.tables import QueueTable as PlatformQueueTable
from hongdun.core.backoffice.tables import link_cell, status_badge
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin
from hongdun.core.templatetags.hongdun import localized_name
from hongdun.core.workdays import years_needing_overrides


class QueueTable(PlatformQueueTable):
    headers = (
        ("title", gettext_lazy("标题")),
        ("category", gettext_lazy("分类")),
        ("authority", gettext_lazy("答复机关")),
        ("status", gettext_lazy("状态")),
        ("assignee", gettext_lazy("承办人")),
        ("created_at", gettext_lazy("提问时间")),
        ("due_date", gettext_lazy("答复期限")),
    )

    class Meta(PlatformQueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的咨询。")

    def __init__(self, data: list[Question], *, today: date) -> None:
        super().__init__(data)
        self.today = today

    def render_title(self, record: Question) -> str:
        url = reverse("backoffice-consultation:detail", args=[record.pk])
        return link_cell(url, record.title, record.number)

    def render_category(self, record: Question) -> str:
        return record.category.name

    def render_authority(self, record: Question) -> str:
        name = localized_name(record.authority)
        if record.authority_chosen:
            return name
        return format_html('{} <small class="muted">{}</small>', name, _("（未指定）"))

    def render_status(self, record: Question) -> str:
        return status_badge(record.status, record.get_status_display())

    def render_assignee(self, record: Question) -> str:
        return str(record.assignee) if record.assignee else "—"

    def render_created_at(self, record: Question) -> str:
        return f"{timezone.localtime(record.created_at):%Y-%m-%d %H:%M}"

    def render_due_date(self, record: Question) -> str:
        due = f"{record.due_date:%Y-%m-%d}" if record.due_date else ""
        deadline = question_deadline(record, today=self.today)
        if not deadline:
            return due
        badge = render_to_string("consultation/includes/deadline.html", {"d": deadline})
        return format_html("{}<br>{}", due, badge)  # the badge is our template's (safe) output


class QueueView(ScopeRequiredMixin, ListPageView):
    """The queue through its own selector: scope, nearest deadline first, working-day colours."""

    scope_kind = QUESTION
    template_name = "consultation/backoffice/queue.html"

    def get_filters(self) -> QueueFilterForm:
        return QueueFilterForm(self.request.GET or None)

    def get_rows(self, filters: QueueFilterForm) -> QuerySet[Question]:
        self.today = timezone.localdate()
        return question_queue(
            user=self.request.user, filters=QueueFilters(**filters.filters()), today=self.today
        )

    def get_table(self, rows: list[Any]) -> QueueTable:
        return QueueTable(rows, today=self.today)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "calendar_missing_years": years_needing_overrides(self.today)}


def _detail_page(
    request: HttpRequest, question: Question, *, status: int = 200, **forms: Any
) -> HttpResponse:
    registrars = registrars_for(authority=question.authority)
    publish_initial = {"category": question.category, **faq_draft_from_question(question)}
    context = {
        "question": question,
        "deadline": question_deadline(question),
        "is_open": question.status in (QuestionStatus.PENDING, QuestionStatus.CLAIMED),
        "mine": question.assignee_id == request.user.pk,
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "reassign_form": forms.get("reassign_form") or ReassignForm(registrars=registrars),
        "publish_form": forms.get("publish_form") or FaqForm(initial=publish_initial),
        "can_publish": question.status == QuestionStatus.ANSWERED and question.faq_id is None,
        # Asked before the two steps that cannot be taken back (see js/confirm.js).
        "confirm_answer": _(
            "将答复咨询 %(number)s“%(title)s”并通知提问人；答复发出后不能修改。此操作不可撤销。"
        )
        % {"number": question.number, "title": question.title},
        "confirm_close": _(
            "将关闭咨询 %(number)s“%(title)s”并把原因通知提问人；关闭后不能再答复。此操作不可撤销。"
        )
        % {"number": question.number, "title": question.title},
    }
    return render(request, "consultation/backoffice/detail.html", context, status=status)


class QuestionDetailView(ScopeRequiredMixin, View):
    scope_kind = QUESTION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _detail_page(request, question_get_for_staff(user=request.user, pk=pk))


class QuestionActionView(ScopeRequiredMixin, View):
    """POST /staff/consultation/<pk>/<action>/: one form per action; errors re-render the page
    with the message beside the field, success redirects back to it."""

    scope_kind = QUESTION
    scope_action = Action.EDIT
    ACTIONS = ("claim", "release", "answer", "reassign", "close", "publish")

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in self.ACTIONS:
            raise Http404
        question = question_get_for_staff(user=request.user, pk=pk)
        handler = getattr(self, f"_{action}")
        try:
            result: HttpResponse = handler(request, question)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("backoffice-consultation:detail", pk=question.pk)
        return result

    def _done(self, question: Question, text: str, request: HttpRequest) -> HttpResponse:
        messages.success(request, text)
        return redirect("backoffice-consultation:detail", pk=question.pk)

    def _claim(self, request: HttpRequest, question: Question) -> HttpResponse:
        question_claim(user=signed_in(request.user), question=question)
        return self._done(question, _("已认领，请在期限内答复。"), request)

    def _release(self, request: HttpRequest, question: Question) -> HttpResponse:
        question_release(user=signed_in(request.user), question=question)
        return self._done(question, _("已退回待答复队列。"), request)

    # The decisions that take one text: its form, the field, the service and what success says.
    # The service's refusal of the text is shown beside it; one about the question's state
    # (already answered or closed) is raised, and said at the top of the page.
    TEXT_DECISIONS: ClassVar[dict[str, tuple[type[Form], str, Callable[..., object], Any]]] = {
        "answer": (AnswerForm, "answer", question_answer, gettext_lazy("已答复，已通知提问人。")),
        "close": (CloseForm, "reason", question_close, gettext_lazy("已关闭，已通知提问人。")),
    }

    def _text_decision(self, request: HttpRequest, question: Question, action: str) -> HttpResponse:
        form_class, field, service, done = self.TEXT_DECISIONS[action]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                text = form.cleaned_data[field]
                service(user=signed_in(request.user), question=question, **{field: text})
            except ApplicationError as error:
                if error.field != field:
                    raise
                form.add_error(field, error.message)
            else:
                return self._done(question, str(done), request)
        return _detail_page(request, question, status=400, **{f"{action}_form": form})

    def _answer(self, request: HttpRequest, question: Question) -> HttpResponse:
        return self._text_decision(request, question, "answer")

    def _reassign(self, request: HttpRequest, question: Question) -> HttpResponse:
        # A transfer may name a registrar of the target authority, so any active registrar is a
        # valid choice here; the service checks that they serve the (new) authority.
        form = ReassignForm(request.POST, registrars=active_registrars())
        if not form.is_valid():
            return _detail_page(request, question, status=400, reassign_form=form)
        try:
            question_reassign(
                user=signed_in(request.user),
                question=question,
                authority=form.cleaned_data.get("authority"),
                assignee=form.cleaned_data.get("assignee"),
            )
        except ApplicationError as error:
            field = error.field if error.field in ("authority", "assignee") else None
            form.add_error(field, error.message)
            return _detail_page(request, question, status=400, reassign_form=form)
        question.refresh_from_db()
        if question_get_for_staff_or_none(request.user, question.pk) is None:
            messages.success(request, _("已转办，该咨询已移出您的队列。"))
            return redirect("backoffice-consultation:queue")
        return self._done(question, _("已转派。"), request)

    def _close(self, request: HttpRequest, question: Question) -> HttpResponse:
        return self._text_decision(request, question, "close")

    def _publish(self, request: HttpRequest, question: Question) -> HttpResponse:
        form = FaqForm(request.POST)
        if not form.is_valid():
            return _detail_page(request, question, status=400, publish_form=form)
        data = form.cleaned_data
        try:
            faq = question_publish_as_faq(
                user=signed_in(request.user),
                question=question,
                category=data["category"],
                title=data["title"],
                body=data["body"],
            )
        except ApplicationError as error:
            if error.field not in form.fields:
                raise  # already published, or not answered: said at the top
            form.add_error(error.field, error.message)
            return _detail_page(request, question, status=400, publish_form=form)
        return self._done(
            question, _("已发布为常见问题：%(title)s") % {"title": faq.title}, request
        )


def question_get_for_staff_or_none(user: AnyUser, pk: int) -> Question | None:
    try:
        return question_get_for_staff(user=user, pk=pk)
    except Http404:
        return None


class FaqListView(RoleRequiredMixin, View):
    allowed_roles = FAQ_EDITORS

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = Faq.objects.select_related("category").order_by("category__ordering", "id")
        text = str(request.GET.get("q") or "").replace("\x00", "").strip()[:50]
        if text:
            qs = qs.filter(title__icontains=text)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "consultation/backoffice/faq_list.html",
            {"page": page, "q": text, "query_string": query_string_without_page(request)},
        )


class FaqEditView(RoleRequiredMixin, View):
    allowed_roles = FAQ_EDITORS

    def _faq(self, pk: int | None) -> Faq | None:
        if pk is None:
            return None
        faq = Faq.objects.filter(pk=pk).first()
        if faq is None:
            raise Http404(_("没有找到该常见问题。"))
        return faq

    def _page(self, request: HttpRequest, faq: Faq | None, form: FaqEditForm, status: int = 200):
        return render(
            request,
            "consultation/backoffice/faq_edit.html",
            {"faq": faq, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        faq = self._faq(pk)
        initial: dict[str, Any] = {"is_published": True}
        if faq is not None:
            initial = {
                "category": faq.category,
                "title": faq.title,
                "body": faq.body,
                "basis": faq.basis,
                "is_published": faq.is_published,
            }
        return self._page(request, faq, FaqEditForm(initial=initial))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        faq = self._faq(pk)
        form = FaqEditForm(request.POST)
        if not form.is_valid():
            return self._page(request, faq, form, status=400)
        data = form.cleaned_data
        try:
            faq = faq_save(
                user=signed_in(request.user),
                faq=faq,
                category=data["category"],
                title=data["title"],
                body=data["body"],
                basis=data.get("basis", ""),
                is_published=bool(data.get("is_published")),
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self._page(request, faq, form, status=400)
        messages.success(request, _("已保存。"))
        return redirect("backoffice-consultation:faq-edit", pk=faq.pk)
