"""Issue 10's browser tests, in a real Chromium against the live server.

The abnormal-operation list, end to end: the city bureau's supervisor runs 1 July's proposal for a
small register (a dry run, then the commit), confirms two of the three candidates with the bulk
selection, records the late annual report (补报) the enterprise brings on paper — after the window
the portal refuses the online filing and sends the enterprise to the registration authority
(docs/rules/disclosure.md §2.1) —, the enterprise's user applies for removal on the portal, the
supervisor grants it, and an anonymous visitor reads the whole story on the public page while the
second listed enterprise still carries the mark.

Random inspections, shorter: a supervisor creates a plan, draws it, publishes the draw, enters
"not found" for one task and publishes that result; the public plan page shows the seed and the
published result, the other task's result as not yet published.

"Today" is the real date (the portal and the decisions use it); the report year is the latest
whose window has closed, and the proposal runs on 1 July of the year after it, so the listing is
decided within its deadline and the removal afterwards.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hongdun.accounts.roles import Role
from hongdun.disclosure.models import AnnualReport
from hongdun.disclosure.tests.factories_reports import authorise, company
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.supervision.choices import InspectionKind, InspectionResult, ListingStatus
from hongdun.supervision.models import AbnormalListing, InspectionPlan, InspectionTask
from hongdun.supervision.services_abnormal import last_closed_report_year
from hongdun.supervision.tests.factories_inspection import build_world
from hongdun.testing.browser import assert_styled, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A complete company report that balances (assets = liabilities + equity).
FIGURES = {
    "employees": "12",
    "total_assets": "3000000",
    "total_liabilities": "1000000",
    "guarantees_amount": "0",
    "owners_equity": "2000000",
    "total_revenue": "4200000",
    "main_business_revenue": "4000000",
    "total_profit": "150000",
    "net_profit": "120000",
    "total_tax": "90000",
}


def confirm(page: Page, button) -> None:
    """Submit through the page's confirmation dialog."""
    button.click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    with page.expect_navigation():
        dialog.get_by_test_id("confirm-ok").click()


def queue_row(page: Page, enterprise: Enterprise):
    return page.get_by_test_id("queue-row").filter(has_text=enterprise.uscc)


def test_proposal_listing_late_report_removal_and_the_public_record(
    browser_pages, bureau, make_user
):
    today = timezone.localdate()
    report_year = last_closed_report_year(today)
    proposal_day = date(report_year + 1, 7, 1)
    decided_on = min(proposal_day + timedelta(days=9), today)
    city = bureau["baotou"]
    # The register: three companies established in the report year (so that year's report is
    # their first) that never filed it.
    founded = date(report_year, 3, 1)
    qingshan = company(city, "包头市青山钢材有限公司", established_on=founded)
    hexi = register("包头市河西商贸有限公司", city, trade_name="河西商贸", established_on=founded)
    donghe = register("包头市东河物流有限公司", city, trade_name="东河物流", established_on=founded)
    clerk = make_user(Role.SUPERVISOR, city, first_name="李监管")
    filer = make_user(Role.APPLICANT)
    authorise(filer, qingshan)
    origin = browser_pages.origin

    # --- the scheduled run: a dry run, then the commit -----------------------------------------
    staff, staff_traffic = browser_pages.open("/staff/supervision/runs/", clerk)
    assert_styled(staff)
    expect(staff.get_by_test_id("no-runs")).to_be_visible()
    staff.get_by_test_id("run-day-link").click()
    staff.wait_for_url("**/staff/supervision/runs/run/")
    staff.locator("input[name=day]").fill(proposal_day.isoformat())
    staff.locator("input[name=steps][value=july_proposals]").check()
    with staff.expect_navigation():
        staff.locator("button[name=action][value=preview]").click()
    preview = staff.get_by_test_id("preview")
    expect(preview).to_contain_text(f"{proposal_day.isoformat()} 试运行结果")
    expect(preview.locator("[data-job=july_proposals]")).to_contain_text("proposed=3")
    expect(preview.locator("tr[data-job]")).to_have_count(1)
    screenshot(staff, "supervision-run-preview.png")
    assert not AbnormalListing.objects.exists()  # a dry run writes no entry
    with staff.expect_navigation():
        staff.get_by_test_id("commit-form").locator("button[value=commit]").click()
    staff.wait_for_url("**/staff/supervision/runs/")
    expect(staff.locator(".msg-success")).to_contain_text(
        f"已运行{proposal_day.isoformat()}的1个步骤。"
    )
    runs = staff.get_by_test_id("runs").locator("tbody tr")
    expect(runs).to_have_count(2)  # the commit and the dry run before it
    expect(runs.filter(has_text="否（试运行）")).to_have_count(1)
    committed = runs.filter(has_text="proposed=3").filter(has_not_text="否（试运行）")
    expect(committed).to_have_count(1)
    expect(committed).to_contain_text("李监管")
    committed.get_by_role("link").click()
    staff.wait_for_url("**/staff/supervision/runs/*/")
    proposed_rows = staff.get_by_test_id("run-abnormal").locator("tbody tr[data-listing]")
    expect(proposed_rows).to_have_count(3)
    for enterprise in (qingshan, hexi, donghe):
        row = proposed_rows.filter(has_text=enterprise.uscc)
        expect(row).to_contain_text("待决定")
        expect(row).to_contain_text(str(report_year))

    # --- the abnormal-list queue: two candidates confirmed together ----------------------------
    staff.goto(f"{origin}/staff/supervision/abnormal/")
    expect(staff.get_by_test_id("queue-row")).to_have_count(3)
    for enterprise in (qingshan, hexi, donghe):
        expect(queue_row(staff, enterprise)).to_contain_text("待决定")
        expect(queue_row(staff, enterprise)).to_contain_text(f"（{report_year}年度）")
    staff.get_by_role("checkbox", name=f"选择 {qingshan.name}").check()
    staff.get_by_role("checkbox", name=f"选择 {hexi.name}").check()
    form = staff.get_by_test_id("bulk-confirm-form")
    form.locator("input[name=decided_on]").fill(decided_on.isoformat())
    confirm(staff, staff.get_by_test_id("bulk-confirm"))
    expect(staff.locator(".msg-success")).to_contain_text("已列入 2 户")
    listed = {row.enterprise_id: row for row in AbnormalListing.objects.filter(status="listed")}
    assert set(listed) == {qingshan.pk, hexi.pk}
    first, second = listed[qingshan.pk], listed[hexi.pk]
    for enterprise, listing in ((qingshan, first), (hexi, second)):
        row = queue_row(staff, enterprise)
        expect(row).to_contain_text("已列入")
        expect(row).to_contain_text(decided_on.isoformat())
        expect(row).to_contain_text(listing.document_number)
        expect(row.locator("input[type=checkbox]")).to_have_count(0)
    expect(queue_row(staff, donghe)).to_contain_text("待决定")
    expect(queue_row(staff, donghe).locator("input[type=checkbox]")).to_have_count(1)
    screenshot(staff, "supervision-abnormal-queue.png")

    # --- the enterprise: the portal refuses the late filing online ----------------------------
    portal, portal_traffic = browser_pages.open("/enterprise/abnormal-list/", filer)
    rows = portal.get_by_test_id("listing-row")
    expect(rows).to_have_count(1)  # only the enterprise the user acts for
    expect(rows).to_contain_text(qingshan.name)
    expect(rows).to_contain_text(decided_on.isoformat())
    expect(rows).to_contain_text("已列入")
    portal.goto(f"{origin}/enterprise/annual-reports/")
    year_row = portal.locator(f"[data-testid=report-year][data-year='{report_year}']")
    expect(year_row).to_be_visible()
    year_row.get_by_test_id("open-year").click()
    portal.wait_for_url(f"**/enterprise/annual-reports/{qingshan.uscc}/{report_year}/")
    expect(portal.get_by_test_id("late-notice")).to_contain_text("到登记机关补报")
    expect(portal.get_by_test_id("fill")).to_have_count(0)

    # --- the supervisor records the report brought on paper (补报) -----------------------------
    staff.goto(f"{origin}/staff/disclosure/annual-reports/paper/")
    staff.get_by_test_id("uscc").fill(qingshan.uscc)
    staff.get_by_test_id("year").fill(str(report_year))
    with staff.expect_navigation():
        staff.get_by_test_id("find-enterprise").locator("button[type=submit]").click()
    expect(staff.get_by_test_id("paper-enterprise")).to_contain_text(qingshan.name)
    paper = staff.get_by_test_id("paper-form")
    expect(paper.locator("input[name='contributions-0-investor_name']")).to_have_value("王建国")
    paper.get_by_test_id("received-on").fill(today.isoformat())
    paper.get_by_test_id("phone").fill("0472-5123456")
    paper.locator("input[name=postal_code]").fill("014030")
    for name, value in FIGURES.items():
        paper.get_by_test_id(f"input-{name}").fill(value)
        paper.get_by_test_id(f"public-{name}").check()
    confirm(staff, staff.get_by_test_id("paper-submit"))
    expect(staff.locator(".msg-success")).to_contain_text("逾期补报")
    report = AnnualReport.objects.get(enterprise=qingshan, year=report_year)
    assert report.filed_late
    assert report.first_submitted_at is not None

    # --- the enterprise applies for removal ----------------------------------------------------
    portal.goto(f"{origin}/enterprise/abnormal-list/")
    portal.get_by_test_id("listing-row").get_by_role("link", name=qingshan.name).click()
    portal.wait_for_url(f"**/enterprise/abnormal-list/{first.pk}/")
    expect(portal.get_by_test_id("listing-status")).to_have_text("已列入")
    expect(portal.get_by_test_id("listing-facts")).to_contain_text(first.document_number)
    portal.get_by_test_id("apply-link").click()
    portal.wait_for_url(f"**/enterprise/abnormal-list/{first.pk}/removal/")
    apply = portal.get_by_test_id("apply-form")
    expect(apply.locator("select[name=ground] option")).to_have_text(
        ["已补报未报年份的年度报告并公示"]
    )
    apply.locator("textarea[name=statement]").fill(f"已于{today.isoformat()}到登记机关补报。")
    with portal.expect_navigation():
        apply.locator("button[type=submit]").click()
    portal.wait_for_url(f"**/enterprise/abnormal-list/{first.pk}/")
    requests = portal.get_by_test_id("removal-requests").locator("tbody tr")
    expect(requests).to_have_count(1)
    expect(requests).to_contain_text("待处理")
    expect(portal.get_by_test_id("apply-link")).to_have_count(0)  # one pending at a time

    # --- the supervisor grants the removal -----------------------------------------------------
    staff.goto(f"{origin}/staff/supervision/abnormal/removals/")
    pending = staff.get_by_test_id("queue-row")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text("已补报未报年份的年度报告并公示")
    expect(pending).to_contain_text("待处理")
    pending.get_by_role("link", name=qingshan.name).click()
    staff.wait_for_url(f"**/staff/supervision/abnormal/{first.pk}/*")
    decide = staff.get_by_test_id("removal-decide-form")
    decide.get_by_label("准予移出").check()
    confirm(staff, decide.locator("button[type=submit]"))
    expect(staff.locator(".msg-success")).to_contain_text("已准予移出。")
    expect(staff.get_by_test_id("listing-status")).to_have_text("已移出")
    screenshot(staff, "supervision-abnormal-removed.png")
    first.refresh_from_db()
    assert first.status == ListingStatus.REMOVED
    assert first.removed_on == today
    assert first.removal_document_number

    portal.goto(f"{origin}/enterprise/abnormal-list/{first.pk}/")
    expect(portal.get_by_test_id("listing-status")).to_have_text("已移出")
    expect(portal.get_by_test_id("removal-requests").locator("tbody tr")).to_contain_text("准予")
    expect(portal.get_by_test_id("removal-notice")).to_be_visible()

    # --- the public record ---------------------------------------------------------------------
    public, public_traffic = browser_pages.open(f"/enterprises/{qingshan.uscc}/")
    assert_styled(public)
    expect(public.get_by_test_id("enterprise-name")).to_have_text(qingshan.name)
    expect(public.get_by_test_id("on-abnormal-list")).to_have_count(0)
    section = public.locator("section[data-section=abnormal_operations]")
    expect(section.locator("h2")).to_have_text("列入经营异常名录信息")
    entries = section.get_by_test_id("abnormal-entry")
    expect(entries).to_have_count(1)
    cells = entries.locator("td")
    expect(cells.nth(1)).to_contain_text("未按照规定的期限公示年度报告")
    expect(cells.nth(1)).to_contain_text(f"决定书文号：{first.document_number}")
    expect(cells.nth(2)).to_have_text(decided_on.isoformat())
    expect(cells.nth(3)).to_have_text(city.name)
    expect(cells.nth(4)).to_contain_text("已补报未报年份的年度报告并公示")
    expect(cells.nth(4)).to_contain_text(f"决定书文号：{first.removal_document_number}")
    expect(cells.nth(5)).to_have_text(today.isoformat())
    expect(cells.nth(6)).to_have_text(city.name)
    late = public.locator("section[data-section=annual_reports]")
    expect(late).to_contain_text(f"{report_year}年度报告")
    expect(late).to_contain_text("逾期报送")
    screenshot(public, "supervision-public-abnormal-removed.png")

    public.goto(f"{origin}/enterprises/{hexi.uscc}/")
    expect(public.get_by_test_id("on-abnormal-list")).to_have_text("列入经营异常名录")
    still = public.locator("section[data-section=abnormal_operations]").get_by_test_id(
        "abnormal-entry"
    )
    expect(still).to_have_count(1)
    expect(still.locator("td").nth(1)).to_contain_text(second.document_number)
    expect(still.locator("td").nth(2)).to_have_text(decided_on.isoformat())
    expect(still.locator("td").nth(4)).to_have_text("—")
    expect(still.locator("td").nth(5)).to_have_text("—")

    # the candidate nobody decided is not public
    public.goto(f"{origin}/enterprises/{donghe.uscc}/")
    expect(public.get_by_test_id("on-abnormal-list")).to_have_count(0)
    expect(
        public.locator("section[data-section=abnormal_operations]").get_by_test_id("empty")
    ).to_have_text("暂无列入经营异常名录信息。")

    for traffic in (staff_traffic, portal_traffic, public_traffic):
        traffic.assert_local_and_clean()


def test_inspection_plan_draw_result_and_public_plan_page(browser_pages, bureau, make_user):
    """A supervisor creates a plan, draws it, publishes the draw, enters "not found" for one
    task and publishes it; the public plan page shows the seed and that result only."""
    world = build_world(bureau, make_user, enterprises=8)
    today = timezone.localdate()
    origin = browser_pages.origin

    staff, staff_traffic = browser_pages.open("/staff/supervision/inspections/", world.supervisor)
    staff.goto(f"{origin}/staff/supervision/inspections/new/")
    plan_form = staff.get_by_test_id("plan-form")
    plan_form.locator("input[name=year]").fill(str(today.year))
    plan_form.locator("input[name=title]").fill("昆区一般事项随机抽查")
    plan_form.locator("select[name=kind]").select_option(InspectionKind.UNTARGETED)
    plan_form.locator("input[name=ratio]").fill("0.25")
    with staff.expect_navigation():
        staff.get_by_test_id("plan-save").click()
    expect(staff.locator(".msg-success")).to_contain_text("抽查计划已保存。")
    plan = InspectionPlan.objects.get()
    assert staff.url.endswith(f"/staff/supervision/inspections/{plan.pk}/")
    expect(staff.get_by_test_id("plan-title")).to_have_text(f"{today.year} · 昆区一般事项随机抽查")
    expect(staff.get_by_test_id("population-total")).to_have_text("8")

    # the draw, then its publication (each asks first)
    confirm(staff, staff.get_by_test_id("draw"))
    seed = staff.get_by_test_id("draw-seed").inner_text()
    assert len(seed) == 32
    tasks = staff.get_by_test_id("task-row")
    expect(tasks).to_have_count(2)
    expect(staff.get_by_test_id("published-at")).to_have_text("未公布")
    confirm(staff, staff.get_by_test_id("publish"))
    expect(staff.locator(".msg-success")).to_contain_text("抽取结果已公布。")
    expect(staff.get_by_test_id("published-at")).not_to_have_text("未公布")
    screenshot(staff, "supervision-inspection-drawn.png")
    drawn = list(InspectionTask.objects.filter(plan=plan).order_by("rank"))
    target, other = drawn

    # the result of the first task: the enterprise could not be found at its address
    staff.goto(f"{origin}/staff/supervision/inspections/results/plans/{plan.pk}/")
    staff.locator(f"tr[data-task='{target.pk}']").get_by_role("link", name="录入").click()
    staff.wait_for_url(f"**/staff/supervision/inspections/results/tasks/{target.pk}/")
    entry = staff.get_by_test_id("result-form")
    entry.locator("select[name=result]").select_option(InspectionResult.NOT_FOUND)
    entry.locator("input[name=inspected_on]").fill(today.isoformat())
    entry.locator("textarea[name=findings]").fill(
        "到登记住所实地核查，该处已由其他单位使用，电话无法接通。"
    )
    with staff.expect_navigation():
        staff.get_by_test_id("result-submit").click()
    expect(staff.get_by_test_id("current-result")).to_have_text(
        "通过登记的住所（经营场所）无法联系"
    )
    expect(staff.get_by_test_id("listing")).to_contain_text("待决定")

    staff.goto(f"{origin}/staff/supervision/inspections/results/plans/{plan.pk}/")
    row = staff.locator(f"tr[data-task='{target.pk}']")
    expect(row).to_contain_text("已列入经营异常名录候选")
    expect(staff.locator(f"tr[data-task='{other.pk}'] input[type=checkbox]")).to_have_count(0)
    row.get_by_role("checkbox").check()
    confirm(staff, staff.get_by_test_id("publish-selected"))
    expect(staff.locator(".msg-success")).to_contain_text("已公示 1 条检查结果。")
    expect(staff.locator(f"tr[data-task='{target.pk}']")).to_contain_text(today.isoformat())
    staff_traffic.assert_local_and_clean()

    # the public plan page
    public, public_traffic = browser_pages.open(f"/supervision/inspections/{plan.pk}/")
    assert_styled(public)
    expect(public.get_by_test_id("plan-title")).to_have_text(f"{today.year} 昆区一般事项随机抽查")
    expect(public.get_by_test_id("seed")).to_have_text(seed)
    expect(public.get_by_test_id("population-count")).to_have_text("8")
    rows = public.get_by_test_id("drawn-enterprises").locator("tbody tr")
    expect(rows).to_have_count(2)
    published = rows.filter(has_text=target.enterprise.uscc)
    expect(published.get_by_test_id("result")).to_have_text("通过登记的住所（经营场所）无法联系")
    expect(published).to_contain_text(today.isoformat())
    expect(published).to_contain_text(target.inspector_a.name)
    expect(
        rows.filter(has_text=other.enterprise.uscc).get_by_test_id("not-published")
    ).to_have_text("检查结果尚未公示")
    expect(public.get_by_test_id("drawn")).to_contain_text("已公示 1 户的检查结果。")
    assert "到登记住所实地核查" not in public.content()  # the findings are not public
    screenshot(public, "supervision-inspection-public.png")
    public_traffic.assert_local_and_clean()
