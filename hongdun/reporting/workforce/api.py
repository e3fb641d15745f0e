"""The workforce figures as JSON (`/api/v1/workforce/figures/<1-5>/`): one pillar for a unit
subtree, as of a date, over a period, exactly as its page shows the same user."""

from dataclasses import asdict

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hongdun.reporting.workforce.figure_forms import figure_filter_form, figure_scope_from
from hongdun.reporting.workforce.figures import (
    figure_access,
    pillar_compute,
    visible_pillar_numbers,
)
from hongdun.workforce.api import form_error, json_value


class WorkforceFigureApi(APIView):
    """One pillar's figures for a unit subtree, as of a date, over a period, as on its page."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit", OpenApiTypes.INT, required=False, description="单位（含下级）"
            ),
            OpenApiParameter("as_of", OpenApiTypes.DATE, required=False, description="截至日期"),
            OpenApiParameter("period_start", OpenApiTypes.DATE, required=False),
            OpenApiParameter("period_end", OpenApiTypes.DATE, required=False),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, number: int) -> Response:
        if not figure_access(user=request.user).may_read:
            raise PermissionDenied(_("您无权查看队伍建设统计。"))
        form = figure_filter_form(user=request.user, params=request.query_params)
        if not form.is_valid():
            raise form_error(form)
        scope = figure_scope_from(user=request.user, data=form.cleaned_data)
        if number not in visible_pillar_numbers(scope):
            raise Http404(_("没有这一部分的统计，或您无权查看。"))
        pillar = pillar_compute(scope=scope, number=number)
        return Response(
            {
                "unit": scope.root_name,
                "as_of": scope.as_of.isoformat(),
                "period_start": scope.period_start.isoformat(),
                "period_end": scope.period_end.isoformat(),
                "pillar": json_value(asdict(pillar)),
            }
        )
