"""The process-wide index: built from the database it answers as the engine does; snapshots load
only when they fit this database; events reach every process; rollbacks leave nothing behind."""

import json
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections, transaction
from simple_history.utils import bulk_create_with_history

from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.search_keys import fold
from hongdun.enterprises.services import enterprise_rename, enterprise_status_change
from hongdun.enterprises.tests.factories import register
from hongdun.namecheck import engine, index_store
from hongdun.namecheck.choices import IndexOp, ReservationStatus
from hongdun.namecheck.engine.types import CheckContext, NameStatus, StoredName
from hongdun.namecheck.index_store import IndexStore
from hongdun.namecheck.models import NameIndexEvent, NameReservation
from hongdun.namecheck.services import declaration_check, reservation_create, reservation_withdraw
from hongdun.namecheck.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

PROBES = [
    "包头市红光机械设备有限公司",
    "包头红光机械设备有限公司",
    "包头市宏光机械设备有限公司",
    "包头市光红机械设备有限公司",
    "包头市红日机械设备有限公司",
    "包头市鑫源商贸有限公司",
    "包头市鑫源贸易有限公司",
    "包头市沃动机械有限公司",
    "包头市金鹿物业管理有限公司",
    "包头市云网络科技有限公司",
]


def verdicts(store, names, *, registry="150203", as_of=TODAY, owner=""):
    ctx = CheckContext(registry=registry, as_of=as_of, own_owner=owner)
    return [(r.verdict, tuple(f.rule for f in r.findings)) for r in store.check(names, ctx)]


@pytest.fixture
def register_set(kundulun, donghe, applicant):
    """Registered, renamed, deregistered and reserved names at Kundulun, and one at Donghe."""
    hongguang = register("包头市红光机械设备有限公司", kundulun, trade_name="红光")
    enterprise_rename(
        acting_user=None,
        enterprise=hongguang,
        name="包头市红日机械设备有限公司",
        trade_name="红日",
        effective_on=TODAY - timedelta(days=100),
    )
    xinyuan = register("包头市鑫源商贸有限公司", kundulun, trade_name="鑫源")
    enterprise_status_change(
        acting_user=None,
        enterprise=xinyuan,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=TODAY - timedelta(days=30),
    )
    register("包头市金鹿物业管理有限公司", donghe, trade_name="金鹿")
    reservation_create(
        applicant=applicant,
        registry=kundulun,
        industry="",
        name="包头市沃动机械有限公司",
        as_of=TODAY,
    )
    return {"hongguang": hongguang, "xinyuan": xinyuan}


def expected_records(register_set, applicant):
    """The same names as StoredName rows written by hand, as the engine's own tests would."""
    hongguang, xinyuan = register_set["hongguang"], register_set["xinyuan"]
    rename = hongguang.history.latest("history_id")
    reservation = NameReservation.objects.get()
    stored = [
        StoredName(id=hongguang.pk, name="包头市红日机械设备有限公司", registry="150203"),
        StoredName(
            id=index_store.former_name_key(rename.history_id),
            name="包头市红光机械设备有限公司",
            registry="150203",
            status=NameStatus.RENAMED,
            status_date=TODAY - timedelta(days=100),
        ),
        StoredName(
            id=xinyuan.pk,
            name="包头市鑫源商贸有限公司",
            registry="150203",
            status=NameStatus.DEREGISTERED,
            status_date=TODAY - timedelta(days=30),
        ),
        StoredName(
            id=Enterprise.objects.get(trade_name="金鹿").pk,
            name="包头市金鹿物业管理有限公司",
            registry="150202",
        ),
        StoredName(
            id=index_store.reservation_key(reservation.pk),
            name="包头市沃动机械有限公司",
            registry="150203",
            status=NameStatus.RESERVED,
            reserved_until=date(2027, 1, 27),
            owner=index_store.applicant_owner(applicant.pk),
        ),
    ]
    ref = index_store.reference()
    return [(s, engine.parse(s.name, ref)) for s in stored]


def test_building_from_the_database_answers_as_the_engine(register_set, applicant):
    built = IndexStore()
    built.rebuild(save=False)
    by_hand = engine.NameIndex.build(expected_records(register_set, applicant))
    ref, config = index_store.reference(), index_store.engine_config()
    for registry in ("150203", "150202"):
        for as_of in (TODAY, TODAY + timedelta(days=400)):
            ctx = CheckContext(registry=registry, as_of=as_of)
            for name in PROBES:
                ours = built.check([name], ctx)[0]
                theirs = engine.check(name, ctx, by_hand, ref, config)
                assert ours.verdict == theirs.verdict, (name, registry, as_of)
                assert [f.rule for f in ours.findings] == [f.rule for f in theirs.findings]


def test_the_register_drives_the_conflicts(register_set):
    store = index_store.store()
    got = dict(zip(PROBES, verdicts(store, PROBES), strict=True))
    # the current name and the name given up 100 days ago both conflict (GD2020 Art 17(二))
    assert got["包头市红日机械设备有限公司"][0] == "identical"
    assert got["包头市红光机械设备有限公司"][0] == "identical"
    # deregistered 30 days ago: still conflicts within the year
    assert got["包头市鑫源商贸有限公司"][0] == "identical"
    # reserved by an applicant
    assert got["包头市沃动机械有限公司"][0] == "identical"
    # registered at another registry only (C-SCOPE-1)
    assert got["包头市金鹿物业管理有限公司"][0] == "pass"
    # a year and more later the given-up names are free, the current one is not
    later = dict(
        zip(PROBES, verdicts(store, PROBES, as_of=TODAY + timedelta(days=366)), strict=True)
    )
    assert later["包头市红光机械设备有限公司"][0] != "identical"
    assert later["包头市鑫源商贸有限公司"][0] != "identical"
    assert later["包头市红日机械设备有限公司"][0] == "identical"


def test_live_changes_reach_a_loaded_index(kundulun):
    store = index_store.store()
    name = "包头市红光机械设备有限公司"
    assert verdicts(store, [name])[0][0] == "pass"
    firm = register(name, kundulun, trade_name="红光")
    assert verdicts(store, [name])[0][0] == "identical"
    enterprise_status_change(
        acting_user=None,
        enterprise=firm,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=TODAY - timedelta(days=10),
    )
    # a deregistered name still conflicts within one year, and no longer after it
    assert verdicts(store, [name])[0][0] == "identical"
    assert verdicts(store, [name], as_of=TODAY + timedelta(days=360))[0][0] != "identical"


def test_a_rename_keeps_the_old_name_for_a_year(kundulun):
    store = index_store.store()
    firm = register("包头市红光机械设备有限公司", kundulun, trade_name="红光")
    store.catch_up()
    enterprise_rename(
        acting_user=None,
        enterprise=firm,
        name="包头市红日机械设备有限公司",
        trade_name="红日",
        effective_on=TODAY,
    )
    old, new = "包头市红光机械设备有限公司", "包头市红日机械设备有限公司"
    assert [v for v, _r in verdicts(store, [old, new])] == ["identical", "identical"]
    after = verdicts(store, [old, new], as_of=TODAY + timedelta(days=400))
    assert [v for v, _r in after] == ["pass", "identical"]
    # the renamed firm's own former name is no conflict for the firm itself
    assert verdicts(store, [old], owner=firm.uscc)[0][0] == "pass"


def test_snapshot_round_trip(register_set):
    first = IndexStore()
    stats = first.rebuild()
    assert stats.saved_to == first.directory
    assert stats.names == 5
    assert (first.directory / index_store.SNAPSHOT_META).exists()
    fresh = IndexStore()
    assert verdicts(fresh, PROBES) == verdicts(first, PROBES)
    assert fresh.source == "snapshot"
    assert fresh.last_event_id == stats.watermark


def test_an_event_after_the_snapshot_reaches_a_fresh_store(register_set, other_applicant, kundulun):
    IndexStore().rebuild()
    name = "包头市青鹿机械有限公司"
    reservation_create(
        applicant=other_applicant, registry=kundulun, industry="", name=name, as_of=TODAY
    )
    fresh = IndexStore()
    assert verdicts(fresh, [name])[0][0] == "identical"
    assert fresh.source == "snapshot"


def test_the_first_use_saves_a_snapshot_for_the_next_process(register_set):
    index_store.store().check(["包头市沃动机械有限公司"], CheckContext(registry="150203"))
    assert index_store.store().source == "database"
    assert IndexStore().catch_up() == 0
    follower = IndexStore()
    follower.catch_up()
    assert follower.source == "snapshot"


def test_a_snapshot_of_another_database_is_not_loaded(register_set):
    IndexStore().rebuild()
    NameIndexEvent.objects.filter(op=IndexOp.SNAPSHOT).delete()
    fresh = IndexStore()
    assert verdicts(fresh, PROBES) == verdicts(IndexStore(), PROBES)
    assert fresh.source == "database"


def test_a_register_changed_behind_the_log_forces_a_rebuild(register_set, kundulun):
    IndexStore().rebuild()
    name = "包头市青鹿机械有限公司"
    firm = Enterprise(
        uscc="91150203MA0000001X",
        name=name,
        name_search=fold(name),
        trade_name="青鹿",
        enterprise_type="llc",
        legal_rep_name="测试人",
        established_on=date(2020, 1, 1),
        address="包头",
        registration_authority=kundulun,
    )
    bulk_create_with_history([firm], Enterprise)  # a bulk import, not through the services
    fresh = IndexStore()
    assert verdicts(fresh, [name])[0][0] == "identical"
    assert fresh.source == "database"


def test_an_unreadable_snapshot_is_rebuilt(register_set):
    store = IndexStore()
    store.rebuild()
    for path in (store.directory / index_store.SNAPSHOT_INDEX).iterdir():
        path.write_bytes(b"garbage")
    fresh = IndexStore()
    assert verdicts(fresh, PROBES) == verdicts(store, PROBES)
    assert fresh.source == "database"


def test_a_snapshot_of_an_older_index_format_is_rebuilt(register_set):
    store = IndexStore()
    store.rebuild()
    meta_path = store.directory / index_store.SNAPSHOT_META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["format"] = 1  # what the store wrote before the engine's index format was part of it
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    fresh = IndexStore()
    assert verdicts(fresh, PROBES) == verdicts(store, PROBES)
    assert fresh.source == "database"


def test_replaying_events_twice_changes_nothing(register_set):
    store = IndexStore()
    store.rebuild(save=False)
    before = verdicts(store, PROBES)
    ref = index_store.reference()
    for op, payload in NameIndexEvent.objects.order_by("id").values_list("op", "payload"):
        index_store.apply_event(store._index, op, payload, ref)
    assert verdicts(store, PROBES) == before


def test_a_rolled_back_change_leaves_no_phantom(kundulun, applicant):
    store = index_store.store()
    name = "包头市青鹿机械有限公司"
    assert verdicts(store, [name])[0][0] == "pass"

    class UndoError(Exception):
        pass

    seen_inside: list[str] = []

    def reserve_then_undo() -> None:
        with transaction.atomic():
            reservation_create(
                applicant=applicant, registry=kundulun, industry="", name=name, as_of=TODAY
            )
            # inside the still-open transaction the index does not take the uncommitted event
            seen_inside.append(verdicts(store, [name])[0][0])
            raise UndoError

    with pytest.raises(UndoError):
        reserve_then_undo()
    assert seen_inside == ["pass"]
    assert verdicts(store, [name])[0][0] == "pass"
    assert NameReservation.objects.count() == 0
    # and the next real change is not skipped, whatever id it gets
    reservation_create(applicant=applicant, registry=kundulun, industry="", name=name, as_of=TODAY)
    assert verdicts(store, [name])[0][0] == "identical"


def test_withdrawn_and_pending_reservations(kundulun, applicant, other_applicant):
    store = index_store.store()
    reservation = reservation_create(
        applicant=applicant,
        registry=kundulun,
        industry="",
        name="包头市沃动机械有限公司",
        as_of=TODAY,
    )
    assert verdicts(store, ["包头市沃动机械有限公司"])[0][0] == "identical"
    reservation_withdraw(applicant=applicant, reservation=reservation)
    assert verdicts(store, ["包头市沃动机械有限公司"])[0][0] == "pass"
    # a rebuild agrees
    store.rebuild(save=False)
    assert verdicts(store, ["包头市沃动机械有限公司"])[0][0] == "pass"
    assert NameReservation.objects.get().status == ReservationStatus.WITHDRAWN
    results = declaration_check(
        user=other_applicant,
        registry=kundulun,
        industry="",
        names=["包头市沃动机械有限公司"],
        as_of=TODAY,
    )
    assert results[0]["verdict"] == "pass"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a second connection; the in-memory SQLite test database serialises all access",
)
@pytest.mark.django_db(transaction=True)
def test_an_event_committed_by_another_connection_is_seen(bureau, make_user):
    kundulun = bureau["kundulun"]
    applicant = make_user("applicant")
    store = index_store.store()
    name = "包头市青鹿机械有限公司"
    assert verdicts(store, [name])[0][0] == "pass"
    snapshot = IndexStore()
    snapshot.rebuild()

    def elsewhere() -> None:
        try:
            reservation_create(
                applicant=applicant, registry=kundulun, industry="", name=name, as_of=TODAY
            )
        finally:
            connections.close_all()

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert verdicts(store, [name])[0][0] == "identical"
    fresh = IndexStore()
    assert verdicts(fresh, [name])[0][0] == "identical"
    assert fresh.source == "snapshot"
