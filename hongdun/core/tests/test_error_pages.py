"""403, 404 and 500 pages (issue 14, item 8): in the site's layout (the back office's under /staff/
for staff, the portal's otherwise), in the user's language, with a way back; JSON under /api/; one
behaviour for every refusal. The test settings run with DEBUG=False, as production does."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from hongdun.accounts.roles import Role

PORTAL = '<header class="site-header">'
STAFF = '<header class="site-header staff">'


def _client(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _as(client: Client, user) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _page(response, status: int, layout: str, language: str = "zh-hans") -> str:
    """The error page's HTML, once its status, language and layout are the expected ones."""
    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert layout in page
    return page


def test_debug_is_off_in_these_tests():
    assert settings.DEBUG is False


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_404_for_the_public_is_in_the_portal_layout_with_a_way_home(language):
    response = _client(language).get(
        "/no-such-page/", HTTP_REFERER="http://testserver/enterprises/"
    )
    page = _page(response, 404, PORTAL, language)
    assert 'data-status="404"' in page
    assert '<a href="/" data-testid="error-home">' in page
    assert 'href="http://testserver/enterprises/"' in page  # back to where the user came from
    assert "error-workbench" not in page


@pytest.mark.django_db
def test_404_texts_are_the_sites_own():
    page = _client("zh-hans").get("/no-such-page/").content.decode()
    assert "没有找到您要的页面" in page
    assert "回到首页" in page
    assert "Not Found" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_404_for_staff_under_staff_is_in_the_back_office_layout(role_users, language):
    client = _as(_client(language), role_users[Role.REGISTRAR])
    page = _page(client.get("/staff/registration/999999/"), 404, STAFF, language)
    assert 'data-testid="error-workbench"' in page
    assert 'data-testid="error-message"' in page  # the selector's own sentence is shown


@pytest.mark.django_db
def test_a_message_from_our_code_is_shown_djangos_internal_one_is_not(role_users):
    client = _as(_client("zh-hans"), role_users[Role.REGISTRAR])
    ours = client.get("/staff/registration/999999/").content.decode()
    assert "没有找到该申请。" in ours
    internal = _client("zh-hans").get("/consultation/category/no-such-category/")
    assert internal.status_code == 404
    assert "matches the given query" not in internal.content.decode()
    assert 'data-testid="error-message"' not in internal.content.decode()


@pytest.mark.django_db
def test_404_under_staff_for_the_public_keeps_the_portal_layout(role_users):
    client = _as(_client("zh-hans"), role_users[Role.APPLICANT])
    page = client.get("/staff/no-such-page/").content.decode()
    assert PORTAL in page
    assert "error-workbench" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_403_for_a_wrong_role_in_the_portal(role_users, language):
    client = _as(_client(language), role_users[Role.APPLICANT])
    page = _page(client.get("/staff/registration/"), 403, PORTAL, language)
    assert 'data-status="403"' in page
    assert 'data-testid="error-home"' in page


@pytest.mark.django_db
def test_403_for_staff_without_the_right_is_in_the_back_office_layout(role_users):
    client = _as(_client("zh-hans"), role_users[Role.SUPERVISOR])
    page = _page(client.get("/staff/registration/"), 403, STAFF)
    assert "您无权打开此页面" in page
    assert '<a href="/staff/" data-testid="error-workbench">' in page


@pytest.mark.django_db
def test_the_excel_refusal_is_the_same_403_page_with_its_reason(role_users):
    client = _as(_client("zh-hans"), role_users[Role.DISCIPLINE])
    # Discipline inspection keeps no cadre records.
    page = _page(client.get("/staff/workforce/excel/cadres/import/"), 403, STAFF)
    assert 'data-status="403"' in page
    assert "您的岗位不能导入或导出这类记录" in page


@pytest.mark.django_db
def test_an_expired_form_gets_the_403_page_saying_so():
    strict = Client(enforce_csrf_checks=True)
    page = _page(strict.post("/consultation/ask/", {"title": "x"}), 403, PORTAL)
    assert "页面已过期" in page
    assert "CSRF" not in page
    assert 'data-testid="error-login"' not in page  # logging in would not help


@pytest.mark.django_db
def test_an_anonymous_refusal_offers_to_log_in(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from hongdun.core.errors import permission_denied

    request = rf.get("/staff/workforce/?unit=3")
    request.user = AnonymousUser()
    request.session = {}
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    page = response.content.decode()
    assert 'href="/accounts/login/?next=%2Fstaff%2Fworkforce%2F%3Funit%3D3"' in page
    assert "此页面需要登录后才能使用。" in page


@pytest.mark.django_db
def test_the_api_keeps_json():
    missing = Client().get("/api/v1/no-such-endpoint/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/json")
    assert json.loads(missing.content)["detail"]


# --- 500: no database ---
# These tests have no `db` fixture: pytest-django refuses every query, so a page that needs the
# database would fail here instead of showing.


@pytest.mark.urls("hongdun.core.tests.error_urls")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_500_in_the_portal_layout_without_the_database(language):
    page = _page(_client(language).get("/boom/"), 500, PORTAL, language)
    assert 'data-status="500"' in page
    with translation.override(language):  # whom to contact, in the page's language
        assert translation.gettext(settings.HONGDUN["BUREAU_NAME"]) in page
    assert 'data-testid="error-home"' in page
    assert "a failure the error page must survive" not in page


@pytest.mark.urls("hongdun.core.tests.error_urls")
def test_500_under_staff_uses_the_back_office_layout():
    page = _client("zh-hans").get("/staff/boom/").content.decode()
    assert STAFF in page
    assert 'data-testid="error-workbench"' in page


@pytest.mark.urls("hongdun.core.tests.error_urls")
def test_500_in_the_api_is_json():
    response = _client("zh-hans").get("/api/v1/boom/")
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "服务器内部错误，请稍后重试。"}
