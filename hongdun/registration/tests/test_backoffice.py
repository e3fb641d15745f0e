"""Back-office authorisations: registrars of the enterprise's subtree only; nobody else."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Client]
URL = "/staff/authorisations/"


def _grant(client: Client, enterprise: Enterprise, user: User) -> int:
    return client.post(
        URL, {"uscc": enterprise.uscc, "username": user.username, "basis": "legal_representative"}
    ).status_code


def test_registrar_grants_and_revokes(
    login: Login, registrar: User, applicant: User, enterprise: Enterprise
) -> None:
    client = login(registrar)
    assert _grant(client, enterprise, applicant) == 302
    grant = EnterpriseAuthorisation.objects.get(enterprise=enterprise, user=applicant)
    assert grant.granted_by == registrar
    page = client.get(URL).content.decode()
    assert enterprise.name in page
    assert (
        client.post(reverse("backoffice-authorisations:revoke", args=[grant.pk])).status_code == 302
    )
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_out_of_scope_registrar_cannot_grant_or_revoke(
    login: Login, registrar: User, outsider_registrar: User, applicant: User, enterprise: Enterprise
) -> None:
    # A code outside the unit is refused on the form like any bad input (issue 14.8).
    assert _grant(login(outsider_registrar), enterprise, applicant) == 400
    assert not EnterpriseAuthorisation.objects.exists()
    _grant(login(registrar), enterprise, applicant)
    grant = EnterpriseAuthorisation.objects.get()
    client = login(outsider_registrar)
    assert enterprise.name not in client.get(URL).content.decode()
    assert (
        client.post(reverse("backoffice-authorisations:revoke", args=[grant.pk])).status_code == 404
    )
    grant.refresh_from_db()
    assert grant.revoked_at is None


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.SUPERVISOR, Role.LEADER, None])
def test_other_roles_are_refused(
    login: Login,
    make_user: Callable[..., User],
    kundulun: Unit,
    applicant: User,
    enterprise: Enterprise,
    role: str | None,
) -> None:
    client = login(make_user(role, kundulun))
    assert client.get(URL).status_code == 403
    assert _grant(client, enterprise, applicant) == 403
    assert not EnterpriseAuthorisation.objects.exists()


def test_anonymous_goes_to_login(login: Login) -> None:
    response = login(None).get(URL)
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


@pytest.mark.parametrize(
    "data",
    [
        {"uscc": "", "username": "", "basis": "agent"},
        {"uscc": "91150203MA00000000", "username": "nobody", "basis": "agent"},
        {"uscc": "<script>", "username": "x' OR 1=1 --", "basis": "agent"},
        {"uscc": "9115", "username": "applicant", "basis": "bogus"},
    ],
)
def test_bad_input_is_400(login: Login, registrar: User, data: dict[str, str]) -> None:
    response = login(registrar).post(URL, data)
    assert response.status_code == 400
    assert b"<script>" not in response.content
    assert not EnterpriseAuthorisation.objects.exists()
