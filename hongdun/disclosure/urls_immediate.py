"""URLs of immediate disclosures (即时信息), mounted by one include in config/urls.py: the
enterprise user's portal pages, the staff list, and the public API."""

from django.urls import include, path

from hongdun.disclosure.immediate_api import ImmediateDisclosureApi
from hongdun.disclosure.views import immediate as portal
from hongdun.disclosure.views.immediate_backoffice import backoffice_patterns

portal_patterns = [
    path("", portal.ImmediateListView.as_view(), name="list"),
    path("<int:pk>/", portal.ImmediateDetailView.as_view(), name="detail"),
    path("<int:pk>/correct/", portal.ImmediateCorrectView.as_view(), name="correct"),
    path("new/<int:enterprise_pk>/", portal.ImmediateChooseKindView.as_view(), name="choose"),
    path(
        "new/<int:enterprise_pk>/<str:kind>/",
        portal.ImmediatePublishView.as_view(),
        name="publish",
    ),
]

api_patterns = [
    path(
        "enterprises/<str:code>/immediate-disclosures/",
        ImmediateDisclosureApi.as_view(),
        name="list",
    ),
]

urlpatterns = [
    path(
        "enterprise/immediate-disclosures/",
        include((portal_patterns, "disclosure-immediate")),
    ),
    path(
        "staff/disclosure/",
        include((backoffice_patterns(), "backoffice-disclosure-immediate")),
    ),
    path("api/v1/", include((api_patterns, "api-immediate"))),
]
