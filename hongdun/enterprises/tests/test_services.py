"""Registering, renaming and changing status: USCC issue, history, audit, rules, and races."""

from datetime import date

import pytest
from django.db import connection

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.enterprises import uscc
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise, SearchGram, SearchPosting
from hongdun.enterprises.services import enterprise_rename, enterprise_status_change, uscc_allocate
from hongdun.enterprises.tests.factories import register
from hongdun.testing.race import race

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("enterprise_type", "prefix"),
    [
        (EnterpriseType.LLC, "91150203"),
        (EnterpriseType.BRANCH, "91150203"),
        (EnterpriseType.INDIVIDUAL_BUSINESS, "92150203"),
        (EnterpriseType.FARMER_COOPERATIVE, "93150203"),
    ],
)
def test_registration_issues_a_valid_uscc_of_the_authority(bureau, enterprise_type, prefix):
    enterprise = register(
        "包头市昆区测试商贸有限公司", bureau["kundulun"], enterprise_type=enterprise_type
    )
    assert enterprise.uscc.startswith(prefix)
    assert (
        uscc.validate(enterprise.uscc, strict=True, known_divisions={"150203"}) == enterprise.uscc
    )


def test_registration_is_audited_and_in_history(bureau, make_user):
    clerk = make_user("registrar", bureau["kundulun"])
    enterprise = register("包头市红光机械设备有限公司", bureau["kundulun"], acting_user=clerk)
    log = AuditLog.objects.get(object_id=str(enterprise.pk), action="enterprise.register")
    assert log.actor == clerk
    assert log.after is not None
    assert log.after["name"] == enterprise.name
    assert enterprise.history.count() == 1
    assert enterprise.history.first().history_user == clerk


def test_serials_never_repeat(bureau):
    codes = uscc_allocate(division_code="150203", category="1", count=500)
    codes += uscc_allocate(division_code="150203", category="1", count=500)
    assert len(set(codes)) == 1000


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (EnterpriseStatus.ACTIVE, EnterpriseStatus.LICENCE_REVOKED, True),
        (EnterpriseStatus.ACTIVE, EnterpriseStatus.DEREGISTERED, True),
        (EnterpriseStatus.ACTIVE, EnterpriseStatus.MOVED_OUT, True),
        (EnterpriseStatus.LICENCE_REVOKED, EnterpriseStatus.DEREGISTERED, True),
        (EnterpriseStatus.LICENCE_REVOKED, EnterpriseStatus.ACTIVE, False),
        (EnterpriseStatus.DEREGISTERED, EnterpriseStatus.ACTIVE, False),
        (EnterpriseStatus.DEREGISTERED, EnterpriseStatus.LICENCE_REVOKED, False),
        (EnterpriseStatus.MOVED_OUT, EnterpriseStatus.ACTIVE, False),
        (EnterpriseStatus.ACTIVE, EnterpriseStatus.ACTIVE, False),
    ],
)
def test_status_transitions(bureau, start, target, allowed):
    enterprise = register("包头市昆区状态测试有限公司", bureau["kundulun"])
    if start != EnterpriseStatus.ACTIVE:
        Enterprise.objects.filter(pk=enterprise.pk).update(status=start)
    if allowed:
        changed = enterprise_status_change(
            acting_user=None, enterprise=enterprise, status=target, effective_on=date(2024, 1, 1)
        )
        assert changed.status == target
        assert changed.status_date == date(2024, 1, 1)
    else:
        with pytest.raises(ApplicationError) as caught:
            enterprise_status_change(
                acting_user=None,
                enterprise=enterprise,
                status=target,
                effective_on=date(2024, 1, 1),
            )
        assert caught.value.field == "status"
        enterprise.refresh_from_db()
        assert enterprise.status == start


def test_status_date_before_establishment_is_refused(bureau):
    enterprise = register(
        "包头市昆区日期测试有限公司", bureau["kundulun"], established_on=date(2020, 1, 1)
    )
    with pytest.raises(ApplicationError):
        enterprise_status_change(
            acting_user=None,
            enterprise=enterprise,
            status=EnterpriseStatus.LICENCE_REVOKED,
            effective_on=date(2019, 12, 31),
        )


@pytest.mark.parametrize(
    ("name", "trade_name", "field"),
    [("", "", "name"), ("包头市红光机械有限公司", "紫金", "trade_name")],
)
def test_bad_registration_changes_nothing(bureau, name, trade_name, field):
    with pytest.raises(ApplicationError) as caught:
        register(name, bureau["kundulun"], trade_name=trade_name)
    assert caught.value.field == field
    assert Enterprise.objects.count() == 0
    assert SearchPosting.objects.count() == 0


def test_non_authority_cannot_register(bureau):
    with pytest.raises(ApplicationError) as caught:
        register("包头市测试有限公司", bureau["kundulun-station-1"])
    assert caught.value.field == "registration_authority"


def test_rename_of_a_deregistered_enterprise_is_refused(bureau):
    enterprise = register("包头市昆区改名测试有限公司", bureau["kundulun"])
    enterprise_status_change(
        acting_user=None,
        enterprise=enterprise,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2024, 1, 1),
    )
    with pytest.raises(ApplicationError):
        enterprise_rename(
            acting_user=None,
            enterprise=enterprise,
            name="包头市新名有限公司",
            trade_name="",
            effective_on=date(2024, 2, 1),
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; the in-memory SQLite test database serialises all access",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_keep_codes_unique_and_index_consistent(bureau):

    def worker(index: int):
        def register_five() -> None:
            for round_ in range(5):
                register(
                    f"包头市红光{index}号{round_}机械有限公司",
                    bureau["kundulun"],
                    trade_name="红光",
                )

        return register_five

    outcome = race([worker(i) for i in range(6)], refusals=())
    assert outcome.failed == []
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert len(codes) == len(set(codes)) == 30
    gram = SearchGram.objects.get(text="红光")
    assert gram.df == SearchPosting.objects.filter(gram=gram).count() == 30
