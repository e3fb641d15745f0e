"""The administrators' holiday-override page: access, entering and deleting overrides (which
changes deadlines at once), the note about years the library does not know, and bad input."""

import datetime

import pytest

from hongdun.core.models import AuditLog, HolidayOverride
from hongdun.core.workdays import is_working_day, library_years, years_needing_overrides

pytestmark = pytest.mark.django_db

URL = "/staff/calendar/"


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role", ["applicant", "registrar", "supervisor", "personnel", "discipline", "leader", "no_role"]
)
def test_other_roles_are_forbidden(login, role_users, role):
    override = HolidayOverride.objects.create(
        date=datetime.date(2027, 1, 1), kind="holiday", name="元旦"
    )
    client = login(role_users[role])
    assert client.get(URL).status_code == 403
    post = {"date": "2027-02-06", "kind": "working_day", "name": "x"}
    assert client.post(URL, post).status_code == 403
    assert client.post(f"{URL}{override.pk}/delete/").status_code == 403
    assert HolidayOverride.objects.count() == 1


def test_administrator_enters_and_deletes_an_override(login, role_users):
    client = login(role_users["administrator"])
    day = datetime.date(2027, 2, 6)  # a Saturday: Monday-to-Friday fallback says rest day
    assert not is_working_day(day)
    response = client.post(
        URL, {"date": "2027-02-06", "kind": "working_day", "name": "春节调休", "note": "测试"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2027"
    assert is_working_day(day)
    page = client.get(response["Location"]).content.decode()
    assert "春节调休" in page
    override = HolidayOverride.objects.get()
    assert AuditLog.objects.filter(action="calendar.override_create").exists()
    assert client.post(f"{URL}{override.pk}/delete/").status_code == 302
    assert not is_working_day(day)
    assert AuditLog.objects.filter(action="calendar.override_delete").exists()
    assert client.post(f"{URL}{override.pk}/delete/").status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "", "kind": "holiday", "name": "x"}, "date", "请填写日期。"),
        ({"date": "2027-13-40", "kind": "holiday", "name": "x"}, "date", "日期格式不正确"),
        ({"date": "1999-01-01", "kind": "holiday", "name": "x"}, "date", "2000 年至 2100 年"),
        ({"date": "2027-01-01", "kind": "maybe", "name": "x"}, "kind", "请选择休息日或调休上班日"),
        ({"date": "2027-01-01", "kind": "holiday", "name": ""}, "name", "请填写名称"),
        ({"date": "2027-01-01", "kind": "holiday", "name": "  "}, "name", "请填写名称"),
        ({"date": "2026-12-31", "kind": "holiday", "name": "dup"}, "date", "已有调整记录"),
        ({"date": "2027-01-01", "kind": "holiday", "name": "<b>😀</b>" * 30}, "name", "100"),
    ],
)
def test_bad_input_names_the_field(login, role_users, data, field, message):
    HolidayOverride.objects.create(date=datetime.date(2026, 12, 31), kind="holiday", name="已有")
    response = login(role_users["administrator"]).post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-testid="error-{field}"' in page
    assert message in page
    assert HolidayOverride.objects.count() == 1


def test_unknown_years_are_flagged_until_entered(login, role_users):
    last = library_years()[1]
    today = datetime.date(last, 11, 27)
    assert years_needing_overrides(today) == [last + 1]
    HolidayOverride.objects.create(date=datetime.date(last + 1, 1, 1), kind="holiday", name="元旦")
    assert years_needing_overrides(today) == []


def test_the_page_tells_administrators_what_is_missing(login, role_users):
    client = login(role_users["administrator"])
    missing = years_needing_overrides()
    page = client.get(URL, {"year": "abc"}).content.decode()
    assert ('data-testid="calendar-missing"' in page) is bool(missing)
    for year in missing:
        assert f"{year} 年的节假日尚未录入" in page
        HolidayOverride.objects.create(date=datetime.date(year, 1, 1), kind="holiday", name="元旦")
    assert 'data-testid="calendar-missing"' not in client.get(URL).content.decode()
