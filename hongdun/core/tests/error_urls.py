"""The site's URLs plus three views that fail, for the 500 page's tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as site


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure the error page must survive")


urlpatterns = [
    path("boom/", fail),
    path("staff/boom/", fail),
    path("api/v1/boom/", fail),
    *site.urlpatterns,
]
handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
