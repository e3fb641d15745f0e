"""Two submissions of the same report at the same moment give one report and one version
(PostgreSQL: the in-memory SQLite test database serialises all access)."""

import pytest

from hongdun.disclosure.models import AnnualReport, AnnualReportVersion
from hongdun.disclosure.services import annual_report_draft_save, annual_report_submit
from hongdun.disclosure.tests.factories_reports import complete_content
from hongdun.testing.race import needs_concurrent_connections, race_same


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_draft", [True, False])
def test_two_submits_at_once_give_one_report(open_window, filer, report_enterprise, with_draft):
    if with_draft:  # the portal: a saved draft, two clicks on 提交
        annual_report_draft_save(
            user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
        )

        def submit():
            return annual_report_submit(
                user=filer, enterprise=report_enterprise, year=open_window
            ).pk
    else:  # the API: two requests that each create the report and submit it

        def submit():
            return annual_report_submit(
                user=filer,
                enterprise=report_enterprise,
                year=open_window,
                content=complete_content(),
            ).pk

    outcome = race_same(4, submit)
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert len(outcome.refused) == 3
    assert {error.field for error in outcome.refused} == {"year"}
    report = AnnualReport.objects.get()
    assert report.first_submitted_at is not None
    assert list(AnnualReportVersion.objects.values_list("pk", flat=True)) == outcome.won
    assert report.current_version_id == outcome.won[0]
