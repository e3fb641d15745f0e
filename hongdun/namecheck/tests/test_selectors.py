"""Who sees which declarations: applicants their own, registrars their unit's subtree."""

import pytest
from django.http import Http404

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.selectors import (
    registry_choices,
    registry_get,
    reservation_get_for_applicant,
    reservation_get_for_staff,
    reservation_list_for_applicant,
    review_queue_for_staff,
)
from hongdun.namecheck.tests.factories import reservation_row

pytestmark = pytest.mark.django_db


def declare(applicant, registry, trade, status=ReservationStatus.PENDING_REVIEW):
    return reservation_row(
        applicant,
        registry,
        f"中国{trade}科技有限公司",
        trade,
        status=status,
        verdict="restricted",
        reserved_until="2027-01-01" if status == ReservationStatus.RESERVED else None,
    )


@pytest.fixture
def declarations(bureau, applicant, other_applicant):
    return {
        "kundulun": declare(applicant, bureau["kundulun"], "沃德"),
        "kundulun-done": declare(
            applicant, bureau["kundulun"], "青鹿", status=ReservationStatus.RESERVED
        ),
        "donghe": declare(other_applicant, bureau["donghe"], "金鹿"),
        "jiuyuan": declare(other_applicant, bureau["jiuyuan"], "银鹿"),
    }


def test_registries_are_the_authorities(bureau):
    codes = set(registry_choices().values_list("division_code", flat=True))
    assert {"150200", "150203", "150202"} <= codes
    assert registry_get(code=" 150203 ") == bureau["kundulun"]
    for bad in ["", "   ", None, 150203, "1502031", "000000", ["150203"]]:
        with pytest.raises(ApplicationError) as caught:
            registry_get(code=bad)
        assert caught.value.field == "registry"


def test_applicants_see_only_their_own(declarations, applicant, other_applicant, make_user):
    mine = reservation_list_for_applicant(user=applicant)
    assert set(mine) == {declarations["kundulun"], declarations["kundulun-done"]}
    assert reservation_get_for_applicant(user=applicant, pk=declarations["kundulun"].pk)
    for pk in [declarations["donghe"].pk, 10**9, "abc", None, 2**80]:
        with pytest.raises(Http404):
            reservation_get_for_applicant(user=applicant, pk=pk)
    from django.contrib.auth.models import AnonymousUser

    assert not reservation_list_for_applicant(user=AnonymousUser()).exists()


def test_the_queue_is_scoped_to_the_registrars_subtree(declarations, reviewer, bureau, make_user):
    assert list(review_queue_for_staff(user=reviewer)) == [declarations["kundulun"]]
    everything = review_queue_for_staff(user=reviewer, filters={"status": ""})
    assert set(everything) == {declarations["kundulun"], declarations["kundulun-done"]}
    city = make_user(Role.REGISTRAR, bureau["baotou"])
    assert set(review_queue_for_staff(user=city)) == {
        declarations["kundulun"],
        declarations["donghe"],
        declarations["jiuyuan"],
    }
    assert list(review_queue_for_staff(user=city, filters={"q": "金鹿"})) == [
        declarations["donghe"]
    ]
    assert list(review_queue_for_staff(user=city, filters={"registry": bureau["jiuyuan"].pk})) == [
        declarations["jiuyuan"]
    ]


@pytest.mark.parametrize(
    "who",
    [
        Role.APPLICANT,
        Role.SUPERVISOR,
        Role.PERSONNEL,
        Role.DISCIPLINE,
        Role.LEADER,
        Role.ADMINISTRATOR,
        "no_role",
    ],
)
def test_non_registrars_have_an_empty_queue(declarations, role_users, who):
    assert not review_queue_for_staff(user=role_users[who], filters={"status": ""}).exists()


def test_out_of_scope_declarations_do_not_exist_for_staff(
    declarations, reviewer, outsider_registrar
):
    assert reservation_get_for_staff(user=reviewer, pk=declarations["kundulun-done"].pk)
    for user, key in [(reviewer, "donghe"), (outsider_registrar, "kundulun")]:
        with pytest.raises(Http404):
            reservation_get_for_staff(user=user, pk=declarations[key].pk)
    assert reservation_get_for_staff(user=outsider_registrar, pk=declarations["jiuyuan"].pk)
