"""The random-inspection draw (双随机): which enterprises are drawn and which two inspectors go.

Pure functions (no Django), so that anyone can re-run a published draw from its recorded inputs,
in any language, and get the same list. The algorithm, named ``ALGORITHM`` on every draw:

**Seed and key.** The seed is 32 hexadecimal digits (128 bits, from ``secrets`` when the clerk
does not give one). The key is the 16 bytes the seed spells: ``key = bytes.fromhex(seed)``.

**Keys of the enterprises.** Each enterprise gets the 64-bit number
``SipHash-2-4(key, id as 8 bytes little-endian)`` (the standard SipHash of Aumasson and
Bernstein, output read as an unsigned little-endian 64-bit integer; Python: the ``siphash24``
function below; Rust: ``siphasher::sip::SipHasher24::new_with_key`` over ``id.to_le_bytes()``).

**Selection.** The population is read as (id, group) pairs sorted by id. For each group of ``n``
enterprises whose ratio is ``r`` (the group's own ratio, else the plan's ratio),
``k = ceil(r × n)`` in exact decimal arithmetic (never 0 when ``n > 0``). The group's drawn
enterprises are the ``k`` with the smallest (key, id): equal keys, possible but never seen in
practice, are broken by the smaller id.

**Rank.** All drawn enterprises, of every group, ordered by (key, id): the first is rank 1.

**Inspectors.** Each inspector gets the key ``SipHash-2-4(key, b"inspector:" + id as 8 bytes
little-endian)``; the roster ordered by (that key, id) is a queue. The drawn enterprises are
taken in rank order; for each one the first inspector in the queue without a conflict with it
(a recorded relation, or an inspection of the same enterprise last year) is inspector A, the
next such inspector after removing A is inspector B; both are then moved to the end of the queue
(A, then B). Inspectors skipped for a conflict stay at the front and are taken next, so the load
stays even: without conflicts every inspector's count differs by at most one. When no two
inspectors free of conflict are left for an enterprise, the draw stops with ``NoInspectorPairError``
naming it.

**Snapshots.** What the draw read is stored as text and its SHA-256 shown with the draw: the
population as one line ``"<id>\\t<group>\\n"`` per enterprise in id order (UTF-8); the roster
as compact JSON ``{"conflicts":[[inspector,enterprise],...],"inspectors":[...]}`` (keys sorted,
no spaces, both lists sorted). They are stored zlib-compressed.

Drawing 3 % of a million enterprises takes a fraction of a second: the keys are computed with
numpy, 64-bit wrapping arithmetic over all ids at once (the ``siphash24_ids`` function; a test
checks it against the scalar ``siphash24`` and against the reference test vector).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

import numpy as np
import numpy.typing as npt

ALGORITHM = "siphash24-ksmallest-v1"
INSPECTOR_DOMAIN = b"inspector:"
_SEED = re.compile(r"[0-9a-f]{32}")
_MASK = (1 << 64) - 1

PopulationRow = tuple[int, str]
SampleRow = tuple[int, int, str]  # (rank, enterprise id, group)


class DrawError(ValueError):
    """The inputs cannot be drawn from (a malformed seed, ratio or population)."""


class NoInspectorPairError(DrawError):
    """No two inspectors free of conflict are left for one drawn enterprise."""

    def __init__(self, enterprise_id: int, available: int) -> None:
        self.enterprise_id = enterprise_id
        self.available = available
        super().__init__(
            f"no two inspectors without a conflict for enterprise {enterprise_id} "
            f"({available} available)"
        )


def seed_key(seed: str) -> bytes:
    """The SipHash key a seed spells; DrawError for anything but 32 lower-case hex digits."""
    if not isinstance(seed, str) or not _SEED.fullmatch(seed):
        raise DrawError(f"the seed must be 32 lower-case hexadecimal digits, not {seed!r}")
    return bytes.fromhex(seed)


# --- SipHash-2-4 ---------------------------------------------------------------------------------


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def _round(v0: int, v1: int, v2: int, v3: int) -> tuple[int, int, int, int]:
    v0 = (v0 + v1) & _MASK
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _MASK
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _MASK
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _MASK
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash24(key: bytes, message: bytes) -> int:
    """SipHash-2-4 of `message` under the 16-byte `key`, as an unsigned 64-bit integer."""
    if len(key) != 16:
        raise DrawError("the SipHash key must be 16 bytes")
    k0 = int.from_bytes(key[:8], "little")
    k1 = int.from_bytes(key[8:], "little")
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    tail_start = len(message) - len(message) % 8
    for start in range(0, tail_start, 8):
        m = int.from_bytes(message[start : start + 8], "little")
        v3 ^= m
        v0, v1, v2, v3 = _round(*_round(v0, v1, v2, v3))
        v0 ^= m
    last = ((len(message) & 0xFF) << 56) | int.from_bytes(message[tail_start:], "little")
    v3 ^= last
    v0, v1, v2, v3 = _round(*_round(v0, v1, v2, v3))
    v0 ^= last
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


U64 = npt.NDArray[np.uint64]


_CHUNK = 16384  # ids hashed per pass: the working arrays stay in the processor's cache


def siphash24_ids(key: bytes, ids: U64) -> U64:
    """`siphash24(key, id.to_bytes(8, "little"))` for every id at once (numpy, wrapping)."""
    if len(key) != 16:
        raise DrawError("the SipHash key must be 16 bytes")
    k0 = int.from_bytes(key[:8], "little")
    k1 = int.from_bytes(key[8:], "little")
    init = [
        np.uint64(k0 ^ 0x736F6D6570736575),
        np.uint64(k1 ^ 0x646F72616E646F6D),
        np.uint64(k0 ^ 0x6C7967656E657261),
        np.uint64(k1 ^ 0x7465646279746573),
    ]
    result: U64 = np.empty(ids.shape[0], dtype=np.uint64)
    size = min(_CHUNK, ids.shape[0])
    v = [np.empty(size, dtype=np.uint64) for _ in range(4)]
    tmp = np.empty(size, dtype=np.uint64)
    shifts = {b: (np.uint64(b), np.uint64(64 - b)) for b in (13, 16, 17, 21, 32)}

    def rotl(x: U64, b: int, t: U64) -> None:
        left, right = shifts[b]
        np.left_shift(x, left, out=t)
        np.right_shift(x, right, out=x)
        np.bitwise_or(x, t, out=x)

    def sipround(v0: U64, v1: U64, v2: U64, v3: U64, t: U64) -> None:
        np.add(v0, v1, out=v0)
        rotl(v1, 13, t)
        np.bitwise_xor(v1, v0, out=v1)
        rotl(v0, 32, t)
        np.add(v2, v3, out=v2)
        rotl(v3, 16, t)
        np.bitwise_xor(v3, v2, out=v3)
        np.add(v0, v3, out=v0)
        rotl(v3, 21, t)
        np.bitwise_xor(v3, v0, out=v3)
        np.add(v2, v1, out=v2)
        rotl(v1, 17, t)
        np.bitwise_xor(v1, v2, out=v1)
        rotl(v2, 32, t)

    last = np.uint64(8 << 56)
    for start in range(0, ids.shape[0], _CHUNK):
        m = ids[start : start + _CHUNK]
        n = m.shape[0]
        v0, v1, v2, v3 = (array[:n] for array in v)
        t = tmp[:n]
        for array, value in zip((v0, v1, v2, v3), init, strict=True):
            array.fill(value)
        np.bitwise_xor(v3, m, out=v3)
        sipround(v0, v1, v2, v3, t)
        sipround(v0, v1, v2, v3, t)
        np.bitwise_xor(v0, m, out=v0)
        np.bitwise_xor(v3, last, out=v3)
        sipround(v0, v1, v2, v3, t)
        sipround(v0, v1, v2, v3, t)
        np.bitwise_xor(v0, last, out=v0)
        np.bitwise_xor(v2, np.uint64(0xFF), out=v2)
        for _ in range(4):
            sipround(v0, v1, v2, v3, t)
        out = result[start : start + n]
        np.bitwise_xor(v0, v1, out=out)
        np.bitwise_xor(out, v2, out=out)
        np.bitwise_xor(out, v3, out=out)
    return result


def inspector_key(key: bytes, inspector_id: int) -> int:
    return siphash24(key, INSPECTOR_DOMAIN + inspector_id.to_bytes(8, "little"))


# --- the draw ------------------------------------------------------------------------------------


def parse_ratio(value: object, *, name: str = "ratio") -> Decimal:
    """A ratio in (0, 1] as a Decimal; DrawError naming `name` otherwise."""
    try:
        ratio = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise DrawError(f"{name} must be a decimal number, not {value!r}") from None
    if not ratio.is_finite() or not Decimal(0) < ratio <= Decimal(1):
        raise DrawError(f"{name} must be greater than 0 and at most 1, not {value!r}")
    return ratio


def group_size(ratio: Decimal, n: int) -> int:
    """How many of a group of `n` are drawn: ceil(ratio × n), at least 1 when n > 0."""
    if n <= 0:
        return 0
    return min(n, max(1, math.ceil(ratio * n)))


def draw_sample(
    population: Sequence[PopulationRow],
    ratio: Decimal | str,
    group_ratios: Mapping[str, Decimal | str],
    seed: str,
) -> list[SampleRow]:
    """The drawn enterprises as (rank, enterprise id, group), rank 1 first (see the module)."""
    key = seed_key(seed)
    base = parse_ratio(ratio)
    ratios = {
        str(group): parse_ratio(value, name=f"ratio of group {group!r}")
        for group, value in group_ratios.items()
    }
    n = len(population)
    if n == 0:
        return []
    ids: U64 = np.array([row[0] for row in population], dtype=np.uint64)
    if n > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        raise DrawError("the population must be sorted by id without repeats")
    names = [row[1] for row in population]
    groups = sorted(set(names))
    if len(groups) > 1:
        code_of = {group: code for code, group in enumerate(groups)}
        codes = np.fromiter(map(code_of.__getitem__, names), dtype=np.int64, count=n)
    else:
        codes = np.zeros(n, dtype=np.int64)
    keys = siphash24_ids(key, ids)
    chosen_parts: list[npt.NDArray[np.intp]] = []
    for code, group in enumerate(groups):
        members = np.flatnonzero(codes == code) if len(groups) > 1 else np.arange(n)
        k = group_size(ratios.get(group, base), members.shape[0])
        chosen_parts.append(_k_smallest(keys, members, k))
    chosen = np.concatenate(chosen_parts)
    # Rank: by (key, id); lexsort sorts by the last key first.
    order = chosen[np.lexsort((ids[chosen], keys[chosen]))]
    return [
        (rank, int(ids[index]), groups[int(codes[index])])
        for rank, index in enumerate(order.tolist(), start=1)
    ]


def _k_smallest(keys: U64, members: npt.NDArray[np.intp], k: int) -> npt.NDArray[np.intp]:
    """The positions (among `members`, which are in id order) of the k smallest (key, id)."""
    if k >= members.shape[0]:
        return members
    member_keys = keys[members]
    threshold = np.partition(member_keys, k - 1)[k - 1]
    below = members[member_keys < threshold]
    # Ties at the threshold: the smaller ids first (members are in id order).
    at = members[member_keys == threshold][: k - below.shape[0]]
    return np.concatenate((below, at))


def assign_inspectors(
    sample: Sequence[SampleRow],
    roster: Sequence[int],
    conflicts: Iterable[tuple[int, int]],
    seed: str,
) -> dict[int, tuple[int, int]]:
    """Two inspectors for each drawn enterprise, {enterprise id: (A, B)} (see the module)."""
    key = seed_key(seed)
    if len(set(roster)) != len(roster):
        raise DrawError("the inspector roster must not repeat a person")
    blocked = set(conflicts)
    queue = sorted(roster, key=lambda person: (inspector_key(key, person), person))
    pairs: dict[int, tuple[int, int]] = {}
    for _rank, enterprise_id, _group in sorted(sample):
        first = _take(queue, blocked, enterprise_id, exclude=None)
        second = _take(queue, blocked, enterprise_id, exclude=first)
        if first is None or second is None:
            free = sum(1 for person in queue if (person, enterprise_id) not in blocked)
            raise NoInspectorPairError(enterprise_id, free)
        queue.remove(first)
        queue.remove(second)
        queue.extend((first, second))
        pairs[enterprise_id] = (first, second)
    return pairs


def _take(
    queue: list[int], blocked: set[tuple[int, int]], enterprise_id: int, exclude: int | None
) -> int | None:
    for person in queue:
        if person != exclude and (person, enterprise_id) not in blocked:
            return person
    return None


# --- the snapshots -------------------------------------------------------------------------------


def encode_population(population: Iterable[PopulationRow]) -> bytes:
    return "".join(f"{pk}\t{group}\n" for pk, group in population).encode()


def decode_population(data: bytes) -> list[PopulationRow]:
    rows: list[PopulationRow] = []
    for line in data.decode().splitlines():
        pk, _tab, group = line.partition("\t")
        rows.append((int(pk), group))
    return rows


def encode_roster(roster: Iterable[int], conflicts: Iterable[tuple[int, int]]) -> bytes:
    document = {
        "conflicts": sorted([int(a), int(b)] for a, b in set(conflicts)),
        "inspectors": sorted(int(person) for person in roster),
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def decode_roster(data: bytes) -> tuple[list[int], set[tuple[int, int]]]:
    document = json.loads(data)
    return (
        [int(person) for person in document["inspectors"]],
        {(int(a), int(b)) for a, b in document["conflicts"]},
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 6)


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data)
