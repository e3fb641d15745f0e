from django.urls import URLPattern, URLResolver, path

from hongdun.registration.review.views import backoffice, documents

# Back office, mounted at /staff/registration/ (namespace "backoffice-registration").
backoffice_patterns: list[URLPattern | URLResolver] = [
    path("", backoffice.QueueView.as_view(), name="queue"),
    path("<int:pk>/", backoffice.ApplicationDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:action>/", backoffice.ApplicationActionView.as_view(), name="action"),
]

# Issued documents, mounted at /documents/ (namespace "regdocs").
document_patterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/", documents.DocumentDownloadView.as_view(), name="download"),
]
