"""How stored pre-review defects read to a clerk: the pre-review keeps each message and fix as a
Chinese template with `%(name)s` placeholders and their values; here they are translated and filled.
A stored defect that does not fit (an older format, a missing value) is shown as it was stored."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SEVERITY_LABELS = {"error": _("错误"), "manual": _("需人工审查"), "warning": _("提示")}


def _fill(template: Any, params: Any) -> str:
    text = gettext(str(template)) if template else ""
    if isinstance(params, Mapping) and "%(" in text:
        try:
            return text % dict(params)
        except (KeyError, ValueError, TypeError):
            return text
    return text


def present_defect(raw: Mapping[str, Any]) -> dict[str, str]:
    params = raw.get("params")
    severity = str(raw.get("severity", "") or "")
    return {
        "field": str(raw.get("field", "") or ""),
        "rule": str(raw.get("rule", "") or ""),
        "article": str(raw.get("article", "") or ""),
        "severity": severity,
        "severity_label": str(SEVERITY_LABELS.get(severity, severity)),
        "message": _fill(raw.get("message"), params),
        "fix": _fill(raw.get("fix"), params),
    }


def present_defects(stored: Any) -> list[dict[str, str]]:
    if not isinstance(stored, list):
        return []
    return [present_defect(d) for d in stored if isinstance(d, Mapping)]


def correction_text(defect: Mapping[str, str]) -> str:
    """A defect as one item of the correction list: what is wrong, then how to fix it."""
    message, fix = defect.get("message", "").strip(), defect.get("fix", "").strip()
    return f"{message} {fix}".strip() if fix and fix not in message else message
