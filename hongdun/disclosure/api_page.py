"""The public API of annual reports: `GET /api/v1/enterprises/<uscc>/annual-reports/`."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hongdun.disclosure.public_reports import PublicReportSerializer, annual_reports_json
from hongdun.enterprises.api import PublicQueryThrottle
from hongdun.enterprises.selectors import enterprise_public_get


class EnterpriseAnnualReportsApi(APIView):
    """An enterprise's filed annual reports by year (newest first), each with every submitted
    version (the first filing and each correction) and its date. Public parts only: section-7
    figures the enterprise did not publish are absent from `figures` and named in
    `not_published`; an individual business's unpublished report gives only its filing dates."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicQueryThrottle]

    @extend_schema(responses={200: PublicReportSerializer(many=True)})
    def get(self, request: Request, code: str) -> Response:
        enterprise = enterprise_public_get(code=code)
        return Response(annual_reports_json(enterprise, request.user))
