"""JSON API over the same selectors as the portal."""

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.enterprises.public_cache import public_cached
from hongdun.enterprises.public_sections import public_record_api
from hongdun.enterprises.selectors import (
    PersonSearchPage,
    SearchPage,
    enterprise_public_get,
    enterprise_public_timeline,
    enterprise_search,
    person_search,
    search_filters_parse,
)
from hongdun.enterprises.serializers import (
    EnterprisePublicDetailSerializer,
    EnterprisePublicListSerializer,
    PersonRoleSerializer,
)


class PublicQueryThrottle(AnonRateThrottle):
    scope = "public_query"


# What a page of public search results says besides its rows.
PAGE_KEYS = ("count", "page", "num_pages")


def _page_schema(name: str, item: type[serializers.Serializer[Any]]) -> Any:
    """The OpenAPI shape of one page of public search results (see _page_response)."""
    fields: dict[str, serializers.Field[Any, Any, Any, Any]] = {
        key: serializers.IntegerField() for key in PAGE_KEYS
    }
    return inline_serializer(name, {**fields, "results": item(many=True)})


def _page_response(
    page: SearchPage | PersonSearchPage, item: type[serializers.Serializer[Any]]
) -> Response:
    """One page of public search results: the total, the page, the pages and its rows."""
    return Response(
        {
            **{key: getattr(page, key) for key in PAGE_KEYS},
            "results": item(page.results, many=True).data,
        }
    )


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
            OpenApiParameter(
                "authority",
                OpenApiTypes.STR,
                required=False,
                description="登记机关的 6 位行政区划代码（GB/T 2260）",
            ),
            OpenApiParameter(
                "enterprise_type",
                OpenApiTypes.STR,
                required=False,
                enum=[value for value, _label in EnterpriseType.choices],
                description="市场主体类型",
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                required=False,
                enum=[value for value, _label in EnterpriseStatus.choices],
                description="登记状态",
            ),
            OpenApiParameter(
                "established_from", OpenApiTypes.DATE, required=False, description="成立日期起"
            ),
            OpenApiParameter(
                "established_to", OpenApiTypes.DATE, required=False, description="成立日期止"
            ),
        ],
        responses={200: _page_schema("EnterpriseSearchResult", EnterprisePublicListSerializer)},
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = enterprise_search(
            raw_query=params.validated_data["q"],
            page=params.validated_data["page"],
            filters=search_filters_parse(request.query_params),
        )
        return _page_response(page, EnterprisePublicListSerializer)


class PersonSearchApi(APIView):
    """The enterprises in which a person of exactly this name is the legal representative
    (负责人, 经营者 …), a key officer or a natural-person investor, with the roles."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicQueryThrottle]

    class FilterSerializer(serializers.Serializer[object]):
        name = serializers.CharField(required=True, allow_blank=True)
        page = serializers.IntegerField(required=False, default=1)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "name", OpenApiTypes.STR, required=True, description="完整姓名（精确匹配）"
            ),
            OpenApiParameter("page", OpenApiTypes.INT, required=False),
        ],
        responses={200: _page_schema("PersonSearchResult", PersonRoleSerializer)},
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = person_search(
            raw_name=params.validated_data["name"], page=params.validated_data["page"]
        )
        return _page_response(page, PersonRoleSerializer)


class EnterpriseDetailApi(APIView):
    """One enterprise's public record: the basic record, its history of names and status, and
    under `sections` every section of the public page that has an API value (股东及出资, 主要人员,
    分支机构, 变更记录, annual reports …). Public parts only: figures an enterprise chose not to
    publish are absent."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicQueryThrottle]

    @extend_schema(responses={200: EnterprisePublicDetailSerializer})
    def get(self, request: Request, code: str) -> Response:
        enterprise = enterprise_public_get(code=code)

        def build() -> dict[str, Any]:
            timeline = enterprise_public_timeline(enterprise=enterprise)
            # No authentication on the public API: every caller is the public.
            sections = public_record_api(enterprise, request.user)
            return dict(
                EnterprisePublicDetailSerializer(
                    enterprise, context={"timeline": timeline, "sections": sections}
                ).data
            )

        # The same for every caller: from the cache, exact under writes (public_cache).
        data, _cached = public_cached(
            enterprise_id=enterprise.pk, kind="api", language=get_language() or "", build=build
        )
        return Response(data)
