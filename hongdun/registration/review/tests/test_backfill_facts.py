"""`manage.py backfill_enterprise_facts`: enterprises registered before approvals wrote the
register's facts get them from their approved applications, else their legal representative as
the sole officer; branches registered here join their head office's record; a second run adds
nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from hongdun.enterprises.models import (
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
)
from hongdun.enterprises.tests.factories import register
from hongdun.registration.review import services
from hongdun.registration.review.tests.conftest import TODAY, make_application, reserve

pytestmark = pytest.mark.django_db


def _forget_facts() -> None:
    """A database from before this feature: the approvals wrote no facts."""
    for model in (EnterpriseContribution, EnterpriseInvestor, EnterpriseOfficer, EnterpriseBranch):
        model.objects.all().delete()
        model.history.all().delete()


def _run() -> str:
    out = StringIO()
    call_command("backfill_enterprise_facts", stdout=out)
    return out.getvalue()


def test_backfill_from_applications_and_from_the_legal_representative(
    clerk, applicant, kundulun, establishment
):
    firm = services.application_approve(
        clerk=clerk, application=establishment, as_of=TODAY
    ).enterprise
    assert firm is not None
    reservation = reserve(applicant, kundulun, "包头市沃动机械有限公司昆都仑分公司")
    branch_application = make_application(
        applicant=applicant,
        authority=kundulun,
        reservation=reservation,
        entity_type="branch",
        capital=None,
        parent_enterprise=firm,
    )
    branch_application.members.all().delete()
    branch = services.application_approve(
        clerk=clerk, application=branch_application, as_of=date(2026, 12, 1)
    ).enterprise
    older = register(
        "包头市红光机械设备有限公司",
        kundulun,
        trade_name="红光",
        legal_rep_name="乌云",
        legal_rep_id_number="150203198505051238",
    )
    _forget_facts()

    output = _run()
    assert "3 enterprises checked (2 from approved applications)" in output
    assert "1 branch records" in output
    # from the establishment: the shareholder and the officers applied for, dated that day
    (investor,) = EnterpriseInvestor.objects.filter(enterprise=firm)
    assert investor.name == "贺明远"
    assert investor.contributions.get().subscribed_amount == firm.registered_capital
    assert set(
        EnterpriseOfficer.objects.filter(enterprise=firm).values_list("name", flat=True)
    ) == {
        "贺明远",
        "白雪",
    }
    entry = investor.history.get()
    assert entry.history_date.date() == TODAY
    assert entry.history_change_reason == "补录登记事实"
    # the branch is back on its head office's record
    assert EnterpriseBranch.objects.get(enterprise=firm).branch == branch
    # without an application: the legal representative alone, no investors invented
    (officer,) = EnterpriseOfficer.objects.filter(enterprise=older)
    assert (officer.name, officer.id_number, officer.is_legal_representative) == (
        "乌云",
        "150203198505051238",
        True,
    )
    assert not EnterpriseInvestor.objects.filter(enterprise=older).exists()

    counts = [
        m.objects.count()
        for m in (EnterpriseInvestor, EnterpriseContribution, EnterpriseOfficer, EnterpriseBranch)
    ]
    again = _run()
    assert "added 0 investors, 0 officers, 0 branch records" in again
    assert counts == [
        m.objects.count()
        for m in (EnterpriseInvestor, EnterpriseContribution, EnterpriseOfficer, EnterpriseBranch)
    ]
