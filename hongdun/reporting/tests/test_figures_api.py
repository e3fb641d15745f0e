"""The figures endpoint of the API (`/api/v1/workforce/figures/<n>/`) beyond what the workforce
API tests check through its URL: the default period is the pages' default period."""

from django.urls import reverse
from django.utils import timezone

from hongdun.reporting.workforce.figures import figures_latest_year


def test_without_dates_the_api_opens_on_the_pages_default_period(login, wf_users, samples):
    today = timezone.localdate()
    latest = figures_latest_year(today=today)
    answer = login(wf_users["leader"]).get(reverse("api:workforce-figures", args=[1])).json()
    if latest is not None and latest < today.year:
        assert answer["as_of"] == f"{latest}-12-31"
    else:
        assert answer["as_of"] == today.isoformat()
    assert answer["period_start"] == answer["as_of"][:4] + "-01-01"
