"""守合同重信用: the enterprise's applications (/enterprise/contract-credit/), the staff queue
(/staff/credit/contract/) and the public list (/credit/contract/)."""

from django.urls import URLPattern, URLResolver, path

from hongdun.credit.views import contract as views

portal_patterns: list[URLPattern | URLResolver] = [
    path("", views.PortalListView.as_view(), name="list"),
    path("apply/<str:uscc>/", views.PortalApplyView.as_view(), name="apply"),
    path("applications/<int:pk>/", views.PortalApplicationView.as_view(), name="application"),
    path(
        "applications/<int:pk>/withdraw/",
        views.PortalApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "publicities/<int:pk>/withdraw/",
        views.PortalPublicityWithdrawView.as_view(),
        name="publicity-withdraw",
    ),
]
backoffice_patterns: list[URLPattern | URLResolver] = [
    path("", views.ApplicationQueueView.as_view(), name="queue"),
    path("export.xlsx", views.ApplicationExportView.as_view(), name="export"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("<int:pk>/<str:action>/", views.ApplicationDecideView.as_view(), name="decide"),
    path("publicities/", views.PublicityListView.as_view(), name="publicities"),
    path("publicities/export.xlsx", views.PublicityExportView.as_view(), name="publicity-export"),
    path("publicities/<int:pk>/", views.PublicityDetailView.as_view(), name="publicity"),
    path("publicities/<int:pk>/revoke/", views.PublicityRevokeView.as_view(), name="revoke"),
]
public_patterns: list[URLPattern | URLResolver] = [
    path("", views.PublicListView.as_view(), name="list"),
]
