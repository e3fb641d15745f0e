"""The sections of an enterprise's public record (`/enterprises/<uscc>/`, its PDF and its API).

The register sits low in the layers (docs/architecture.md), so it cannot import the apps that
own annual reports, list entries, inspections, licences or penalties. Each of them registers its
section here from its AppConfig.ready(); the page, the PDF and the API draw whatever is
registered, in `order`. A key registered again replaces the earlier section: the register
declares the sections the national system has (行政许可, 行政处罚, 列入经营异常名录, …) as
empty placeholders, and the app that builds the register takes its key over.

The anonymous rendering of the page (and the public API's value) is cached per enterprise and
language (`hongdun.enterprises.public_cache`), exact under writes: each section declares in
`sources` the models it reads and how to get from a row to the enterprise(s) whose record shows
it; one receiver per source model bumps those enterprises' generation after the write commits.
A section that reads a model must list it here, or its page goes stale: the apps of issues 10–12
(licences, penalties, list entries, inspections) declare their own `sources` when they take a
placeholder's key over. A section whose content depends on who looks declares `shows_more`;
a signed-in viewer for whom it is true never reads nor fills the public cache.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from hongdun.accounts.types import AnyUser

if TYPE_CHECKING:
    from hongdun.enterprises.models import Enterprise

SectionData = Callable[["Enterprise", AnyUser], Mapping[str, Any]]
# The API value of a section: JSON-ready (a list of rows, usually).
SectionApi = Callable[["Enterprise", AnyUser], Any]
# Whether a (signed-in) viewer sees more of the section than the public does.
ShowsMore = Callable[["Enterprise", AnyUser], bool]


@dataclass(frozen=True)
class Source:
    """A model a section reads, as "app_label.ModelName", and the attribute paths (dotted) from
    one of its rows to the id of each enterprise whose record shows that row, e.g.
    ("enterprises.EnterpriseContribution", ("investor.enterprise_id",)). An empty `paths`
    means the row can show on any enterprise's record (a unit's name): a write to it clears
    the whole public cache."""

    model: str
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicSection:
    """One section: what the page includes and what the API returns under `key`.

    `context` gives the template's context for one enterprise as `viewer` may see it (public
    parts only for the public; the enterprise's own users and authorised staff may see more).
    `api` gives the JSON-ready value of the section for the API, under the same rule; None
    leaves the section out of the API. `template` is included with the context merged in.
    `api_schema` returns a serializer field describing `api`'s value for the OpenAPI document
    (drf-spectacular); without it the value is documented as free JSON.
    `sources` lists every model the section reads (see `Source`): a write to any of them
    invalidates the cached public rendering of the enterprises it concerns. `shows_more`
    tells whether a viewer sees more than the public (hidden figures); None: never.

    Keys in use: basic, investors, officers, branches, liquidation, changes (the register);
    annual_reports (disclosure); immediate_disclosures (disclosure); and the placeholders
    licences, penalties, abnormal_operations, serious_violations, inspections, which the apps
    of issues 10–12 replace by registering the same key.
    """

    key: str
    title: str | Promise
    order: int
    template: str
    context: SectionData
    api: SectionApi | None = None
    api_schema: Callable[[], Any] | None = None
    sources: tuple[Source, ...] = ()
    shows_more: ShowsMore | None = None


_SECTIONS: dict[str, PublicSection] = {}


def register_public_section(section: PublicSection) -> None:
    """Add a section, or replace the one registered under the same key, and watch its
    sources for writes."""
    _SECTIONS[section.key] = section
    from hongdun.enterprises.public_cache import watch_sources

    watch_sources(section.sources)


def registered_sources() -> dict[str, set[str | None]]:
    """Per model label, the paths to enterprise ids of every registered section's sources
    (None: any enterprise)."""
    found: dict[str, set[str | None]] = {}
    for section in _SECTIONS.values():
        for source in section.sources:
            paths = found.setdefault(source.model, set())
            paths.update(source.paths or (None,))
    return found


def viewer_sees_public_only(enterprise: "Enterprise", viewer: AnyUser) -> bool:
    """Whether `viewer` gets exactly what the public gets from every section."""
    if not viewer.is_authenticated:
        return True
    return not any(
        section.shows_more(enterprise, viewer)
        for section in _SECTIONS.values()
        if section.shows_more is not None
    )


def public_sections() -> list[PublicSection]:
    """Every registered section, in page order."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


@dataclass(frozen=True)
class SectionItem:
    """One section as drawn for one enterprise and viewer: what the page includes."""

    section: PublicSection
    context: Mapping[str, Any]


def public_record_sections(enterprise: "Enterprise", viewer: AnyUser) -> list[SectionItem]:
    """Every registered section with its context for `enterprise` as `viewer` may see it."""
    return [
        SectionItem(section=section, context=section.context(enterprise, viewer))
        for section in public_sections()
    ]


def public_record_api(enterprise: "Enterprise", viewer: AnyUser) -> dict[str, Any]:
    """The API value of every section that has one, under its key."""
    return {
        section.key: section.api(enterprise, viewer)
        for section in public_sections()
        if section.api is not None
    }
