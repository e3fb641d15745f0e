"""JSON API of name declaration: the public check, batch checks, and an applicant's reservations."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from hongdun.accounts.permissions import HasAnyRole
from hongdun.accounts.roles import Role
from hongdun.accounts.types import signed_in
from hongdun.core.rule_codes import rule_codes_for
from hongdun.namecheck.selectors import (
    registry_get,
    reservation_get_for_applicant,
    reservation_list_for_applicant,
)
from hongdun.namecheck.serializers import (
    BatchInputSerializer,
    BatchResultSerializer,
    CheckInputSerializer,
    CheckResultSerializer,
    ReservationCreateInputSerializer,
    ReservationSerializer,
)
from hongdun.namecheck.services import (
    name_check,
    names_check_batch,
    reservation_create,
    reservation_withdraw,
)

APPLICANTS = frozenset({Role.APPLICANT})
ERROR = OpenApiResponse(description="输入有误：`detail` 说明原因，`field` 指出字段")


class NameCheckThrottle(AnonRateThrottle):
    scope = "name_check"


class NameBatchThrottle(UserRateThrottle):
    scope = "name_batch"


class NameCheckApi(APIView):
    """Check one proposed name at a registration authority: verdict, findings with the cited
    article and the conflicting names, and alternatives when it is blocked."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [NameCheckThrottle]

    @extend_schema(request=CheckInputSerializer, responses={200: CheckResultSerializer, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = CheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        answer = name_check(
            registry=registry_get(code=values["registry"]),
            industry=values["industry"],
            name=values["name"],
        )
        # Anonymous by design (no authentication): never the staff's rule codes.
        return Response(rule_codes_for(None, answer))


class NameBatchCheckApi(APIView):
    """Check up to 10,000 names at once (signed-in users); no alternatives are suggested."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [NameBatchThrottle]

    @extend_schema(request=BatchInputSerializer, responses={200: BatchResultSerializer, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = BatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        results = names_check_batch(
            registry=registry_get(code=values["registry"]),
            industry=values["industry"],
            names=values["names"],
        )
        return Response({"results": [rule_codes_for(request.user, r) for r in results]})


class ReservationListCreateApi(APIView):
    """An applicant's own name reservations; POST declares and reserves a name (or sends a
    restricted one to review)."""

    permission_classes = [HasAnyRole]
    allowed_roles = APPLICANTS

    @extend_schema(responses={200: ReservationSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = reservation_list_for_applicant(user=request.user)
        return Response(ReservationSerializer(rows, many=True).data)

    @extend_schema(
        request=ReservationCreateInputSerializer,
        responses={201: ReservationSerializer, 400: ERROR},
    )
    def post(self, request: Request) -> Response:
        data = ReservationCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        reservation = reservation_create(
            applicant=signed_in(request.user),
            registry=registry_get(code=values["registry"]),
            industry=values["industry"],
            name=values["name"],
            needs_pre_approval=values["needs_pre_approval"],
        )
        return Response(ReservationSerializer(reservation).data, status=status.HTTP_201_CREATED)


class ReservationWithdrawApi(APIView):
    """Withdraw one's own reserved or pending name."""

    permission_classes = [HasAnyRole]
    allowed_roles = APPLICANTS

    @extend_schema(request=None, responses={200: ReservationSerializer, 400: ERROR})
    def post(self, request: Request, pk: int) -> Response:
        reservation = reservation_get_for_applicant(user=request.user, pk=pk)
        reservation = reservation_withdraw(
            applicant=signed_in(request.user), reservation=reservation
        )
        return Response(ReservationSerializer(reservation).data)
