"""Public pages of random inspections (双随机一公开) under /supervision/inspections/ (namespace
"supervision-public"): the plans whose draw is published, by authority and year with a search,
and one plan's page: how it was drawn (seed, population count, SHA-256 digests, algorithm), the
drawn enterprises and their published results with the inspectors' names and enforcement-credential
numbers. Anyone may read them; drafts and unpublished draws answer 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from hongdun.core.backoffice.pager import paginate, query_string_without_page
from hongdun.orgs.models import Unit
from hongdun.supervision.rules import supervision_rules
from hongdun.supervision.selectors_results import (
    public_plan,
    public_plan_rows,
    public_plans,
    public_years,
)


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


class PublicPlanListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        authorities = list(
            Unit.objects.filter(is_registration_authority=True).order_by("ordering_key", "code")
        )
        authority_id = _int(request.GET.get("authority"))
        authority = next((unit for unit in authorities if unit.pk == authority_id), None)
        year = _int(request.GET.get("year"))
        q = (request.GET.get("q") or "").strip()[:100]
        page = paginate(public_plans(authority=authority, year=year, q=q), request, 30)
        return render(
            request,
            "supervision/inspections/public/plans.html",
            {
                "page": page,
                "query_string": query_string_without_page(request),
                "authorities": authorities,
                "years": public_years(),
                "params": {"authority": authority_id, "year": year, "q": q},
            },
        )


class PublicPlanDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = public_plan(pk)
        if plan is None:
            raise Http404(_("没有找到该抽查计划，或其抽取结果尚未公布。"))
        rows = public_plan_rows(plan)
        return render(
            request,
            "supervision/inspections/public/plan.html",
            {
                "plan": plan,
                "draw": plan.draw,
                "rows": rows,
                "published_count": sum(1 for row in rows if row.published),
            },
        )


class PublicAlgorithmView(View):
    """How a draw is made and how anyone can check it (the fuller explanation the plan pages link
    to; the rules document is docs/rules/supervision.md §5)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "supervision/inspections/public/algorithm.html",
            {"publish_days": supervision_rules().inspection_publish_working_days},
        )
