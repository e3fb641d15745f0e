"""The public list pages (anonymous): 经营异常名录公示 and 严重违法失信名单公示, each with a tab of
the entries in force and one of the removals, per deciding authority, with search
(hongdun.supervision.public_lists)."""

from typing import Any, ClassVar
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.selectors import search_authorities
from hongdun.supervision.public_lists import (
    ABNORMAL,
    LISTED,
    REMOVED,
    SERIOUS,
    ListPage,
    list_filters_parse,
    page_number_parse,
    public_list_page,
    reason_choices,
)

_CODE = "0" * 18  # stands in for a USCC while the detail URL's pattern is reversed once


def _detail_urls(page: ListPage) -> list[str]:
    head, tail = reverse("enterprises:detail", args=[_CODE]).split(_CODE)
    return [head + quote(row.uscc, safe=RFC3986_SUBDELIMS + "~:@") + tail for row in page.results]


class PublicListView(View):
    """One tab of one public list; `register` and `state` are set per URL."""

    register: ClassVar[str] = ABNORMAL
    state: ClassVar[str] = LISTED

    TITLES: ClassVar[dict[str, Any]] = {
        ABNORMAL: _("经营异常名录公示"),
        SERIOUS: _("严重违法失信名单公示"),
    }
    TAB_URLS: ClassVar[dict[tuple[str, str], str]] = {
        (ABNORMAL, LISTED): "supervision-public:abnormal-list",
        (ABNORMAL, REMOVED): "supervision-public:abnormal-removed",
        (SERIOUS, LISTED): "supervision-public:serious-list",
        (SERIOUS, REMOVED): "supervision-public:serious-removed",
    }

    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET.copy()
        params.pop("page", None)
        context: dict[str, Any] = {
            "register": self.register,
            "state": self.state,
            "title": self.TITLES[self.register],
            "listed_url": reverse(self.TAB_URLS[(self.register, LISTED)]),
            "removed_url": reverse(self.TAB_URLS[(self.register, REMOVED)]),
            "params": request.GET,
            "base_query": params.urlencode(),
            "authorities": search_authorities(),
            "reason_choices": reason_choices(self.register),
        }
        status = 200
        try:
            filters = list_filters_parse(request.GET, register=self.register, state=self.state)
            page = page_number_parse(request.GET.get("page"))
            result = public_list_page(register=self.register, filters=filters, page=page)
        except ApplicationError as error:
            context["error"] = error.message
            context["error_field"] = error.field
            status = 400
        else:
            context["result"] = result
            context["rows"] = list(zip(result.results, _detail_urls(result), strict=True))
        return render(request, "supervision/public/list.html", context, status=status)


class AbnormalListedView(PublicListView):
    register = ABNORMAL
    state = LISTED


class AbnormalRemovedView(PublicListView):
    register = ABNORMAL
    state = REMOVED


class SeriousListedView(PublicListView):
    register = SERIOUS
    state = LISTED


class SeriousRemovedView(PublicListView):
    register = SERIOUS
    state = REMOVED
