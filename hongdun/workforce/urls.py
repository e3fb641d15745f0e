from django.urls import path

from hongdun.workforce import api
from hongdun.workforce.views import people, records

backoffice_patterns = [
    path("", records.WorkforceHomeView.as_view(), name="home"),
    path("people/<int:pk>/", people.PersonDetailView.as_view(), name="person"),
    path(
        "people/<int:pk>/appointment-form.docx",
        people.AppointmentFormDocxView.as_view(),
        name="appointment-form",
    ),
    path("<slug:slug>/", records.RecordListView.as_view(), name="list"),
    path("<slug:slug>/new/", records.RecordCreateView.as_view(), name="create"),
    path("<slug:slug>/<int:pk>/", records.RecordDetailView.as_view(), name="detail"),
    path("<slug:slug>/<int:pk>/edit/", records.RecordUpdateView.as_view(), name="update"),
    path("<slug:slug>/<int:pk>/delete/", records.RecordDeleteView.as_view(), name="delete"),
    path("<slug:slug>/<int:pk>/history/", records.RecordHistoryView.as_view(), name="history"),
]

api_patterns = [
    path("workforce/", api.WorkforceKindsApi.as_view(), name="workforce-kinds"),
    path("workforce/<slug:slug>/", api.WorkforceRecordListApi.as_view(), name="workforce-list"),
    path(
        "workforce/<slug:slug>/<int:pk>/",
        api.WorkforceRecordDetailApi.as_view(),
        name="workforce-detail",
    ),
]
