"""Annual-report filing: draft, submit, correct, paper filing (docs/rules/disclosure.md §2).

Each refusal names its field and leaves nothing behind."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.disclosure.choices import Channel, ReportForm, VersionStatus
from hongdun.disclosure.models import AnnualReport, AnnualReportVersion
from hongdun.disclosure.services import (
    ReportContent,
    annual_report_correct,
    annual_report_draft_save,
    annual_report_paper_record,
    annual_report_submit,
    prefill,
)
from hongdun.disclosure.tests.factories_reports import (
    authorise,
    company,
    complete_content,
    short_form_content,
)

pytestmark = pytest.mark.django_db


def refused(call, field):
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    return caught.value


def test_draft_then_submit_sets_first_submission_and_current_version(
    open_window, filer, report_enterprise
):
    draft = annual_report_draft_save(
        user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
    )
    assert draft.status == VersionStatus.DRAFT
    report = draft.report
    assert report.first_submitted_at is None
    assert report.form == ReportForm.ENTERPRISE
    version = annual_report_submit(user=filer, enterprise=report_enterprise, year=open_window)
    report.refresh_from_db()
    assert version.pk == draft.pk
    assert version.status == VersionStatus.SUBMITTED
    assert version.channel == Channel.ONLINE
    assert report.first_submitted_at == version.submitted_at
    assert report.current_version_id == version.pk
    assert report.filed_late is False
    assert version.contributions.get().paid_amount == Decimal("200000.00")
    assert version.websites.count() == 1
    assert version.public_figures == ["employees", "total_assets", "total_revenue", "total_tax"]
    assert version.social_insurance == {"pension_insured": 25, "pension_paid": "180000.00"}
    assert AuditLog.objects.filter(action="disclosure.annual_report.submit").count() == 1


def test_a_warning_does_not_stop_submission(open_window, filer, report_enterprise):
    content = complete_content(total_assets="5000001")  # assets ≠ liabilities + equity
    version = annual_report_submit(
        user=filer, enterprise=report_enterprise, year=open_window, content=content
    )
    assert version.total_assets == Decimal("5000001.00")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"total_assets": "-1"}, "total_assets"),
        ({"employees": "二十"}, "employees"),
        ({"net_profit": "很多"}, "net_profit"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    open_window, filer, report_enterprise, values, field
):
    error = refused(
        lambda: annual_report_submit(
            user=filer,
            enterprise=report_enterprise,
            year=open_window,
            content=complete_content(**values),
        ),
        field,
    )
    assert error.extra["problems"]
    assert not AnnualReportVersion.objects.exists()
    # and the same in a draft
    refused(
        lambda: annual_report_draft_save(
            user=filer,
            enterprise=report_enterprise,
            year=open_window,
            content=complete_content(**values),
        ),
        field,
    )
    assert not AnnualReportVersion.objects.exists()


def test_all_errors_are_listed_in_the_refusal(open_window, filer, report_enterprise):
    error = refused(
        lambda: annual_report_submit(
            user=filer,
            enterprise=report_enterprise,
            year=open_window,
            content=complete_content(total_assets="-1", employees="x", phone=""),
        ),
        "phone",
    )
    fields = {p["field"] for p in error.extra["problems"] if p["blocks"]}
    assert fields == {"phone", "total_assets", "employees"}


def test_an_incomplete_draft_is_kept_but_not_submitted(open_window, filer, report_enterprise):
    annual_report_draft_save(
        user=filer,
        enterprise=report_enterprise,
        year=open_window,
        content=ReportContent(values={"phone": "0472-1"}),
    )
    refused(
        lambda: annual_report_submit(user=filer, enterprise=report_enterprise, year=open_window),
        "address",
    )
    report = AnnualReport.objects.get()
    assert report.first_submitted_at is None


@pytest.mark.parametrize(
    ("year_offset", "field", "words"),
    [
        (1, "year", "现在还不能填报"),  # this year's report: not open
        (-1, "year", "补报"),  # the year before last: past its window
    ],
)
def test_outside_the_window(open_window, filer, report_enterprise, year_offset, field, words):
    year = open_window + year_offset
    error = refused(
        lambda: annual_report_submit(
            user=filer, enterprise=report_enterprise, year=year, content=complete_content()
        ),
        field,
    )
    assert words in error.message
    assert not AnnualReport.objects.filter(year=year, first_submitted_at__isnull=False).exists()


def test_default_window_refuses_after_30_june(filer, report_enterprise):
    """With the shipped settings (1 January – 30 June), a report two years back is late."""
    year = timezone.localdate().year - 2
    error = refused(
        lambda: annual_report_submit(
            user=filer, enterprise=report_enterprise, year=year, content=complete_content()
        ),
        "year",
    )
    assert f"{year + 1}-06-30" in error.message


def test_year_before_establishment_is_refused(open_window, bureau, make_user):
    young = company(bureau["kundulun"], name="包头市新生钢材有限公司")
    young.established_on = date(open_window + 1, 1, 2)
    young.save()
    user = make_user(Role.APPLICANT)
    authorise(user, young)
    error = refused(
        lambda: annual_report_submit(
            user=user, enterprise=young, year=open_window, content=complete_content()
        ),
        "year",
    )
    assert "早于" in error.message
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("year", ["二〇二五", "", None, "99999"])
def test_year_must_be_a_year(open_window, filer, report_enterprise, year):
    refused(
        lambda: annual_report_submit(
            user=filer, enterprise=report_enterprise, year=year, content=complete_content()
        ),
        "year",
    )


def test_only_an_authorised_user_files(open_window, make_user, report_enterprise, bureau):
    stranger = make_user(Role.APPLICANT)
    authorise(stranger, company(bureau["kundulun"], name="包头市别家钢材有限公司"))
    for user in (stranger, make_user(Role.SUPERVISOR, bureau["kundulun"])):
        with pytest.raises(PermissionDenied):
            annual_report_submit(
                user=user,
                enterprise=report_enterprise,
                year=open_window,
                content=complete_content(),
            )
    assert not AnnualReport.objects.exists()


def test_a_revoked_authorisation_no_longer_files(open_window, filer, report_enterprise):
    filer.enterprise_authorisations.update(revoked_at=timezone.now())
    with pytest.raises(PermissionDenied):
        annual_report_draft_save(
            user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
        )


def test_a_second_submit_is_refused(open_window, filer, report_enterprise):
    annual_report_submit(
        user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
    )
    refused(
        lambda: annual_report_submit(
            user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
        ),
        "year",
    )
    assert AnnualReportVersion.objects.count() == 1


def test_correction_makes_a_new_version_and_keeps_the_old(open_window, filer, report_enterprise):
    first = annual_report_submit(
        user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
    )
    refused(
        lambda: annual_report_correct(
            user=filer,
            enterprise=report_enterprise,
            year=open_window,
            note="  ",
            content=complete_content(employees="30"),
        ),
        "note",
    )
    second = annual_report_correct(
        user=filer,
        enterprise=report_enterprise,
        year=open_window,
        note="从业人数填错",
        content=complete_content(employees="30"),
    )
    report = AnnualReport.objects.get()
    assert [v.number for v in report.versions.all()] == [1, 2]
    assert report.current_version_id == second.pk
    assert report.first_submitted_at == first.submitted_at
    first.refresh_from_db()
    assert first.employees == 25
    assert second.employees == 30
    assert second.correction_note == "从业人数填错"
    # a correction through a draft (the portal's way): a partial update copies the filed version
    draft = annual_report_draft_save(
        user=filer,
        enterprise=report_enterprise,
        year=open_window,
        content=ReportContent(values={"total_tax": "310000"}),
    )
    assert draft.number == 3
    assert draft.employees == 30
    assert draft.contributions.count() == 1
    third = annual_report_correct(
        user=filer, enterprise=report_enterprise, year=open_window, note="纳税总额更正"
    )
    assert third.total_tax == Decimal("310000.00")
    assert report.versions.filter(status=VersionStatus.SUBMITTED).count() == 3


def test_correction_before_filing_is_refused(open_window, filer, report_enterprise):
    refused(
        lambda: annual_report_correct(
            user=filer, enterprise=report_enterprise, year=open_window, note="x"
        ),
        "year",
    )


def test_correction_after_the_deadline_is_refused(open_window, filer, report_enterprise):
    annual_report_submit(
        user=filer, enterprise=report_enterprise, year=open_window, content=complete_content()
    )
    # The report becomes last year's filing: its correction deadline (31 December of its filing
    # year, the window of `open_window`) has passed on every day of the calendar, 1 January too.
    AnnualReport.objects.filter(enterprise=report_enterprise).update(year=open_window - 1)
    error = refused(
        lambda: annual_report_correct(
            user=filer,
            enterprise=report_enterprise,
            year=open_window - 1,
            note="x",
            content=complete_content(employees="1"),
        ),
        "year",
    )
    assert "更正期限" in error.message
    assert AnnualReportVersion.objects.count() == 1


def test_prefill_from_register_then_last_year(open_window, filer, report_enterprise):
    content = prefill(enterprise=report_enterprise, year=open_window - 1)
    assert content.values["address"] == report_enterprise.address
    assert content.contributions
    assert content.contributions[0]["investor_name"] == "王建国"
    assert content.contributions[0]["paid_amount"] == "200000.00"
    # last year's report gives contact, websites and switches to this year's
    report = AnnualReport.objects.create(
        enterprise=report_enterprise, year=open_window - 1, form="enterprise"
    )
    version = AnnualReportVersion.objects.create(
        report=report,
        number=1,
        status="submitted",
        phone="0472-7654321",
        public_figures=["employees"],
    )
    report.current_version = version
    report.save()
    content = prefill(enterprise=report_enterprise, year=open_window)
    assert content.values["phone"] == "0472-7654321"
    assert content.values["public_figures"] == ["employees"]
    assert "employees" not in content.values  # figures are each year's own


def test_individual_business_short_form_and_whole_report_choice(
    open_window, individual_business, make_user
):
    user = make_user(Role.APPLICANT)
    authorise(user, individual_business)
    version = annual_report_submit(
        user=user,
        enterprise=individual_business,
        year=open_window,
        content=short_form_content(
            whole_report_public=False,
            total_assets="-9",  # not on the short form: ignored
        ),
    )
    report = version.report
    assert report.form == ReportForm.INDIVIDUAL_BUSINESS
    assert report.whole_report_public is False
    assert version.total_assets is None
    assert version.capital_amount == Decimal("50000.00")


def test_paper_filing_by_a_supervisor_is_late_after_the_window(
    filer, report_enterprise, bureau, make_user
):
    supervisor = make_user(Role.SUPERVISOR, bureau["kundulun"])
    year = timezone.localdate().year - 2  # past its window under the shipped settings
    version = annual_report_paper_record(
        clerk=supervisor, enterprise=report_enterprise, year=year, content=complete_content()
    )
    report = version.report
    assert version.channel == Channel.PAPER
    assert report.filed_late is True
    assert report.first_submitted_at is not None
    refused(
        lambda: annual_report_paper_record(
            clerk=supervisor, enterprise=report_enterprise, year=year, content=complete_content()
        ),
        "year",
    )


def test_paper_filing_within_the_window_is_on_time(
    open_window, report_enterprise, bureau, make_user
):
    supervisor = make_user(Role.SUPERVISOR, bureau["kundulun"])
    version = annual_report_paper_record(
        clerk=supervisor, enterprise=report_enterprise, year=open_window, content=complete_content()
    )
    assert version.report.filed_late is False


def test_paper_filing_needs_the_supervisor_s_reach(report_enterprise, bureau, make_user):
    year = timezone.localdate().year - 2
    for user in (
        make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
        make_user(Role.REGISTRAR, bureau["kundulun"]),
        make_user(Role.APPLICANT),
    ):
        with pytest.raises(PermissionDenied):
            annual_report_paper_record(
                clerk=user, enterprise=report_enterprise, year=year, content=complete_content()
            )
    assert not AnnualReport.objects.exists()


def test_paper_filing_refuses_bad_values(report_enterprise, bureau, make_user):
    supervisor = make_user(Role.SUPERVISOR, bureau["kundulun"])
    refused(
        lambda: annual_report_paper_record(
            clerk=supervisor,
            enterprise=report_enterprise,
            year=timezone.localdate().year - 2,
            content=complete_content(total_liabilities="-3"),
        ),
        "total_liabilities",
    )
    assert not AnnualReportVersion.objects.exists()
