from django.urls import URLPattern, URLResolver, path

from hongdun.registration import api, views

# Portal pages, mounted at /registration/ (namespace "registration").
portal_patterns: list[URLPattern | URLResolver] = [
    path("", views.ApplicationListView.as_view(), name="list"),
    path("new/", views.ApplicationStartView.as_view(), name="start"),
    path("scope-search/", views.ScopeSearchView.as_view(), name="scope-search"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
    path(
        "materials/<int:material_pk>/",
        views.MaterialDownloadView.as_view(),
        name="material-download",
    ),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("<int:pk>/prereview/", views.PrereviewPartialView.as_view(), name="prereview"),
    path("<int:pk>/edit/<str:section>/", views.SectionEditView.as_view(), name="edit"),
    path("<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/notice/", views.PublishNoticeView.as_view(), name="publish-notice"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/correct/", views.CorrectView.as_view(), name="correct"),
    path("<int:pk>/materials/", views.MaterialsView.as_view(), name="materials"),
    path(
        "<int:pk>/materials/<int:material_pk>/delete/",
        views.MaterialDeleteView.as_view(),
        name="material-delete",
    ),
]

api_patterns = [
    path(
        "registration/applications/",
        api.ApplicationListCreateApi.as_view(),
        name="registration-applications",
    ),
    path(
        "registration/applications/<int:pk>/",
        api.ApplicationDetailApi.as_view(),
        name="registration-application",
    ),
    path(
        "registration/applications/<int:pk>/prereview",
        api.ApplicationPrereviewApi.as_view(),
        name="registration-application-prereview",
    ),
    path(
        "registration/applications/<int:pk>/submit",
        api.ApplicationSubmitApi.as_view(),
        name="registration-application-submit",
    ),
    path(
        "registration/applications/<int:pk>/withdraw",
        api.ApplicationWithdrawApi.as_view(),
        name="registration-application-withdraw",
    ),
]
