"""The org tree, its registration authorities and their real division codes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hongdun.orgs.choices import UnitKind
from hongdun.orgs.divisions import county_level_divisions, divisions_of_city
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import registration_authorities, unit_subtree_ids

pytestmark = pytest.mark.django_db

# GB/T 2260 codes of Baotou's nine county-level divisions (checked against the vendored data).
BAOTOU = [
    ("150202", "东河区"),
    ("150203", "昆都仑区"),
    ("150204", "青山区"),
    ("150205", "石拐区"),
    ("150206", "白云鄂博矿区"),
    ("150207", "九原区"),
    ("150221", "土默特右旗"),
    ("150222", "固阳县"),
    ("150223", "达尔罕茂明安联合旗"),
]


@pytest.mark.parametrize(("code", "name"), BAOTOU)
def test_vendored_divisions_hold_baotous_codes(code, name):
    assert county_level_divisions()[code].name == name


def test_demo_bureau_has_the_nine_divisions_as_registration_authorities(bureau):
    codes = {
        u.division_code: u.short_name
        for u in registration_authorities()
        if u.kind != UnitKind.CITY_BUREAU
    }
    assert codes == dict(BAOTOU)
    assert {d.code for d in divisions_of_city("1502")} >= {code for code, _ in BAOTOU}


def test_subtree_contains_the_unit_and_its_stations_only(bureau):
    ids = set(unit_subtree_ids(unit=bureau["kundulun"]))
    assert ids == {
        bureau["kundulun"].pk,
        bureau["kundulun-station-1"].pk,
        bureau["kundulun-station-2"].pk,
    }
    assert bureau["jiuyuan"].pk not in ids
    assert set(unit_subtree_ids(unit=bureau["baotou"])) == set(
        Unit.objects.values_list("pk", flat=True)
    )


def test_registration_authority_needs_a_division_code(bureau):
    unit = Unit(
        code="x",
        name="测试",
        kind=UnitKind.BRANCH,
        is_registration_authority=True,
        parent=bureau["baotou"],
    )
    with pytest.raises(ValidationError):
        unit.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()


def test_one_registration_authority_per_division(bureau):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            code="dup",
            name="重复",
            kind=UnitKind.BRANCH,
            division_code="150203",
            is_registration_authority=True,
            parent=bureau["baotou"],
        )
