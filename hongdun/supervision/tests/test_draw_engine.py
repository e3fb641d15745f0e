"""The draw engine (engine/draw.py): SipHash against the reference vectors, selection sizes per
group, determinism, rank order, inspector pairs (conflicts, balance) and the snapshots."""

import math
import time
from collections import Counter
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongdun.supervision.engine import draw as engine
from hongdun.testing.fresh_python import imports_of

SEED = "00112233445566778899aabbccddeeff"
OTHER_SEED = "ffeeddccbbaa99887766554433221100"


def test_the_engine_imports_no_django() -> None:
    _modules, django = imports_of("hongdun.supervision.engine.draw")
    assert django == []


# The reference test vectors of SipHash-2-4 (Aumasson & Bernstein, vectors.h): key 00..0f,
# message 00 01 .. (n-1), output little-endian.
@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (0, "310e0edd47db6f72"),
        (1, "fd67dc93c539f874"),
        (7, "37d1018bf50002ab"),
        (8, "6224939a79f5f593"),
        (15, "e545be4961ca29a1"),
    ],
)
def test_siphash_matches_the_reference_vectors(length: int, expected: str) -> None:
    key = bytes(range(16))
    assert engine.siphash24(key, bytes(range(length))).to_bytes(8, "little").hex() == expected


def test_vectorised_siphash_equals_the_scalar_one() -> None:
    key = bytes.fromhex(SEED)
    ids = np.array(
        [0, 1, 2, 255, 2**32 + 7, 2**63 + 5, 2**64 - 1, *range(20_000, 20_500)], dtype=np.uint64
    )
    vectorised = engine.siphash24_ids(key, ids)
    for pk, value in zip(ids.tolist(), vectorised.tolist(), strict=True):
        assert value == engine.siphash24(key, int(pk).to_bytes(8, "little"))


@pytest.mark.parametrize(
    ("ratio", "n", "k"),
    [
        ("0.03", 0, 0),
        ("0.03", 1, 1),
        ("0.03", 33, 1),
        ("0.03", 34, 2),
        ("0.03", 100, 3),
        ("0.03", 101, 4),
        ("0.0001", 5, 1),
        ("1", 7, 7),
        ("0.5", 3, 2),
    ],
)
def test_group_size_is_the_ceiling_never_zero(ratio: str, n: int, k: int) -> None:
    assert engine.group_size(Decimal(ratio), n) == k


def _population(n: int, groups: str = "") -> list[tuple[int, str]]:
    return [(pk, groups[pk % len(groups)] if groups else "") for pk in range(1, n + 1)]


def test_the_sample_is_the_k_smallest_keys_in_key_order() -> None:
    population = _population(1000)
    sample = engine.draw_sample(population, "0.03", {}, SEED)
    key = bytes.fromhex(SEED)
    by_key = sorted(
        population, key=lambda row: (engine.siphash24(key, row[0].to_bytes(8, "little")), row[0])
    )
    assert [pk for _rank, pk, _group in sample] == [pk for pk, _group in by_key[:30]]
    assert [rank for rank, _pk, _group in sample] == list(range(1, 31))


@pytest.mark.parametrize(
    ("groups", "ratio", "group_ratios", "expected"),
    [
        ("ab", "0.03", {}, {"a": 15, "b": 15}),
        ("ab", "0.03", {"a": "0.1"}, {"a": 50, "b": 15}),
        ("abc", "0.05", {"c": "1"}, {"a": 17, "b": 17, "c": 333}),
        ("abc", "0.03", {"zzz": "0.5"}, {"a": 10, "b": 11, "c": 10}),
    ],
)
def test_group_ratios(
    groups: str, ratio: str, group_ratios: dict[str, str], expected: dict[str, int]
) -> None:
    sample = engine.draw_sample(_population(1000, groups), ratio, group_ratios, SEED)
    assert Counter(group for _rank, _pk, group in sample) == expected
    assert [rank for rank, _pk, _group in sample] == list(range(1, len(sample) + 1))


@pytest.mark.parametrize(
    ("ratio", "seed", "message"),
    [
        ("0", SEED, "ratio"),
        ("1.5", SEED, "ratio"),
        ("abc", SEED, "ratio"),
        ("0.03", "xyz", "seed"),
        ("0.03", SEED.upper(), "seed"),
        ("0.03", SEED[:-1], "seed"),
    ],
)
def test_bad_inputs_are_refused(ratio: str, seed: str, message: str) -> None:
    with pytest.raises(engine.DrawError, match=message):
        engine.draw_sample(_population(10), ratio, {}, seed)


def test_an_unsorted_population_is_refused() -> None:
    with pytest.raises(engine.DrawError, match="sorted"):
        engine.draw_sample([(2, ""), (1, "")], "0.5", {}, SEED)


@settings(max_examples=60, deadline=None)
@given(
    ids=st.sets(st.integers(min_value=1, max_value=2**40), min_size=1, max_size=300),
    ratio=st.decimals(min_value=Decimal("0.0001"), max_value=1, places=4),
    seed=st.binary(min_size=16, max_size=16).map(bytes.hex),
)
def test_the_draw_is_a_function_of_its_inputs(ids: set[int], ratio: Decimal, seed: str) -> None:
    population = [(pk, "ab"[pk % 2]) for pk in sorted(ids)]
    first = engine.draw_sample(population, ratio, {"a": "1"}, seed)
    assert first == engine.draw_sample(list(population), ratio, {"a": "1"}, seed)
    drawn = Counter(group for _rank, _pk, group in first)
    sizes = Counter(group for _pk, group in population)
    assert drawn["a"] == sizes["a"]
    assert drawn["b"] == (math.ceil(ratio * sizes["b"]) if sizes["b"] else 0)
    assert len({pk for _rank, pk, _group in first}) == len(first)
    roster = list(range(1, 8))
    pairs = engine.assign_inspectors(first, roster, set(), seed)
    assert pairs == engine.assign_inspectors(first, roster, set(), seed)
    assert all(a != b for a, b in pairs.values())


def test_another_seed_draws_other_enterprises() -> None:
    population = _population(10_000)
    first = {pk for _r, pk, _g in engine.draw_sample(population, "0.03", {}, SEED)}
    second = {pk for _r, pk, _g in engine.draw_sample(population, "0.03", {}, OTHER_SEED)}
    assert len(first) == len(second) == 300
    assert len(first & second) < 60  # about 9 expected by chance


def test_an_enterprise_keeps_its_key_when_others_join() -> None:
    """Adding enterprises never reorders the others (each key depends on the id alone)."""
    small = engine.draw_sample(_population(1000), "1", {}, SEED)
    large = engine.draw_sample(_population(2000), "1", {}, SEED)
    order_small = [pk for _r, pk, _g in small]
    assert [pk for _r, pk, _g in large if pk <= 1000] == order_small


def test_three_percent_of_a_million_in_well_under_a_second() -> None:
    population = [(pk, "abcd"[pk % 4]) for pk in range(1, 1_000_001)]
    started = time.process_time()
    sample = engine.draw_sample(population, "0.03", {"a": "0.05"}, SEED)
    elapsed = time.process_time() - started
    assert len(sample) == 12_500 + 3 * 7_500
    # The processor time of this process (other processes on a shared machine do not count):
    # about 0.3 s; the bound leaves room for a slow machine.
    assert elapsed < 1.0


# --- inspectors ----------------------------------------------------------------------------------


def _sample(n: int) -> list[tuple[int, int, str]]:
    return [(rank, 1000 + rank, "") for rank in range(1, n + 1)]


@pytest.mark.parametrize(("inspectors", "enterprises"), [(2, 5), (3, 7), (10, 100), (9, 31)])
def test_without_conflicts_the_load_differs_by_at_most_one(
    inspectors: int, enterprises: int
) -> None:
    pairs = engine.assign_inspectors(_sample(enterprises), list(range(1, inspectors + 1)), (), SEED)
    load = Counter(person for pair in pairs.values() for person in pair)
    assert set(load) == set(range(1, inspectors + 1))
    assert max(load.values()) - min(load.values()) <= 1
    assert all(a != b for a, b in pairs.values())


def test_a_conflict_pair_is_never_assigned_and_the_load_stays_even() -> None:
    sample = _sample(200)
    roster = list(range(1, 11))
    conflicts = {(person, 1000 + rank) for person in (1, 2) for rank in range(1, 201, 3)}
    conflicts |= {(3, 1001), (4, 1001)}
    pairs = engine.assign_inspectors(sample, roster, conflicts, SEED)
    for enterprise, (a, b) in pairs.items():
        assert (a, enterprise) not in conflicts
        assert (b, enterprise) not in conflicts
    load = Counter(person for pair in pairs.values() for person in pair)
    # Inspectors 1 and 2 may not take a third of the enterprises; the others share the rest
    # evenly, and 1 and 2 still get the work they may do.
    others = [load[person] for person in range(3, 11)]
    assert max(others) - min(others) <= 1
    assert min(load[1], load[2]) >= 30


@pytest.mark.parametrize(
    ("roster", "conflicts", "available"),
    [
        ([1], set(), 1),
        ([1, 2, 3], {(1, 1001), (2, 1001)}, 1),
        ([1, 2], {(1, 1001), (2, 1001)}, 0),
    ],
)
def test_no_valid_pair_names_the_enterprise(
    roster: list[int], conflicts: set[tuple[int, int]], available: int
) -> None:
    with pytest.raises(engine.NoInspectorPairError, match="enterprise 1001") as raised:
        engine.assign_inspectors(_sample(3), roster, conflicts, SEED)
    assert raised.value.enterprise_id == 1001
    assert raised.value.available == available


def test_the_pairs_depend_on_the_seed() -> None:
    sample, roster = _sample(40), list(range(1, 21))
    assert engine.assign_inspectors(sample, roster, (), SEED) != engine.assign_inspectors(
        sample, roster, (), OTHER_SEED
    )


# --- snapshots -----------------------------------------------------------------------------------


def test_the_snapshots_round_trip_and_their_digest_is_of_the_plain_text() -> None:
    population = [(1, ""), (5, "llc"), (9, "个体")]
    data = engine.encode_population(population)
    assert data == "1\t\n5\tllc\n9\t个体\n".encode()
    assert engine.decode_population(engine.decompress(engine.compress(data))) == population
    roster = engine.encode_roster([3, 1], {(3, 9), (1, 5)})
    assert roster == b'{"conflicts":[[1,5],[3,9]],"inspectors":[1,3]}'
    assert engine.decode_roster(roster) == ([1, 3], {(1, 5), (3, 9)})
    assert engine.digest(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
