"""Verification codes: unguessable, typeable, forgiving to read; and the public page's answers to
codes that are malformed, unknown or asked too often (the domain apps test real documents)."""

import pytest
from django.core.cache import cache

from hongdun.accounts.roles import Role
from hongdun.core.verification import (
    ALPHABET,
    CODE_LENGTH,
    CodeFormatError,
    code_display,
    code_new,
    code_normalise,
    mask_person_name,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the test cache is shared by the process; earlier lookups must not count
    yield
    cache.clear()


def test_new_codes_are_random_twelve_characters_of_the_readable_alphabet():
    codes = {code_new() for _ in range(2_000)}
    assert len(codes) == 2_000
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert not set("ILOU") & set(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7K3M-Q9TX-2HBD", "7K3MQ9TX2HBD"),
        ("7k3m q9tx 2hbd", "7K3MQ9TX2HBD"),  # lower case, spaces
        (" 7K3MQ9TX2HBD\n", "7K3MQ9TX2HBD"),
        ("7K3M—Q9TX—2HBD", "7K3MQ9TX2HBD"),  # em dashes from a word processor
        ("O0I1-L1AB-CDEF", "001111ABCDEF"),  # O read as 0, I and L as 1
    ],
)
def test_typed_codes_are_read_as_people_type_them(typed, stored):
    assert code_normalise(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "7K3M-Q9TX-2HB",  # too short
        "7K3M-Q9TX-2HBDX",  # too long
        "7K3M-Q9TX-2HB*",  # a character outside the alphabet
        "7K3M-Q9TX-2HBU",  # U is not in the alphabet (and is not read as anything)
        "验证码7K3MQ9TX2",
        "7" * 200,
        "",
    ],
)
def test_malformed_codes_are_refused(typed):
    with pytest.raises(CodeFormatError):
        code_normalise(typed)


def test_codes_print_in_groups_of_four():
    assert code_display("7K3MQ9TX2HBD") == "7K3M-Q9TX-2HBD"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧***"),
        ("王五", "王*"),
        ("李", "*"),
        ("", ""),
        (" 赵六 ", "赵*"),
    ],
)
def test_personal_names_are_masked(name, masked):
    assert mask_person_name(name) == masked


# --- the page ---------------------------------------------------------------------------------


def page(response):
    return response.content.decode()


@pytest.mark.parametrize("role", [None, Role.APPLICANT, Role.REGISTRAR, Role.PERSONNEL])
def test_the_page_is_public_for_everyone(client, login, role_users, role):
    if role is not None:
        login(role_users[role])
    response = client.get("/verify/")
    assert response.status_code == 200
    assert 'data-testid="verify-form"' in page(response)
    assert 'data-testid="verify-error"' not in page(response)


@pytest.mark.parametrize(
    "typed",
    ["12345", "7K3M-Q9TX-2HB*", "<script>alert(1)</script>", "x" * 5_000, "%00", "１２３"],
)
def test_a_malformed_code_is_explained_without_an_error_page(client, typed):
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 400
    text = page(response)
    assert "验证码格式不正确" in text
    assert "<script>alert" not in text


def test_an_unknown_code_finds_nothing(client):
    response = client.get("/verify/", {"code": "zzzz-zzzz-zzzz"})
    assert response.status_code == 404
    assert "没有找到验证码为 ZZZZ-ZZZZ-ZZZZ 的文书" in page(response)
    assert 'data-testid="verify-result"' not in page(response)


def test_lookups_are_rate_limited_per_address(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "document_verify": "3/min",
        },
    }
    statuses = [client.get("/verify/", {"code": f"AAAA-AAAA-AAA{n}"}).status_code for n in range(3)]
    assert statuses == [404, 404, 404]
    refused = client.get("/verify/", {"code": "AAAA-AAAA-AAA9"})
    assert refused.status_code == 429
    assert "查询过于频繁" in page(refused)
    # another address is not held back, and the empty form never counts
    assert (
        client.get("/verify/", {"code": "AAAA-AAAA-AAA9"}, REMOTE_ADDR="10.9.9.9").status_code
        == 404
    )
    assert client.get("/verify/").status_code == 200


@pytest.mark.parametrize("model", ["documentverification", "notification"])
def test_admin_shows_codes_and_notices_read_only(client, make_user, model):
    client.force_login(make_user(None, is_staff=True, is_superuser=True))
    assert client.get(f"/admin/core/{model}/").status_code == 200
    assert client.get(f"/admin/core/{model}/add/").status_code == 403
