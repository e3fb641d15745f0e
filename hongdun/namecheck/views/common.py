"""Presentation shared by the portal and the back office: the engine's findings made readable.

The engine explains each finding in Chinese (it imports no Django, so it cannot translate); the
pages add a translated heading per rule family so a reader in English knows what kind of problem
it is, and mark the offending part inside the name.
"""

import json
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hongdun.namecheck.choices import VerdictChoice

# Longest prefix first: the first match wins.
RULE_TITLES: tuple[tuple[str, Promise], ...] = (
    ("N-STRUCT", _("名称结构")),
    ("N-CHAR", _("名称用字")),
    ("N-REGION", _("行政区划")),
    ("N-ZIHAO", _("字号")),
    ("N-IND", _("行业或经营特点")),
    ("N-FORM", _("组织形式")),
    ("N-BRANCH", _("分支机构名称")),
    ("N-GROUP", _("企业集团名称")),
    ("N-INVEST", _("含有其他企业名称")),
    ("P-", _("禁止使用的内容")),
    ("R-", _("限制使用的内容")),
    ("C-SAME", _("字号相同（同一登记机关、同行业）")),
    ("C-CMP-3", _("名称相同")),
    ("C-CMP-4", _("名称近似")),
    ("C-ORDER", _("字号文字相同、顺序不同")),
    ("C-", _("名称冲突")),
    ("H-", _("近似提示")),
)


def rule_title(rule: str) -> str:
    for prefix, title in RULE_TITLES:
        if rule.startswith(prefix):
            return str(title)
    return str(_("其他"))


def verdict_label(verdict: str) -> str:
    try:
        return str(VerdictChoice(verdict).label)
    except ValueError:
        return verdict


def highlight(name: str, part: str) -> list[tuple[str, bool]] | None:
    """The name cut into (text, is_offending) pieces around every occurrence of `part`, or None
    when the part does not appear as typed (the engine may name it in its normalised form)."""
    if not part or part not in name:
        return None
    pieces: list[tuple[str, bool]] = []
    for index, chunk in enumerate(name.split(part)):
        if index:
            pieces.append((part, True))
        if chunk:
            pieces.append((chunk, False))
    return pieces


def present_findings(name: str, findings: Any) -> list[dict[str, Any]]:
    """The finding dicts of `services.check_result_as_dict` (or as saved on a reservation), with a
    translated title, the verdict's label and the highlighted name."""
    shown = []
    for finding in findings if isinstance(findings, list) else []:
        if not isinstance(finding, dict):
            continue
        rule = str(finding.get("rule", ""))
        shown.append(
            {
                **finding,
                "title": rule_title(rule),
                "verdict_display": verdict_label(str(finding.get("verdict", ""))),
                "pieces": highlight(name, str(finding.get("part") or "")),
                "conflicts": [str(c) for c in finding.get("conflicts") or []],
            }
        )
    return shown


def present_result(result: dict[str, Any], *, slot: int) -> dict[str, Any]:
    """One checked name for the declaration page: findings made readable, and the suggested
    alternatives as the htmx values that fill them into the slot."""
    name = str(result.get("name", ""))
    return {
        **result,
        "findings": present_findings(name, result.get("findings")),
        "suggestion_buttons": [
            {"name": s, "vals": json.dumps({"slot": str(slot), "fill": s}, ensure_ascii=False)}
            for s in result.get("suggestions") or []
        ],
    }
