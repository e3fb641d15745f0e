from django.urls import path

from hongdun.core.backoffice.urls import record_patterns
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
    # The record pages of every kind in the registry: the platform's generic back office.
    *record_patterns(records.REGISTER),
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
