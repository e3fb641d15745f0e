"""The public check of a document's verification code (/verify/), rate-limited per address like
the enterprise query."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from hongdun.core.verification import (
    CODE_LENGTH,
    CodeFormatError,
    code_display,
    code_normalise,
    document_verify,
)

DEFAULT_RATE = "30/min"


class DocumentVerifyThrottle(SimpleRateThrottle):
    """Per client address, signed in or not (REMOTE_ADDR, or X-Forwarded-For only behind the
    configured number of proxies, as the API throttles). The rate is read when the request comes,
    so a deployment (or a test) can change it in settings."""

    scope = "document_verify"

    def get_rate(self) -> str:
        rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
        return str(rates.get(self.scope) or DEFAULT_RATE)

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class DocumentVerifyView(View):
    """Anyone enters a code (or follows the QR link `?code=…`) and sees what the document is, who
    issued it, when, for whom (personal names masked) and whether it still holds."""

    template_name = "core/verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        typed = request.GET.get("code", "")
        context: dict[str, object] = {"typed": typed[:64], "code_length": CODE_LENGTH}
        if not typed.strip():
            return render(request, self.template_name, context)
        throttle = DocumentVerifyThrottle()
        # The DRF throttle reads only the client address and the cache; this page is no APIView.
        if not throttle.allow_request(Request(request), self):  # type: ignore[arg-type]
            wait = throttle.wait()
            context["error"] = _("查询过于频繁，请 %(seconds)d 秒后再试。") % {
                "seconds": int(wait or 60) + 1
            }
            return render(request, self.template_name, context, status=429)
        try:
            code = code_normalise(typed)
        except CodeFormatError:
            context["error"] = _(
                "验证码格式不正确：验证码由 %(length)d 位数字和大写字母组成（如 7K3M-Q9TX-2HBD），"
                "请核对文书上印制的验证码后重新输入。"
            ) % {"length": CODE_LENGTH}
            return render(request, self.template_name, context, status=400)
        found = document_verify(code=code)
        context["code"] = code_display(code)
        if found is None:
            context["error"] = _(
                "没有找到验证码为 %(code)s 的文书。请核对验证码；仍查不到的，"
                "该文书可能不是本局签发的，请向签发机关核实。"
            ) % {"code": code_display(code)}
            return render(request, self.template_name, context, status=404)
        context["found"] = found
        return render(request, self.template_name, context)
