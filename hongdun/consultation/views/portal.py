"""Public pages of the consultation (网上登记咨询): the FAQ by category, search, feedback, asking
a question, and the asker's own questions."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from hongdun.consultation.forms import AskForm, FaqSearchForm
from hongdun.consultation.highlight import mark, snippet
from hongdun.consultation.models import FaqCategory
from hongdun.consultation.query import faq_query, query_text
from hongdun.consultation.selectors import (
    categories_with_counts,
    faq_get_published,
    faq_published,
    faq_search,
    page_size,
    question_get_by_token,
    question_list_for_asker,
    search_terms,
)
from hongdun.consultation.services import faq_feedback, question_submit
from hongdun.consultation.views.common import client_address
from hongdun.core.backoffice.pager import query_string_without_page
from hongdun.core.exceptions import ApplicationError

POPULAR_COUNT = 8
_VOTED_SESSION_KEY = "consultation_faq_votes"


class FaqHomeView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "consultation/portal/home.html",
            {
                "categories": categories_with_counts(),
                "popular": faq_published().order_by("-helpful_count", "id")[:POPULAR_COUNT],
                "form": FaqSearchForm(),
            },
        )


class FaqCategoryView(View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        category = get_object_or_404(FaqCategory, code=code)
        page = Paginator(faq_published().filter(category=category), page_size()).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "consultation/portal/category.html",
            {
                "category": category,
                "categories": categories_with_counts(),
                "page": page,
                "form": FaqSearchForm(),
            },
        )


class FaqSearchView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = FaqSearchForm(request.GET)
        raw = request.GET.get("q", "")
        query = faq_query(raw)
        terms = query.terms
        category = None
        code = request.GET.get("category")
        if isinstance(code, str) and code:
            category = FaqCategory.objects.filter(code=code[:40]).first()
        page = Paginator(faq_search(query=query, category=category), page_size()).get_page(
            request.GET.get("page")
        )
        hits = [
            {"faq": faq, "title": mark(faq.title, terms), "snippet": snippet(faq.body, terms)}
            for faq in page
        ]
        return render(
            request,
            "consultation/portal/search.html",
            {
                "form": form,
                "terms": terms,
                # The question as typed (it goes back into the search box and the links).
                "query": query_text(raw),
                "category": category,
                "page": page,
                "hits": hits,
                "query_string": query_string_without_page(request),
            },
        )


class FaqDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        faq = faq_get_published(pk=pk)
        terms = search_terms(request.GET.get("q", ""))
        voted = str(faq.pk) in request.session.get(_VOTED_SESSION_KEY, [])
        return render(
            request,
            "consultation/portal/faq.html",
            {
                "faq": faq,
                "title": mark(faq.title, terms),
                "paragraphs": [mark(p, terms) for p in faq.body.splitlines() if p.strip()],
                "voted": voted,
                "related": faq_published()
                .filter(category=faq.category)
                .exclude(pk=faq.pk)
                .order_by("-helpful_count", "id")[:5],
            },
        )


class FaqFeedbackView(View):
    """One vote per FAQ and browser session; a repeated vote changes nothing."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        faq = faq_get_published(pk=pk)
        choice = request.POST.get("helpful")
        if choice not in ("yes", "no"):
            messages.error(request, _("请选择“有帮助”或“没帮助”。"))
            return redirect("consultation:faq", pk=faq.pk)
        voted: list[str] = list(request.session.get(_VOTED_SESSION_KEY, []))
        if str(faq.pk) in voted:
            messages.info(request, _("您已评价过这条问答。"))
        else:
            faq_feedback(faq=faq, helpful=choice == "yes")
            request.session[_VOTED_SESSION_KEY] = [*voted[-499:], str(faq.pk)]
            messages.success(request, _("感谢您的评价。"))
        return redirect("consultation:faq", pk=faq.pk)


def _ask_page(request: HttpRequest, form: AskForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "answer_days": settings.HONGDUN["CONSULTATION_ANSWER_WORKING_DAYS"]}
    return render(request, "consultation/portal/ask.html", context, status=status)


class AskView(View):
    """Anyone may ask; a logged-in asker finds the answer under “my questions”, an anonymous one
    through the link shown after asking (and e-mailed, if they gave an address)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        initial: dict[str, Any] = {}
        if request.user.is_authenticated:
            initial["email"] = getattr(request.user, "email", "")
            initial["asker_name"] = getattr(request.user, "full_name", "") or ""
        category = request.GET.get("category")
        if isinstance(category, str) and category:
            initial["category"] = FaqCategory.objects.filter(code=category[:40]).first()
        return _ask_page(request, AskForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AskForm(request.POST)
        if not form.is_valid():
            return _ask_page(request, form, status=400)
        data = form.cleaned_data
        try:
            question = question_submit(
                user=request.user,
                client_address=client_address(request),
                category=data["category"],
                authority=data.get("authority"),
                title=data["title"],
                body=data["body"],
                asker_name=data.get("asker_name", ""),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
            )
        except ApplicationError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            status = 429 if error.extra.get("rate_limited") else 400
            return _ask_page(request, form, status=status)
        messages.success(
            request,
            _("已提交。请保存本页链接以查看答复；我们将在 %(due)s 前答复。")
            % {"due": question.due_date.isoformat()},
        )
        return redirect("consultation:question", token=question.token)


class QuestionView(View):
    """The asker's page, reached by its unguessable link. It shows the question and the answer,
    never the e-mail address or phone number."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        question = question_get_by_token(token=token)
        return render(request, "consultation/portal/question.html", {"question": question})


class MyQuestionsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(question_list_for_asker(user=request.user), 20).get_page(
            request.GET.get("page")
        )
        return render(request, "consultation/portal/mine.html", {"page": page})
