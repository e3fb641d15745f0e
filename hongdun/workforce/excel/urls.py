from django.urls import URLPattern, path

from hongdun.workforce.excel import views

# Back office, mounted at /staff/workforce/excel/ (namespace "workforce-excel").
backoffice_patterns: list[URLPattern] = [
    path("", views.ExcelIndexView.as_view(), name="index"),
    path("<slug:kind>/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("<slug:kind>/export/", views.ExportView.as_view(), name="export"),
    path("<slug:kind>/import/", views.UploadView.as_view(), name="upload"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job"),
    path("jobs/<int:pk>/progress/", views.JobProgressView.as_view(), name="job-progress"),
    path("jobs/<int:pk>/confirm/", views.JobConfirmView.as_view(), name="job-confirm"),
    path("jobs/<int:pk>/cancel/", views.JobCancelView.as_view(), name="job-cancel"),
    path("jobs/<int:pk>/errors.xlsx", views.JobErrorsView.as_view(), name="job-errors"),
    path("exports/<int:pk>/", views.ExportJobDetailView.as_view(), name="export-job"),
    path(
        "exports/<int:pk>/progress/",
        views.ExportJobProgressView.as_view(),
        name="export-job-progress",
    ),
    path(
        "exports/<int:pk>/download/",
        views.ExportJobDownloadView.as_view(),
        name="export-job-download",
    ),
]
