from django.urls import URLPattern, URLResolver, path

from hongdun.namecheck import api
from hongdun.namecheck.views import backoffice, portal

# Portal pages, mounted at /names/ (namespace "namecheck"): declaration with live checks, the
# applicant's names, withdrawal and the notice PDF. `reservation-detail` is also the link the
# services put in their notices.
portal_patterns: list[URLPattern | URLResolver] = [
    path("", portal.ReservationListView.as_view(), name="list"),
    path("declare/", portal.DeclareView.as_view(), name="declare"),
    path("check/", portal.NameCheckView.as_view(), name="check"),
    path("<int:pk>/", portal.ReservationDetailView.as_view(), name="reservation-detail"),
    path("<int:pk>/withdraw/", portal.ReservationWithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/notice.pdf", portal.ReservationNoticePdfView.as_view(), name="notice-pdf"),
]

# Back office, mounted at /staff/names/ (namespace "backoffice-names"): the review queue.
backoffice_patterns: list[URLPattern | URLResolver] = [
    path("", backoffice.ReviewQueueView.as_view(), name="queue"),
    path("<int:pk>/", backoffice.ReviewDetailView.as_view(), name="detail"),
]

api_patterns = [
    path("namecheck/check", api.NameCheckApi.as_view(), name="namecheck-check"),
    path("namecheck/batch", api.NameBatchCheckApi.as_view(), name="namecheck-batch"),
    path(
        "namecheck/reservations/",
        api.ReservationListCreateApi.as_view(),
        name="namecheck-reservations",
    ),
    path(
        "namecheck/reservations/<int:pk>/withdraw",
        api.ReservationWithdrawApi.as_view(),
        name="namecheck-reservation-withdraw",
    ),
]
