"""The section 即时信息 of the enterprise's public record (page, PDF and API), registered with
`hongdun.enterprises.public_sections` from DisclosureConfig.ready()."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from hongdun.accounts.types import AnyUser
from hongdun.disclosure.immediate_selectors import PublicDisclosure, immediate_public
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_sections import PublicSection, Source, register_public_section

SECTION_KEY = "immediate_disclosures"
# Right after the annual reports (order 60): the enterprise's own disclosures (企业自主公示信息)
# come together, before the sections the bureau publishes (licences, penalties, lists: 80 on).
SECTION_ORDER = 65


def section_context(enterprise: Enterprise, viewer: AnyUser) -> Mapping[str, Any]:
    """Everything in it is public; the viewer changes nothing."""
    return {"immediate_disclosures": immediate_public(enterprise=enterprise)}


def _json(item: PublicDisclosure) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "kind_label": item.kind_label,
        "content": {f.name: f.value for f in item.fields},
        "content_labels": {f.name: f.label for f in item.fields},
        "occurred_on": item.occurred_on.isoformat(),
        "due_on": item.due_on.isoformat(),
        "published_on": item.published_on.isoformat(),
        "late": item.late,
        "corrects": item.corrects_id,
        "corrected_by": item.corrected_by_ids,
    }


def section_api(enterprise: Enterprise, viewer: AnyUser) -> Mapping[str, Any]:
    return {"results": [_json(item) for item in immediate_public(enterprise=enterprise)]}


SECTION = PublicSection(
    key=SECTION_KEY,
    title=_("即时信息"),
    order=SECTION_ORDER,
    template="disclosure/immediate/public_section.html",
    context=section_context,
    api=section_api,
    sources=(Source("disclosure.ImmediateDisclosure", ("enterprise_id",)),),
)


def register_section() -> None:
    register_public_section(SECTION)
