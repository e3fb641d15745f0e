"""The public side: list pages per authority with search and the published inspection plans
at /supervision/ (namespace "supervision-public"); public API rows in `api_patterns` (/api/v1/)."""

from django.urls import URLPattern, path

from hongdun.supervision import api_public_lists
from hongdun.supervision.views import public_lists

# The public lists (经营异常名录公示, 严重违法失信名单公示): pages and API.
public_patterns: list[URLPattern] = [
    path("abnormal/", public_lists.AbnormalListedView.as_view(), name="abnormal-list"),
    path("abnormal/removed/", public_lists.AbnormalRemovedView.as_view(), name="abnormal-removed"),
    path("serious/", public_lists.SeriousListedView.as_view(), name="serious-list"),
    path("serious/removed/", public_lists.SeriousRemovedView.as_view(), name="serious-removed"),
]
api_patterns: list[URLPattern] = [
    path("abnormal-list/", api_public_lists.AbnormalListApi.as_view(), name="abnormal-list"),
    path("serious-list/", api_public_lists.SeriousListApi.as_view(), name="serious-list"),
]
