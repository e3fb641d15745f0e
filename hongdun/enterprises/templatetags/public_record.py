"""`{% public_section item %}`: include a registered section's template with its context."""

from typing import Any

from django import template
from django.template import Engine
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def public_section(context: template.Context, item: Any) -> SafeString:
    """Render `item.section.template` with the page's context and `item.context` merged in, as
    `{% include %}` would with `with` arguments."""
    engine = context.template.engine if context.template is not None else Engine.get_default()
    section_template = engine.get_template(item.section.template)
    with context.push(section=item.section, **item.context):
        return section_template.render(context)
