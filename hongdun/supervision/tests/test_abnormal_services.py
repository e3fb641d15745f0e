# ruff: noqa: F811  (the fixtures are imported by name from abnormal_fixtures)
"""The abnormal list's decision services: every refusal of "Bad input" and every success, the
list flags on the register after listing and removal, the audit trail and the notices."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, DocumentVerification, Notification
from hongdun.disclosure.choices import ImmediateKind, VersionStatus
from hongdun.disclosure.engine.window import deadline
from hongdun.disclosure.models import AnnualReportVersion, ImmediateDisclosure
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.services import history_stamp
from hongdun.supervision.choices import (
    AbnormalReason,
    ListingStatus,
    RemovalGround,
    RequestStatus,
)
from hongdun.supervision.engine.deadlines import objection_last_day, removal_decision_due
from hongdun.supervision.models import AbnormalListing, RemovalRequest
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.services_abnormal import (
    LISTING_NOTICE,
    REMOVAL_NOTICE,
    abnormal_confirm,
    abnormal_confirm_bulk,
    abnormal_dismiss,
    abnormal_record_late_reason,
    last_closed_report_year,
    number_prefix_default,
    objection_decide,
    objection_file,
    removal_apply,
    removal_decide,
)
from hongdun.supervision.tests.abnormal_fixtures import (  # noqa: F401
    file_all_missing,
    file_report,
    jiuyuan_company,
    jiuyuan_supervisor,
    kundulun_company,
    listed,
    other_supervisor,
    owner,
    propose,
    stranger,
    supervisor,
    today,
)

pytestmark = pytest.mark.django_db


def _reason_one(enterprise: Enterprise, supervisor) -> AbnormalListing:
    year = last_closed_report_year(today())
    return propose(
        enterprise,
        supervisor,
        reason=AbnormalReason.NOT_FILED,
        basis_on=deadline(year),
        report_year=year,
    )


def _flags(enterprise: Enterprise) -> tuple[bool, bool]:
    enterprise.refresh_from_db()
    return enterprise.on_abnormal_list, enterprise.listed_unreachable


# --- listing ------------------------------------------------------------------------------------


def test_confirm_lists_numbers_flags_audits_and_notifies(kundulun_company, supervisor, owner):
    candidate = propose(kundulun_company, supervisor)
    assert _flags(kundulun_company) == (False, False)  # a candidate is not on the list yet

    row = abnormal_confirm(actor=supervisor, listing=candidate)

    assert row.status == ListingStatus.LISTED
    assert row.listed_on == today()
    prefix = number_prefix_default(row.authority, today().year)
    assert prefix.endswith(f"市监异列〔{today().year}〕")
    assert row.document_number == f"{prefix}1号"
    assert row.decided_by == supervisor
    assert _flags(kundulun_company) == (True, True)
    assert AuditLog.objects.filter(
        action="supervision.abnormal.confirm", object_id=str(row.pk)
    ).exists()
    notice = Notification.objects.get(user=owner)
    assert kundulun_company.name in notice.title
    assert row.document_number in notice.body
    assert DocumentVerification.objects.filter(kind=LISTING_NOTICE, object_id=row.pk).exists()


def test_numbers_follow_on_per_authority_and_a_given_prefix_counts_apart(
    kundulun_company, jiuyuan_company, supervisor, jiuyuan_supervisor
):
    first = abnormal_confirm(actor=supervisor, listing=propose(kundulun_company, supervisor))
    second = abnormal_confirm(
        actor=supervisor,
        listing=propose(kundulun_company, supervisor, reason=AbnormalReason.FALSE_INFORMATION),
    )
    other = abnormal_confirm(
        actor=jiuyuan_supervisor, listing=propose(jiuyuan_company, jiuyuan_supervisor)
    )
    assert first.document_number.endswith("〕1号")
    assert second.document_number.endswith("〕2号")
    assert other.document_number.endswith("〕1号")  # another authority counts on its own
    custom = abnormal_confirm(
        actor=supervisor,
        listing=propose(
            kundulun_company, supervisor, reason=AbnormalReason.IMMEDIATE_NOT_PUBLISHED
        ),
        number_prefix="昆市监异〔2026〕第",
    )
    assert custom.document_number == "昆市监异〔2026〕第1号"


def test_a_number_already_used_is_refused(kundulun_company, supervisor):
    first = abnormal_confirm(actor=supervisor, listing=propose(kundulun_company, supervisor))
    candidate = propose(kundulun_company, supervisor, reason=AbnormalReason.FALSE_INFORMATION)
    with pytest.raises(ApplicationError) as refused:
        abnormal_confirm(actor=supervisor, listing=candidate, document_number=first.document_number)
    assert refused.value.field == "document_number"
    assert first.document_number in refused.value.message


def test_confirming_twice_is_refused_naming_who_decided(kundulun_company, supervisor):
    candidate = propose(kundulun_company, supervisor)
    abnormal_confirm(actor=supervisor, listing=candidate)
    with pytest.raises(ApplicationError) as refused:
        abnormal_confirm(actor=supervisor, listing=candidate)
    assert "监管员甲" in refused.value.message
    assert "无需重复操作" in refused.value.message
    assert AbnormalListing.objects.get(pk=candidate.pk).document_number.endswith("1号")


def test_listing_an_enterprise_that_filed_is_refused(kundulun_company, supervisor):
    candidate = _reason_one(kundulun_company, supervisor)
    file_report(kundulun_company, last_closed_report_year(today()))
    with pytest.raises(ApplicationError) as refused:
        abnormal_confirm(actor=supervisor, listing=candidate, late_reason="核实需要时间")
    assert "不能以未报送年度报告为由列入" in refused.value.message
    assert str(candidate.report_year) in refused.value.message
    candidate.refresh_from_db()
    assert candidate.status == ListingStatus.PROPOSED
    assert _flags(kundulun_company) == (False, False)


def test_deciding_after_the_deadline_needs_a_reason(kundulun_company, supervisor):
    basis = today() - datetime.timedelta(days=40)
    candidate = propose(kundulun_company, supervisor, basis_on=basis)
    assert candidate.decision_due_on < today()
    with pytest.raises(ApplicationError) as refused:
        abnormal_confirm(actor=supervisor, listing=candidate)
    assert refused.value.field == "late_reason"
    assert candidate.decision_due_on.isoformat() in refused.value.message
    # on time (a decision date within the period) needs none
    on_time = abnormal_confirm(
        actor=supervisor, listing=candidate, decided_on=candidate.decision_due_on
    )
    assert on_time.late_reason == ""


def test_a_late_decision_keeps_its_reason(kundulun_company, supervisor):
    candidate = propose(kundulun_company, supervisor, basis_on=today() - datetime.timedelta(40))
    row = abnormal_confirm(actor=supervisor, listing=candidate, late_reason="  等待退信核实  ")
    assert row.late_reason == "等待退信核实"


def test_a_decision_date_in_the_future_or_before_the_basis_is_refused(kundulun_company, supervisor):
    candidate = propose(kundulun_company, supervisor, basis_on=today() - datetime.timedelta(2))
    for day in (today() + datetime.timedelta(1), today() - datetime.timedelta(3)):
        with pytest.raises(ApplicationError) as refused:
            abnormal_confirm(actor=supervisor, listing=candidate, decided_on=day)
        assert refused.value.field == "decided_on"


def test_only_supervisors_in_reach_decide(
    kundulun_company, supervisor, jiuyuan_supervisor, role_users, owner
):
    candidate = propose(kundulun_company, supervisor)
    for user in (jiuyuan_supervisor, role_users["registrar"], role_users["leader"], owner):
        with pytest.raises(PermissionDenied):
            abnormal_confirm(actor=user, listing=candidate)
        with pytest.raises(PermissionDenied):
            abnormal_dismiss(actor=user, listing=candidate, reason="x")


def test_dismiss_needs_a_reason_and_leaves_the_flags_off(kundulun_company, supervisor):
    candidate = propose(kundulun_company, supervisor)
    with pytest.raises(ApplicationError) as refused:
        abnormal_dismiss(actor=supervisor, listing=candidate, reason="  ")
    assert refused.value.field == "reason"
    row = abnormal_dismiss(actor=supervisor, listing=candidate, reason="已核实可以联系")
    assert row.status == ListingStatus.DISMISSED
    assert row.dismissed_reason == "已核实可以联系"
    assert _flags(kundulun_company) == (False, False)
    assert AuditLog.objects.filter(action="supervision.abnormal.dismiss").count() == 1
    # a dismissed entry is closed: the enterprise may be proposed again for the same reason
    assert propose(kundulun_company, supervisor).status == ListingStatus.PROPOSED


def test_late_reason_recorded_only_when_overdue(kundulun_company, supervisor):
    on_time = propose(kundulun_company, supervisor)
    with pytest.raises(ApplicationError) as refused:
        abnormal_record_late_reason(actor=supervisor, listing=on_time, late_reason="x")
    assert "尚未逾期" in refused.value.message
    abnormal_dismiss(actor=supervisor, listing=on_time, reason="重复")
    overdue = propose(kundulun_company, supervisor, basis_on=today() - datetime.timedelta(40))
    row = abnormal_record_late_reason(actor=supervisor, listing=overdue, late_reason="人手不足")
    assert row.late_reason == "人手不足"
    # the recorded reason serves the late decision
    assert abnormal_confirm(actor=supervisor, listing=overdue, late_reason=row.late_reason)


def test_bulk_confirm_numbers_each_in_one_transaction(bureau, supervisor, owner):
    from hongdun.enterprises.tests.factories import register

    companies = [register(f"包头市批量列入测试{n}有限公司", bureau["kundulun"]) for n in "甲乙丙"]
    candidates = [propose(company, supervisor) for company in companies]
    rows = abnormal_confirm_bulk(actor=supervisor, listings=candidates)
    assert [row.document_number[-3:] for row in rows] == ["〕1号", "〕2号", "〕3号"]
    assert {row.status for row in rows} == {ListingStatus.LISTED}
    for company in companies:
        assert _flags(company) == (True, True)


def test_bulk_confirm_is_all_or_none_and_names_the_refused_enterprise(
    bureau, kundulun_company, supervisor
):
    from hongdun.enterprises.tests.factories import register

    fine = propose(register("包头市批量正常有限公司", bureau["kundulun"]), supervisor)
    filed = _reason_one(kundulun_company, supervisor)
    file_report(kundulun_company, last_closed_report_year(today()))
    with pytest.raises(ApplicationError) as refused:
        abnormal_confirm_bulk(
            actor=supervisor, listings=[fine.pk, filed.pk], late_reason="统一核实后决定"
        )
    assert kundulun_company.name in refused.value.message
    assert not AbnormalListing.objects.filter(status=ListingStatus.LISTED).exists()
    with pytest.raises(ApplicationError):
        abnormal_confirm_bulk(actor=supervisor, listings=[])


def test_bulk_confirm_out_of_reach_is_denied(kundulun_company, supervisor, jiuyuan_supervisor):
    candidate = propose(kundulun_company, supervisor)
    with pytest.raises(PermissionDenied):
        abnormal_confirm_bulk(actor=jiuyuan_supervisor, listings=[candidate])


# --- removal --------------------------------------------------------------------------------------


def test_removal_ground_must_fit_the_reason(kundulun_company, supervisor, owner):
    row = listed(kundulun_company, supervisor)
    with pytest.raises(ApplicationError) as refused:
        removal_apply(actor=owner, listing=row, ground=RemovalGround.REPORT_FILED)
    assert refused.value.field == "ground"
    assert str(RemovalGround.ADDRESS_CHANGED.label) in refused.value.message
    with pytest.raises(ApplicationError):
        removal_apply(actor=owner, listing=row, ground="nonsense")


def test_removal_not_cured_is_refused_naming_the_missing_years(kundulun_company, supervisor, owner):
    candidate = _reason_one(kundulun_company, supervisor)
    row = abnormal_confirm(actor=supervisor, listing=candidate, late_reason="核实")
    with pytest.raises(ApplicationError) as refused:
        removal_apply(actor=owner, listing=row, ground=RemovalGround.REPORT_FILED)
    assert str(candidate.report_year) in refused.value.message
    assert "补报" in refused.value.message
    assert not RemovalRequest.objects.exists()


def test_reason_one_cured_applies_and_is_granted(kundulun_company, supervisor, owner):
    candidate = _reason_one(kundulun_company, supervisor)
    row = abnormal_confirm(actor=supervisor, listing=candidate, late_reason="核实")
    years = file_all_missing(kundulun_company)
    assert candidate.report_year in years
    request = removal_apply(
        actor=owner, listing=row, ground=RemovalGround.REPORT_FILED, statement="已补报"
    )
    assert request.status == RequestStatus.PENDING
    assert request.due_on == removal_decision_due(supervision_rules(), today(), add_working_days)
    with pytest.raises(ApplicationError):  # one pending application at a time
        removal_apply(actor=owner, listing=row, ground=RemovalGround.REPORT_FILED)

    decided = removal_decide(actor=supervisor, request=request, grant=True)

    assert decided.status == RequestStatus.GRANTED
    row.refresh_from_db()
    assert row.status == ListingStatus.REMOVED
    assert row.removed_on == today()
    assert row.removal_ground == RemovalGround.REPORT_FILED
    assert row.removal_document_number == (
        f"{number_prefix_default(row.authority, today().year, removal=True)}1号"
    )
    assert _flags(kundulun_company) == (False, False)
    assert DocumentVerification.objects.filter(kind=REMOVAL_NOTICE, object_id=row.pk).exists()
    assert Notification.objects.filter(user=owner, title__contains="已移出").exists()


def test_removing_one_that_has_not_cured_is_refused(kundulun_company, supervisor):
    candidate = _reason_one(kundulun_company, supervisor)
    row = abnormal_confirm(actor=supervisor, listing=candidate, late_reason="核实")
    # an application the records no longer support (entered before the check, or by other means)
    request = RemovalRequest.objects.create(
        listing=row,
        ground=RemovalGround.REPORT_FILED,
        applied_on=today(),
        due_on=today() + datetime.timedelta(days=7),
    )
    with pytest.raises(ApplicationError) as refused:
        removal_decide(actor=supervisor, request=request, grant=True)
    assert "不能移出" in refused.value.message
    row.refresh_from_db()
    assert row.status == ListingStatus.LISTED
    assert _flags(kundulun_company) == (True, False)


def test_refusing_a_removal_needs_a_reason(kundulun_company, supervisor, owner):
    row = listed(kundulun_company, supervisor)
    request = removal_apply(
        actor=supervisor,
        listing=row,
        ground=RemovalGround.REACHABLE,
        statement="2026年某日上门核实，可以联系。",
    )
    with pytest.raises(ApplicationError) as refused:
        removal_decide(actor=supervisor, request=request, grant=False)
    assert refused.value.field == "reason"
    decided = removal_decide(
        actor=supervisor, request=request, grant=False, reason="核实记录不完整，请补充。"
    )
    assert decided.status == RequestStatus.REFUSED
    row.refresh_from_db()
    assert row.status == ListingStatus.LISTED
    assert Notification.objects.filter(user=owner, title__contains="不予准许").exists()


def test_deciding_a_removal_after_its_deadline_needs_a_reason(kundulun_company, supervisor):
    row = listed(kundulun_company, supervisor, decided_on=today() - datetime.timedelta(days=20))
    request = RemovalRequest.objects.create(
        listing=row,
        ground=RemovalGround.REACHABLE,
        statement="上门核实可以联系",
        applied_on=today() - datetime.timedelta(days=15),
        due_on=today() - datetime.timedelta(days=5),
    )
    with pytest.raises(ApplicationError) as refused:
        removal_decide(actor=supervisor, request=request, grant=True)
    assert refused.value.field == "late_reason"
    decided = removal_decide(actor=supervisor, request=request, grant=True, late_reason="节假日")
    assert decided.late_reason == "节假日"


def test_reachable_is_a_clerks_finding_with_facts(kundulun_company, supervisor, owner):
    row = listed(kundulun_company, supervisor)
    with pytest.raises(ApplicationError) as refused:
        removal_apply(actor=owner, listing=row, ground=RemovalGround.REACHABLE, statement="能联系")
    assert "登记机关" in refused.value.message
    with pytest.raises(ApplicationError) as no_facts:
        removal_apply(actor=supervisor, listing=row, ground=RemovalGround.REACHABLE)
    assert no_facts.value.field == "statement"


def test_an_address_change_after_listing_cures_reason_four(kundulun_company, supervisor, owner):
    row = listed(kundulun_company, supervisor, decided_on=today() - datetime.timedelta(days=3))
    with pytest.raises(ApplicationError) as refused:
        removal_apply(actor=owner, listing=row, ground=RemovalGround.ADDRESS_CHANGED)
    assert "没有变更" in refused.value.message
    company = Enterprise.objects.get(pk=kundulun_company.pk)
    company.address = "内蒙古自治区包头市昆都仑区阿尔丁大街99号"
    history_stamp(company, on=today())
    company.save()
    request = removal_apply(actor=owner, listing=row, ground=RemovalGround.ADDRESS_CHANGED)
    assert request.ground == RemovalGround.ADDRESS_CHANGED


def test_reason_two_and_three_cures_read_the_disclosures(kundulun_company, supervisor, owner):
    two = listed(kundulun_company, supervisor, reason=AbnormalReason.IMMEDIATE_NOT_PUBLISHED)
    three = listed(kundulun_company, supervisor, reason=AbnormalReason.FALSE_INFORMATION)
    with pytest.raises(ApplicationError):
        removal_apply(actor=owner, listing=two, ground=RemovalGround.INFORMATION_PUBLISHED)
    with pytest.raises(ApplicationError):
        removal_apply(actor=owner, listing=three, ground=RemovalGround.INFORMATION_CORRECTED)
    ImmediateDisclosure.objects.create(
        enterprise=kundulun_company,
        kind=ImmediateKind.PENALTY,
        occurred_on=today(),
        due_on=today(),
        published_at=timezone.now(),
        published_by=owner,
        details={"content": "警告"},
    )
    assert removal_apply(actor=owner, listing=two, ground=RemovalGround.INFORMATION_PUBLISHED)
    report = file_report(kundulun_company, last_closed_report_year(today()))
    AnnualReportVersion.objects.create(
        report=report, number=2, status=VersionStatus.SUBMITTED, submitted_at=timezone.now()
    )
    assert removal_apply(actor=owner, listing=three, ground=RemovalGround.INFORMATION_CORRECTED)


def test_another_enterprises_user_may_not_apply_or_object(kundulun_company, supervisor, stranger):
    row = listed(kundulun_company, supervisor)
    with pytest.raises(PermissionDenied):
        removal_apply(actor=stranger, listing=row, ground=RemovalGround.ADDRESS_CHANGED)
    with pytest.raises(PermissionDenied):
        objection_file(actor=stranger, listing=row, grounds="x")


def test_applying_for_a_candidate_is_refused(kundulun_company, supervisor, owner):
    candidate = propose(kundulun_company, supervisor)
    with pytest.raises(ApplicationError) as refused:
        removal_apply(actor=supervisor, listing=candidate, ground=RemovalGround.REACHABLE)
    assert refused.value.field == "listing"


# --- objections -----------------------------------------------------------------------------------


def test_objection_within_the_period_and_upheld_removes(kundulun_company, supervisor, owner):
    row = listed(kundulun_company, supervisor)
    pending = removal_apply(
        actor=supervisor, listing=row, ground=RemovalGround.REACHABLE, statement="上门核实"
    )
    with pytest.raises(ApplicationError) as empty:
        objection_file(actor=owner, listing=row, grounds=" ")
    assert empty.value.field == "grounds"
    objection = objection_file(actor=owner, listing=row, grounds="住所一直正常经营，有租赁合同。")
    with pytest.raises(ApplicationError):
        objection_file(actor=owner, listing=row, grounds="再次提出")
    with pytest.raises(ApplicationError) as no_reason:
        objection_decide(actor=supervisor, objection=objection, upheld=True)
    assert no_reason.value.field == "reason"

    decided = objection_decide(
        actor=supervisor, objection=objection, upheld=True, reason="核实租赁合同属实"
    )

    assert decided.status == RequestStatus.GRANTED
    row.refresh_from_db()
    assert row.status == ListingStatus.REMOVED
    assert row.removal_ground == RemovalGround.OBJECTION_UPHELD
    assert row.removal_document_number
    assert _flags(kundulun_company) == (False, False)
    pending.refresh_from_db()
    assert pending.status == RequestStatus.WITHDRAWN


def test_objection_rejected_keeps_the_listing(kundulun_company, supervisor, owner):
    row = listed(kundulun_company, supervisor)
    objection = objection_file(actor=owner, listing=row, grounds="不同意")
    decided = objection_decide(
        actor=supervisor, objection=objection, upheld=False, reason="多次邮寄均被退回"
    )
    assert decided.status == RequestStatus.REFUSED
    assert decided.decision_reason == "多次邮寄均被退回"
    row.refresh_from_db()
    assert row.status == ListingStatus.LISTED
    assert Notification.objects.filter(user=owner, title__contains="异议不成立").exists()


def test_objection_after_the_period_is_refused_naming_the_last_day(
    kundulun_company, supervisor, owner
):
    listed_on = today() - datetime.timedelta(days=60)
    row = listed(kundulun_company, supervisor, decided_on=listed_on)
    last = objection_last_day(supervision_rules(), listed_on, add_working_days)
    assert last < today()
    with pytest.raises(ApplicationError) as refused:
        objection_file(actor=owner, listing=row, grounds="不同意")
    assert last.isoformat() in refused.value.message
