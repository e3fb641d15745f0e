"""Sign-in: Argon2 hashing in real deployments, lockout after repeated failures, roles as groups."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from config.settings import base as base_settings
from hongdun.accounts.models import User
from hongdun.accounts.roles import Role, has_any_role, user_roles

pytestmark = pytest.mark.django_db


def test_argon2_is_the_default_hasher_outside_tests():
    assert base_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_every_role_exists_as_a_group_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_user_roles_reads_groups(make_user):
    user = make_user(Role.REGISTRAR)
    user.groups.add(
        Group.objects.get(name=Role.LEADER), Group.objects.get_or_create(name="unrelated")[0]
    )
    fresh = User.objects.get(pk=user.pk)
    assert user_roles(fresh) == {Role.REGISTRAR, Role.LEADER}
    assert has_any_role(fresh, {Role.LEADER})
    assert not has_any_role(fresh, {Role.DISCIPLINE})


def test_login_with_the_right_password(make_user):
    make_user(Role.REGISTRAR)
    user = User.objects.get()
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_wrong_password_shows_a_translated_reason(make_user):
    user = make_user(Role.REGISTRAR)
    response = Client().post("/accounts/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(make_user, settings):
    user = make_user(Role.REGISTRAR)
    client = Client(REMOTE_ADDR="10.0.0.8")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    locked = client.post(
        "/accounts/login/", {"username": user.username, "password": "pw-for-tests-only"}
    )
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert client.get("/staff/").status_code == 302  # still anonymous


def test_logout_requires_post(make_user, login):
    client = login(make_user(Role.REGISTRAR))
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/staff/").status_code == 302
