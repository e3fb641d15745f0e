"""撤销登记 and 吊销 (issue 13 item 9), from the law's text:

- 《市场主体登记管理条例》第四十条: a registration obtained by false materials is revoked
  (撤销登记); the enterprise leaves the register on the decision's date;
- 《企业名称登记管理规定》第十七条(三): its name stays protected "未满一年" — one calendar
  year, counted by 民法典第二百零一条、第二百零二条 (the decision day is not counted; the
  period ends at the end of the corresponding day, or the month's last day where there is none);
- 吊销营业执照 is a penalty: the enterprise still exists and its name stays registered
  (第十七条(一)) until it is deregistered, so the conflict never lapses by time.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise, RegistrationRevocation
from hongdun.enterprises.selectors import enterprise_public_timeline
from hongdun.enterprises.services import enterprise_registration_revoke, enterprise_status_change
from hongdun.enterprises.tests.factories import register
from hongdun.namecheck import index_store
from hongdun.namecheck.engine.types import NameStatus
from hongdun.namecheck.services import name_check

pytestmark = pytest.mark.django_db

NAME = "包头市红光机械设备有限公司"
SAME_TRADE = NAME  # the same 字号 and industry: C-SAME-1 while protected


@pytest.fixture
def kundulun(bureau):
    return bureau["kundulun"]


@pytest.fixture
def registrar(make_user, kundulun):
    return make_user(Role.REGISTRAR, kundulun)


@pytest.fixture
def firm(kundulun):
    return register(NAME, kundulun, trade_name="红光")


def revoke(registrar, firm, on=date(2026, 3, 10), **extra):
    values = {"document_number": "包昆市监撤字〔2026〕3号", "reason": "提交虚假材料取得登记"}
    values.update(extra)
    return enterprise_registration_revoke(
        registrar=registrar, enterprise=firm, decided_on=on, **values
    )


def verdict_on(registry, day, name=SAME_TRADE):
    return name_check(registry=registry, industry="", name=name, as_of=day)["verdict"]


# --- the register -------------------------------------------------------------------------------


def test_the_decision_is_recorded_and_the_enterprise_leaves_the_active_register(registrar, firm):
    decision = revoke(registrar, firm)
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.REGISTRATION_REVOKED
    assert firm.get_status_display() == "撤销登记"
    assert firm.status_date == date(2026, 3, 10)
    assert not Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE).exists()
    assert decision == RegistrationRevocation.objects.get(enterprise=firm)
    assert decision.document_number == "包昆市监撤字〔2026〕3号"
    assert decision.decided_by == registrar
    log = AuditLog.objects.get(action="enterprise.registration_revoke")
    assert log.actor == registrar
    assert log.before is not None
    assert log.after is not None
    assert log.before["status"] == "active"
    assert log.after["status"] == "registration_revoked"
    assert log.after["document_number"] == decision.document_number
    assert log.after["reason"] == "提交虚假材料取得登记"
    changes = [e for e in enterprise_public_timeline(enterprise=firm) if e.kind == "status"]
    assert [(e.before, e.after, e.on) for e in changes] == [("存续", "撤销登记", date(2026, 3, 10))]


def test_a_licence_revoked_enterprise_can_have_its_registration_revoked(registrar, firm):
    enterprise_status_change(
        acting_user=registrar,
        enterprise=firm,
        status=EnterpriseStatus.LICENCE_REVOKED,
        effective_on=date(2025, 6, 1),
    )
    revoke(registrar, firm)
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.REGISTRATION_REVOKED


def test_the_plain_status_change_cannot_revoke_a_registration(registrar, firm):
    with pytest.raises(ApplicationError) as error:
        enterprise_status_change(
            acting_user=registrar,
            enterprise=firm,
            status=EnterpriseStatus.REGISTRATION_REVOKED,
            effective_on=date(2026, 3, 10),
        )
    assert error.value.field == "status"
    assert "撤销决定" in error.value.message
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.ACTIVE


def test_the_stored_value_of_licence_revoked_is_unchanged():
    """The rename kept the value, so rows written before it need no data migration."""
    assert EnterpriseStatus.LICENCE_REVOKED.value == "revoked"
    assert EnterpriseStatus.LICENCE_REVOKED.label == "吊销"
    assert EnterpriseStatus.REGISTRATION_REVOKED.value == "registration_revoked"
    assert len(set(EnterpriseStatus.values)) == len(EnterpriseStatus.values)


BAD = [
    ({"on": date(2015, 2, 28)}, "decided_on"),  # before the establishment (2015-03-01)
    ({"on": date(2999, 1, 1)}, "decided_on"),  # in the future
    ({"on": "2026-03-10"}, "decided_on"),
    ({"document_number": "  "}, "document_number"),
    ({"document_number": "号" * 101}, "document_number"),
    ({"reason": ""}, "reason"),
    ({"reason": "由" * 1001}, "reason"),
]


@pytest.mark.parametrize(("changes", "field"), BAD)
def test_bad_input_names_the_field_and_changes_nothing(registrar, firm, changes, field):
    with pytest.raises(ApplicationError) as error:
        revoke(registrar, firm, **changes)
    assert error.value.field == field
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.ACTIVE
    assert not RegistrationRevocation.objects.exists()
    assert not AuditLog.objects.filter(action="enterprise.registration_revoke").exists()


@pytest.mark.parametrize("status", [EnterpriseStatus.DEREGISTERED, EnterpriseStatus.MOVED_OUT])
def test_an_enterprise_that_left_the_register_cannot_be_revoked(registrar, firm, status):
    enterprise_status_change(
        acting_user=registrar, enterprise=firm, status=status, effective_on=date(2025, 1, 1)
    )
    with pytest.raises(ApplicationError) as error:
        revoke(registrar, firm)
    assert error.value.field == "status"
    assert not RegistrationRevocation.objects.exists()


def test_revoking_twice_is_refused(registrar, firm):
    revoke(registrar, firm)
    with pytest.raises(ApplicationError):
        revoke(registrar, firm, document_number="另一文号")
    assert RegistrationRevocation.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        (None, "kundulun"),
        (Role.APPLICANT, None),
        (Role.SUPERVISOR, "kundulun"),
        (Role.REGISTRAR, "jiuyuan"),  # another district: out of scope
        (Role.REGISTRAR, None),
    ],
)
def test_only_a_registrar_in_scope_may_revoke(make_user, bureau, firm, role, unit):
    user = make_user(role, bureau[unit] if unit else None)
    with pytest.raises(PermissionDenied):
        revoke(user, firm)
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.ACTIVE


def test_a_city_registrar_may_revoke_a_district_registration(make_user, bureau, firm):
    revoke(make_user(Role.REGISTRAR, bureau["baotou"]), firm)
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.REGISTRATION_REVOKED


# --- the name (第十七条) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "name_status", "dated"),
    [
        (EnterpriseStatus.ACTIVE, NameStatus.REGISTERED, False),
        (EnterpriseStatus.LICENCE_REVOKED, NameStatus.REGISTERED, False),
        (EnterpriseStatus.REGISTRATION_REVOKED, NameStatus.REGISTRATION_REVOKED, True),
        (EnterpriseStatus.DEREGISTERED, NameStatus.DEREGISTERED, True),
        (EnterpriseStatus.MOVED_OUT, NameStatus.DEREGISTERED, True),
    ],
)
def test_every_register_status_maps_to_a_name_status(status, name_status, dated):
    on = date(2026, 3, 10)
    assert index_store.enterprise_name_status(status, on) == (name_status, on if dated else None)


REVOKED_ON = date(2026, 3, 10)
WINDOW = [
    (REVOKED_ON, "identical"),
    (date(2026, 12, 31), "identical"),
    (date(2027, 3, 10), "identical"),  # the anniversary is the last protected day
    (date(2027, 3, 11), "pass"),
    (date(2030, 1, 1), "pass"),
]


@pytest.mark.parametrize(("day", "verdict"), WINDOW)
def test_a_revoked_registration_protects_the_name_for_one_calendar_year(
    registrar, firm, kundulun, day, verdict
):
    revoke(registrar, firm, on=REVOKED_ON)
    assert verdict_on(kundulun, day) == verdict


@pytest.mark.parametrize(
    ("day", "verdict"),
    [(date(2025, 2, 28), "identical"), (date(2025, 3, 1), "pass")],
)
def test_a_revocation_on_29_february_ends_on_28_february(registrar, firm, kundulun, day, verdict):
    revoke(registrar, firm, on=date(2024, 2, 29))
    assert verdict_on(kundulun, day) == verdict


@pytest.mark.parametrize("day", [REVOKED_ON, date(2027, 3, 11), date(2036, 1, 1)])
def test_a_revoked_licence_keeps_the_name_registered_without_end(registrar, firm, kundulun, day):
    enterprise_status_change(
        acting_user=registrar,
        enterprise=firm,
        status=EnterpriseStatus.LICENCE_REVOKED,
        effective_on=REVOKED_ON,
    )
    assert verdict_on(kundulun, day) == "identical"


def test_a_rebuilt_index_reads_the_revocation_from_the_register(registrar, firm, kundulun):
    revoke(registrar, firm, on=REVOKED_ON)
    index_store.store().rebuild(save=False)
    assert verdict_on(kundulun, date(2027, 3, 10)) == "identical"
    assert verdict_on(kundulun, date(2027, 3, 11)) == "pass"


# --- the back-office page -------------------------------------------------------------------------


def page_url(firm):
    return f"/staff/enterprises/{firm.pk}/revoke-registration/"


GOOD_POST = {
    "decided_on": "2026-03-10",
    "document_number": "包昆市监撤字〔2026〕3号",
    "reason": "提交虚假材料取得登记",
}


def test_anonymous_users_are_sent_to_log_in(client, firm):
    for response in (client.get(page_url(firm)), client.post(page_url(firm), GOOD_POST)):
        assert response.status_code == 302
        assert "login" in response.headers["Location"]
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.ACTIVE


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.SUPERVISOR, Role.LEADER, None])
def test_other_roles_are_refused(login, make_user, bureau, firm, role):
    client = login(make_user(role, bureau["kundulun"]))
    assert client.get(page_url(firm)).status_code == 403
    assert client.post(page_url(firm), GOOD_POST).status_code == 403
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.ACTIVE


def test_an_out_of_scope_registrar_finds_nothing(login, make_user, bureau, firm):
    client = login(make_user(Role.REGISTRAR, bureau["jiuyuan"]))
    assert client.get(page_url(firm)).status_code == 404
    assert client.post(page_url(firm), GOOD_POST).status_code == 404
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.ACTIVE


def test_a_registrar_records_the_decision(login, registrar, firm):
    client = login(registrar)
    detail = client.get(f"/staff/enterprises/{firm.pk}/").content.decode()
    assert 'data-testid="revoke-registration"' in detail
    assert client.get(page_url(firm)).status_code == 200
    response = client.post(page_url(firm), GOOD_POST)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/enterprises/{firm.pk}/"
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.REGISTRATION_REVOKED
    detail = client.get(f"/staff/enterprises/{firm.pk}/").content.decode()
    assert 'data-testid="revocation"' in detail
    assert "包昆市监撤字〔2026〕3号" in detail
    assert "撤销登记" in detail
    assert "enterprise.registration_revoke" not in detail  # the audit row has a label
    assert 'data-testid="revoke-registration"' not in detail
    public = client.get(f"/enterprises/{firm.uscc}/").content.decode()
    assert "撤销登记" in public


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"document_number": ""}, "document_number"),
        ({"reason": ""}, "reason"),
        ({"decided_on": "去年"}, "decided_on"),
        ({"decided_on": "2999-01-01"}, "decided_on"),
        ({"decided_on": "2010-01-01"}, "decided_on"),
    ],
)
def test_bad_input_is_explained_beside_the_field(login, registrar, firm, changes, field):
    response = login(registrar).post(page_url(firm), {**GOOD_POST, **changes})
    assert response.status_code == 200
    assert f'data-testid="{field}-error"' in response.content.decode()
    firm.refresh_from_db()
    assert firm.status == EnterpriseStatus.ACTIVE


def test_a_deregistered_enterprise_is_refused_with_a_message(login, registrar, firm):
    enterprise_status_change(
        acting_user=registrar,
        enterprise=firm,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2025, 1, 1),
    )
    response = login(registrar).post(page_url(firm), GOOD_POST)
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not RegistrationRevocation.objects.exists()
