"""What the supervision exports share before they write a workbook: the filters must be valid and
the rows few enough for one file; otherwise the clerk goes back to the list with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

RowsT = TypeVar("RowsT", bound=QuerySet[Any])


def export_rows(
    request: HttpRequest,
    form: forms.Form,
    rows_of: Callable[[], RowsT],
    *,
    back: str,
    limit: int,
) -> RowsT | HttpResponse:
    """The rows to export, or the redirect to `back` with the message saying why not (filters
    in error, more than `limit` rows)."""
    if form.is_bound and not form.is_valid():
        messages.error(request, _("筛选条件有误，请先在列表页改正后再导出。"))
        return redirect(back)
    rows = rows_of()
    if rows.count() > limit:
        messages.error(
            request,
            _("超过 %(limit)s 条，不能一次导出；请缩小筛选范围后再导出。") % {"limit": limit},
        )
        return redirect(back)
    return rows
