"""No credit-risk class reaches the public or the enterprise (issue 11, "How it will be checked";
docs/rules/credit.md §8).

Every URL pattern of the URL conf, read at run time (so pages added later are covered), is filled
from a small world: an enterprise classified in a succeeded run (class and score below), its USCC,
its annual report, its abnormal listing, a published inspection plan that drew it grouped by
credit-risk class, its legacy class. Each URL is fetched as an anonymous visitor and as the
enterprise's own authorised portal user, and no answer (HTML, JSON, CSV, XLSX, DOCX, PDF text,
headers) may name a class or the score. The staff class pages answer 302 (login) and 403 to
them, and the API schema carries no class field.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import get_converters
from django.urls.exceptions import Resolver404
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.credit.choices import RiskClass, RunStatus
from hongdun.credit.models import (
    Classification,
    ClassificationRun,
    CreditScheme,
    LegacyClassification,
)
from hongdun.credit.sampling import GROUPING_KEY
from hongdun.disclosure.immediate import KINDS
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.supervision.abnormal_documents import NoticeKind
from hongdun.supervision.models import InspectionTask
from hongdun.supervision.services_inspection import inspection_draw, inspection_draw_publish
from hongdun.supervision.tests.abnormal_fixtures import file_report, listed
from hongdun.supervision.tests.factories_inspection import (
    TODAY,
    World,
    build_world,
    make_plan,
)
from hongdun.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db

SCORE = 73.4567
CLASS_MARKERS = (
    *(str(label).split("（")[1].rstrip("）") for _value, label in RiskClass.choices),
    "风险分类",
    "risk_class",
    "credit_class",
    "风险类别",
    "风险分值",
)
SCORE_MARKERS = (str(SCORE), f"{SCORE:.2f}")
# Patterns no value of the world can fill, and why (keep this short).
UNFILLABLE: dict[str, str] = {}
COMBINATIONS = 12
STAFF_CLASS_PREFIXES = ("staff/credit/classes/", "staff/credit/legacy/")


@dataclass(frozen=True)
class Route:
    parts: tuple[Any, ...]  # the URL patterns from the root to the view

    @property
    def text(self) -> str:
        return "".join(str(part.pattern) for part in self.parts)


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver: URLResolver, parents: tuple[Any, ...]) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, (*parents, entry))
            elif isinstance(entry, URLPattern):
                found.append(Route((*parents, entry)))

    walk(get_resolver(), ())
    return found


_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>[^)]*)\)")


@dataclass
class Values:
    ids: list[int]
    uscc: str
    report_year: int
    plan_year: int


def candidates(values: Values, converter: str, name: str, body: str = "") -> list[str]:
    """The values tried for one parameter: by its name first, else by its converter."""
    if name in ("uscc", "code"):
        return [values.uscc, "x"]
    if name == "year":
        return sorted({str(values.report_year), str(values.plan_year)})
    if name == "number":
        return ["1"]
    if name == "kind":
        return [NoticeKind.LISTING, NoticeKind.REMOVAL, *KINDS]
    if converter == "uuid":
        return [str(uuid.uuid4())]
    custom = get_converters().get(converter)
    if custom is not None and converter not in ("int", "str", "slug", "path"):
        # A converter of one fixed word (the immediate-disclosure register's slug).
        literal = re.sub(r"\\(.)", r"\1", custom.regex)
        if re.fullmatch(custom.regex, literal):
            return [literal]
    if converter in ("int", "path") or name.endswith(("pk", "id")) or name == "object_id":
        return [str(pk) for pk in values.ids]
    if body:  # a regular expression: its first alternative, or a word
        literal = body.split("|")[0]
        return [literal] if re.fullmatch(r"\w+", literal) else ["x1"]
    return ["x", values.uscc]


def concrete_urls(route: Route, values: Values) -> Iterator[str]:
    """URLs of `route` filled with the candidates (every combination, at most `COMBINATIONS`)."""
    pieces: list[list[str]] = []
    for part in route.parts:
        pattern = part.pattern
        text = str(pattern)
        if hasattr(pattern, "_route"):
            slots = [
                (m.group(0), candidates(values, m.group("converter") or "str", m.group("name")))
                for m in _PARAMETER.finditer(text)
            ]
        else:
            text = text.lstrip("^").rstrip("$")
            slots = [
                (m.group(0), candidates(values, "re", m.group("name") or "id", m.group("body")))
                for m in _GROUP.finditer(text)
            ]
        pieces.append([text])
        for placeholder, options in slots:
            pieces.append([placeholder, *options])
    # pieces: for each part, its text, then for each slot the placeholder and its options.
    templates: list[str] = []
    choices: list[tuple[str, list[str]]] = []
    for piece in pieces:
        if len(piece) == 1:
            templates.append(piece[0])
        else:
            choices.append((piece[0], piece[1:]))
    template = "/" + "".join(templates)
    for combination in itertools.islice(
        itertools.product(*(options for _placeholder, options in choices)), COMBINATIONS
    ):
        url = template
        for (placeholder, _options), value in zip(choices, combination, strict=True):
            url = url.replace(placeholder, value, 1)
        yield url.replace("\\", "")


def resolves_to(url: str, route: Route) -> bool:
    try:
        match = resolve(url)
    except Resolver404:
        return False
    return match.route == route.text or (
        match.url_name == route.parts[-1].name and bool(route.parts[-1].name)
    )


def body_text(response: Any, tmp_path: Path) -> str:
    """What a person could read in the answer: headers and the body as text."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    headers = " ".join(f"{key}: {value}" for key, value in response.items())
    kind = response.get("Content-Type", "")
    if data.startswith(b"%PDF"):
        return headers + pdf_text(data, tmp_path)
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels", ".txt", ".csv", ".json"))
            ]
        return headers + "\n".join(parts)
    for encoding in ("utf-8", "gb18030"):
        try:
            return headers + data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return headers + data.decode("latin-1") + kind


def refused(response: Any) -> bool:
    """The visitor is turned away whatever the row: a login or admin-login redirect, or 403."""
    if response.status_code == 403:
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return "login" in location


@dataclass
class Fixture:
    world: World
    portal_user: Any
    values: Values


@pytest.fixture
def classified(bureau, make_user) -> Fixture:
    world = build_world(bureau, make_user, enterprises=8)
    company = world.enterprises[0]
    scheme = CreditScheme.objects.create(
        version=1,
        name="测试方案",
        definition={},
        sampling={"C": {"ratio": "1", "max_per_year": 3}},
        is_active=True,
    )
    run = ClassificationRun.objects.create(
        month=datetime.date(2026, 11, 1),
        as_of=datetime.date(2026, 11, 1),
        scheme=scheme,
        status=RunStatus.SUCCEEDED,
        finished_at=timezone.now(),
        counts={"C": 8},
    )
    Classification.objects.bulk_create(
        Classification(run=run, enterprise=enterprise, risk_class=RiskClass.C, score=SCORE)
        for enterprise in world.enterprises
    )
    classification = Classification.objects.get(run=run, enterprise=company)
    portal_user = make_user(Role.APPLICANT)
    grant = EnterpriseAuthorisation.objects.create(
        enterprise=company,
        user=portal_user,
        basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE,
    )
    report = file_report(company, 2025)
    listing = listed(company, world.supervisor)
    # A neutral title: a plan's title is public, the grouping is not.
    plan = make_plan(world, group_by=GROUPING_KEY, title="2026年度昆都仑区双随机抽查")
    draw = inspection_draw(plan=plan, actor=world.supervisor, seed="0" * 32, day=TODAY)
    inspection_draw_publish(plan=plan, actor=world.supervisor)
    task = InspectionTask.objects.get(plan=plan, enterprise=company)
    assert task.group == RiskClass.C  # the class is recorded with the task, for staff
    legacy = LegacyClassification.objects.create(
        enterprise=company,
        uscc=company.uscc,
        enterprise_name=company.name,
        year=2009,
        legacy_class="D",
    )
    ids = sorted(
        {
            company.pk,
            classification.pk,
            run.pk,
            scheme.pk,
            grant.pk,
            report.pk,
            listing.pk,
            plan.pk,
            draw.pk,
            task.pk,
            legacy.pk,
        }
    )
    return Fixture(
        world=world,
        portal_user=portal_user,
        values=Values(ids=ids, uscc=company.uscc, report_year=2025, plan_year=plan.year),
    )


def test_no_route_shows_a_class_to_the_public_or_the_enterprise(
    classified: Fixture, tmp_path: Path
) -> None:
    all_routes = routes()
    assert len(all_routes) > 300
    leaks: list[str] = []
    unfilled: list[str] = []
    staff_pages: list[str] = []
    login_url = resolve_url(settings.LOGIN_URL)
    visitors = {"anonymous": None, "portal user": classified.portal_user}
    for route in all_routes:
        urls = [url for url in concrete_urls(route, classified.values) if resolves_to(url, route)]
        if not urls:
            unfilled.append(route.text)
            continue
        staff_class_page = route.text.startswith(STAFF_CLASS_PREFIXES)
        if staff_class_page:
            staff_pages.append(route.text)
        for who, user in visitors.items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            for url in urls:
                response = client.get(url)
                if staff_class_page:
                    expected = 302 if user is None else 403
                    assert response.status_code == expected, (who, url, response.status_code)
                    if user is None:
                        assert response["Location"].startswith(login_url), url
                text = body_text(response, tmp_path)
                found = [m for m in (*CLASS_MARKERS, *SCORE_MARKERS) if m in text]
                if found:
                    leaks.append(f"{who} GET {url} ({response.status_code}): {found}")
                if refused(response):
                    break  # refused before any row is read: the other values answer the same
    assert leaks == []
    assert sorted(set(unfilled) - set(UNFILLABLE)) == []
    # The legacy pages at least are staff class pages (the risk-class pages join them).
    assert any(text.startswith("staff/credit/legacy/") for text in staff_pages)


def test_the_api_schema_has_no_class_field(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "openapi" in text
    for marker in CLASS_MARKERS:
        assert marker not in text, marker
    # No property of a class, its score or a legacy class (YAML: "      name:" lines).
    fields = re.findall(
        r"^\s+(risk_class|credit_class|class|score|risk_score|legacy_class|override)\s*:",
        text,
        re.MULTILINE,
    )
    assert fields == []
