"""Issue 13 item 10: a branch declared by its own parent is not blocked by the parent's name.

《企业名称登记管理规定》第十三条: a branch's name is the parent's full name plus 分公司 etc.;
第十七条 bars the same 字号 at the same authority "有投资关系的除外", and 第十五条 allows another
enterprise's name with an investment relationship or authorisation. The applicant's identity and the
enterprises it is authorised for in the portal (registration's EnterpriseAuthorisation) are its
"own" and "related" names; anyone else is blocked.
"""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.tests.factories import register
from hongdun.namecheck import index_store
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.services import declaration_check, reservation_create
from hongdun.registration.models import EnterpriseAuthorisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_name_index")]

PARENT = "包头市红光机械有限公司"
BRANCH = "包头市红光机械有限公司昆都仑分公司"


@pytest.fixture
def parent(kundulun):
    return register(PARENT, kundulun, trade_name="红光")


def authorise(user, enterprise, **extra):
    extra.setdefault("basis", EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE)
    return EnterpriseAuthorisation.objects.create(enterprise=enterprise, user=user, **extra)


def verdict_for(user, registry, name=BRANCH):
    (answer,) = declaration_check(user=user, registry=registry, industry="", names=[name])
    return answer["verdict"]


def test_the_parent_declares_its_branch_in_the_portal(login, applicant, kundulun, parent):
    authorise(applicant, parent)
    data = {"registry": str(kundulun.pk), "industry": "", "name_1": BRANCH}
    response = login(applicant).post("/names/declare/", data)
    assert response.status_code == 302
    reservation = NameReservation.objects.get()
    assert reservation.proposed_name == BRANCH
    assert reservation.status == ReservationStatus.RESERVED


def test_an_unrelated_applicant_is_blocked_by_the_parents_name(
    login, other_applicant, kundulun, parent
):
    data = {"registry": str(kundulun.pk), "industry": "", "name_1": BRANCH}
    response = login(other_applicant).post("/names/declare/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-verdict="identical"' in page
    assert PARENT in page
    assert not NameReservation.objects.exists()
    with pytest.raises(ApplicationError) as error:
        reservation_create(applicant=other_applicant, registry=kundulun, industry="", name=BRANCH)
    assert error.value.extra["verdict"] == "identical"


TODAY = timezone.localdate


@pytest.mark.parametrize(
    ("grant", "blocked"),
    [
        ({"basis": EnterpriseAuthorisation.Basis.ESTABLISHED_BY_USER}, False),
        ({"basis": EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE}, False),
        ({"basis": EnterpriseAuthorisation.Basis.AGENT}, False),
        ({"valid_until": "today"}, False),  # valid through its last day
        ({"valid_until": "yesterday"}, True),  # expired
        ({"revoked": True}, True),
        (None, True),  # no authorisation at all
    ],
)
def test_which_authorisations_count_as_related(applicant, kundulun, parent, grant, blocked):
    if grant is not None:
        values = dict(grant)
        until = values.pop("valid_until", None)
        if until:
            values["valid_until"] = TODAY() - timedelta(days=1 if until == "yesterday" else 0)
        if values.pop("revoked", False):
            values["revoked_at"] = timezone.now()
        authorise(applicant, parent, **values)
    assert (verdict_for(applicant, kundulun) == "identical") is blocked


def test_an_authorisation_for_another_enterprise_does_not_help(applicant, kundulun, parent):
    other = register("包头市青山机械有限公司", kundulun, trade_name="青山")
    authorise(applicant, other)
    assert verdict_for(applicant, kundulun) == "identical"


def test_the_related_owners_are_the_uscc_the_index_stores(applicant, kundulun, parent):
    authorise(applicant, parent)
    owners = index_store.applicant_related_owners(applicant.pk, as_of=date(2026, 12, 7))
    assert owners == frozenset({parent.uscc})
    stored = index_store.enterprise_stored_name(
        enterprise_id=parent.pk,
        name=parent.name,
        uscc=parent.uscc,
        registry=kundulun.division_code,
        status=parent.status,
        status_date=parent.status_date,
    )
    assert stored.owner in owners
    assert index_store.applicant_related_owners(None, as_of=date(2026, 12, 7)) == frozenset()


def test_the_public_check_knows_no_one_and_blocks(client, kundulun, parent):
    body = client.post(
        "/api/v1/namecheck/check",
        json.dumps({"name": BRANCH, "registry": "150203"}),
        content_type="application/json",
    ).json()
    assert body["verdict"] == "identical"
