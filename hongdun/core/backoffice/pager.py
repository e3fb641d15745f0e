"""The one pager of the back office: a page of any source a Paginator can count and slice
(a queryset, or a queue reader with a capped count), and the query string its links keep."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(source: Any, request: HttpRequest, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The requested page; a number out of range or not a number gives the last or first page."""
    paginator: Paginator[Any] = Paginator(source, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
