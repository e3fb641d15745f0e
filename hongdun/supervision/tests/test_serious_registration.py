"""What the lists do to registration: pre-review reads the register's flags (kept by the list
services) instead of what an applicant declares, and the bar a serious listing writes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.enterprises.models import Enterprise
from hongdun.registration.prereview.samples import resident_id
from hongdun.registration.prereview.types import Phase
from hongdun.registration.services import (
    DraftContent,
    application_create_change,
    application_create_deregistration,
    application_prereview,
    application_save,
)
from hongdun.registration.tests.conftest import complete_llc, reserve
from hongdun.supervision.choices import AbnormalReason, ListingStatus, SeriousGround
from hongdun.supervision.services_serious import serious_confirm, serious_propose, serious_remove
from hongdun.supervision.standing import refresh_standing
from hongdun.supervision.tests import factories_serious as f

D = datetime.date


@pytest.fixture
def applicant(make_user: Any) -> Any:
    return make_user(Role.APPLICANT)


@pytest.fixture
def supervisor(make_user: Any, bureau: Any) -> Any:
    return make_user(Role.SUPERVISOR, bureau["kundulun"])


@pytest.fixture
def firm(bureau: Any, applicant: Any) -> Enterprise:
    firm = f.enterprise(bureau["kundulun"])
    f.authorise(applicant, firm)
    return firm


def _rules(defects: list[dict[str, Any]], rule: str) -> list[str]:
    return [d["field"] for d in defects if d["rule"] == rule]


def _simplified_bars(application: Any) -> list[str]:
    """The simplified-deregistration bars pre-review finds now (it reads the register's flags
    each time, so one application shows the enterprise listed and then removed)."""
    defects = application_prereview(application=application, phase=Phase.PUBLISH_NOTICE)
    return _rules(defects, "REG-DER-6")


def _simplified(applicant: Any, firm: Enterprise) -> Any:
    return application_create_deregistration(
        applicant=applicant, enterprise=firm, mode="simplified"
    )


def _remove_abnormal(row: Any) -> None:
    row.status = ListingStatus.REMOVED
    row.removed_on = timezone.localdate()
    row.save()
    refresh_standing([row.enterprise_id])


def test_simplified_deregistration_follows_the_abnormal_list(
    applicant: Any, firm: Enterprise
) -> None:
    application = _simplified(applicant, firm)
    assert "deregistration.on_abnormal_list" not in _simplified_bars(application)
    row = f.abnormal_listed(firm, listed_on=D(2025, 7, 10))
    assert "deregistration.on_abnormal_list" in _simplified_bars(application)
    _remove_abnormal(row)
    assert "deregistration.on_abnormal_list" not in _simplified_bars(application)


def test_simplified_deregistration_follows_the_serious_list(
    applicant: Any, supervisor: Any, firm: Enterprise
) -> None:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=366 * 5 + 2)
    row = serious_propose(
        actor=supervisor,
        enterprise=firm,
        ground=SeriousGround.SERIOUS_PENALTY,
        legal_basis="依据",
        facts="事实",
        basis_on=start,
        today=start,
    )
    row = serious_confirm(
        actor=supervisor, listing=row, decided_on=start, document_number="严1", today=start
    )
    application = _simplified(applicant, firm)
    assert "deregistration.on_serious_violation_list" in _simplified_bars(application)
    serious_remove(
        actor=supervisor, listing=row, removed_on=today, document_number="移1", reason="届满"
    )
    bars = _simplified_bars(application)
    assert "deregistration.on_serious_violation_list" not in bars
    assert "deregistration.on_abnormal_list" not in bars


def _chg6(applicant: Any, application: Any, items: list[str]) -> list[str]:
    application_save(
        applicant=applicant,
        application=application,
        content=DraftContent(
            basic={},
            change_items=[
                {"item": item, "new_value": "内蒙古自治区包头市昆都仑区阿尔丁大街2号"}
                for item in items
            ],
        ),
    )
    return _rules(application_prereview(application=application), "REG-CHG-6")


def test_change_of_an_enterprise_listed_unreachable_needs_an_address_change(
    applicant: Any, firm: Enterprise
) -> None:
    application = application_create_change(applicant=applicant, enterprise=firm, items=["scope"])
    assert _chg6(applicant, application, ["scope"]) == []
    f.abnormal_listed(firm, listed_on=D(2025, 7, 10), reason=AbnormalReason.NOT_FILED)
    assert _chg6(applicant, application, ["scope"]) == []  # another reason: no address needed
    f.abnormal_listed(firm, listed_on=D(2025, 8, 1), reason=AbnormalReason.UNREACHABLE)
    assert _chg6(applicant, application, ["scope"]) == ["change_items"]
    assert _chg6(applicant, application, ["scope", "address"]) == []


def test_a_legal_representative_barred_by_a_serious_listing_is_refused_elsewhere(
    applicant: Any, supervisor: Any, bureau: Any
) -> None:
    barred = resident_id(1)  # the legal representative of complete_llc's company
    listed = f.enterprise(bureau["kundulun"], legal_rep_name="李青", legal_rep_id_number=barred)
    today = timezone.localdate()
    reservation = reserve(applicant, bureau["kundulun"], "包头市青禾科技有限公司", "青禾")
    application = complete_llc(applicant, reservation)
    assert _rules(application_prereview(application=application), "REG-OFF-6") == []
    row = serious_propose(
        actor=supervisor,
        enterprise=listed,
        ground=SeriousGround.SERIOUS_PENALTY,
        legal_basis="依据",
        facts="事实",
        basis_on=today,
    )
    serious_confirm(actor=supervisor, listing=row, decided_on=today, document_number="严2")
    defects = application_prereview(application=application)
    off6 = [d for d in defects if d["rule"] == "REG-OFF-6"]
    assert off6
    assert all(d["blocks"] for d in off6)
    assert "李青" in off6[0]["message"]
