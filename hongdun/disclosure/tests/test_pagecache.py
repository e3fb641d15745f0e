"""The cache of the public record (hongdun.enterprises.public_cache): the public gets the cached
rendering, every write to a section's source shows on the next request, and what the
enterprise's users and authorised staff see never enters nor comes out of the public entry."""

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.disclosure.models import AnnualReport, ReportWebsite
from hongdun.disclosure.tests.factories_page import FIGURES, report
from hongdun.disclosure.tests.immediate.factories import authorise, publish
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
    LiquidationMember,
)
from hongdun.enterprises.public_sections import registered_sources
from hongdun.enterprises.services import enterprise_rename
from hongdun.enterprises.tests.factories import register
from hongdun.enterprises.tests.factories_page import branch, change, populate
from hongdun.orgs.models import Unit

pytestmark = pytest.mark.django_db

PUBLISHED = ["employees", "total_revenue"]
HIDDEN_VALUE = str(FIGURES["total_assets"]).replace(".", "")


def plain(text: str) -> str:
    return text.replace(",", "").replace(".", "").replace(" ", "")


@pytest.fixture
def enterprise(bureau):
    row = register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光")
    populate(row)
    report(row, 2024, public_figures=PUBLISHED)
    return row


def page(client: Client, enterprise: Enterprise) -> tuple[str, int]:
    """The page without its CSRF token (each visitor gets their own) and the number of queries
    it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/enterprises/{enterprise.uscc}/")
    assert response.status_code == 200
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return text, len(queries)


def test_the_second_anonymous_request_is_served_from_the_cache(client, enterprise):
    first, rendered = page(client, enterprise)
    second, cached = page(client, enterprise)
    assert second == first
    # The process knows the code's id, the record comes from the cache and the frame is drawn
    # once per language (hongdun.enterprises.public_frame): no query.
    assert cached == 0
    assert rendered > 5


def test_the_api_detail_is_cached_and_follows_writes(
    client, enterprise, django_capture_on_commit_callbacks
):
    url = f"/api/v1/enterprises/{enterprise.uscc}/"
    first = client.get(url).json()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json() == first
    assert len(queries) == 1
    with django_capture_on_commit_callbacks(execute=True):
        EnterpriseOfficer.objects.filter(enterprise=enterprise).update(name="赵新任")
        officer = EnterpriseOfficer.objects.filter(enterprise=enterprise).get()
        officer.save()
    assert "赵新任" in str(client.get(url).json())


def _rename(enterprise: Enterprise) -> str:
    enterprise_rename(
        acting_user=None,
        enterprise=enterprise,
        name="包头市红光新材料有限公司",
        trade_name="红光",
        effective_on=date(2025, 6, 1),
    )
    return "包头市红光新材料有限公司"


def _investor(enterprise: Enterprise) -> str:
    row = EnterpriseInvestor.objects.filter(enterprise=enterprise).first()
    assert row is not None
    change(row, on=date(2025, 6, 1), name="钱新股东")
    return "钱新股东"


def _contribution(enterprise: Enterprise) -> str:
    row = EnterpriseContribution.objects.filter(investor__enterprise=enterprise).first()
    assert row is not None
    change(row, on=date(2025, 6, 1), subscribed_amount=Decimal("7654321.00"))
    return "7654321"


def _officer(enterprise: Enterprise) -> str:
    row = EnterpriseOfficer.objects.filter(enterprise=enterprise).first()
    assert row is not None
    change(row, on=date(2025, 6, 1), name="孙新董事")
    return "孙新董事"


def _branch(enterprise: Enterprise) -> str:
    branch(enterprise, "包头市红光机械设备有限公司青山分公司", on=date(2025, 6, 1))
    return "青山分公司"


def _branch_removed(enterprise: Enterprise) -> str:
    EnterpriseBranch.objects.filter(enterprise=enterprise).delete()
    return "暂无分支机构信息"


def _liquidation(enterprise: Enterprise) -> str:
    LiquidationMember.objects.filter(enterprise=enterprise).update(name="周清算")
    for row in LiquidationMember.objects.filter(enterprise=enterprise):
        row.save()
    return "周清算"


def _report(enterprise: Enterprise) -> str:
    report(
        enterprise, 2025, public_figures=PUBLISHED, figures={"total_revenue": Decimal("9876543.21")}
    )
    return "987654321"


def _version(enterprise: Enterprise) -> str:
    row = AnnualReport.objects.get(enterprise=enterprise, year=2024)
    version = row.versions.order_by("-number").first()
    assert version is not None
    version.public_figures = [*PUBLISHED, "total_assets"]
    version.save()
    return HIDDEN_VALUE


def _website(enterprise: Enterprise) -> str:
    version = AnnualReport.objects.get(enterprise=enterprise, year=2024).versions.first()
    assert version is not None
    ReportWebsite.objects.create(
        version=version, kind="website", name="红光官网", url="https://hg.example.com"
    )
    return "红光官网"


def _immediate(enterprise: Enterprise) -> str:
    applicant = User.objects.create_user(username="hg-applicant", password="pw-for-tests-only")  # noqa: S106
    authorise(applicant, enterprise)
    publish(applicant, enterprise, decision_number="包昆市监处罚〔2026〕99号")
    return "〔2026〕99号"


def _authority(enterprise: Enterprise) -> str:
    unit = Unit.objects.get(pk=enterprise.registration_authority_id)
    unit.name = "包头市昆都仑区市场监督管理新局"
    unit.save()
    return "包头市昆都仑区市场监督管理新局"


WRITES: dict[str, Callable[[Enterprise], str]] = {
    "enterprises.Enterprise": _rename,
    "enterprises.EnterpriseInvestor": _investor,
    "enterprises.EnterpriseContribution": _contribution,
    "enterprises.EnterpriseOfficer": _officer,
    "enterprises.EnterpriseBranch": _branch,
    "enterprises.EnterpriseBranch (delete)": _branch_removed,
    "enterprises.LiquidationMember": _liquidation,
    "disclosure.AnnualReport": _report,
    "disclosure.AnnualReportVersion": _version,
    "disclosure.ReportWebsite": _website,
    "disclosure.ImmediateDisclosure": _immediate,
    "orgs.Unit": _authority,
}


@pytest.mark.parametrize("source", list(WRITES))
def test_a_write_to_each_source_shows_on_the_next_request(
    client, enterprise, django_capture_on_commit_callbacks, source
):
    before, _ = page(client, enterprise)
    page(client, enterprise)  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        expected = WRITES[source](enterprise)
    enterprise.refresh_from_db()
    after, queries = page(client, enterprise)
    assert expected not in plain(before)
    assert expected in plain(after)
    assert queries > 1


def test_every_model_read_by_the_register_and_the_reports_is_a_source():
    sources = registered_sources()
    for label in [
        "enterprises.Enterprise",
        "enterprises.HistoricalEnterprise",
        "enterprises.EnterpriseInvestor",
        "enterprises.EnterpriseContribution",
        "enterprises.EnterpriseOfficer",
        "enterprises.EnterpriseBranch",
        "enterprises.LiquidationMember",
        "enterprises.RegistrationRevocation",
        "disclosure.AnnualReport",
        "disclosure.AnnualReportVersion",
        "disclosure.ReportContribution",
        "disclosure.ReportInvestment",
        "disclosure.ReportEquityTransfer",
        "disclosure.ReportWebsite",
        "disclosure.ImmediateDisclosure",
        "orgs.Unit",
    ]:
        assert label in sources, label
    assert sources["enterprises.EnterpriseBranch"] == {"enterprise_id", "branch_id"}


def test_a_rolled_back_write_neither_invalidates_nor_poisons(
    client, enterprise, django_capture_on_commit_callbacks
):
    page(client, enterprise)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _officer(enterprise)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    text, queries = page(client, enterprise)
    assert queries == 0
    assert "孙新董事" not in text


@pytest.mark.parametrize("who", ["authorised", Role.SUPERVISOR])
def test_those_who_see_hidden_figures_bypass_the_public_entry(
    client, login, role_users, make_user, enterprise, who
):
    if who == "authorised":
        viewer = make_user(Role.APPLICANT)
        authorise(viewer, enterprise)
    else:
        viewer = role_users[who]
    # Their rendering is not served to the public ...
    inside = login(viewer).get(f"/enterprises/{enterprise.uscc}/").content.decode()
    assert HIDDEN_VALUE in plain(inside)
    public, queries = page(login(None), enterprise)
    assert HIDDEN_VALUE not in plain(public)
    assert queries > 1  # they did not fill the entry either
    # ... and the public entry, now filled, is not served to them.
    page(client, enterprise)
    again = login(viewer).get(f"/enterprises/{enterprise.uscc}/").content.decode()
    assert HIDDEN_VALUE in plain(again)


def test_a_signed_in_outsider_gets_the_public_entry(client, login, role_users, enterprise):
    page(client, enterprise)
    outsider = login(role_users[Role.PERSONNEL])
    response = outsider.get(f"/enterprises/{enterprise.uscc}/")
    assert HIDDEN_VALUE not in plain(response.content.decode())
    assert response["Cache-Control"] == "private, no-store"


def test_each_language_has_its_own_entry(client, enterprise):
    chinese, _ = page(client, enterprise)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    english, _ = page(client, enterprise)
    assert 'lang="en"' in english
    assert english != chinese
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "zh-hans"})
    assert page(client, enterprise)[0] == chinese
