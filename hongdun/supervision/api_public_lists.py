"""The public lists as JSON (anonymous, read-only, throttled like the other public queries):
GET /api/v1/abnormal-list/ and /api/v1/serious-list/ with the filters of the pages."""

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hongdun.enterprises.api import PublicQueryThrottle
from hongdun.supervision.public_lists import (
    ABNORMAL,
    SERIOUS,
    STATES,
    list_filters_parse,
    page_number_parse,
    public_list_page,
    reason_choices,
)


class ListRowSerializer(serializers.Serializer[Any]):
    """One row of a public list."""

    uscc = serializers.CharField(help_text=_("统一社会信用代码"))
    name = serializers.CharField(help_text=_("企业名称"))
    reason = serializers.CharField(help_text=_("列入原因代码"))
    reason_label = serializers.CharField(help_text=_("列入原因"))
    listed_on = serializers.DateField(help_text=_("列入日期"))
    authority = serializers.CharField(help_text=_("作出决定机关"))
    document_number = serializers.CharField(help_text=_("列入决定书文号"))
    removed_on = serializers.DateField(allow_null=True, help_text=_("移出日期（仅已移出）"))
    removal_reason = serializers.CharField(help_text=_("移出原因（仅已移出）"))
    removal_document_number = serializers.CharField(help_text=_("移出决定书文号（仅已移出）"))


def _parameters(register: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            "state",
            OpenApiTypes.STR,
            required=False,
            enum=list(STATES),
            description="listed：当前列入（默认）；removed：已移出",
        ),
        OpenApiParameter(
            "q", OpenApiTypes.STR, required=False, description="企业名称片段或统一社会信用代码"
        ),
        OpenApiParameter(
            "authority",
            OpenApiTypes.STR,
            required=False,
            description="作出决定机关的 6 位行政区划代码（GB/T 2260）",
        ),
        OpenApiParameter(
            "reason",
            OpenApiTypes.STR,
            required=False,
            enum=[value for value, _label in reason_choices(register)],
            description="列入原因" if register == ABNORMAL else "类别（列入事由）",
        ),
        OpenApiParameter(
            "date_from",
            OpenApiTypes.DATE,
            required=False,
            description="日期起（当前列入按列入日期，已移出按移出日期）",
        ),
        OpenApiParameter("date_to", OpenApiTypes.DATE, required=False, description="日期止"),
        OpenApiParameter("page", OpenApiTypes.INT, required=False, description="页码，1–1000"),
    ]


def _response(name: str) -> Any:
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "page": serializers.IntegerField(),
            "num_pages": serializers.IntegerField(),
            "results": ListRowSerializer(many=True),
        },
    )


class _PublicListApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicQueryThrottle]
    register: ClassVar[str] = ABNORMAL

    def get(self, request: Request) -> Response:
        filters = list_filters_parse(request.query_params, register=self.register)
        page = public_list_page(
            register=self.register,
            filters=filters,
            page=page_number_parse(request.query_params.get("page")),
        )
        return Response(
            {
                "count": page.count,
                "page": page.page,
                "num_pages": page.num_pages,
                "results": ListRowSerializer(page.results, many=True).data,
            }
        )


class AbnormalListApi(_PublicListApi):
    """经营异常名录公示: the entries in force (or, with state=removed, the removals)."""

    register = ABNORMAL

    @extend_schema(parameters=_parameters(ABNORMAL), responses={200: _response("AbnormalListPage")})
    def get(self, request: Request) -> Response:
        return super().get(request)


class SeriousListApi(_PublicListApi):
    """严重违法失信名单公示: the entries in force (or, with state=removed, the removals)."""

    register = SERIOUS

    @extend_schema(parameters=_parameters(SERIOUS), responses={200: _response("SeriousListPage")})
    def get(self, request: Request) -> Response:
        return super().get(request)
