"""JSON API of annual-report filing for the enterprise's authorised user (/api/v1/annual-reports/).

Reports are looked up among the enterprises the caller holds a live authorisation for: any other
id answers 404. Refusals are 400 with `detail`, `field` and `problems` (every problem at once).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from hongdun.accounts.permissions import HasAnyRole
from hongdun.accounts.roles import Role
from hongdun.accounts.types import AnyUser, signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.disclosure.models import AnnualReport
from hongdun.disclosure.serializers_reports import (
    ContentInput,
    ProblemSerializer,
    ReportCreateInput,
    ReportListItemSerializer,
    ReportSerializer,
    SubmitInput,
)
from hongdun.disclosure.services import (
    ROW_FIELDS,
    ReportContent,
    annual_report_check,
    annual_report_correct,
    annual_report_draft_save,
    annual_report_submit,
    problem_dicts,
)
from hongdun.registration.selectors import enterprises_for_applicant

APPLICANTS = frozenset({Role.APPLICANT})
ERROR = OpenApiResponse(
    description="输入有误或不能办理：`detail` 说明原因，`field` 指出字段，`problems` 列出全部问题"
)


class AnnualReportThrottle(UserRateThrottle):
    scope = "annual_report_write"


def reports_for_filer(*, user: AnyUser) -> QuerySet[AnnualReport]:
    return (
        AnnualReport.objects.filter(enterprise__in=enterprises_for_applicant(user=user))
        .select_related("enterprise")
        .order_by("-year", "enterprise__name", "id")
    )


def report_get_for_filer(*, user: AnyUser, pk: int) -> AnnualReport:
    report = (
        reports_for_filer(user=user)
        .prefetch_related(
            "versions__contributions",
            "versions__investments",
            "versions__equity_transfers",
            "versions__websites",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(_("没有找到该年度报告。"))
    return report


def content_of(values: dict[str, Any]) -> ReportContent:
    rows = {section: values.pop(section, None) for section in ROW_FIELDS}
    insurance = values.pop("social_insurance", None)
    for key in ("enterprise", "year"):
        values.pop(key, None)
    return ReportContent(values=values, social_insurance=insurance, **rows)


class _FilerApi(APIView):
    permission_classes = [HasAnyRole]
    allowed_roles = APPLICANTS
    throttle_classes = [AnnualReportThrottle]


class ReportListCreateApi(_FilerApi):
    """The caller's enterprises' annual reports; POST saves a draft of one (created if new)."""

    @extend_schema(responses={200: ReportListItemSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = reports_for_filer(user=request.user)[:500]
        return Response(ReportListItemSerializer(rows, many=True).data)

    @extend_schema(
        request=ReportCreateInput, responses={201: ReportSerializer, 400: ERROR, 404: None}
    )
    def post(self, request: Request) -> Response:
        data = ReportCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        uscc = str(values["enterprise"]).strip().upper()
        enterprise = enterprises_for_applicant(user=request.user).filter(uscc=uscc).first()
        if enterprise is None:
            raise Http404(_("没有找到该市场主体。"))
        year = values["year"]
        try:
            draft = annual_report_draft_save(
                user=signed_in(request.user),
                enterprise=enterprise,
                year=year,
                content=content_of(values),
            )
        except PermissionDenied:
            raise Http404 from None
        report = report_get_for_filer(user=request.user, pk=draft.report_id)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportDetailApi(_FilerApi):
    """One report: every filed version (published or not: the enterprise's own data) and the
    draft. PATCH saves the draft (a correction draft once the report is filed)."""

    @extend_schema(responses={200: ReportSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ReportSerializer(report_get_for_filer(user=request.user, pk=pk)).data)

    @extend_schema(request=ContentInput, responses={200: ReportSerializer, 400: ERROR, 404: None})
    def patch(self, request: Request, pk: int) -> Response:
        report = report_get_for_filer(user=request.user, pk=pk)
        data = ContentInput(data=request.data)
        data.is_valid(raise_exception=True)
        annual_report_draft_save(
            user=signed_in(request.user),
            enterprise=report.enterprise,
            year=report.year,
            content=content_of(dict(data.validated_data)),
        )
        return Response(ReportSerializer(report_get_for_filer(user=request.user, pk=pk)).data)


class ReportCheckApi(_FilerApi):
    """Every problem of the stored draft at once, as a submission would judge it."""

    @extend_schema(request=None, responses={200: ProblemSerializer(many=True), 404: None})
    def post(self, request: Request, pk: int) -> Response:
        report = report_get_for_filer(user=request.user, pk=pk)
        draft = report.versions.filter(status="draft").first()
        if draft is None:
            raise ApplicationError(_("没有待提交的草稿，请先保存草稿。"), field="draft")
        checked = annual_report_check(
            enterprise=report.enterprise,
            year=report.year,
            content=ReportContent(),
            stored=draft,
            complete=True,
        )
        return Response(ProblemSerializer(problem_dicts(checked.problems), many=True).data)


class ReportSubmitApi(_FilerApi):
    """Submit the draft: the report's first filing within the window, or a correction (with a
    note) until the correction deadline."""

    @extend_schema(request=SubmitInput, responses={200: ReportSerializer, 400: ERROR, 404: None})
    def post(self, request: Request, pk: int) -> Response:
        report = report_get_for_filer(user=request.user, pk=pk)
        data = SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = signed_in(request.user)
        if report.first_submitted_at is None:
            annual_report_submit(user=user, enterprise=report.enterprise, year=report.year)
        else:
            annual_report_correct(
                user=user,
                enterprise=report.enterprise,
                year=report.year,
                note=data.validated_data.get("note", ""),
            )
        return Response(ReportSerializer(report_get_for_filer(user=request.user, pk=pk)).data)
