"""Issue 13, items 14 and 15: the name's region and the authority's level, from the law's text.

- 《企业名称登记管理规定》第七条: the region in a name is where the enterprise is. The name engine
  decides it (the Django layer passes its reading as `name_region`); the pre-review reports it.
- 《市场主体登记管理条例实施细则》第四条: 股份有限公司的登记管理由地市级以上地方登记机关负责; a
  higher authority may hand part of its registration work to a lower one (a delegation, data).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from hongdun.orgs.levels import AuthorityLevel, division_level
from hongdun.registration.prereview import blocking, prereview
from hongdun.registration.prereview import samples as s
from hongdun.registration.prereview.config import (
    DEFAULT_RULES_FILE,
    Delegation,
    RuleConfig,
    RuleConfigError,
    default_rules,
)
from hongdun.registration.prereview.types import (
    ApplicationData,
    AuthorityData,
    ChangeItemData,
    NameRegionData,
)

AS_OF = s.AS_OF
E = "error"
GUYANG = AuthorityData(
    id=3, name="固阳县市场监督管理局", division_code="150222", jurisdiction=frozenset({"150222"})
)
NEI_MONGOL = AuthorityData(
    id=4,
    name="内蒙古自治区市场监督管理局",
    division_code="150000",
    jurisdiction=frozenset({"150203"}),
)


def _found(app: ApplicationData, rules: object = None) -> set[tuple[str, str, str]]:
    return {(d.rule, d.field, str(d.severity)) for d in prereview(app, rules)}  # type: ignore[arg-type]


def _at(build: Callable[[], ApplicationData], authority: AuthorityData) -> ApplicationData:
    app = build()
    reservation = app.reservation
    return replace(
        app,
        authority=authority,
        address_division_code=next(iter(sorted(authority.jurisdiction))),
        reservation=replace(reservation, authority_id=authority.id) if reservation else None,
    )


# --- item 14: the name's region (GD2020 第七条) -------------------------------------------------

OUTSIDE = NameRegionData(region="上海", seat="昆都仑区")
REGION_ROWS = [
    ("establishment-located-here", s.llc, None, set()),
    ("establishment-named-elsewhere", s.llc, OUTSIDE, {("REG-NAME-6", "name", E)}),
    (
        "name-change-named-elsewhere",
        lambda: replace(
            s.change(),
            change_items=(ChangeItemData("name", "包头市甲乙科技有限公司", "杭州市西湖区…"),),
            reservation=s.llc().reservation,
        ),
        NameRegionData(region="杭州市西湖区", seat="昆都仑区"),
        {("REG-NAME-6", "name", E)},
    ),
    # A change that keeps the name, and a deregistration, do not re-read it.
    ("address-change-keeps-the-name", s.change, OUTSIDE, set()),
    ("deregistration", s.deregistration, OUTSIDE, set()),
]


@pytest.mark.parametrize(
    ("build", "region", "expected"), [r[1:] for r in REGION_ROWS], ids=[r[0] for r in REGION_ROWS]
)
def test_item_14_the_name_region_must_be_where_the_enterprise_is(
    build: Callable[[], ApplicationData], region: NameRegionData | None, expected: set
) -> None:
    found = _found(replace(build(), name_region=region))
    assert {f for f in found if f[0] == "REG-NAME-6"} == expected


def test_item_14_the_defect_names_the_region_and_the_seat_and_blocks() -> None:
    app = replace(s.llc(), name_region=OUTSIDE)
    (defect,) = [d for d in prereview(app) if d.rule == "REG-NAME-6"]
    assert defect.blocks
    assert defect.article == "《企业名称登记管理规定》第七条"
    assert defect.params == {"region": "上海", "seat": "昆都仑区"}
    assert "%(region)s" in defect.message
    assert "%(seat)s" in defect.fix


# --- item 15: authority level by entity type (实施细则第四条) ---------------------------------


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("150203", AuthorityLevel.COUNTY),  # 市辖区
        ("150222", AuthorityLevel.COUNTY),  # 县
        ("150200", AuthorityLevel.CITY),  # 设区的市
        ("150000", AuthorityLevel.PROVINCE),
        ("110000", AuthorityLevel.PROVINCE),
    ],
)
def test_division_levels(code: str, level: AuthorityLevel) -> None:
    assert division_level(code) is level


@pytest.mark.parametrize("code", ["", "15020", "1502031", "15020X"])
def test_a_malformed_division_code_has_no_level(code: str) -> None:
    with pytest.raises(ValueError, match="division code"):
        division_level(code)


LEVEL_ROWS = [
    ("jsc-at-city", s.jsc, s.BAOTOU, set()),
    ("jsc-at-province", s.jsc, NEI_MONGOL, set()),
    ("jsc-at-district", s.jsc, s.KUNDULUN, {("REG-AUTH-1", "authority", E)}),
    ("jsc-at-county", s.jsc, GUYANG, {("REG-AUTH-1", "authority", E)}),
    ("llc-at-district", s.llc, s.KUNDULUN, set()),
    ("llc-at-county", s.llc, GUYANG, set()),
    ("partnership-at-district", s.partnership, s.KUNDULUN, set()),
    ("individual-business-at-district", s.individual_business, s.KUNDULUN, set()),
    (
        "jsc-change-at-district",
        lambda: replace(s.change(), entity_type="jsc"),
        s.KUNDULUN,
        {("REG-AUTH-1", "authority", E)},
    ),
    (
        "jsc-deregistration-at-district",
        lambda: replace(s.deregistration(), entity_type="jsc"),
        s.KUNDULUN,
        {("REG-AUTH-1", "authority", E)},
    ),
]


@pytest.mark.parametrize(
    ("build", "authority", "expected"),
    [r[1:] for r in LEVEL_ROWS],
    ids=[r[0] for r in LEVEL_ROWS],
)
def test_item_15_jsc_registration_belongs_to_city_level_and_above(
    build: Callable[[], ApplicationData], authority: AuthorityData, expected: set
) -> None:
    found = _found(_at(build, authority))
    assert {f for f in found if f[0] == "REG-AUTH-1"} == expected


def test_item_15_the_defect_blocks_and_cites_article_four() -> None:
    app = _at(s.jsc, s.KUNDULUN)
    (defect,) = [d for d in blocking(prereview(app)) if d.rule == "REG-AUTH-1"]
    assert defect.article == "《市场主体登记管理条例实施细则》第四条"
    assert defect.params["level"] == "地市级"
    assert defect.params["authority"] == s.KUNDULUN.name
    assert defect.params["entity_type"] == "jsc"


def _delegated(code: str, valid_from: date, valid_until: date | None = None) -> object:
    return default_rules().replace(
        delegations=(
            Delegation(
                entity_type="jsc",
                division_code=code,
                document="包市监发〔2026〕1号",
                valid_from=valid_from,
                valid_until=valid_until,
            ),
        )
    )


DELEGATION_ROWS = [
    ("in-force", "150203", date(2026, 1, 1), None, set()),
    ("from-the-day-itself", "150203", AS_OF, None, set()),
    ("not-yet", "150203", AS_OF.replace(day=28), None, {("REG-AUTH-1", "authority", E)}),
    ("until-the-day-itself", "150203", date(2026, 1, 1), AS_OF, set()),
    (
        "ended",
        "150203",
        date(2026, 1, 1),
        AS_OF.replace(day=26),
        {("REG-AUTH-1", "authority", E)},
    ),
    ("to-another-authority", "150207", date(2026, 1, 1), None, {("REG-AUTH-1", "authority", E)}),
]


@pytest.mark.parametrize(
    ("code", "valid_from", "valid_until", "expected"),
    [r[1:] for r in DELEGATION_ROWS],
    ids=[r[0] for r in DELEGATION_ROWS],
)
def test_item_15_a_delegation_in_force_lets_the_district_register(
    code: str, valid_from: date, valid_until: date | None, expected: set
) -> None:
    found = _found(_at(s.jsc, s.KUNDULUN), _delegated(code, valid_from, valid_until))
    assert {f for f in found if f[0] == "REG-AUTH-1"} == expected


def test_item_15_levels_are_data() -> None:
    rules = default_rules().replace(authority_levels={"llc": AuthorityLevel.CITY})
    assert ("REG-AUTH-1", "authority", E) in _found(s.llc(), rules)
    assert ("REG-AUTH-1", "authority", E) not in _found(_at(s.jsc, s.KUNDULUN), rules)


def test_a_delegation_without_its_document_is_refused() -> None:
    raw = {
        "entity_type": "jsc",
        "division_code": "150203",
        "document": " ",
        "valid_from": "2026-01-01",
    }
    with pytest.raises(ValueError, match="document"):
        Delegation.from_mapping(raw)
    data = json.loads(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))
    data["delegations"] = [raw]
    with pytest.raises(RuleConfigError):
        RuleConfig.from_mapping(data)
