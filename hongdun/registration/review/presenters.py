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


def action_confirmations(application: Any) -> dict[str, str]:
    """What each irreversible clerk action will do to this application, asked before it is done
    (the page's confirmation dialog). Suspending and resuming can be undone by each other and are
    not asked."""
    number = application.number or str(application.pk)
    name = application.name or (application.enterprise.name if application.enterprise else "")
    values = {"number": number, "name": name}
    if application.kind == "deregistration":
        approve = _("将准予“%(name)s”注销登记（申请 %(number)s），该主体随即注销，此操作不可撤销。")
    elif application.kind == "change":
        approve = _(
            "将准予“%(name)s”变更登记（申请 %(number)s），登记簿随即更新并换发营业执照，"
            "此操作不可撤销。"
        )
    else:
        approve = _("将准予“%(name)s”设立登记并颁发营业执照（申请 %(number)s），此操作不可撤销。")
    texts = {
        "accept": _(
            "将受理申请 %(number)s“%(name)s”，审查期限自今日起算，并通知申请人。此操作不可撤销。"
        ),
        "approve": approve,
        "require_correction": _(
            "将向申请 %(number)s“%(name)s”的申请人一次性告知所选的补正事项，告知后不能追加或撤回。"
            "此操作不可撤销。"
        ),
        "refuse": _(
            "将决定不予登记申请 %(number)s“%(name)s”，出具不予登记通知书并通知申请人。"
            "此操作不可撤销。"
        ),
        "refer_elsewhere": _(
            "将告知申请 %(number)s“%(name)s”的申请人向有关机关另行申请，本申请随即办结。"
            "此操作不可撤销。"
        ),
        "extend": _(
            "将把申请 %(number)s“%(name)s”的审查期限延长3个工作日并书面告知申请人；"
            "每件申请只能延长一次，此操作不可撤销。"
        ),
    }
    return {action: str(text) % values for action, text in texts.items()}
