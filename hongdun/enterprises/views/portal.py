"""Public enterprise query pages (查询服务)."""

from typing import Any, NamedTuple
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.views import View

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType, responsible_person_title
from hongdun.enterprises.models import Enterprise
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


class ResultRow(NamedTuple):
    """One line of the results table, every cell already a string."""

    url: str
    name: str
    uscc: str
    type_label: str
    legal_rep_name: str
    legal_rep_title: str
    established_on: str
    status: str
    status_label: str


_CODE = "0" * 18  # stands in for a USCC while the detail URL's pattern is reversed once


def result_rows(results: list[Enterprise]) -> list[ResultRow]:
    """The table rows of a results page.

    Prepared here rather than in the template because this is the busiest public page: per row,
    `{% url %}` reverses the pattern again, and `get_FOO_display` rebuilds the choices mapping
    (hashing every lazy label); together they cost more than the search itself. The detail URL
    is reversed once and the code quoted as `reverse` quotes it, and the labels are translated
    once per page.
    """
    head, tail = reverse("enterprises:detail", args=[_CODE]).split(_CODE)
    types = {value: str(label) for value, label in EnterpriseType.choices}
    statuses = {value: str(label) for value, label in EnterpriseStatus.choices}
    titles = {value: responsible_person_title(value) for value in types}
    return [
        ResultRow(
            url=head + quote(e.uscc, safe=RFC3986_SUBDELIMS + "~:@") + tail,
            name=e.name,
            uscc=e.uscc,
            type_label=types.get(e.enterprise_type, e.enterprise_type),
            legal_rep_name=e.legal_rep_name,
            legal_rep_title=titles.get(e.enterprise_type, "") or responsible_person_title(""),
            established_on=e.established_on.isoformat() if e.established_on else "",
            status=e.status,
            status_label=statuses.get(e.status, e.status),
        )
        for e in results
    ]


class EnterpriseSearchView(View):
    """Results are rendered whole, or as a fragment for htmx's search-as-you-type."""

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("q")
        context: dict[str, Any] = {"q": raw or ""}
        if raw is not None:
            try:
                result = enterprise_search(
                    raw_query=raw, page=_page_number(request.GET.get("page"))
                )
                context["result"] = result
                context["rows"] = result_rows(result.results)
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
