"""The pages for 403, 404 and 500: in the site's layout (the back office's under /staff/ for staff,
the portal's otherwise), in the user's language, with a way back; JSON under /api/.

Every refusal in the project ends here: views raise PermissionDenied (wrong role, 403) or Http404
(no such record, or one outside the user's scope, so that its existence is not given away), and
anonymous users are sent to log in by RoleRequiredMixin before either. A message given by our own
code (Http404(_("没有找到该申请。"))) is shown; Django's internal ones ("No Faq matches the given
query.") are English developer text and are not.

The 500 page is rendered without the request's context processors: they read the user's roles
from the database, and the database may be what failed.
"""

import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hongdun.core.context_processors import site

logger = logging.getLogger(__name__)

PORTAL_LAYOUT = "portal/base.html"
STAFF_LAYOUT = "backoffice/base.html"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _is_staff_area(request: HttpRequest) -> bool:
    return request.path.startswith("/staff/")


def _our_message(exception: BaseException | None) -> str:
    """The exception's message when our code raised it with one (a translated sentence for the
    user), else "". Decided by where it was raised: the last frame of its traceback."""
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    frame = exception.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    module = frame.tb_frame.f_globals.get("__name__", "") if frame is not None else ""
    return str(exception.args[0]) if module.startswith("hongdun.") else ""


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, when it is on this site and is not the failing page."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return "" if urlsplit(referer).path == request.path else referer


def _context(*, status: int, staff_layout: bool) -> dict[str, Any]:
    return {
        "layout": STAFF_LAYOUT if staff_layout else PORTAL_LAYOUT,
        "status": status,
        "home_url": _url("core:home", "/"),
        "workbench_url": _url("backoffice:dashboard", "/staff/") if staff_layout else "",
        "bureau_name": settings.HONGDUN["BUREAU_NAME"],
    }


def _wants_staff_layout(request: HttpRequest) -> bool:
    """Staff under /staff/ (reads the user's roles: not for the 500 page)."""
    return _is_staff_area(request) and bool(site(request)["is_staff_user"])


def _page(
    request: HttpRequest,
    *,
    status: int,
    exception: BaseException | None,
    api_detail: str,
    message: str = "",
) -> HttpResponse:
    message = message or _our_message(exception)
    if _is_api(request):
        return JsonResponse({"detail": message or api_detail}, status=status)
    context = _context(status=status, staff_layout=_wants_staff_layout(request))
    user = getattr(request, "user", None)
    context.update(
        {
            "message": message,
            "back_url": _back_url(request),
            "login_url": f"{_url('accounts:login', '/accounts/login/')}?"
            + urlencode({"next": request.get_full_path()})
            # A refusal to an anonymous user (not an expired form): logging in may help.
            if status == 403
            and exception is not None
            and user is not None
            and not user.is_authenticated
            else "",
        }
    )
    return HttpResponse(
        loader.render_to_string(f"errors/{status}.html", context, request=request), status=status
    )


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, status=404, exception=exception, api_detail=_("没有找到。"))


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, status=403, exception=exception, api_detail=_("您没有执行该操作的权限。"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from a page that has expired (or from another site) gets the
    403 page, saying what happened, instead of Django's English developer page."""
    return _page(
        request,
        status=403,
        exception=None,
        api_detail=_("请求已过期或来源不明，请刷新页面后重试。"),
        message=_("页面已过期或来源不明，请返回上一页，刷新后重新提交。"),
    )


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """Django's 400 for what reaches no view (a bad Host header, a broken multipart body)."""
    if _is_api(request):
        return JsonResponse({"detail": _("请求无法处理，请检查后重试。")}, status=400)
    context = _context(status=400, staff_layout=False)
    context.update({"back_url": "", "message": ""})
    # No request context: a bad request may not carry what the processors read.
    return HttpResponse(loader.render_to_string("errors/400.html", context), status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """Nothing here reads the database: no user, no roles, no session; only the path decides the
    layout, and the template gets no request context."""
    if _is_api(request):
        return JsonResponse({"detail": _("服务器内部错误，请稍后重试。")}, status=500)
    context = _context(status=500, staff_layout=_is_staff_area(request))
    context.update({"back_url": "", "message": ""})
    return HttpResponse(loader.render_to_string("errors/500.html", context), status=500)
