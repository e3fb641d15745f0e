"""The stored-name index: every conflict rule is a fixed number of key probes, never a scan.

Design (ADR 0005): every conflict rule of docs/rules/names.md §1.4–§1.7 is a function of the
short parsed 字号, so the index keeps, per *group* of stored names sharing (registry, 字号,
industry key), a handful of 64-bit keys in ONE sorted array, and a check looks up
a fixed set of keys derived from the proposed 字号, each through a key directory (below).

Layout (numpy arrays only, saved as ``.npy`` and opened with ``mmap_mode='r'`` so that worker
processes share the pages; nothing here is a per-name Python object):

* records: one packed row each (``struct`` format in the snapshot's meta; one cache line to read
  and one ``unpack_from`` call): the caller's stable id, a 64-bit hash of the owner key (for the
  exceptions of docs/rules/names.md §1.8), the group, the day (int32 days since 1970-01-01: the
  status date, or reserved-until for a reservation), the industry wording, region key, form, and
  name head / tail ids (u8/u16/u32, the narrowest that fits), and status | region position << 3.
  The name is head + 字号 + tail, with heads (region spellings) and tails (industry + form
  endings) interned in small UTF-16 tables; a name that does not split that way is kept whole in
  the head table. Records are ordered by group, so a group's records are one range
  (``post_off``); a sorted copy of the ids with their row numbers serves updates by id;
* groups: packed rows of 字号 id, industry-key id (0 = no industry term) and registry id;
* 字号 table: interned, one UTF-16 blob with byte offsets;
* keys: sorted int64 arrays with parallel u32 group arrays, in three classes — keys of a
  particular industry (``keys``), of names without an industry term (``zkeys``, few) and the
  ANY_INDUSTRY keys (``akeys``) — so a probe only searches the class it needs. Each class has a
  key directory (``key_dir``, ``zkey_dir``, ``akey_dir``): the start of every bucket of the top
  bits, one bucket per ~8 keys, so that a probe reads two directory entries and bisects a few
  keys instead of binary-searching the whole array (whose deep levels are cache misses). A key
  is a polynomial hash
  ``seed(family, registry, industry) · B^len + Σ code_i · B^(len-1-i)  (mod 2^64)``, masked to
  63 bits; the seed is splitmix64 of the packed (family, registry, industry). It is computed
  once per key string at build time (never Python's ``hash()``: stable across processes).
  Families: EXACT 字号; PINYIN (toneless syllables, polyphonic characters expanded, capped);
  SORTED characters (a different order); SUB (every proper substring of length ≥ 2: a registered
  字号 contains the query). "The query contains a registered 字号" probes EXACT with the query's
  substrings. Registry and industry are part of the key: a probe only meets names of the same
  registry (C-SCOPE-1) and of the probed industry, so the work per check does not grow with the
  register. A proposed name is probed with its industry key and with 0 (stored names without an
  industry term); one more EXACT key per group under ANY_INDUSTRY serves proposed names without
  any industry (C-SAME-1: "同行业或者不使用行业表述").
* the char → pinyin table is stored with the snapshot, so queries need no pypinyin and always
  agree with the build.

Between snapshots an in-memory overlay takes adds, removals (tombstones) and status changes;
`compact()` (and `save()`) fold it into fresh arrays.
"""

from __future__ import annotations

import codecs
import enum
import json
import math
import os
import re
import shutil
import struct
import tempfile
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .types import NameStatus, ParsedName, StoredName

__all__ = [
    "ANY_INDUSTRY",
    "B_POWERS",
    "FORMAT_VERSION",
    "F_EXACT",
    "F_PINYIN",
    "F_SORTED",
    "F_SUB",
    "KEY_MASK",
    "MAX_SUB_SOURCE",
    "SEED_POWER_SIZES",
    "STATUS_CODES",
    "T_CONTAINS_QUERY",
    "T_IN_QUERY",
    "T_LOOKALIKE",
    "T_NEW_OLD",
    "T_PAIR",
    "T_PINYIN",
    "T_SAME",
    "T_SORTED",
    "BulkRecords",
    "Family",
    "GroupView",
    "NameIndex",
    "PinyinTable",
    "ProgressFn",
    "RecordView",
    "Tag",
    "day_number",
    "default_pinyin_table",
    "industry_stem",
    "make_key",
    "owner_hash",
    "poly",
    "region_key",
    "substring_polys",
    "trade_key",
]

# 7: keys built from names with 繁体字/异体字 folded to 规范汉字 (normalize.py); an older snapshot
# is rebuilt on first use.
FORMAT_VERSION = 7

ProgressFn = Callable[[str, int], None]
"""Progress callback: (stage, items done so far)."""

# --- keys ---------------------------------------------------------------------------------------

_M64 = 0xFFFF_FFFF_FFFF_FFFF
_M63 = 0x7FFF_FFFF_FFFF_FFFF
_B = 0x9E37_79B9_7F4A_7C15  # odd multiplier of the polynomial hash
_BPOW = [pow(_B, n, 1 << 64) for n in range(65)]
KEY_MASK = _M63
B_POWERS: tuple[int, ...] = tuple(_BPOW)  # B^n mod 2^64 for n ≤ 64 (longer: make_key)
SEED_POWER_SIZES = 16  # `NameIndex.seed_powers` covers key lengths below this
MAX_SUB_SOURCE = 12  # substrings are enumerated for 字号 of at most this many characters
_MAX_PINYIN_KEYS = 8  # polyphone expansion cap (the same on both sides)
_MAX_READINGS = 2  # readings per character kept for the expansion
_NON_PINYIN = 1 << 40  # code space for characters without a reading (above the base-27 ints)
_MAX_REGISTRIES = 1 << 22
ANY_INDUSTRY = 0xFFFF_FFFF  # industry id of the EXACT keys that ignore the industry


class Family(enum.IntEnum):
    EXACT = 0
    PINYIN = 1
    SORTED = 2
    SUB = 3


class Tag(enum.IntFlag):
    """Why a group was found: one bit per probe purpose (chosen by the caller of `probe`)."""

    SAME = 1  # same 字号
    PINYIN = 2  # same toneless pinyin
    SORTED = 4  # same characters, any order
    CONTAINS_QUERY = 8  # the registered 字号 contains the proposed one
    IN_QUERY = 16  # the proposed 字号 contains the registered one
    NEW_OLD = 32  # proposed = modifier + registered (新/老/大…)
    PAIR = 64  # a registered 2-char 字号 whose characters are in a proposed 3-char one
    LOOKALIKE = 128  # equal after swapping one look-alike character


# Plain-int aliases for the hot path (enum arithmetic is several times slower).
F_EXACT, F_PINYIN, F_SORTED, F_SUB = 0, 1, 2, 3
T_SAME, T_PINYIN, T_SORTED, T_CONTAINS_QUERY = 1, 2, 4, 8
T_IN_QUERY, T_NEW_OLD, T_PAIR, T_LOOKALIKE = 16, 32, 64, 128


def _bpow(n: int) -> int:
    return _BPOW[n] if n < len(_BPOW) else pow(_B, n, 1 << 64)


def _splitmix(z: int) -> int:
    z = (z + 0x9E37_79B9_7F4A_7C15) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB) & _M64
    return z ^ (z >> 31)


def _splitmix_np(z: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    z = z + np.uint64(0x9E37_79B9_7F4A_7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58_476D_1CE4_E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D0_49BB_1331_11EB)
    return z ^ (z >> np.uint64(31))


def _seed(family: int, registry: int, industry: int) -> int:
    return _splitmix(family | (registry << 2) | (industry << 24))


def make_key(seed: int, poly_value: int, length: int) -> int:
    """The 63-bit key of a sequence with this seed-free polynomial and length."""
    return (seed * (_BPOW[length] if length < 65 else _bpow(length)) + poly_value) & _M63


def poly(codes: Iterable[int]) -> int:
    """The seed-free polynomial of a code sequence (mod 2^64)."""
    h = 0
    for c in codes:
        h = (h * _B + c) & _M64
    return h


def owner_hash(owner: str) -> int:
    """Stable 64-bit hash of an owner key ("" → 0)."""
    if not owner:
        return 0
    return int.from_bytes(blake2b(owner.encode("utf-8"), digest_size=8).digest(), "little") or 1


# --- comparison keys of the name parts ----------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")
_REGION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "省", "市")
_INDUSTRY_GENERIC = ("业", "行", "厂", "店")


def trade_key(text: str) -> str:
    """Text as compared: NFKC, without spaces, brackets or punctuation."""
    if text.isalnum() and unicodedata.is_normalized("NFKC", text):
        return text  # the usual case: Chinese characters only
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text))


def region_key(region: str) -> str:
    """北京 = 北京市: the region with one administrative suffix removed."""
    if not region.endswith(_REGION_SUFFIXES):
        return region
    for suffix in _REGION_SUFFIXES:
        if len(region) > len(suffix) + 1 and region.endswith(suffix):
            return region[: -len(suffix)]
    return region


def industry_stem(industry: str) -> str:
    """The industry wording without a generic 业/行/厂/店 (docs/rules/names.md §1.5, C-CMP-3.3)."""
    if len(industry) > 1 and industry.endswith(_INDUSTRY_GENERIC):
        return industry[:-1]
    return industry


_EPOCH = date(1970, 1, 1).toordinal()
NO_DATE = -(2**31)
FOREVER = 2**31 - 1


def day_number(d: date | None, default: int = NO_DATE) -> int:
    return default if d is None else d.toordinal() - _EPOCH


def _day_date(n: int) -> date | None:
    return None if n in (NO_DATE, FOREVER) else date.fromordinal(n + _EPOCH)


STATUS_CODES: dict[NameStatus, int] = {
    NameStatus.REGISTERED: 0,
    NameStatus.RESERVED: 1,
    NameStatus.DEREGISTERED: 2,
    NameStatus.RENAMED: 3,
    NameStatus.REGISTRATION_REVOKED: 4,
}
STATUS_BY_CODE: tuple[NameStatus, ...] = tuple(STATUS_CODES)
RPOS_CODES = {"": 0, "prefix": 1, "bracket": 2}
_RPOS_BY_CODE = ("", "prefix", "bracket", "other")


def rpos_code(position: str) -> int:
    return RPOS_CODES.get(position, 3)


def _status_day(status: NameStatus, status_date: date | None, reserved_until: date | None) -> int:
    if status is NameStatus.RESERVED:
        return day_number(reserved_until, FOREVER)
    return day_number(status_date)


def _industry_key_of(parsed: ParsedName) -> str:
    """The group's industry key: canonical key (also one implied by a form such as 饭店)."""
    return parsed.industry_key or parsed.industry


# --- pinyin -------------------------------------------------------------------------------------


def _syllable_int(syllable: str) -> int:
    value = 0
    for ch in syllable:
        value = value * 27 + (ord(ch) - 96)
    return value


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in decomposed if "a" <= c <= "z")


_BASIC_START, _BASIC_END = 0x4E00, 0xA000  # CJK Unified Ideographs (the basic block)
_BASIC_SIZE = _BASIC_END - _BASIC_START


class PinyinTable:
    """Character → toneless syllable codes (most common reading first, at most two)."""

    __slots__ = ("_arrays", "_basic", "_readings")

    def __init__(self, readings: dict[str, tuple[int, ...]]) -> None:
        self._readings = readings
        self._arrays: tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]] | None = None
        # The basic CJK block as one flat array (168 KB): the single reading's code, 0 for no
        # reading, -1 for several. Reading it touches one cache line where the dict look-up of
        # a rare character touches the table, the key, the tuple and the int.
        basic = np.zeros(_BASIC_END - _BASIC_START, dtype=np.int64)
        for ch, options in readings.items():
            cp = ord(ch) - _BASIC_START
            if 0 <= cp < len(basic):
                basic[cp] = options[0] if len(options) == 1 else -1
        self._basic = _fast_view(basic)

    @classmethod
    def from_pypinyin(cls) -> PinyinTable:
        from pypinyin.pinyin_dict import pinyin_dict  # only needed to build an index

        readings: dict[str, tuple[int, ...]] = {}
        for codepoint, text in pinyin_dict.items():
            syllables: list[int] = []
            for reading in text.split(","):
                plain = _toneless(reading)
                if plain:
                    value = _syllable_int(plain)
                    if value not in syllables:
                        syllables.append(value)
                if len(syllables) == _MAX_READINGS:
                    break
            if syllables:
                readings[chr(codepoint)] = tuple(syllables)
        return cls(readings)

    @classmethod
    def from_arrays(
        cls, codepoints: npt.NDArray[np.uint32], syllables: npt.NDArray[np.int64]
    ) -> PinyinTable:
        readings: dict[str, tuple[int, ...]] = {}
        for cp, row in zip(codepoints.tolist(), syllables.tolist(), strict=True):
            readings[chr(cp)] = tuple(s for s in row if s)
        table = cls(readings)
        table._arrays = (codepoints, syllables)
        return table

    def to_arrays(self) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
        if self._arrays is None:
            self._arrays = self._make_arrays()
        return self._arrays

    def _make_arrays(self) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
        chars = sorted(self._readings)
        codepoints = np.array([ord(c) for c in chars], dtype=np.uint32)
        syllables = np.zeros((len(chars), _MAX_READINGS), dtype=np.int64)
        for i, c in enumerate(chars):
            row = self._readings[c]
            syllables[i, : len(row)] = row
        return codepoints, syllables

    def polys(self, text: str) -> list[int]:
        """Seed-free pinyin polynomials of `text` (primary readings first, capped)."""
        readings = self._readings
        basic = self._basic
        h = 0
        for i, ch in enumerate(text):  # fast path: no character with two readings
            cp = ord(ch) - _BASIC_START
            if 0 <= cp < _BASIC_SIZE:
                code = basic[cp]
                if code > 0:
                    h = (h * _B + code) & _M64
                    continue
                if not code:
                    h = (h * _B + _NON_PINYIN + ord(ch)) & _M64
                    continue
                return self._expand([h], text[i:])
            options = readings.get(ch)
            if options is None:
                h = (h * _B + _NON_PINYIN + ord(ch)) & _M64
            elif len(options) == 1:
                h = (h * _B + options[0]) & _M64
            else:
                return self._expand([h], text[i:])
        return [h]

    def _expand(self, polys: list[int], text: str) -> list[int]:
        readings = self._readings
        for ch in text:
            options = readings.get(ch)
            if options is None:
                code = _NON_PINYIN + ord(ch)
                polys = [(p * _B + code) & _M64 for p in polys]
            elif len(options) == 1:
                code = options[0]
                polys = [(p * _B + code) & _M64 for p in polys]
            else:
                polys = [(p * _B + s) & _M64 for p in polys for s in options][:_MAX_PINYIN_KEYS]
        return polys

    def same_sound(self, a: str, b: str) -> bool:
        """Whether two strings share a pinyin key (the PINYIN family's notion of 字音相同)."""
        return len(a) == len(b) and not set(self.polys(a)).isdisjoint(self.polys(b))


@lru_cache(maxsize=1)
def default_pinyin_table() -> PinyinTable:
    return PinyinTable.from_pypinyin()


def _trade_polys(trade: str, pinyin: PinyinTable) -> Iterator[tuple[int, int, int]]:
    """(family, seed-free poly, length) of every key a stored 字号 contributes."""
    length = len(trade)
    codes = [ord(c) for c in trade]
    yield F_EXACT, poly(codes), length
    if length < 2:
        return
    yield F_SORTED, poly(sorted(codes)), length
    for p in dict.fromkeys(pinyin.polys(trade)):
        yield F_PINYIN, p, length
    if 3 <= length <= MAX_SUB_SOURCE:
        seen: set[str] = set()
        for i in range(length):
            h = 0
            for j in range(i, length):
                h = (h * _B + codes[j]) & _M64
                size = j - i + 1
                if 2 <= size < length:
                    sub = trade[i : j + 1]
                    if sub not in seen:
                        seen.add(sub)
                        yield F_SUB, h, size


def substring_polys(trade: str) -> list[tuple[int, int, int, int]]:
    """(poly, length, start, end) of every proper substring of length ≥ 2 (none if > 12 chars)."""
    length = len(trade)
    out: list[tuple[int, int, int, int]] = []
    if length < 3 or length > MAX_SUB_SOURCE:
        return out
    codes = [ord(c) for c in trade]
    for i in range(length):
        h = 0
        for j in range(i, length):
            h = (h * _B + codes[j]) & _M64
            size = j - i + 1
            if 2 <= size < length:
                out.append((h, size, i, j + 1))
    return out


# --- views handed to the rules ------------------------------------------------------------------


class GroupView(NamedTuple):
    ref: int
    registry: int
    industry_key: int  # 0 = no industry term
    trade: str


class BulkRecords(NamedTuple):
    """Columns of many records (see `NameIndex.bulk_records`); all int64 except owner (u64)."""

    refs: npt.NDArray[np.int64]
    group_pos: npt.NDArray[np.int64]  # index into the groups passed in
    ext_id: npt.NDArray[np.int64]
    owner: npt.NDArray[np.uint64]
    day: npt.NDArray[np.int64]
    status: npt.NDArray[np.int64]
    industry_text: npt.NDArray[np.int64]
    region: npt.NDArray[np.int64]
    form: npt.NDArray[np.int64]
    region_position: npt.NDArray[np.int64]


# The codec function itself: a quarter of the time of str(buffer, "utf-16-le") (no codec lookup).
_utf16 = codecs.utf_16_le_decode
_new_tuple = tuple.__new__  # builds a NamedTuple without its keyword-argument handling


class RecordView(NamedTuple):
    ref: int
    ext_id: int  # the caller's stable id
    group: int
    industry_text: int  # 0 = no industry term
    region: int
    form: int
    region_position: int  # RPOS_CODES value
    status: int  # STATUS_CODES value
    day: int  # status date, or reserved-until for a reservation (day_number)
    owner: int  # owner_hash


# --- build helpers ------------------------------------------------------------------------------


class _Interner:
    __slots__ = ("ids", "items")

    def __init__(self, items: Iterable[str] = ("",)) -> None:
        self.items: list[str] = []
        self.ids: dict[str, int] = {}
        for item in items:
            self.get(item)

    def get(self, item: str) -> int:
        found = self.ids.get(item)
        if found is None:
            found = len(self.items)
            self.ids[item] = found
            self.items.append(item)
        return found


def _narrow(values: Sequence[int] | npt.NDArray[Any], limit: int | None = None) -> npt.NDArray[Any]:
    """The narrowest unsigned dtype for ids below `limit` (default: the largest value + 1)."""
    arr = np.asarray(values)
    top = limit if limit is not None else (int(arr.max()) + 1 if len(arr) else 1)
    for dtype in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(dtype).max + 1:
            return arr.astype(dtype)
    return arr.astype(np.uint64)


def _blob(strings: Sequence[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[Any]]:
    encoded = [s.encode("utf-16-le") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.uint64)
    if encoded:
        np.cumsum(np.fromiter((len(e) for e in encoded), np.uint64, len(encoded)), out=offsets[1:])
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
    dtype = np.uint32 if int(offsets[-1]) < 2**32 else np.uint64
    return data, offsets.astype(dtype)


_ARRAYS = (
    "records",
    "ext_sorted",
    "ext_ref",
    "groups",
    "post_off",
    "head_data",
    "head_off",
    "tail_data",
    "tail_off",
    "trade_data",
    "trade_off",
    "keys",
    "key_groups",
    "zkeys",
    "zkey_groups",
    "akeys",
    "akey_groups",
    "key_dir",
    "zkey_dir",
    "akey_dir",
    "py_cp",
    "py_syl",
)

# A record is one packed row (one cache line to read; `struct.unpack_from` returns all fields
# at once): ext id, owner hash, group, day, then ids whose width depends on the table sizes.
_RECORD_FIELDS = ("ext", "owner", "group", "day", "industry", "region", "head", "tail", "form")
_GROUP_FIELDS = ("trade", "industry", "registry")


def _code(limit: int) -> str:
    return "B" if limit <= 1 << 8 else "H" if limit <= 1 << 16 else "I"


def _row_dtype(fmt: str, names: Sequence[str]) -> np.dtype[Any]:
    kinds = {"q": "<i8", "Q": "<u8", "I": "<u4", "i": "<i4", "H": "<u2", "B": "u1"}
    fields = [(n, kinds[c]) for n, c in zip(names, fmt[1:], strict=False)]
    if len(fmt) - 1 > len(names):
        fields.append(("flags", "u1"))
    return np.dtype(fields)


def _fast_view(arr: npt.NDArray[Any]) -> memoryview:
    """A flat memoryview of an array in its native format (item access yields plain ints).

    Indexing the `.data` view of a memmap goes through a slower path; a view re-cast from bytes
    is several times faster.
    """
    view = arr.data
    flat = view.cast("B")
    return flat if view.format == "B" else flat.cast(view.format)  # type: ignore[call-overload]


class _Overlay:
    """Changes since the snapshot: new records and groups, tombstones, status overrides."""

    __slots__ = (
        "by_ext",
        "extra_post",
        "group_ids",
        "groups",
        "keys",
        "override",
        "records",
        "tomb",
    )

    def __init__(self) -> None:
        self.tomb: set[int] = set()  # base record refs removed
        self.override: dict[int, tuple[int, int]] = {}  # base ref → (status, day)
        self.records: list[_OverlayRecord] = []
        self.by_ext: dict[int, int] = {}  # ext id → live overlay ref
        self.groups: list[tuple[int, str, int, list[int]]] = []  # (reg, trade, ind, refs)
        self.group_ids: dict[tuple[int, str, int], int] = {}
        self.keys: dict[int, list[int]] = {}  # key → group refs
        self.extra_post: dict[int, list[int]] = {}  # base group → overlay record refs


class _OverlayRecord:
    __slots__ = ("alive", "parsed", "stored", "view")

    def __init__(self, stored: StoredName, parsed: ParsedName, view: RecordView) -> None:
        self.stored = stored
        self.parsed = parsed
        self.view = view
        self.alive = True


class NameIndex:
    """Stored names of one or more registries, for the conflict rules (see module docstring)."""

    def __init__(
        self,
        arrays: dict[str, npt.NDArray[Any]],
        meta: dict[str, Any],
        pinyin: PinyinTable | None = None,
    ) -> None:
        self._a = arrays
        self._meta = meta
        self._registries = _Interner(meta["registries"])
        self._industry_keys = _Interner(meta["industry_keys"])
        self._industry_texts = _Interner(meta["industry_texts"])
        self._regions = _Interner(meta["regions"])
        self._forms = _Interner(meta["forms"])
        self._n_base_registries = len(meta["registries"])
        self._stems: list[str] = [industry_stem(t) for t in self._industry_texts.items]
        self.pinyin = pinyin or PinyinTable.from_arrays(arrays["py_cp"], arrays["py_syl"])
        # key classes (industry, none, any) → (sorted keys, view of keys, view of groups,
        # directory shift, view of the directory)
        self._classes = tuple(
            (
                arrays[f"{c}keys"],
                _fast_view(arrays[f"{c}keys"]),
                _fast_view(arrays[f"{c}key_groups"]),
                _dir_shift(arrays[f"{c}key_dir"]),
                _fast_view(arrays[f"{c}key_dir"]),
            )
            for c in ("", "z", "a")
        )
        # Scalar access through memoryviews yields plain ints (several times faster than numpy).
        self._mv = {name: _fast_view(arr) for name, arr in arrays.items() if arr.ndim == 1}
        mv = self._mv
        self._m_records = mv["records"]
        self._m_groups = mv["groups"]
        self._m_ext_sorted = mv["ext_sorted"]
        self._m_ext_ref = mv["ext_ref"]
        self._m_post_off = mv["post_off"]
        self._m_trade_off = mv["trade_off"]
        self._m_trade_data = mv["trade_data"]
        self._rows = arrays["records"].view(_row_dtype(meta["record_format"], _RECORD_FIELDS))
        self._post_off = arrays["post_off"]
        self._stem_ids: dict[str, int] = {}
        for stem in self._stems:
            self._stem_ids.setdefault(stem, len(self._stem_ids))
        self._base_stem_ids = np.array(
            [self._stem_ids[stem] for stem in self._stems], dtype=np.int64
        )
        self._rec = struct.Struct(meta["record_format"])
        self._grp = struct.Struct(meta["group_format"])
        self._rec_ext = struct.Struct("<q")
        self._n_base = len(arrays["ext_sorted"])
        self._n_groups = len(arrays["post_off"]) - 1
        self._literal_tail: int = meta["literal_tail"]
        self._heads: dict[int, str] = {}  # decoded heads and tails (small interned tables)
        self._tails: dict[int, str] = {}
        self._family_seeds: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
        self._seed_powers: dict[tuple[int, int], tuple[int, ...]] = {}
        self._ov = _Overlay()
        self._live_base = self._n_base

    # --- build --------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        records: Iterable[tuple[StoredName, ParsedName]],
        progress: ProgressFn | None = None,
        *,
        pinyin: PinyinTable | None = None,
        progress_every: int = 100_000,
    ) -> NameIndex:
        """Build from stored names and their parsed parts (one pass; the records may stream)."""
        pinyin = pinyin or default_pinyin_table()
        registries = _Interner(())
        trades = _Interner(())
        industry_keys = _Interner()
        industry_texts = _Interner()
        regions = _Interner()
        forms = _Interner()
        group_ids: dict[tuple[int, int, int], int] = {}
        ext: list[int] = []
        col_group: list[int] = []
        col_ind: list[int] = []
        col_region: list[int] = []
        col_form: list[int] = []
        col_flags: list[int] = []
        col_day: list[int] = []
        col_owner: list[int] = []
        col_head: list[int] = []
        col_tail: list[int] = []
        heads = _Interner()
        tails = _Interner()
        owner_cache: dict[str, int] = {}
        for count, (stored, parsed) in enumerate(records, 1):
            reg = registries.get(stored.registry)
            tid = trades.get(trade_key(parsed.trade_name))
            ind = industry_keys.get(_industry_key_of(parsed))
            gkey = (reg, tid, ind)
            gid = group_ids.get(gkey)
            if gid is None:
                gid = group_ids[gkey] = len(group_ids)
            status = NameStatus(stored.status)
            ext.append(stored.id)
            # The name is stored as head + 字号 + tail with interned heads and tails (region
            # spellings, industry + form endings repeat), or whole in the head table.
            trade_text = parsed.trade_name
            at = stored.name.find(trade_text) if trade_text else -1
            if at >= 0 and trade_key(trade_text) == trade_text:
                col_head.append(heads.get(stored.name[:at]))
                col_tail.append(tails.get(stored.name[at + len(trade_text) :]))
            else:
                col_head.append(heads.get(stored.name))
                col_tail.append(-1)
            col_group.append(gid)
            col_ind.append(industry_texts.get(parsed.industry))
            col_region.append(regions.get(region_key(parsed.region)))
            col_form.append(forms.get(parsed.form))
            col_flags.append(STATUS_CODES[status] | rpos_code(parsed.region_position) << 3)
            col_day.append(_status_day(status, stored.status_date, stored.reserved_until))
            if isinstance(stored.owner, _OwnerHash):
                owner = stored.owner.value
            else:
                owner = owner_cache.get(stored.owner, -1)
                if owner < 0:
                    owner = owner_hash(stored.owner)
                    if len(owner_cache) < 1_000_000:
                        owner_cache[stored.owner] = owner
            col_owner.append(owner)
            if progress is not None and count % progress_every == 0:
                progress("read", count)
        n = len(ext)
        if len(registries.items) >= _MAX_REGISTRIES:
            raise ValueError("too many registries")
        if progress is not None:
            progress("read", n)

        literal = len(tails.items)
        col_tail = [literal if t < 0 else t for t in col_tail]
        ext_arr = np.asarray(ext, dtype=np.int64)
        del ext
        ext_order = np.argsort(ext_arr, kind="stable")
        ext_sorted = ext_arr[ext_order]
        if n > 1:
            dups = ext_sorted[1:][ext_sorted[1:] == ext_sorted[:-1]]
            if len(dups):
                raise ValueError(f"duplicate stored-name id {int(dups[0])}")
        n_groups = len(group_ids)
        rec_group = np.asarray(col_group, dtype=np.uint32)
        order = np.argsort(rec_group, kind="stable")  # records of a group are contiguous
        rank = np.empty(n, dtype=np.uint32)
        rank[order] = np.arange(n, dtype=np.uint32)
        record_format = (
            "<qQIi"
            + "".join(
                _code(size)
                for size in (
                    len(industry_texts.items),
                    len(regions.items),
                    len(heads.items),
                    literal + 1,
                    len(forms.items),
                )
            )
            + "B"
        )
        rows = np.zeros(n, dtype=_row_dtype(record_format, _RECORD_FIELDS))
        rows["ext"] = ext_arr[order]
        rows["owner"] = np.asarray(col_owner, dtype=np.uint64)[order]
        rows["group"] = rec_group[order]
        rows["day"] = np.asarray(col_day, dtype=np.int32)[order]
        rows["industry"] = np.asarray(col_ind)[order]
        rows["region"] = np.asarray(col_region)[order]
        rows["head"] = np.asarray(col_head)[order]
        rows["tail"] = np.asarray(col_tail)[order]
        rows["form"] = np.asarray(col_form)[order]
        rows["flags"] = np.asarray(col_flags, dtype=np.uint8)[order]
        del col_group, col_ind, col_region, col_form, col_flags, col_day, col_owner
        del col_head, col_tail
        arrays: dict[str, npt.NDArray[Any]] = {
            "records": rows.view(np.uint8).reshape(-1),
            "ext_sorted": ext_sorted,
            "ext_ref": rank[ext_order],
        }
        del rows, ext_arr, order, rank, ext_order
        arrays["head_data"], arrays["head_off"] = _blob(heads.items)
        arrays["tail_data"], arrays["tail_off"] = _blob(tails.items)
        if progress is not None:
            progress("records", n)

        grp = np.fromiter(
            (v for key in group_ids for v in key), dtype=np.uint32, count=3 * n_groups
        ).reshape(n_groups, 3)
        del group_ids
        group_format = "<I" + _code(len(industry_keys.items)) + _code(len(registries.items))
        group_rows = np.zeros(n_groups, dtype=_row_dtype(group_format, _GROUP_FIELDS))
        group_rows["trade"] = grp[:, 1]
        group_rows["industry"] = grp[:, 2]
        group_rows["registry"] = grp[:, 0]
        arrays["groups"] = group_rows.view(np.uint8).reshape(-1)
        del group_rows
        post_off = np.zeros(n_groups + 1, dtype=np.uint32)
        np.cumsum(np.bincount(rec_group, minlength=n_groups), out=post_off[1:])
        arrays["post_off"] = post_off
        del rec_group
        arrays["trade_data"], arrays["trade_off"] = _blob(trades.items)
        if progress is not None:
            progress("groups", n_groups)

        arrays.update(_build_keys(trades.items, grp[:, 1], grp[:, 0], grp[:, 2], pinyin, progress))
        arrays["py_cp"], arrays["py_syl"] = pinyin.to_arrays()
        meta = {
            "format": FORMAT_VERSION,
            "records": n,
            "registries": registries.items,
            "industry_keys": industry_keys.items,
            "industry_texts": industry_texts.items,
            "regions": regions.items,
            "forms": forms.items,
            "literal_tail": literal,
            "record_format": record_format,
            "group_format": group_format,
        }
        if progress is not None:
            progress("done", n)
        return cls(arrays, meta, pinyin)

    # --- persistence --------------------------------------------------------------------------

    def save(self, directory: str | os.PathLike[str]) -> None:
        """Write a snapshot (the overlay is folded in first); replaces the directory atomically."""
        index = self.compact() if self.has_overlay else self
        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            for name in _ARRAYS:
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(index._a[name]))
            meta = json.dumps(index._meta, ensure_ascii=False)
            (tmp / "meta.json").write_text(meta, encoding="utf-8")
            old = target.with_name(f".{target.name}.old")
            if target.exists():
                if old.exists():
                    shutil.rmtree(old)
                target.rename(old)
            tmp.rename(target)
            if old.exists():
                shutil.rmtree(old)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, directory: str | os.PathLike[str], mmap: bool = True) -> NameIndex:
        """Open a snapshot. With mmap the arrays are read-only views of the files (shared pages)."""
        path = Path(directory)
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"index format {meta.get('format')} != {FORMAT_VERSION}")
        mode: Any = "r" if mmap else None
        arrays = {
            name: np.load(path / f"{name}.npy", mmap_mode=mode, allow_pickle=False)
            for name in _ARRAYS
        }
        return cls(arrays, meta)

    # --- size ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._live_base + len(self._ov.by_ext)

    def memory_bytes(self) -> int:
        """Bytes of the arrays (what scales with the register) plus the small tables/overlay."""
        total = sum(int(arr.nbytes) for arr in self._a.values())
        for interner in (
            self._registries,
            self._industry_keys,
            self._industry_texts,
            self._regions,
            self._forms,
        ):
            total += sum(100 + 2 * len(s) for s in interner.items)
        ov = self._ov
        total += 400 * len(ov.records) + 120 * len(ov.keys) + 100 * len(ov.override)
        return total

    def array_bytes(self) -> dict[str, int]:
        return {name: int(arr.nbytes) for name, arr in self._a.items()}

    @property
    def has_overlay(self) -> bool:
        ov = self._ov
        return bool(ov.tomb or ov.override or ov.records)

    # --- table lookups --------------------------------------------------------------------

    def registry_id(self, registry: str) -> int | None:
        return self._registries.ids.get(registry)

    def industry_key_id(self, key: str) -> int:
        """0 for "", -1 for a key that no stored name uses."""
        if not key:
            return 0
        return self._industry_keys.ids.get(key, -1)

    def industry_text_id(self, text: str) -> int:
        return self._industry_texts.ids.get(text, -1)

    def industry_stem_of(self, text_id: int) -> str:
        return self._stems[text_id]

    def stem_id(self, stem: str) -> int:
        """Id of an industry stem (industry_stem of a wording), -1 if no stored name has it."""
        return self._stem_ids.get(stem, -1)

    def region_id(self, region: str) -> int:
        return self._regions.ids.get(region_key(region), -1)

    def form_id(self, form: str) -> int:
        return self._forms.ids.get(form, -1)

    # --- probes ---------------------------------------------------------------------------

    def family_seeds(self, registry: int, industry: int) -> tuple[int, int, int, int]:
        """The seeds of the four families for one registry and industry id."""
        key = (-1, registry, industry)
        cached = self._family_seeds.get(key)
        if cached is None:
            cached = self._family_seeds[key] = (
                _seed(F_EXACT, registry, industry),
                _seed(F_PINYIN, registry, industry),
                _seed(F_SORTED, registry, industry),
                _seed(F_SUB, registry, industry),
            )
        return cached

    def seed_powers(self, registry: int, industry: int) -> tuple[int, ...]:
        """(seed · B^size) mod 2^64 of the four families at ``size * 4 + family``, for sizes below
        SEED_POWER_SIZES: a query key is then one addition, ``(table[slot] + poly) & KEY_MASK``,
        the same value as `make_key`. Cached per (registry, industry), at most 4,096 of them."""
        key = (registry, industry)
        cached = self._seed_powers.get(key)
        if cached is None:
            seeds = self.family_seeds(registry, industry)
            if len(self._seed_powers) >= 4096:
                self._seed_powers.clear()
            cached = self._seed_powers[key] = tuple(
                (seed * _BPOW[size]) & _M64 for size in range(SEED_POWER_SIZES) for seed in seeds
            )
        return cached

    def probe(
        self, registry: str, requests: Sequence[tuple[int, int, int, int, int]]
    ) -> dict[int, int]:
        """Look up keys of one registry.

        `requests` are (family, industry id or ANY_INDUSTRY, seed-free poly, length, tag bits).
        Returns {group ref: OR of the tags of the requests that found it}. Each key is one
        directory bucket; the work does not depend on the size of the register.
        """
        reg = self._registries.ids.get(registry)
        if reg is None or not requests:
            return {}
        by_industry: dict[int, dict[int, int]] = {}
        for family, industry, poly_value, length, tag in requests:
            seed = self.family_seeds(reg, industry)[family]
            k = make_key(seed, poly_value, length)
            tags_by_key = by_industry.setdefault(industry, {})
            tags_by_key[k] = tags_by_key.get(k, 0) | tag
        return self.lookup(by_industry)

    def find(
        self, registry: int, requests: Sequence[tuple[int, Sequence[tuple[int, int, int]]]]
    ) -> dict[int, int]:
        """`lookup` of probes given as seed-free polynomials, keys made on the way:
        ``[(industry id, [(slot, poly, tag bits)])]`` with slot = size * 4 + family and size
        below SEED_POWER_SIZES → {group ref: OR of the tags of the probes that found it}.

        The bucket probe below repeats `lookup`'s on purpose: this is the hot path of nearly
        every check, and a function call per probe would cost about as much as the probe."""
        found: dict[int, int] = {}
        ov_keys = self._ov.keys
        mask = _M63
        for industry, probes in requests:
            sp = self.seed_powers(registry, industry)
            _, kmv, vmv, shift, dmv = self._classes[
                1 if industry == 0 else 2 if industry == ANY_INDUSTRY else 0
            ]
            for slot, p, tag in probes:
                k = (sp[slot] + p) & mask
                bucket = k >> shift
                hi = dmv[bucket + 1]
                pos = bisect_left(kmv, k, dmv[bucket], hi)
                if pos != hi and kmv[pos] == k:
                    end = pos + 1
                    if end < hi and kmv[end] == k:  # several groups share the key (same bucket)
                        for g in vmv[pos : bisect_right(kmv, k, end, hi)].tolist():
                            found[g] = found.get(g, 0) | tag
                    else:
                        g = vmv[pos]
                        found[g] = found.get(g, 0) | tag
                if ov_keys:
                    for g in ov_keys.get(k, ()):
                        found[g] = found.get(g, 0) | tag
        return found

    def lookup(self, by_industry: dict[int, dict[int, int]]) -> dict[int, int]:
        """{industry id: {key: tag bits}} → {group ref: OR of the tags of the keys found}.

        Each key reads its bucket of the key directory and bisects it (see `_key_directory`).
        """
        found: dict[int, int] = {}
        ov_keys = self._ov.keys
        for industry, tags_by_key in by_industry.items():
            _, kmv, vmv, shift, dmv = self._classes[
                1 if industry == 0 else 2 if industry == ANY_INDUSTRY else 0
            ]
            for k, tag in tags_by_key.items():
                bucket = k >> shift
                hi = dmv[bucket + 1]
                pos = bisect_left(kmv, k, dmv[bucket], hi)
                if pos == hi or kmv[pos] != k:
                    continue
                end = pos + 1
                if end < hi and kmv[end] == k:  # several groups share the key (same bucket)
                    for g in vmv[pos : bisect_right(kmv, k, end, hi)].tolist():
                        found[g] = found.get(g, 0) | tag
                else:
                    g = vmv[pos]
                    found[g] = found.get(g, 0) | tag
            if ov_keys:
                for k, tag in tags_by_key.items():
                    for g in ov_keys.get(k, ()):
                        found[g] = found.get(g, 0) | tag
        return found

    def group(self, ref: int) -> GroupView:
        if ref < self._n_groups:
            _, industry, registry = self._grp.unpack_from(self._m_groups, ref * self._grp.size)
            return GroupView(ref, registry, industry, self.group_trade(ref))
        reg, trade, ind, _ = self._ov.groups[ref - self._n_groups]
        return GroupView(ref, reg, ind, trade)

    def group_industry(self, ref: int) -> int:
        if ref < self._n_groups:
            industry: int = self._grp.unpack_from(self._m_groups, ref * self._grp.size)[1]
            return industry
        return self._ov.groups[ref - self._n_groups][2]

    def group_trade(self, ref: int) -> str:
        if ref < self._n_groups:
            tid = self._grp.unpack_from(self._m_groups, ref * self._grp.size)[0]
            toff = self._m_trade_off
            return _utf16(self._m_trade_data[toff[tid] : toff[tid + 1]])[0]
        return self._ov.groups[ref - self._n_groups][1]

    def group_size(self, ref: int) -> int:
        """Number of records of a group (tombstones included)."""
        if ref < self._n_groups:
            off = self._m_post_off
            size: int = off[ref + 1] - off[ref]
            extra = self._ov.extra_post.get(ref) if self._ov.extra_post else None
            return size + len(extra) if extra else size
        return len(self._ov.groups[ref - self._n_groups][3])

    def bulk_records(self, groups: Sequence[int]) -> BulkRecords:
        """The live base records of base groups as numpy columns (for large candidate sets).

        Overlay records of these groups (``extra_post``) are not included; callers take them
        one by one with `group_records`/`record` (they are few).
        """
        g = np.asarray(groups, dtype=np.int64)
        starts = self._post_off[g].astype(np.int64)
        counts = self._post_off[g + 1].astype(np.int64) - starts
        total = int(counts.sum())
        gpos = np.repeat(np.arange(len(g), dtype=np.int64), counts)
        refs = np.arange(total, dtype=np.int64) + np.repeat(
            starts - (np.cumsum(counts) - counts), counts
        )
        ov = self._ov
        if ov.tomb:
            keep = ~np.isin(refs, np.fromiter(ov.tomb, dtype=np.int64, count=len(ov.tomb)))
            refs, gpos = refs[keep], gpos[keep]
        rows = self._rows[refs]
        flags = rows["flags"]
        status = (flags & 7).astype(np.int64)
        day = rows["day"].astype(np.int64)
        if ov.override:
            changed = np.fromiter(ov.override, dtype=np.int64, count=len(ov.override))
            for i in np.flatnonzero(np.isin(refs, changed)).tolist():
                status[i], day[i] = ov.override[int(refs[i])]
        return BulkRecords(
            refs,
            gpos,
            rows["ext"].astype(np.int64),
            rows["owner"],
            day,
            status,
            rows["industry"].astype(np.int64),
            rows["region"].astype(np.int64),
            rows["form"].astype(np.int64),
            (flags >> 3).astype(np.int64),
        )

    def base_stem_ids(self) -> npt.NDArray[np.int64]:
        """Stem id of every industry wording id of the snapshot (for `bulk_records`)."""
        return self._base_stem_ids

    def is_base_group(self, ref: int) -> bool:
        return ref < self._n_groups

    def overlay_records(self, ref: int) -> list[int]:
        """The live overlay records of a group (all of them for a group the overlay created)."""
        if ref < self._n_groups:
            return list(self._ov.extra_post.get(ref, ())) if self._ov.extra_post else []
        return list(self._ov.groups[ref - self._n_groups][3])

    def group_records(self, ref: int) -> list[int]:
        """Live record refs of a group."""
        ov = self._ov
        if ref < self._n_groups:
            off = self._m_post_off
            refs = list(range(off[ref], off[ref + 1]))
            if ov.tomb:
                refs = [r for r in refs if r not in ov.tomb]
            if ov.extra_post:
                refs.extend(ov.extra_post.get(ref, ()))
            return refs
        return list(ov.groups[ref - self._n_groups][3])

    def record(self, ref: int) -> RecordView:
        if ref < self._n_base:
            ext, owner, group, day, industry, region, _, _, form, flags = self._rec.unpack_from(
                self._m_records, ref * self._rec.size
            )
            status = flags & 7
            if self._ov.override:
                changed = self._ov.override.get(ref)
                if changed is not None:
                    status, day = changed
            return _new_tuple(
                RecordView,
                (ref, ext, group, industry, region, form, flags >> 3, status, day, owner),
            )
        return self._ov.records[ref - self._n_base].view

    def _piece(self, table: str, cache: dict[int, str], item: int) -> str:
        text = cache.get(item)
        if text is None:
            off = self._mv[f"{table}_off"]
            text = cache[item] = _utf16(self._mv[f"{table}_data"][off[item] : off[item + 1]])[0]
        return text

    def name(self, ref: int) -> str:
        """The stored name as registered."""
        if ref < self._n_base:
            row = self._rec.unpack_from(self._m_records, ref * self._rec.size)
            head_id, tail_id = row[6], row[7]
            head = self._heads.get(head_id)
            if head is None:
                head = self._piece("head", self._heads, head_id)
            if tail_id == self._literal_tail:
                return head
            tail = self._tails.get(tail_id)
            if tail is None:
                tail = self._piece("tail", self._tails, tail_id)
            return head + self.group_trade(row[2]) + tail
        return self._ov.records[ref - self._n_base].stored.name

    def ext_id(self, ref: int) -> int:
        if ref < self._n_base:
            ext: int = self._rec_ext.unpack_from(self._m_records, ref * self._rec.size)[0]
            return ext
        return self._ov.records[ref - self._n_base].stored.id

    # --- convenience queries (one family each), returning stored-name ids ---------------------

    def _industries(self, industry_key: str | None) -> tuple[int, ...]:
        if industry_key is None:
            return (ANY_INDUSTRY,)
        q = self.industry_key_id(industry_key)
        return (q, 0) if q > 0 else (0,)

    def _ids(self, registry: str, requests: list[tuple[int, int, int, int, int]]) -> list[int]:
        out: set[int] = set()
        for g in self.probe(registry, requests):
            out.update(self.ext_id(r) for r in self.group_records(g))
        return sorted(out)

    def exact(self, registry: str, trade_name: str, industry_key: str | None = None) -> list[int]:
        """Ids of stored names with this 字号 (any status). industry_key None = every industry;
        otherwise names of that industry key or without an industry term (likewise below)."""
        t = trade_key(trade_name)
        p = poly(map(ord, t))
        reqs = [(F_EXACT, i, p, len(t), T_SAME) for i in self._industries(industry_key)]
        return self._ids(registry, reqs)

    def homophones(self, registry: str, trade_name: str, industry_key: str = "") -> list[int]:
        """Same toneless pinyin (includes the same 字号)."""
        t = trade_key(trade_name)
        reqs = [
            (F_PINYIN, i, p, len(t), T_PINYIN)
            for i in self._industries(industry_key)
            for p in self.pinyin.polys(t)
        ]
        return self._ids(registry, reqs)

    def permutations(self, registry: str, trade_name: str, industry_key: str = "") -> list[int]:
        """Same characters in any order (includes the same 字号)."""
        t = trade_key(trade_name)
        p = poly(sorted(map(ord, t)))
        reqs = [(F_SORTED, i, p, len(t), T_SORTED) for i in self._industries(industry_key)]
        return self._ids(registry, reqs)

    def containing(self, registry: str, trade_name: str, industry_key: str = "") -> list[int]:
        """Stored 字号 that properly contain this one."""
        t = trade_key(trade_name)
        p = poly(map(ord, t))
        reqs = [(F_SUB, i, p, len(t), T_CONTAINS_QUERY) for i in self._industries(industry_key)]
        return self._ids(registry, reqs)

    def contained_in(self, registry: str, trade_name: str, industry_key: str = "") -> list[int]:
        """Stored 字号 (length ≥ 2) that are proper substrings of this one."""
        t = trade_key(trade_name)
        reqs = [
            (F_EXACT, i, p, size, T_IN_QUERY)
            for i in self._industries(industry_key)
            for p, size, _, _ in substring_polys(t)
        ]
        return self._ids(registry, reqs)

    # --- overlay: incremental updates between snapshots -----------------------------------

    def _base_ref(self, ext_id: int) -> int | None:
        mv = self._m_ext_sorted
        pos = bisect_left(mv, ext_id)
        if pos < self._n_base and mv[pos] == ext_id:
            ref: int = self._m_ext_ref[pos]
            if ref not in self._ov.tomb:
                return ref
        return None

    def __contains__(self, ext_id: object) -> bool:
        if not isinstance(ext_id, int):
            return False
        return ext_id in self._ov.by_ext or self._base_ref(ext_id) is not None

    def add(self, stored: StoredName, parsed: ParsedName) -> None:
        """Add one stored name; an id already present is replaced."""
        if stored.id in self:
            self.remove(stored.id)
        ov = self._ov
        reg = self._registries.get(stored.registry)
        if reg >= _MAX_REGISTRIES:
            raise ValueError("too many registries")
        trade = trade_key(parsed.trade_name)
        ind = self._industry_keys.get(_industry_key_of(parsed))
        text = self._industry_texts.get(parsed.industry)
        if text == len(self._stems):
            stem = industry_stem(parsed.industry)
            self._stems.append(stem)
            self._stem_ids.setdefault(stem, len(self._stem_ids))
        ref = self._n_base + len(ov.records)
        gref = self._find_base_group(reg, trade, ind)
        if gref is not None:
            ov.extra_post.setdefault(gref, []).append(ref)
        else:
            gref = ov.group_ids.get((reg, trade, ind))
            if gref is None:
                gref = self._n_groups + len(ov.groups)
                ov.groups.append((reg, trade, ind, []))
                ov.group_ids[(reg, trade, ind)] = gref
                for k in self._group_keys(reg, trade, ind):
                    groups = ov.keys.setdefault(k, [])
                    if gref not in groups:
                        groups.append(gref)
            ov.groups[gref - self._n_groups][3].append(ref)
        status = NameStatus(stored.status)
        view = RecordView(
            ref,
            stored.id,
            gref,
            text,
            self._regions.get(region_key(parsed.region)),
            self._forms.get(parsed.form),
            rpos_code(parsed.region_position),
            STATUS_CODES[status],
            _status_day(status, stored.status_date, stored.reserved_until),
            _owner_value(stored.owner),
        )
        ov.records.append(_OverlayRecord(stored, parsed, view))
        ov.by_ext[stored.id] = ref

    def _group_keys(self, reg: int, trade: str, ind: int) -> list[int]:
        keys = []
        for family, poly_value, length in _trade_polys(trade, self.pinyin):
            keys.append(make_key(self.family_seeds(reg, ind)[family], poly_value, length))
            if family == F_EXACT:
                seed = self.family_seeds(reg, ANY_INDUSTRY)[F_EXACT]
                keys.append((seed * _bpow(length) + poly_value) & _M63)
        return keys

    def _find_base_group(self, reg: int, trade: str, ind: int) -> int | None:
        if reg >= self._n_base_registries:
            return None
        k = make_key(self.family_seeds(reg, ind)[F_EXACT], poly(map(ord, trade)), len(trade))
        keys, kmv, vmv, _, _ = self._classes[1 if ind == 0 else 0]
        pos = int(keys.searchsorted(k))
        while pos < len(kmv) and kmv[pos] == k:
            g = vmv[pos]
            if self.group_industry(g) == ind and self.group_trade(g) == trade:
                return g
            pos += 1
        return None

    def remove(self, ext_id: int) -> None:
        """Forget a stored name (e.g. a withdrawn reservation). KeyError if unknown."""
        ov = self._ov
        ref = ov.by_ext.pop(ext_id, None)
        if ref is not None:
            row = ov.records[ref - self._n_base]
            row.alive = False
            gref = row.view.group
            if gref < self._n_groups:
                ov.extra_post[gref].remove(ref)
            else:
                ov.groups[gref - self._n_groups][3].remove(ref)
            return
        base = self._base_ref(ext_id)
        if base is None:
            raise KeyError(ext_id)
        ov.tomb.add(base)
        ov.override.pop(base, None)
        self._live_base -= 1

    def update_status(
        self,
        ext_id: int,
        status: NameStatus,
        status_date: date | None = None,
        reserved_until: date | None = None,
    ) -> None:
        """Change the status of a stored name (registered, deregistered on a date, …)."""
        status = NameStatus(status)
        code = STATUS_CODES[status]
        day = _status_day(status, status_date, reserved_until)
        ov = self._ov
        ref = ov.by_ext.get(ext_id)
        if ref is not None:
            row = ov.records[ref - self._n_base]
            row.view = row.view._replace(status=code, day=day)
            s = row.stored
            row.stored = StoredName(
                s.id, s.name, s.registry, status, status_date, reserved_until, s.owner
            )
            return
        base = self._base_ref(ext_id)
        if base is None:
            raise KeyError(ext_id)
        ov.override[base] = (code, day)

    def iter_records(self) -> Iterator[tuple[StoredName, ParsedName]]:
        """Every live stored name with the parts the index keeps (region as its key).

        The owner of a base record is its hash, as a decimal string wrapped in `_OwnerHash` so
        that a rebuild keeps it; the original owner keys are not stored.
        """
        for ref in range(self._n_base):
            if ref in self._ov.tomb:
                continue
            rec = self.record(ref)
            g = self.group(rec.group)
            status = STATUS_BY_CODE[rec.status]
            day = _day_date(rec.day)
            name = self.name(ref)
            stored = StoredName(
                id=rec.ext_id,
                name=name,
                registry=self._registries.items[g.registry],
                status=status,
                status_date=None if status is NameStatus.RESERVED else day,
                reserved_until=day if status is NameStatus.RESERVED else None,
                owner=_OwnerHash(rec.owner) if rec.owner else "",
            )
            text = self._industry_texts.items[rec.industry_text]
            parsed = ParsedName(
                raw=name,
                normalized=name,
                region=self._regions.items[rec.region],
                region_position=_RPOS_BY_CODE[rec.region_position],
                trade_name=g.trade,
                industry=text,
                industry_key=self._industry_keys.items[g.industry_key],
                form=self._forms.items[rec.form],
            )
            yield stored, parsed
        for row in self._ov.records:
            if row.alive:
                yield row.stored, row.parsed

    def compact(self, progress: ProgressFn | None = None) -> NameIndex:
        """A fresh index with the overlay folded in (this one is left unchanged)."""
        return NameIndex.build(self.iter_records(), progress, pinyin=self.pinyin)


class _OwnerHash(str):
    """An owner that is already hashed (what compaction keeps instead of the original key)."""

    value: int

    def __new__(cls, value: int) -> _OwnerHash:
        self = super().__new__(cls, f"#{value}")
        self.value = value
        return self


def _owner_value(owner: str) -> int:
    return owner.value if isinstance(owner, _OwnerHash) else owner_hash(owner)


def _build_keys(
    trades: Sequence[str],
    grp_trade: npt.NDArray[np.uint32],
    grp_registry: npt.NDArray[np.uint32],
    grp_industry: npt.NDArray[np.uint32],
    pinyin: PinyinTable,
    progress: ProgressFn | None,
) -> dict[str, npt.NDArray[Any]]:
    """The (key, group) arrays of the three key classes, each sorted by key."""
    ent_family: list[int] = []
    ent_poly: list[int] = []
    ent_len: list[int] = []
    counts = np.zeros(len(trades), dtype=np.int64)
    for tid, trade in enumerate(trades):
        before = len(ent_poly)
        for family, p, length in _trade_polys(trade, pinyin):
            ent_family.append(family)
            ent_poly.append(p)
            ent_len.append(length)
        counts[tid] = len(ent_poly) - before
        if progress is not None and (tid + 1) % 200_000 == 0:
            progress("trade keys", tid + 1)
    fam = np.asarray(ent_family, dtype=np.uint64)
    polys = np.asarray(ent_poly, dtype=np.uint64)
    lengths = np.asarray(ent_len, dtype=np.int64)
    del ent_family, ent_poly, ent_len
    starts = np.zeros(len(trades) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])

    # Expand per group: every group takes the entries of its 字号.
    n_groups = len(grp_trade)
    g_counts = counts[grp_trade]
    total = int(g_counts.sum())
    group_of = np.repeat(np.arange(n_groups, dtype=np.uint32), g_counts)
    first = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(g_counts, out=first[1:])
    entry = np.arange(total, dtype=np.int64) - np.repeat(first[:-1] - starts[grp_trade], g_counts)
    del first
    max_len = int(lengths.max()) + 1 if len(lengths) else 1
    bpow = np.array([_bpow(i) for i in range(max_len)], dtype=np.uint64)
    reg64 = grp_registry.astype(np.uint64)
    ind64 = grp_industry.astype(np.uint64)
    seeds = _splitmix_np(
        fam[entry] | (reg64[group_of] << np.uint64(2)) | (ind64[group_of] << np.uint64(24))
    )
    keys_u = (seeds * bpow[lengths[entry]] + polys[entry]) & np.uint64(_M63)
    del seeds, entry

    # One more EXACT key per group under ANY_INDUSTRY (proposed names without an industry).
    exact_entry = starts[:-1][grp_trade]  # the first entry of a 字号 is its EXACT key
    any_seeds = _splitmix_np(
        np.uint64(F_EXACT) | (reg64 << np.uint64(2)) | (np.uint64(ANY_INDUSTRY) << np.uint64(24))
    )
    any_keys = (any_seeds * bpow[lengths[exact_entry]] + polys[exact_entry]) & np.uint64(_M63)
    # Three sorted arrays: keys of an industry, of names without an industry term (few; a
    # proposed name with an industry probes both), and the ANY_INDUSTRY keys.
    zero = ind64[group_of] == 0
    out: dict[str, npt.NDArray[Any]] = {}
    for prefix, k, g in (
        ("", keys_u[~zero], group_of[~zero]),
        ("z", keys_u[zero], group_of[zero]),
        ("a", any_keys, np.arange(n_groups, dtype=np.uint32)),
    ):
        out[f"{prefix}keys"], out[f"{prefix}key_groups"] = _sorted_pairs(k.view(np.int64), g)
        out[f"{prefix}key_dir"] = _key_directory(out[f"{prefix}keys"])
    if progress is not None:
        progress("keys", sum(len(v) for name, v in out.items() if name.endswith("keys")))
    return out


_DIR_BUCKET = 8  # the key directory has one bucket per this many keys (rounded to a power of 2)


def _key_directory(keys: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """Start of every bucket of the top bits of the sorted keys, and the end (len + 1 entries).

    With it a probe reads two directory entries and bisects a bucket of about _DIR_BUCKET keys
    (one or two cache lines), instead of a binary search over the whole array whose every level
    below the cached top ones is a cache miss. About half a byte per key.
    """
    n = len(keys)
    bits = max(0, math.ceil(math.log2(n / _DIR_BUCKET))) if n > _DIR_BUCKET else 0
    bounds = np.arange(1 << bits, dtype=np.int64) << np.int64(63 - bits)
    directory = np.empty((1 << bits) + 1, dtype=np.uint32 if n < 2**32 else np.uint64)
    directory[:-1] = np.searchsorted(keys, bounds)
    directory[-1] = n
    return directory


def _dir_shift(directory: npt.NDArray[Any]) -> int:
    """The shift that turns a key into its bucket in a `_key_directory`."""
    return 63 - ((len(directory) - 1).bit_length() - 1)


def _sorted_pairs(
    keys: npt.NDArray[np.int64], groups: npt.NDArray[np.uint32]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint32]]:
    """(key, group) pairs sorted by key then group, duplicates dropped."""
    order = np.lexsort((groups, keys))
    keys = keys[order]
    groups = groups[order]
    if len(keys) > 1:
        keep = np.ones(len(keys), dtype=bool)
        keep[1:] = (keys[1:] != keys[:-1]) | (groups[1:] != groups[:-1])
        keys = keys[keep]
        groups = groups[keep]
    return np.ascontiguousarray(keys), np.ascontiguousarray(groups)
