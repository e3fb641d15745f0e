"""The issue's browser test: an enterprise user files a report with one arithmetic warning, hides
two figures, submits, and corrects it; the anonymous public page then shows both versions without
the hidden figures."""

import pytest
from playwright.sync_api import expect

from hongdun.disclosure.models import AnnualReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIGURES = {
    "employees": "25",
    "total_assets": "5000100",  # ≠ liabilities + equity by 100: the one warning
    "total_liabilities": "3000000",
    "guarantees_amount": "0",
    "owners_equity": "2000000",
    "total_revenue": "8000000",
    "main_business_revenue": "7500000",
    "total_profit": "-123457",
    "net_profit": "-98765",
    "total_tax": "300000",
}
HIDDEN = ("total_profit", "net_profit")


def submit_confirmed(page):
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("confirm-ok").click()


def test_file_with_a_warning_hide_two_figures_submit_and_correct(
    browser_pages, open_window, filer, report_enterprise
):
    page, traffic = browser_pages.open("/enterprise/annual-reports/", filer)
    page.locator(f"[data-testid=report-year][data-year='{open_window}'] a").click()
    page.get_by_test_id("fill").click()
    # prefilled from the register
    expect(page.locator("input[name='contributions-0-investor_name']")).to_have_value("王建国")
    page.get_by_test_id("phone").fill("0472-1234567")
    page.locator("input[name=postal_code]").fill("014010")
    for name, value in FIGURES.items():
        page.get_by_test_id(f"input-{name}").fill(value)
        box = page.get_by_test_id(f"public-{name}")
        if name in HIDDEN:
            box.uncheck()
        else:
            box.check()
    # the live check shows the one warning, and no error
    warning = page.locator("[data-testid=problem][data-code=balance_sheet]")
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("data-severity", "warning")
    errors = page.locator("[data-testid=problem][data-severity=error]")
    expect(errors, errors.all_inner_texts().__str__()).to_have_count(0)
    # save as draft, then submit with confirmation
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    expect(page.locator(".msg-success")).to_contain_text("草稿已保存")
    expect(page.get_by_test_id("input-total_assets")).to_have_value("5000100.00")
    submit_confirmed(page)
    expect(page.get_by_test_id("receipt")).to_be_visible()
    expect(page.get_by_test_id("receipt-number")).to_contain_text(f"NB{open_window}-")

    # correct it: the balance fixed, a note given
    page.goto(
        f"{browser_pages.origin}/enterprise/annual-reports/{report_enterprise.uscc}/{open_window}/"
    )
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-state", "filed")
    page.get_by_test_id("correct").click()
    page.get_by_test_id("input-total_assets").fill("5000000")
    expect(page.locator("[data-testid=problem][data-code=balance_sheet]")).to_have_count(0)
    page.get_by_test_id("note").fill("资产总额填报有误，予以更正")
    submit_confirmed(page)
    expect(page.get_by_test_id("receipt")).to_contain_text("第1次更正")
    page.goto(
        f"{browser_pages.origin}/enterprise/annual-reports/{report_enterprise.uscc}/{open_window}/"
    )
    expect(page.get_by_test_id("version-row")).to_have_count(2)
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-state", "corrected")
    expect(page.get_by_test_id("shown-net_profit")).to_have_attribute("data-public", "no")
    traffic.assert_local_and_clean()

    report = AnnualReport.objects.get()
    first, second = report.versions.order_by("number")
    assert first.total_assets == 5000100
    assert second.total_assets == 5000000
    for version in (first, second):
        assert set(version.public_figures) == set(FIGURES) - set(HIDDEN)

    # the anonymous public page shows both versions, without the hidden figures
    public, public_traffic = browser_pages.open(f"/enterprises/{report_enterprise.uscc}/")
    section = public.get_by_test_id(f"annual-report-{open_window}")
    versions = section.get_by_test_id("report-version")
    expect(versions).to_have_count(2)
    expect(versions.nth(0).locator("[data-figure=total_assets]")).to_have_text("5,000,100.00")
    expect(versions.nth(1).locator("[data-figure=total_assets]")).to_have_text("5,000,000.00")
    expect(versions.nth(1)).to_contain_text("资产总额填报有误，予以更正")
    for index in (0, 1):
        for name in HIDDEN:
            expect(versions.nth(index).locator(f"[data-figure={name}]")).to_have_text(
                "企业选择不公示"
            )
    body = public.content()
    for name in HIDDEN:
        digits = FIGURES[name].lstrip("-")
        assert digits not in body
        assert f"{int(digits):,}" not in body
    public_traffic.assert_local_and_clean()
