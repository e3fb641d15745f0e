"""The abnormal-operation list: staff pages at /staff/supervision/abnormal/ (namespace
"supervision-abnormal"), the enterprise's own pages at /enterprise/abnormal-list/ (namespace
"portal-abnormal")."""

from django.urls import URLPattern, path

from hongdun.supervision.views import abnormal_backoffice as staff
from hongdun.supervision.views import abnormal_portal as portal

backoffice_patterns: list[URLPattern] = [
    path("", staff.QueueView.as_view(), name="queue"),
    path("export.xlsx", staff.QueueExportView.as_view(), name="export"),
    path("bulk-confirm/", staff.BulkConfirmView.as_view(), name="bulk-confirm"),
    path("<int:pk>/", staff.DetailView.as_view(), name="detail"),
    path("<int:pk>/confirm/", staff.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/dismiss/", staff.DismissView.as_view(), name="dismiss"),
    path("<int:pk>/late-reason/", staff.LateReasonView.as_view(), name="late-reason"),
    path("<int:pk>/removal/", staff.ApplyRemovalView.as_view(), name="apply-removal"),
    path("<int:pk>/objection/", staff.FileObjectionView.as_view(), name="file-objection"),
    path("<int:pk>/notice/<str:kind>.pdf", staff.NoticeView.as_view(), name="notice"),
    path("removals/", staff.RemovalQueueView.as_view(), name="removals"),
    path("removals/<int:pk>/decide/", staff.RemovalDecideView.as_view(), name="removal-decide"),
    path("objections/", staff.ObjectionQueueView.as_view(), name="objections"),
    path(
        "objections/<int:pk>/decide/", staff.ObjectionDecideView.as_view(), name="objection-decide"
    ),
]
portal_patterns: list[URLPattern] = [
    path("", portal.ListView.as_view(), name="list"),
    path("<int:pk>/", portal.DetailView.as_view(), name="detail"),
    path("<int:pk>/removal/", portal.ApplyView.as_view(), name="apply"),
    path("<int:pk>/objection/", portal.ObjectionView.as_view(), name="objection"),
    path("<int:pk>/notice/<str:kind>.pdf", portal.NoticeView.as_view(), name="notice"),
]
