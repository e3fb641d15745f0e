"""JSON API over the same selectors as the portal."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from hongdun.enterprises.selectors import (
    enterprise_public_get,
    enterprise_public_timeline,
    enterprise_search,
)
from hongdun.enterprises.serializers import (
    EnterprisePublicDetailSerializer,
    EnterprisePublicListSerializer,
)


class PublicQueryThrottle(AnonRateThrottle):
    scope = "public_query"


class EnterpriseSearchApi(APIView):
    """Search the register by a name fragment (2+ characters) or a USCC."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicQueryThrottle]

    class FilterSerializer(serializers.Serializer[object]):
        q = serializers.CharField(
            required=True, allow_blank=True, help_text=_("名称中的至少两个字，或统一社会信用代码")
        )
        page = serializers.IntegerField(required=False, default=1)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, required=True, description="名称片段或统一社会信用代码"
            ),
            OpenApiParameter("page", OpenApiTypes.INT, required=False),
        ],
        responses={
            200: inline_serializer(
                "EnterpriseSearchResult",
                {
                    "count": serializers.IntegerField(),
                    "page": serializers.IntegerField(),
                    "num_pages": serializers.IntegerField(),
                    "results": EnterprisePublicListSerializer(many=True),
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = enterprise_search(
            raw_query=params.validated_data["q"], page=params.validated_data["page"]
        )
        return Response(
            {
                "count": page.count,
                "page": page.page,
                "num_pages": page.num_pages,
                "results": EnterprisePublicListSerializer(page.results, many=True).data,
            }
        )


class EnterpriseDetailApi(APIView):
    """One enterprise's public record and its history of names and status."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicQueryThrottle]

    @extend_schema(responses={200: EnterprisePublicDetailSerializer})
    def get(self, request: Request, code: str) -> Response:
        enterprise = enterprise_public_get(code=code)
        timeline = enterprise_public_timeline(enterprise=enterprise)
        return Response(
            EnterprisePublicDetailSerializer(enterprise, context={"timeline": timeline}).data
        )
