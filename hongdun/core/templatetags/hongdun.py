"""Presentational filters shared by the portal and the back office."""

from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hongdun.core.forms import error_summary
from hongdun.core.sizes import human_size

register = template.Library()

AUDIT_ACTION_LABELS = {
    "enterprise.register": _("设立登记"),
    "enterprise.rename": _("名称变更"),
    "enterprise.status": _("状态变更"),
    "enterprise.registration_revoke": _("撤销登记"),
}


@register.filter
def localized_name(unit: Any) -> str:
    """A unit's name in the current language (English name when there is one)."""
    if unit is None:
        return ""
    return str(unit.display_name(get_language() or ""))


@register.filter
def audit_action_label(action: str) -> str:
    return str(AUDIT_ACTION_LABELS.get(action, action))


@register.inclusion_tag("includes/form_errors.html")
def form_errors(*forms_or_formsets: Any) -> dict[str, Any]:
    """At the top of every form: what is wrong, each field linked to its control
    (`{% form_errors form %}`; several forms or formsets may be passed)."""
    return {"summary": error_summary(*forms_or_formsets)}


@register.filter
def file_size(size: int | None) -> str:
    """A size in bytes as KB or MB (`{{ material.size|file_size }}`)."""
    return "" if size is None else human_size(int(size))


@register.simple_tag(takes_context=True)
def backoffice_table(context: template.Context, table: Any) -> str:
    """A back-office table (`hongdun.core.backoffice.tables`) drawn with its template in the
    page's own context. django-tables2's `render_table` renders it with a fresh RequestContext,
    which runs every context processor (the user's roles, the menus) again for each table."""
    table.before_render(context.get("request"))
    engine = context.template.engine if context.template else template.Engine.get_default()
    table_template = engine.get_template(table.template_name)
    table.context = context  # as render_table does, for django-tables2's TemplateColumn
    try:
        with context.push(table=table):
            html: str = table_template.render(context)
            return html
    finally:
        del table.context
