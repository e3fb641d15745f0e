"""Public enterprise query pages (查询服务)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.selectors import (
    enterprise_public_get,
    enterprise_public_timeline,
    enterprise_search,
)


def _page_number(raw: str | None) -> int:
    try:
        return int(raw or "1")
    except ValueError:
        return -1  # refused by the selector with a message naming the page field


class EnterpriseSearchView(View):
    """Results are rendered whole, or as a fragment for htmx's search-as-you-type."""

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("q")
        context: dict[str, Any] = {"q": raw or ""}
        if raw is not None:
            try:
                context["result"] = enterprise_search(
                    raw_query=raw, page=_page_number(request.GET.get("page"))
                )
            except ApplicationError as error:
                context["error"] = error.message
        template = (
            "enterprises/portal/includes/results.html"
            if request.headers.get("HX-Request")
            else "enterprises/portal/search.html"
        )
        return render(request, template, context)


class EnterpriseDetailView(View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        try:
            enterprise = enterprise_public_get(code=code)
        except ApplicationError as error:
            return render(
                request,
                "enterprises/portal/search.html",
                {"q": code, "error": error.message},
                status=400,
            )
        timeline = enterprise_public_timeline(enterprise=enterprise)
        return render(
            request,
            "enterprises/portal/detail.html",
            {"enterprise": enterprise, "timeline": timeline},
        )
