"""Public JSON of immediate disclosures: GET /api/v1/enterprises/<uscc>/immediate-disclosures/."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hongdun.disclosure.immediate_public import section_api
from hongdun.enterprises.api import PublicQueryThrottle
from hongdun.enterprises.selectors import enterprise_public_get


class ImmediateDisclosureApi(APIView):
    """Every immediate disclosure (即时信息) of one enterprise, corrections included, newest first:
    its kind, content, the date the information arose, its due day, the publication date, whether
    it was late, and which disclosure a correction corrects."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicQueryThrottle]

    @extend_schema(
        responses={
            200: inline_serializer(
                "ImmediateDisclosureList",
                {
                    "uscc": serializers.CharField(),
                    "name": serializers.CharField(),
                    "results": inline_serializer(
                        "ImmediateDisclosure",
                        {
                            "id": serializers.IntegerField(),
                            "kind": serializers.CharField(),
                            "kind_label": serializers.CharField(),
                            "content": serializers.DictField(child=serializers.CharField()),
                            "content_labels": serializers.DictField(child=serializers.CharField()),
                            "occurred_on": serializers.DateField(),
                            "due_on": serializers.DateField(),
                            "published_on": serializers.DateField(),
                            "late": serializers.BooleanField(),
                            "corrects": serializers.IntegerField(allow_null=True),
                            "corrected_by": serializers.ListField(child=serializers.IntegerField()),
                        },
                        many=True,
                    ),
                },
            )
        }
    )
    def get(self, request: Request, code: str) -> Response:
        enterprise = enterprise_public_get(code=code)
        return Response(
            {
                "uscc": enterprise.uscc,
                "name": enterprise.name,
                **section_api(enterprise, request.user),
            }
        )
