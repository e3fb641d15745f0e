"""Every workforce page for anonymous, wrong-role, out-of-scope and permitted users; personal
data and integrity texts never shown to those who may not see them; bad input never a 500."""

from datetime import date

import pytest
from django.urls import reverse

from hongdun.workforce import models as wf
from hongdun.workforce.permissions import RecordKind
from hongdun.workforce.registry import RECORD_TYPES
from hongdun.workforce.tests.factories import ID_NUMBERS, PHONES

pytestmark = pytest.mark.django_db

PAGES = ["list", "create", "detail", "update", "delete", "history"]


def _url(page, slug, pk):
    if page in {"list", "create"}:
        return reverse(f"backoffice-workforce:{page}", args=[slug])
    return reverse(f"backoffice-workforce:{page}", args=[slug, pk])


def _statuses(client, samples, unit_key, pages, slugs=None):
    """{(slug, page): status} for the sample record of each kind in `unit_key`'s unit."""
    result = {}
    for rt in RECORD_TYPES:
        if slugs is not None and rt.slug not in slugs:
            continue
        for page in pages:
            result[(rt.slug, page)] = client.get(
                _url(page, rt.slug, samples[unit_key][rt.slug].pk)
            ).status_code
    return result


def _expect(statuses, expected_for):
    wrong = {key: code for key, code in statuses.items() if code != expected_for(*key)}
    assert not wrong, wrong


def test_anonymous_is_sent_to_login_everywhere(client, samples):
    statuses = _statuses(client, samples, "kundulun", PAGES)
    _expect(statuses, lambda slug, page: 302)
    assert client.get(reverse("backoffice-workforce:home")).status_code == 302
    # The person page and appointment form: test_scope_suites.TestPersonPages.


@pytest.mark.parametrize("who", ["registrar", "applicant", "administrator"])
def test_wrong_roles_get_403_everywhere(login, wf_users, samples, who):
    client = login(wf_users[who])
    _expect(_statuses(client, samples, "kundulun", PAGES), lambda slug, page: 403)
    assert client.get(reverse("backoffice-workforce:home")).status_code == 403


def test_unit_head_reads_own_subtree_only(login, wf_users, samples):
    client = login(wf_users["kundulun_head"])

    def own(slug, page):
        kind = next(rt.kind for rt in RECORD_TYPES if rt.slug == slug)
        if kind in {RecordKind.INTEGRITY, RecordKind.FAMILY} or page in {
            "create",
            "update",
            "delete",
        }:
            return 403
        return 200

    _expect(_statuses(client, samples, "kundulun", PAGES), own)

    def other(slug, page):
        # Out of scope: the record's id is not revealed (404); kinds they may not read stay 403.
        expected = own(slug, page)
        if expected != 200 or page == "list":
            return expected
        bureau_wide = {"team-targets", "rotations", "exams", "competitions"}
        return 200 if slug in bureau_wide else 404

    _expect(_statuses(client, samples, "jiuyuan", PAGES), other)
    person = samples["jiuyuan"]["people"]
    assert client.get(reverse("backoffice-workforce:person", args=[person.pk])).status_code == 404
    docx = reverse("backoffice-workforce:appointment-form", args=[person.pk])
    assert client.get(docx).status_code == 404


def test_unit_head_lists_only_own_rows(login, wf_users, samples):
    client = login(wf_users["kundulun_head"])
    body = client.get(reverse("backoffice-workforce:list", args=["people"])).content.decode()
    assert "样本K" in body
    assert "样本J" not in body
    body = client.get(reverse("backoffice-workforce:list", args=["honours"])).content.decode()
    assert "昆都仑区分局" in body
    assert "九原区分局" not in body


def test_personnel_pages(login, wf_users, samples):
    client = login(wf_users["personnel"])

    def expected(slug, page):
        kind = next(rt.kind for rt in RECORD_TYPES if rt.slug == slug)
        if kind == RecordKind.INTEGRITY:
            return 403
        return 200

    _expect(_statuses(client, samples, "jiuyuan", PAGES), expected)


def test_county_personnel_is_scoped_to_county(login, wf_users, samples):
    client = login(wf_users["county_personnel"])
    statuses = _statuses(
        client,
        samples,
        "kundulun",
        ["detail", "update", "delete"],
        {"people", "honours", "classes"},
    )
    assert statuses == {
        ("people", "detail"): 404,
        ("people", "update"): 404,
        ("people", "delete"): 404,
        ("honours", "detail"): 404,
        ("honours", "update"): 404,
        ("honours", "delete"): 404,
        ("classes", "detail"): 404,
        ("classes", "update"): 404,
        ("classes", "delete"): 404,
    }
    # A parent out of scope in the URL is not revealed either.
    url = (
        reverse("backoffice-workforce:list", args=["sessions"])
        + f"?parent={samples['kundulun']['classes'].pk}"
    )
    assert client.get(url).status_code == 404


def test_leader_reads_but_never_edits(login, wf_users, samples):
    client = login(wf_users["leader"])

    def expected(slug, page):
        kind = next(rt.kind for rt in RECORD_TYPES if rt.slug == slug)
        if kind == RecordKind.FAMILY or page in {"create", "update", "delete"}:
            return 403
        return 200

    _expect(_statuses(client, samples, "kundulun", PAGES), expected)
    response = client.post(_url("delete", "honours", samples["kundulun"]["honours"].pk))
    assert response.status_code == 403
    assert wf.Honour.objects.filter(pk=samples["kundulun"]["honours"].pk).exists()


def test_discipline_edits_integrity_only(login, wf_users, samples):
    client = login(wf_users["discipline"])

    def expected(slug, page):
        kind = next(rt.kind for rt in RECORD_TYPES if rt.slug == slug)
        if kind == RecordKind.FAMILY:
            return 403
        if kind != RecordKind.INTEGRITY and page in {"create", "update", "delete"}:
            return 403
        return 200

    _expect(_statuses(client, samples, "kundulun", PAGES), expected)


PERSONAL = [ID_NUMBERS[0], PHONES[0], "家属K", "包头市第一医院护士"]


@pytest.mark.parametrize("who", ["leader", "discipline", "kundulun_head"])
def test_personal_data_never_shown_to_others(login, wf_users, samples, who):
    client = login(wf_users[who])
    person = samples["kundulun"]["people"]
    person.phone = "13900000000"
    person.save()  # a change, so the history page has something to show
    pages = [
        reverse("backoffice-workforce:person", args=[person.pk]),
        reverse("backoffice-workforce:list", args=["people"]) + "?q=样本K",
        reverse("backoffice-workforce:history", args=["people", person.pk]),
    ]
    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        for secret in [*PERSONAL, "13900000000"]:
            assert secret not in body, (url, secret)
    body = client.get(pages[0]).content.decode()
    assert "150203********1232" in body
    assert "样本K" in body


def test_personnel_sees_personal_data(login, wf_users, samples):
    client = login(wf_users["personnel"])
    person = samples["kundulun"]["people"]
    body = client.get(reverse("backoffice-workforce:person", args=[person.pk])).content.decode()
    for value in PERSONAL:
        assert value in body


def test_integrity_texts_hidden_from_leaders(login, wf_users, samples):
    letter = samples["kundulun"]["letters"]
    rating = samples["kundulun"]["duty-ratings"]
    leader = login(wf_users["leader"])
    body = leader.get(_url("detail", "letters", letter.pk)).content.decode()
    assert "市局党组书记" in body
    assert "机密责任内容K" not in body
    report_body = leader.get(_url("detail", "duty-reports", rating.report_id)).content.decode()
    assert "代表甲K" not in report_body
    assert "测评意见K" not in report_body
    discipline = login(wf_users["discipline"])
    assert "机密责任内容K" in discipline.get(_url("detail", "letters", letter.pk)).content.decode()


def test_create_edit_delete_with_history(login, wf_users, samples, bureau):
    user = wf_users["personnel"]
    client = login(user)
    url = reverse("backoffice-workforce:create", args=["honours"])
    data = {
        "unit": bureau["kundulun"].pk,
        "title": "青年文明号",
        "category": "youth_civilisation",
        "field": "civic",
        "level": "region",
        "awarding_body": "共青团内蒙古自治区委员会",
        "year": "2006",
    }
    response = client.post(url, data)
    honour = wf.Honour.objects.get(title="青年文明号")
    assert response.status_code == 302
    assert response["Location"] == _url("detail", "honours", honour.pk)
    response = client.post(_url("update", "honours", honour.pk), {**data, "year": "2007"})
    assert response.status_code == 302
    history = client.get(_url("history", "honours", honour.pk)).content.decode()
    assert "2006 → 2007" in history
    assert str(user) in history
    confirm = client.get(_url("delete", "honours", honour.pk))
    assert "确定删除" in confirm.content.decode()
    assert wf.Honour.objects.filter(pk=honour.pk).exists()
    response = client.post(_url("delete", "honours", honour.pk))
    assert response.status_code == 302
    assert not wf.Honour.objects.filter(pk=honour.pk).exists()
    assert wf.Honour.history.filter(id=honour.pk, history_type="-", history_user=user).exists()


# A city-level 文明单位 honour, as the form posts it.
HONOUR = {
    "title": "文明单位",
    "category": "civilised_unit",
    "field": "civic",
    "level": "city",
    "awarding_body": "市委",
    "year": "2007",
}


@pytest.mark.parametrize(
    ("title", "year", "error"),
    [
        ("", "2007", "该字段是必填项"),
        ("文" * 500, "2007", "不超过 120"),
        ("<script>alert(1)</script>", "1800", "1949"),
        ("文明单位😀", "abc", "整数"),
        ("'; DROP TABLE workforce_honour; --", "2007", None),
    ],
)
def test_bad_input_is_refused_with_a_message(login, wf_users, bureau, title, year, error):
    client = login(wf_users["personnel"])
    data = {**HONOUR, "unit": bureau["kundulun"].pk, "title": title, "year": year}
    response = client.post(reverse("backoffice-workforce:create", args=["honours"]), data)
    body = response.content.decode()
    if error is None:
        assert response.status_code == 302  # stored as text, harmlessly
        assert wf.Honour.objects.get().title == title
        return
    assert response.status_code == 400
    assert error in body
    assert "<script>alert(1)</script>" not in body
    assert not wf.Honour.objects.exists()


def test_constraint_errors_are_shown_on_the_form(login, wf_users, samples, bureau):
    client = login(wf_users["personnel"])
    data = {
        **HONOUR,
        "unit": bureau["kundulun"].pk,
        "person": samples["kundulun"]["people"].pk,
    }
    response = client.post(reverse("backoffice-workforce:create", args=["honours"]), data)
    assert response.status_code == 400
    assert "只选择一个" in response.content.decode()


def test_out_of_scope_unit_cannot_be_chosen(login, wf_users, bureau):
    client = login(wf_users["county_personnel"])
    data = {**HONOUR, "unit": bureau["kundulun"].pk}
    response = client.post(reverse("backoffice-workforce:create", args=["honours"]), data)
    assert response.status_code == 400
    assert not wf.Honour.objects.exists()


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?q=" + "x" * 5000, "不超过 100"),  # too long: the field says so, the list is unfiltered
        ("?organiser=abc&page=999", "选择一个有效的选项"),
        ("?date_from=2008-05-01&date_to=2008-01-01", "结束日期不能早于开始日期"),
        ("?date_from=2008-02-30", "输入一个有效的日期"),
        ("?q=%27%22<b>x&category=law", "&lt;b&gt;x"),
        ("?q=%00", "空字符"),
        ("?category=nonsense", "选择一个有效的选项"),
    ],
)
def test_filters_never_fail(login, wf_users, samples, query, shown):
    client = login(wf_users["personnel"])
    response = client.get(reverse("backoffice-workforce:list", args=["classes"]) + query)
    body = response.content.decode()
    assert response.status_code == 200
    assert shown in body
    assert "<b>x" not in body
    if "q=%27" not in query:
        assert "2008-PX-K" in body  # an invalid filter filters nothing


def test_filters_narrow_the_list(login, wf_users, samples, bureau):
    client = login(wf_users["personnel"])
    url = reverse("backoffice-workforce:list", args=["honours"])
    body = client.get(url, {"unit": bureau["jiuyuan"].pk}).content.decode()
    assert "九原区分局" in body
    assert "昆都仑区分局</a>" not in body
    inverted = client.get(
        url.replace("honours", "classes"), {"date_from": "2008-05-01", "date_to": "2008-01-01"}
    )
    assert "结束日期不能早于开始日期" in inverted.content.decode()
    found = client.get(url.replace("honours", "people"), {"q": "样本J"}).content.decode()
    assert "样本J" in found
    assert "样本K" not in found


def test_bad_parent_ids(login, wf_users, samples):
    client = login(wf_users["personnel"])
    base = reverse("backoffice-workforce:list", args=["sessions"])
    assert client.get(base + "?parent=abc").status_code == 404
    assert client.get(base + "?parent=999999").status_code == 404
    assert (
        client.get(reverse("backoffice-workforce:list", args=["no-such-kind"])).status_code == 404
    )
    create = reverse("backoffice-workforce:create", args=["sessions"])
    assert client.get(create + "?parent=abc").status_code == 404


def test_person_page_as_of_a_past_date(login, wf_users, samples):
    client = login(wf_users["leader"])
    person = samples["kundulun"]["people"]  # born 1970-05-01
    url = reverse("backoffice-workforce:person", args=[person.pk])
    body = client.get(url, {"on": "2000-04-30"}).content.decode()
    assert "<strong>29</strong>" in body
    body = client.get(url, {"on": "not-a-date"}).content.decode()
    assert "内蒙古大学" in body  # the timelines are there whatever the date


def test_menu_entry_only_for_workforce_users(login, wf_users):
    home = reverse("backoffice:dashboard")
    assert (
        reverse("backoffice-workforce:home")
        in login(wf_users["personnel"]).get(home).content.decode()
    )
    assert (
        reverse("backoffice-workforce:home")
        in login(wf_users["kundulun_head"]).get(home).content.decode()
    )
    assert (
        reverse("backoffice-workforce:home")
        not in login(wf_users["registrar"]).get(home).content.decode()
    )


def test_child_sections_and_prefilled_parent(login, wf_users, samples):
    client = login(wf_users["personnel"])
    klass = samples["kundulun"]["classes"]
    body = client.get(_url("detail", "classes", klass.pk)).content.decode()
    assert "培训课次" in body
    assert f"?parent={klass.pk}" in body
    form = client.get(
        reverse("backoffice-workforce:create", args=["sessions"]) + f"?parent={klass.pk}"
    )
    options = form.content.decode().count("<option")
    assert options <= 2  # the pinned class (and the empty choice), not every class


def test_person_timeline_edit_and_date_widgets(login, wf_users, samples):
    client = login(wf_users["personnel"])
    person = samples["kundulun"]["people"]
    response = client.post(
        reverse("backoffice-workforce:create", args=["ranks"]) + f"?parent={person.pk}",
        {
            "person": person.pk,
            "rank": "deputy_division",
            "kind": "leading",
            "start_date": "2008-01-01",
        },
    )
    assert response.status_code == 302
    ranks = list(person.rank_records.order_by("start_date").values_list("rank", "end_date"))
    assert ranks == [("section_chief", date(2007, 12, 31)), ("deputy_division", None)]


def test_admin_is_read_only_and_hides_personal_data(client, samples, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="pw-for-tests-only")  # noqa: S106
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    person = samples["kundulun"]["people"]
    changelist = client.get("/admin/workforce/person/")
    change = client.get(f"/admin/workforce/person/{person.pk}/change/")
    assert changelist.status_code == change.status_code == 200
    for body in (changelist.content.decode(), change.content.decode()):
        assert ID_NUMBERS[0] not in body
        assert PHONES[0] not in body
    assert "样本K" in change.content.decode()
    assert client.get("/admin/workforce/familymember/").status_code == 404
    assert client.get("/admin/workforce/person/add/").status_code == 403
