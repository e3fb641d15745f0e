"""The enterprise-name checking engine (名称核准 / 自主申报). Pure Python: no Django import.

Typical use::

    from hongdun.namecheck.engine import CheckContext, NameIndex, check, load_reference

    ref = load_reference()
    index = NameIndex.load("var/namecheck-index")  # or NameIndex.build(records)
    result = check("包头市红光机械设备有限公司", CheckContext(registry="150203"), index, ref)

See docs/rules/names.md for the rules and index.py for the index design.
"""

from .check import SUGGESTION_POOL, check, check_many, is_blocking, suggest_alternatives
from .conflicts import RULES, HeuristicTables, conflict_findings, load_heuristic_tables
from .index import NameIndex, PinyinTable, ProgressFn
from .normalize import normalize
from .parse import parse, parse_many
from .reference import ReferenceData, load_reference
from .rules import structure_findings
from .types import (
    CheckContext,
    CheckResult,
    EngineConfig,
    Finding,
    NameStatus,
    ParsedName,
    StoredName,
    Verdict,
)

__all__ = [
    "RULES",
    "SUGGESTION_POOL",
    "CheckContext",
    "CheckResult",
    "EngineConfig",
    "Finding",
    "HeuristicTables",
    "NameIndex",
    "NameStatus",
    "ParsedName",
    "PinyinTable",
    "ProgressFn",
    "ReferenceData",
    "StoredName",
    "Verdict",
    "check",
    "check_many",
    "conflict_findings",
    "is_blocking",
    "load_heuristic_tables",
    "load_reference",
    "normalize",
    "parse",
    "parse_many",
    "structure_findings",
    "suggest_alternatives",
]
