"""Issue 13 items 14 and 15 end to end: pre-review of stored applications at Baotou authorities.

- the name's region must be where the enterprise is (《企业名称登记管理规定》第七条): a reservation
  made before the rule was enforced, or carried over, still cannot be registered;
- 股份有限公司 are registered by city-level authorities and above (实施细则第四条).
"""

from __future__ import annotations

import pytest

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.models import Unit
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.prereview_adapter import name_region_outside
from hongdun.registration.services import (
    application_create_establishment,
    application_prereview,
    application_submit,
)
from hongdun.registration.tests.conftest import complete_llc, reserve

pytestmark = pytest.mark.django_db

# (name, authority division code, the region reported as outside, or "" when located there)
REGION_ROWS = [
    ("上海青禾科技有限公司", "150203", "上海"),
    ("杭州市西湖区青禾科技有限公司", "150203", "西湖区"),  # the lowest level written
    ("青禾（上海）科技有限公司", "150203", "上海"),
    ("包头市九原区青禾科技有限公司", "150203", "九原区"),
    ("呼和浩特市青禾科技有限公司", "150200", "呼和浩特市"),
    ("包头市红光机械有限公司上海分公司", "150203", "上海"),
    ("包头市青禾科技有限公司", "150203", ""),
    ("包头青禾科技有限公司", "150207", ""),
    ("包头市昆都仑区青禾科技有限公司", "150203", ""),
    ("包头市九原区青禾科技有限公司", "150200", ""),  # the city covers its districts
    ("内蒙古青禾科技有限公司", "150203", ""),  # a higher division of the seat
    ("固阳县青禾科技有限公司", "150222", ""),
    ("青禾科技有限公司", "150203", ""),  # no region (跨省经营 may omit it)
    ("包头市红光机械有限公司九原分公司", "150207", ""),  # a branch: its locality counts
]


@pytest.mark.parametrize(("name", "code", "outside"), REGION_ROWS)
def test_the_name_region_is_read_by_the_name_engine(name: str, code: str, outside: str) -> None:
    found = name_region_outside(name, code)
    assert (found.region if found else "") == outside


def _reserved_elsewhere(applicant: User, unit: Unit, name: str) -> NameReservation:
    # Written straight to the table: a reservation from before the rule was enforced.
    return reserve(applicant, unit, name, "青禾")


@pytest.mark.parametrize(
    ("name", "region"),
    [("上海青禾科技有限公司", "上海"), ("杭州市西湖区青禾科技有限公司", "西湖区")],
)
def test_item_14_a_name_of_another_city_cannot_be_registered_at_baotou(
    applicant: User, kundulun: Unit, name: str, region: str
) -> None:
    application = complete_llc(applicant, _reserved_elsewhere(applicant, kundulun, name))
    defects = application_prereview(application=application)
    (defect,) = [d for d in defects if d["rule"] == "REG-NAME-6"]
    assert defect["blocks"] is True
    assert defect["field"] == "name"
    assert defect["article"] == "《企业名称登记管理规定》第七条"
    assert region in defect["message"]
    assert "昆都仑区" in defect["message"]
    with pytest.raises(ApplicationError) as error:
        application_submit(applicant=applicant, application=application)
    assert error.value.field == "prereview"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_item_14_a_baotou_name_passes(applicant: User, kundulun: Unit) -> None:
    reservation = reserve(applicant, kundulun, "包头市青禾科技有限公司", "青禾")
    application = complete_llc(applicant, reservation)
    assert not [d for d in application_prereview(application=application) if d["blocks"]]
    assert application_submit(applicant=applicant, application=application).status == (
        ApplicationStatus.SUBMITTED
    )


@pytest.mark.parametrize(
    ("unit_code", "refused"),
    [("kundulun", True), ("jiuyuan", True), ("guyang", True), ("baotou", False)],
)
def test_item_15_jsc_establishment_needs_a_city_level_authority(
    applicant: User, bureau: dict[str, Unit], unit_code: str, refused: bool
) -> None:
    unit = bureau[unit_code]
    reservation = reserve(applicant, unit, "包头市青禾科技股份有限公司", "青禾")
    application = application_create_establishment(
        applicant=applicant, reservation=reservation, entity_type="jsc"
    )
    found = [d for d in application_prereview(application=application) if d["rule"] == "REG-AUTH-1"]
    assert bool(found) is refused
    if refused:
        (defect,) = found
        assert defect["blocks"] is True
        assert defect["field"] == "authority"
        assert defect["article"] == "《市场主体登记管理条例实施细则》第四条"
        assert "股份有限公司的登记由地市级以上登记机关负责" in defect["message"]
        assert unit.name in defect["message"]


def test_item_15_llc_is_registered_at_the_district(applicant: User, kundulun: Unit) -> None:
    reservation = reserve(applicant, kundulun, "包头市青禾科技有限公司", "青禾")
    application = application_create_establishment(
        applicant=applicant, reservation=reservation, entity_type="llc"
    )
    defects = application_prereview(application=application)
    assert not [d for d in defects if d["rule"] == "REG-AUTH-1"]
