"""The entity's responsible person is named by its type wherever it is shown (issue 14.15)."""

from datetime import date

import pytest
from django.utils import translation

from hongdun.enterprises.choices import EnterpriseType, responsible_person_title
from hongdun.enterprises.tests.factories import register
from hongdun.registration.forms import OfficerFormSet
from hongdun.registration.review.pdf import licence_facts

TITLES = [
    (EnterpriseType.LLC, "法定代表人"),
    (EnterpriseType.JSC, "法定代表人"),
    (EnterpriseType.FARMER_COOPERATIVE, "法定代表人"),
    (EnterpriseType.BRANCH, "负责人"),
    (EnterpriseType.INDIVIDUAL_BUSINESS, "经营者"),
    (EnterpriseType.SOLE_PROPRIETORSHIP, "投资人"),
    (EnterpriseType.PARTNERSHIP, "执行事务合伙人"),
]


def test_every_entity_type_has_its_title() -> None:
    assert {t for t, _title in TITLES} == set(EnterpriseType.values)
    with translation.override("zh-hans"):
        assert responsible_person_title("unknown") == "法定代表人（负责人）"


@pytest.mark.parametrize(("entity_type", "title"), TITLES)
def test_the_title_on_the_officers_form(entity_type: str, title: str) -> None:
    with translation.override("zh-hans"):
        assert responsible_person_title(entity_type) == title
        formset = OfficerFormSet(prefix="officers", form_kwargs={"entity_type": entity_type})
        assert formset.forms[0].fields["is_legal_representative"].label == title


@pytest.mark.django_db
@pytest.mark.parametrize(("entity_type", "title"), TITLES)
def test_the_title_on_the_detail_pages_the_api_and_the_licence(
    client, bureau, login, make_user, entity_type: str, title: str
) -> None:
    capital = {} if entity_type in ("llc", "jsc") else {"registered_capital": None}
    enterprise = register(
        "包头市禾丰测试主体",
        bureau["kundulun"],
        trade_name="禾丰",
        enterprise_type=entity_type,
        legal_rep_name="贺明远",
        established_on=date(2020, 1, 2),
        **capital,
    )
    assert enterprise.responsible_person_title == title

    page = client.get(f"/enterprises/{enterprise.uscc}/").content.decode()
    assert f"<th>{title}</th><td>贺明远</td>" in page
    results = client.get("/enterprises/", {"q": "禾丰"}).content.decode()
    assert f'data-label="{title}">贺明远' in results

    api = client.get(f"/api/v1/enterprises/{enterprise.uscc}/").json()
    assert api["legal_rep_title"] == title
    assert api["legal_rep_name"] == "贺明远"

    with translation.override("en"):  # the licence is in Chinese whatever the user's language
        assert licence_facts(enterprise, issued_on=date(2026, 1, 5)).legal_rep_title == title

    staff = login(make_user("registrar", bureau["kundulun"]))
    back = staff.get(f"/staff/enterprises/{enterprise.pk}/").content.decode()
    assert f"<th>{title}</th><td>贺明远</td>" in back
    assert f"{title}身份证件号码" in back
