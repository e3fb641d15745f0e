"""Public enterprise query pages (查询服务)."""

from typing import Any, NamedTuple
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS, content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views import View

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType, responsible_person_title
from hongdun.enterprises.highlight import mark_matches
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.pdf import public_report_filename, public_report_pdf
from hongdun.enterprises.public_cache import public_cached, public_id_remember
from hongdun.enterprises.public_frame import PAGE_KIND, anonymous_page, page_entry
from hongdun.enterprises.public_sections import public_record_sections, viewer_sees_public_only
from hongdun.enterprises.selectors import (
    PersonRole,
    enterprise_public_get,
    enterprise_search,
    person_search,
    search_authorities,
    search_filters_parse,
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
    name_html: SafeString  # the name escaped, the matched characters marked
    uscc: str
    type_label: str
    legal_rep_name: str
    legal_rep_title: str
    established_on: str
    status: str
    status_label: str
    on_abnormal_list: bool = False
    on_serious_list: bool = False


_CODE = "0" * 18  # stands in for a USCC while the detail URL's pattern is reversed once


def result_rows(results: list[Enterprise], folded_query: str = "") -> list[ResultRow]:
    """The table rows of a results page.

    Prepared here rather than in the template because this is the busiest public page: per row,
    `{% url %}` reverses the pattern again, and `get_FOO_display` rebuilds the choices mapping
    (hashing every lazy label); together they cost more than the search itself. The detail URL
    is reversed once and the code quoted as `reverse` quotes it, and the labels are translated
    once per page. With `folded_query` (a name search), the matched characters of each name
    are marked.
    """
    head, tail = reverse("enterprises:detail", args=[_CODE]).split(_CODE)
    types = {value: str(label) for value, label in EnterpriseType.choices}
    statuses = {value: str(label) for value, label in EnterpriseStatus.choices}
    titles = {value: responsible_person_title(value) for value in types}
    return [
        ResultRow(
            url=head + quote(e.uscc, safe=RFC3986_SUBDELIMS + "~:@") + tail,
            name=e.name,
            name_html=mark_matches(e.name, folded_query) if folded_query else escape(e.name),
            uscc=e.uscc,
            type_label=types.get(e.enterprise_type, e.enterprise_type),
            legal_rep_name=e.legal_rep_name,
            legal_rep_title=titles.get(e.enterprise_type, "") or responsible_person_title(""),
            established_on=e.established_on.isoformat() if e.established_on else "",
            status=e.status,
            status_label=statuses.get(e.status, e.status),
            on_abnormal_list=e.on_abnormal_list,
            on_serious_list=e.on_serious_list,
        )
        for e in results
    ]


class PersonRow(NamedTuple):
    url: str
    name: str
    uscc: str
    status: str
    status_label: str
    roles: str


def person_rows(results: list[PersonRole]) -> list[PersonRow]:
    statuses = {value: str(label) for value, label in EnterpriseStatus.choices}
    return [
        PersonRow(
            url=reverse("enterprises:detail", args=[r.enterprise.uscc]),
            name=r.enterprise.name,
            uscc=r.enterprise.uscc,
            status=r.enterprise.status,
            status_label=statuses.get(r.enterprise.status, r.enterprise.status),
            roles="、".join(r.roles),
        )
        for r in results
    ]


class EnterpriseSearchView(View):
    """The register search: by name or USCC with filters (the default), or by a person's name
    (`mode=person`). Results are rendered whole, or as a fragment for htmx's search-as-you-type.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("q")
        mode = "person" if request.GET.get("mode") == "person" else "name"
        params = request.GET.copy()
        params.pop("page", None)
        context: dict[str, Any] = {
            "q": raw or "",
            "mode": mode,
            "params": request.GET,
            "base_query": params.urlencode(),
            "authorities": search_authorities(),
            "type_choices": EnterpriseType.choices,
            "status_choices": EnterpriseStatus.choices,
        }
        if raw is not None:
            page = _page_number(request.GET.get("page"))
            try:
                if mode == "person":
                    people = person_search(raw_name=raw, page=page)
                    context["result"] = people
                    context["person_rows"] = person_rows(people.results)
                else:
                    filters = search_filters_parse(request.GET)
                    result = enterprise_search(raw_query=raw, page=page, filters=filters)
                    context["result"] = result
                    folded = result.query.text if result.query.kind == "name" else ""
                    context["rows"] = result_rows(result.results, folded)
            except ApplicationError as error:
                context["error"] = error.message
                context["error_field"] = error.field
        template = (
            "enterprises/portal/includes/results.html"
            if request.headers.get("HX-Request")
            else "enterprises/portal/search.html"
        )
        return render(request, template, context)


def _bad_code(request: HttpRequest, code: str, error: ApplicationError) -> HttpResponse:
    return render(
        request,
        "enterprises/portal/search.html",
        {"q": code, "error": error.message, "mode": "name", "authorities": []},
        status=400,
    )


def record_html(request: HttpRequest, enterprise: Enterprise) -> str:
    """The body of the record page (everything but the site's frame) as `request.user` sees it."""
    return str(
        render_to_string(
            "enterprises/portal/includes/record.html",
            {
                "enterprise": enterprise,
                "sections": public_record_sections(enterprise, request.user),
            },
            request=request,
        )
    )


class EnterpriseDetailView(View):
    """The enterprise's public record: every registered section, as the viewer may see it."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        # A visitor who is not signed in: from the caches, no template drawn (public_frame).
        cached = anonymous_page(request, code)
        if cached is not None:
            return cached
        try:
            enterprise = enterprise_public_get(code=code)
        except ApplicationError as error:
            return _bad_code(request, code, error)
        public_id_remember(enterprise.uscc, enterprise.pk)
        if viewer_sees_public_only(enterprise, request.user):
            # Everyone who sees only the public parts gets the same record: from the cache,
            # exact under writes (hongdun.enterprises.public_cache).
            entry, _cached = public_cached(
                enterprise_id=enterprise.pk,
                kind=PAGE_KIND,
                language=get_language() or "",
                build=lambda: page_entry(enterprise, record_html(request, enterprise)),
            )
            record = entry[2]
        else:
            record = record_html(request, enterprise)
        response = render(
            request,
            "enterprises/portal/detail.html",
            {"enterprise": enterprise, "record": mark_safe(record)},  # noqa: S308 (rendered here)
        )
        if request.user.is_authenticated:
            # What a signed-in viewer gets may include figures the public does not see.
            response["Cache-Control"] = "private, no-store"
        return response


class EnterpriseReportPdfView(View):
    """The same record as a PDF (企业信用信息公示报告)."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        try:
            enterprise = enterprise_public_get(code=code)
        except ApplicationError as error:
            return _bad_code(request, code, error)
        response = HttpResponse(
            public_report_pdf(enterprise, request.user), content_type="application/pdf"
        )
        disposition = content_disposition_header(
            as_attachment=False, filename=public_report_filename(enterprise)
        )
        if disposition:
            response["Content-Disposition"] = disposition
        if request.user.is_authenticated:
            # What a signed-in viewer gets may include figures the public does not see.
            response["Cache-Control"] = "private, no-store"
        return response
