"""The demo's five years of annual reports: the promised mix, valid rows, idempotent."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from hongdun.demo.bureau import demo_bureau_load, demo_enterprises_load
from hongdun.demo.disclosure import demo_reports_load
from hongdun.disclosure.choices import Channel, ReportForm, VersionStatus
from hongdun.disclosure.engine.window import WindowRules, deadline, years_due
from hongdun.disclosure.models import (
    SECTION_SEVEN_FIGURES,
    AnnualReport,
    AnnualReportVersion,
    ReportContribution,
)
from hongdun.enterprises.choices import ContributionForm, EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise, EnterpriseContribution, EnterpriseInvestor

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


@pytest.fixture
def loaded() -> int:
    demo_bureau_load()
    demo_enterprises_load(count=1_500, seed=5, with_history=False, today=TODAY)
    return demo_reports_load(seed=5, today=TODAY, batch_size=400)


def test_mix_of_on_time_late_never_corrected(loaded):
    assert loaded == AnnualReport.objects.count() > 3_000
    due = sum(
        len([y for y in years_due(established_on=e.established_on, today=TODAY) if y >= 2021])
        for e in Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE)
    )
    filed = AnnualReport.objects.filter(first_submitted_at__isnull=False)
    on_time = filed.filter(filed_late=False).count()
    late = filed.filter(filed_late=True).count()
    # Active enterprises owe every year since establishment; about 88 % file on time.
    active_filed = filed.filter(enterprise__status=EnterpriseStatus.ACTIVE).count()
    assert 0.85 < active_filed / due < 0.97
    assert 0.83 < on_time / (on_time + late) < 0.97
    drafts = AnnualReport.objects.filter(first_submitted_at__isnull=True)
    assert drafts.exists()
    assert not AnnualReportVersion.objects.filter(
        report__in=drafts, status=VersionStatus.SUBMITTED
    ).exists()
    corrected = filed.annotate(n=Count("versions")).filter(n=2)
    assert 0.01 < corrected.count() / on_time < 0.08
    assert not corrected.filter(filed_late=True).exists()
    assert AnnualReportVersion.objects.filter(channel=Channel.PAPER).exists()


def test_years_and_dates_follow_the_window(loaded):
    rules = WindowRules()
    assert set(AnnualReport.objects.values_list("year", flat=True)) == set(range(2021, 2026))
    for report in AnnualReport.objects.filter(first_submitted_at__isnull=False).select_related(
        "enterprise", "current_version"
    )[:800]:
        assert report.year >= report.enterprise.established_on.year
        assert report.first_submitted_at is not None
        filed_on = timezone.localtime(report.first_submitted_at).date()  # China time
        assert filed_on >= date(report.year + 1, 1, 1)
        assert report.filed_late == (filed_on > deadline(report.year, rules))
        # The current version is the last submitted one.
        last = report.versions.filter(status=VersionStatus.SUBMITTED).order_by("-number").first()
        assert report.current_version == last
        left_on = report.enterprise.status_date
        if report.enterprise.status != EnterpriseStatus.ACTIVE and left_on is not None:
            assert report.year < left_on.year


def test_figures_forms_and_publish_choices(loaded):
    versions = AnnualReportVersion.objects.filter(report__form=ReportForm.ENTERPRISE)
    balanced = versions.filter(total_assets__isnull=False).count() - _mismatches(
        versions.filter(total_assets__isnull=False)
    )
    assert _mismatches(versions) > 0
    assert _mismatches(versions) / versions.count() < 0.05
    assert balanced > 0.9 * versions.count()
    hiding = [v for v in versions if set(v.public_figures) != set(SECTION_SEVEN_FIGURES)]
    assert 0.03 < len(hiding) / versions.count() < 0.15
    individual = AnnualReport.objects.filter(form=ReportForm.INDIVIDUAL_BUSINESS)
    assert individual.exists()
    assert set(individual.values_list("enterprise__enterprise_type", flat=True)) == {
        EnterpriseType.INDIVIDUAL_BUSINESS
    }
    assert individual.filter(whole_report_public=False).exists()
    assert not AnnualReport.objects.filter(
        form=ReportForm.ENTERPRISE, whole_report_public=False
    ).exists()
    short = AnnualReportVersion.objects.filter(report__form=ReportForm.INDIVIDUAL_BUSINESS)
    assert not short.filter(total_assets__isnull=False).exists()
    assert not short.filter(contributions__isnull=False).exists()
    assert AnnualReportVersion.objects.filter(has_website=True, websites__isnull=False).exists()
    assert AnnualReportVersion.objects.filter(has_investments=True).exists()
    assert not AnnualReportVersion.objects.filter(Q(phone="") | Q(address="")).exists()


def _mismatches(versions) -> int:
    return sum(
        1
        for assets, liabilities, equity in versions.values_list(
            "total_assets", "total_liabilities", "owners_equity"
        )
        if assets is not None and abs(assets - liabilities - equity) > Decimal("0.02")
    )


def test_contributions_fall_back_to_the_legal_representative(loaded):
    version = AnnualReportVersion.objects.filter(
        report__enterprise__enterprise_type=EnterpriseType.LLC
    ).first()
    assert version is not None
    (row,) = version.contributions.all()
    assert row.investor_name == version.report.enterprise.legal_rep_name
    assert row.subscribed_amount == version.report.enterprise.registered_capital


def test_contributions_copied_from_the_register():
    demo_bureau_load()
    demo_enterprises_load(count=60, seed=8, with_history=False, today=TODAY)
    company = Enterprise.objects.filter(
        enterprise_type=EnterpriseType.LLC,
        status=EnterpriseStatus.ACTIVE,
        established_on__lt=date(2020, 1, 1),
    ).first()
    assert company is not None
    for position, (name, paid_on) in enumerate(
        (("甲投资人", date(2019, 3, 1)), ("乙投资人", None))
    ):
        investor = EnterpriseInvestor.objects.create(
            enterprise=company, position=position, role="shareholder", name=name, id_number="x"
        )
        EnterpriseContribution.objects.create(
            investor=investor,
            subscribed_amount=Decimal(500_000),
            form=ContributionForm.MONEY,
            subscribed_due=date(2030, 1, 1),
            paid_amount=Decimal(200_000) if paid_on else Decimal(0),
            paid_on=paid_on,
        )
    demo_reports_load(seed=8, today=TODAY)
    rows = ReportContribution.objects.filter(version__report__enterprise=company).order_by(
        "version__report__year", "position"
    )
    assert rows.count() >= 2
    assert {r.investor_name for r in rows} == {"甲投资人", "乙投资人"}
    assert all(r.paid_amount == (200_000 if r.investor_name == "甲投资人" else 0) for r in rows)


def test_second_load_adds_nothing(loaded):
    before = (
        AnnualReport.objects.count(),
        AnnualReportVersion.objects.count(),
        ReportContribution.objects.count(),
    )
    assert demo_reports_load(seed=5, today=TODAY, batch_size=700) == 0
    after = (
        AnnualReport.objects.count(),
        AnnualReportVersion.objects.count(),
        ReportContribution.objects.count(),
    )
    assert after == before
