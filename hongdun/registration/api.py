"""JSON API of an applicant's own registration applications (/api/v1/registration/...)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hongdun.accounts.permissions import HasAnyRole
from hongdun.accounts.roles import Role
from hongdun.accounts.types import AnyUser, signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.registration.choices import ApplicationKind
from hongdun.registration.models import Application
from hongdun.registration.selectors import (
    application_get_for_applicant,
    application_list_for_applicant,
    enterprise_get_for_applicant,
    reservations_for_establishment,
)
from hongdun.registration.serializers import (
    ApplicationCreateSerializer,
    ApplicationListItemSerializer,
    ApplicationSerializer,
    ApplicationUpdateSerializer,
    DefectSerializer,
    WithdrawSerializer,
)
from hongdun.registration.services import (
    BASIC_BOOL,
    BASIC_TEXT,
    DraftContent,
    application_create_change,
    application_create_deregistration,
    application_create_establishment,
    application_prereview,
    application_prereview_phase,
    application_save,
    application_submit,
    application_withdraw,
)

APPLICANTS = frozenset({Role.APPLICANT})
ERROR = OpenApiResponse(description="输入有误或仍有预审意见：`detail`、`field`，以及 `defects`")
BASIC_KEYS = (
    *BASIC_TEXT,
    *BASIC_BOOL,
    "registered_capital",
    "currency",
    "term_years",
    "resolution_date",
    "capital_reduction_notice_on",
)


def _loaded(user: AnyUser, pk: int) -> Application:
    application = application_get_for_applicant(user=user, pk=pk)
    return (
        Application.objects.filter(pk=application.pk)
        .select_related("authority")
        .prefetch_related(
            "members__subscriptions", "officers", "scope_items__entry", "change_items"
        )
        .get()
    )


class _ApplicantApi(APIView):
    permission_classes = [HasAnyRole]
    allowed_roles = APPLICANTS


class ApplicationListCreateApi(_ApplicantApi):
    """The caller's own applications; create a draft (establishment from a reserved name, change
    or deregistration of an enterprise the caller is authorised for)."""

    @extend_schema(responses={200: ApplicationListItemSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows: QuerySet[Application] = application_list_for_applicant(user=request.user)[:500]
        return Response(ApplicationListItemSerializer(rows, many=True).data)

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={201: ApplicationSerializer, 400: ERROR, 404: None},
    )
    def post(self, request: Request) -> Response:
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        kind = values["kind"]
        if kind == ApplicationKind.ESTABLISHMENT:
            if "reservation" not in values or "entity_type" not in values:
                raise ApplicationError("reservation, entity_type", field="reservation")
            reservation = (
                reservations_for_establishment(user=user).filter(pk=values["reservation"]).first()
            )
            if reservation is None:
                from django.http import Http404

                raise Http404
            application = application_create_establishment(
                applicant=signed_in(user),
                reservation=reservation,
                entity_type=values["entity_type"],
            )
        else:
            if "enterprise" not in values:
                raise ApplicationError("enterprise", field="enterprise")
            enterprise = enterprise_get_for_applicant(user=user, pk=values["enterprise"])
            if kind == ApplicationKind.CHANGE:
                application = application_create_change(
                    applicant=signed_in(user), enterprise=enterprise, items=values.get("items", [])
                )
            else:
                application = application_create_deregistration(
                    applicant=signed_in(user), enterprise=enterprise, mode=values.get("mode", "")
                )
        return Response(
            ApplicationSerializer(_loaded(user, application.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ApplicationDetailApi(_ApplicantApi):
    """Read or update one's own draft. Lists (members, officers, scope_codes, change_items)
    replace what is stored; the draft may stay incomplete."""

    @extend_schema(responses={200: ApplicationSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ApplicationSerializer(_loaded(request.user, pk)).data)

    @extend_schema(
        request=ApplicationUpdateSerializer,
        responses={200: ApplicationSerializer, 400: ERROR, 404: None},
    )
    def patch(self, request: Request, pk: int) -> Response:
        application = application_get_for_applicant(user=request.user, pk=pk)
        data = ApplicationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        content = DraftContent(
            basic={k: values[k] for k in BASIC_KEYS if k in values},
            members=values.get("members"),
            officers=values.get("officers"),
            scope_codes=values.get("scope_codes"),
            change_items=values.get("change_items"),
            deregistration=values.get("deregistration"),
        )
        application_save(
            applicant=signed_in(request.user), application=application, content=content
        )
        return Response(ApplicationSerializer(_loaded(request.user, pk)).data)


class ApplicationPrereviewApi(_ApplicantApi):
    """Every defect of the stored application at once (一次性告知)."""

    @extend_schema(request=None, responses={200: DefectSerializer(many=True), 404: None})
    def post(self, request: Request, pk: int) -> Response:
        application = application_get_for_applicant(user=request.user, pk=pk)
        defects = application_prereview(
            application=application, phase=application_prereview_phase(application=application)
        )
        return Response(DefectSerializer(defects, many=True).data)


class ApplicationSubmitApi(_ApplicantApi):
    """Submit when no blocking defect remains; otherwise 400 with all defects."""

    @extend_schema(request=None, responses={200: ApplicationSerializer, 400: ERROR, 404: None})
    def post(self, request: Request, pk: int) -> Response:
        application = application_get_for_applicant(user=request.user, pk=pk)
        application_submit(applicant=signed_in(request.user), application=application)
        return Response(ApplicationSerializer(_loaded(request.user, pk)).data)


class ApplicationWithdrawApi(_ApplicantApi):
    @extend_schema(
        request=WithdrawSerializer, responses={200: ApplicationSerializer, 400: ERROR, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_get_for_applicant(user=request.user, pk=pk)
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_withdraw(
            applicant=signed_in(request.user),
            application=application,
            reason=data.validated_data["reason"],
        )
        return Response(ApplicationSerializer(_loaded(request.user, pk)).data)
