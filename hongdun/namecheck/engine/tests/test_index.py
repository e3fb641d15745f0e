"""The stored-name index: snapshots, the overlay, the key families, memory, stability."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from hongdun.enterprises.demo_names import NameGenerator
from hongdun.namecheck.engine.conflicts import conflict_findings
from hongdun.namecheck.engine.index import (
    ANY_INDUSTRY,
    F_EXACT,
    F_PINYIN,
    F_SORTED,
    F_SUB,
    SEED_POWER_SIZES,
    T_CONTAINS_QUERY,
    T_LOOKALIKE,
    T_PINYIN,
    T_SAME,
    T_SORTED,
    NameIndex,
    _dir_shift,
    _key_directory,
    default_pinyin_table,
    make_key,
    poly,
)
from hongdun.namecheck.engine.parse import parse
from hongdun.namecheck.engine.reference import load_reference
from hongdun.namecheck.engine.types import (
    CheckContext,
    EngineConfig,
    NameStatus,
    ParsedName,
    StoredName,
)
from hongdun.testing.fresh_python import run_python

REF = load_reference()
DIVISIONS = [
    ("150202", "东河区"),
    ("150203", "昆都仑区"),
    ("150204", "青山区"),
    ("150207", "九原区"),
    ("150221", "土默特右旗"),
]
AS_OF = date(2026, 11, 27)
CONFIG = EngineConfig()


def generated(n: int, seed: int = 1, first_id: int = 1) -> list[tuple[StoredName, ParsedName]]:
    gen = NameGenerator(random.Random(seed), divisions=DIVISIONS)
    out = []
    for i in range(n):
        name, division = gen.generate()
        stored = StoredName(first_id + i, name.name, division, owner=f"owner-{i % 97}")
        out.append((stored, parse(name.name, REF)))
    return out


@pytest.fixture(scope="module")
def records() -> list[tuple[StoredName, ParsedName]]:
    return generated(3000)


def _queries(records: list[tuple[StoredName, ParsedName]]) -> Iterator[tuple[str, ParsedName]]:
    rng = random.Random(9)
    for stored, parsed in rng.sample(records, 120):
        yield stored.registry, parsed
        trade = parsed.trade_name
        if len(trade) >= 2:
            for variant in (trade[::-1], "新" + trade, trade[:-1] + "鑫", trade + "源"):
                text = parsed.normalized.replace(trade, variant, 1)
                yield stored.registry, parse(text, REF)
    for stored, parsed in generated(60, seed=77, first_id=10**6):
        yield stored.registry, parsed


def answers(
    index: NameIndex, queries: list[tuple[str, ParsedName]]
) -> list[list[tuple[str, tuple[str, ...]]]]:
    out = []
    for registry, parsed in queries:
        ctx = CheckContext(registry=registry, as_of=AS_OF, related_owners=frozenset({"owner-5"}))
        found = conflict_findings(parsed, ctx, index, CONFIG)
        out.append([(f.rule, f.conflicts) for f in found])
    return out


def test_build_counts_and_progress(records: list[tuple[StoredName, ParsedName]]) -> None:
    stages: list[tuple[str, int]] = []
    index = NameIndex.build(
        records, lambda stage, n: stages.append((stage, n)), progress_every=1000
    )
    assert len(index) == len(records)
    assert ("read", 1000) in stages
    assert stages[-1] == ("done", len(records))
    assert {s for s, _ in stages} >= {"read", "records", "groups", "keys", "done"}
    assert all(s.id in index for s, _ in records[:50])
    assert 10**9 not in index


def test_duplicate_ids_are_rejected(records: list[tuple[StoredName, ParsedName]]) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        NameIndex.build([records[0], records[0]])


def test_save_and_mmap_load_give_identical_answers(
    records: list[tuple[StoredName, ParsedName]], tmp_path: Path
) -> None:
    built = NameIndex.build(records)
    built.save(tmp_path / "idx")
    mapped = NameIndex.load(tmp_path / "idx", mmap=True)
    copied = NameIndex.load(tmp_path / "idx", mmap=False)
    assert isinstance(mapped._a["keys"], np.memmap)
    assert not mapped._a["keys"].flags.writeable
    queries = list(_queries(records))
    expected = answers(built, queries)
    assert any(expected), "the query set must contain conflicts"
    assert answers(mapped, queries) == expected
    assert answers(copied, queries) == expected
    assert len(mapped) == len(built)
    assert mapped.memory_bytes() == built.memory_bytes()
    registry = records[0][0].registry
    trade = records[0][1].trade_name
    assert mapped.exact(registry, trade) == built.exact(registry, trade)
    # saving again over an existing snapshot replaces it
    built.save(tmp_path / "idx")
    assert answers(NameIndex.load(tmp_path / "idx"), queries[:50]) == expected[:50]


def test_overlay_answers_equal_a_fresh_build(
    records: list[tuple[StoredName, ParsedName]], tmp_path: Path
) -> None:
    base, later = records[:2000], records[2000:]
    index = NameIndex.build(base)
    current: dict[int, tuple[StoredName, ParsedName]] = {s.id: (s, p) for s, p in base}
    for stored, parsed in later:
        index.add(stored, parsed)
        current[stored.id] = (stored, parsed)
    rng = random.Random(4)
    ids = sorted(current)
    for ext in rng.sample(ids, 150):  # both base and overlay records
        index.remove(ext)
        del current[ext]
    changes = [
        (NameStatus.DEREGISTERED, AS_OF - timedelta(days=100), None),
        (NameStatus.DEREGISTERED, AS_OF - timedelta(days=500), None),
        (NameStatus.RESERVED, None, AS_OF + timedelta(days=30)),
        (NameStatus.RESERVED, None, AS_OF - timedelta(days=3)),
        (NameStatus.RENAMED, AS_OF - timedelta(days=10), None),
    ]
    for ext in rng.sample(sorted(current), 200):
        status, status_date, until = rng.choice(changes)
        index.update_status(ext, status, status_date, until)
        s, p = current[ext]
        current[ext] = (
            StoredName(s.id, s.name, s.registry, status, status_date, until, s.owner),
            p,
        )
    # re-adding a removed id, and replacing a live one, both work
    readd = records[5]
    if readd[0].id not in current:
        index.add(*readd)
        current[readd[0].id] = readd
    new_stored = StoredName(records[6][0].id, "包头市瀚昱科技有限公司", records[6][0].registry)
    new_pair = (new_stored, parse(new_stored.name, REF))
    index.add(*new_pair)
    current[new_stored.id] = new_pair
    # a name in a registry the snapshot has never seen
    fresh = StoredName(10**7, "包头市瀚昱科技有限公司", "150299")
    index.add(fresh, parse(fresh.name, REF))
    current[fresh.id] = (fresh, parse(fresh.name, REF))

    assert index.has_overlay
    assert len(index) == len(current)
    rebuilt = NameIndex.build(current.values())
    queries = list(_queries(records))
    queries.append(("150299", parse("包头市瀚昱科技有限公司", REF)))
    expected = answers(rebuilt, queries)
    assert answers(index, queries) == expected
    compacted = index.compact()
    assert not compacted.has_overlay
    assert answers(compacted, queries) == expected
    index.save(tmp_path / "folded")
    assert answers(NameIndex.load(tmp_path / "folded"), queries) == expected


def test_overlay_errors(records: list[tuple[StoredName, ParsedName]]) -> None:
    index = NameIndex.build(records[:10])
    with pytest.raises(KeyError):
        index.remove(10**9)
    with pytest.raises(KeyError):
        index.update_status(10**9, NameStatus.DEREGISTERED, AS_OF)
    index.remove(records[0][0].id)
    with pytest.raises(KeyError):
        index.remove(records[0][0].id)
    assert len(index) == 9


def test_family_queries() -> None:
    names = [
        "北京牛栏山酒业有限公司",
        "北京牛兰山白酒有限公司",
        "北京山栏牛酒业有限公司",
        "北京阿里巴巴巴巴网络科技有限公司",
        "北京阿里巴巴网络科技有限公司",
        "北京牛栏山物业管理有限公司",
    ]
    pairs = [(StoredName(i, n, "R"), parse(n, REF)) for i, n in enumerate(names, 1)]
    index = NameIndex.build(pairs)
    assert index.exact("R", "牛栏山") == [1, 6]
    assert index.exact("R", "牛栏山", "酒") == [1]
    assert index.exact("X", "牛栏山") == []
    assert index.homophones("R", "牛蓝山", "酒") == [1, 2]
    assert index.permutations("R", "栏牛山", "酒") == [1, 3]
    assert index.containing("R", "阿里巴巴", "信息科技") == [4]
    assert index.contained_in("R", "阿里巴巴巴巴", "信息科技") == [5]
    assert index.contained_in("R", "北京阿里巴巴", "信息科技") == [5]


def test_keys_do_not_depend_on_the_process(tmp_path: Path) -> None:
    script = (
        "import sys, random\n"
        "from hongdun.namecheck.engine.tests.test_index import generated\n"
        "from hongdun.namecheck.engine.index import NameIndex\n"
        "NameIndex.build(generated(300)).save(sys.argv[1])\n"
    )
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / f"idx{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run_python(script, str(out), env=env)
        digests.append((np.load(out / "keys.npy").tobytes(), (out / "meta.json").read_bytes()))
    assert digests[0] == digests[1]


def test_pinyin_table_expands_polyphones() -> None:
    table = default_pinyin_table()
    assert table.same_sound("长虹", "常虹")  # 长: zhǎng / cháng
    assert table.same_sound("牛栏山", "牛蓝山")
    assert not table.same_sound("红光", "黄光")
    assert len(table.polys("长重乐行")) <= 8


def test_memory_per_name_on_generated_data() -> None:
    n = 20_000
    index = NameIndex.build(generated(n, seed=3))
    sizes = index.array_bytes()
    fixed = sizes["py_cp"] + sizes["py_syl"]  # the char → pinyin table, independent of n
    per_name = (index.memory_bytes() - fixed) / n
    # The budget is 150 MB per million names; at 20,000 names almost every 字号 is
    # new (fewer shared groups than at 1M), so this is an upper estimate.
    assert per_name <= 150, sizes


# --- the probe path of a check (key directory, seed powers, probes as polynomials) --------------


def test_key_directory_bounds_every_key(records: list[tuple[StoredName, ParsedName]]) -> None:
    index = NameIndex.build(records)
    for prefix in ("", "z", "a"):
        keys = index._a[f"{prefix}keys"]
        directory = index._a[f"{prefix}key_dir"].astype(np.int64)
        shift = _dir_shift(index._a[f"{prefix}key_dir"])
        buckets = keys >> shift
        positions = np.arange(len(keys))
        assert directory[-1] == len(keys)
        assert bool(np.all(directory[:-1] <= directory[1:]))
        inside = (directory[buckets] <= positions) & (positions < directory[buckets + 1])
        assert bool(np.all(inside))
    empty = _key_directory(np.zeros(0, dtype=np.int64))
    assert empty.tolist() == [0, 0]


def test_find_answers_as_lookup(records: list[tuple[StoredName, ParsedName]]) -> None:
    """`find` (polynomials, keys made on the way) against `lookup` (keys made by make_key), for
    keys that exist, keys shared by several groups, and keys that do not; with an overlay."""
    index = NameIndex.build(records[:2500])
    for stored, parsed in records[2500:2600]:
        index.add(stored, parsed)
    rng = random.Random(5)
    pinyin = index.pinyin
    checked = hits = 0
    for stored, parsed in rng.sample(records, 300):
        reg = index.registry_id(stored.registry)
        assert reg is not None
        trade = parsed.trade_name
        codes = [ord(c) for c in trade]
        if not codes or len(codes) >= SEED_POWER_SIZES:
            continue
        size = len(codes)
        probes = [
            (F_EXACT, poly(codes), size, T_SAME),
            (F_SORTED, poly(sorted(codes)), size, T_SORTED),
            (F_SUB, poly(codes[:2]), 2, T_CONTAINS_QUERY),
            (F_EXACT, rng.getrandbits(64), size, T_LOOKALIKE),
        ] + [(F_PINYIN, p, size, T_PINYIN) for p in pinyin.polys(trade)]
        industry = index.industry_key_id(parsed.industry_key or parsed.industry)
        for ind in {max(industry, 0), 0, ANY_INDUSTRY}:
            seeds = index.family_seeds(reg, ind)
            by_key: dict[int, int] = {}
            for family, p, length, tag in probes:
                k = make_key(seeds[family], p, length)
                by_key[k] = by_key.get(k, 0) | tag
            expected = index.lookup({ind: by_key})
            request = [(length * 4 + family, p, tag) for family, p, length, tag in probes]
            assert index.find(reg, [(ind, request)]) == expected
            checked += 1
            hits += bool(expected)
    assert checked > 300
    assert hits > 100


def test_pinyin_flat_array_agrees_with_the_readings() -> None:
    """The basic-block array (one reading, none, several) gives what the readings dict gives."""
    table = default_pinyin_table()
    chars = [chr(cp) for cp in range(0x4E00, 0xA000)] + ["〇", "A", "1", "\U00020000", "㐀"]
    for ch in chars:
        assert table.polys(ch) == table._expand([0], ch), ch
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 6)))
        assert table.polys(text) == table._expand([0], text), text
