"""The registration forms show the fields of the application's kind and entity type, offer
currencies as a choice, and end their labels with the full-width colon (issue 14.14)."""

import pytest
from django.utils import translation

from hongdun.registration.forms import BasicForm, EstablishmentStartForm, MemberForm

EVERYWHERE = {
    "address",
    "address_division_code",
    "postal_code",
    "contact_name",
    "contact_phone",
    "applicant_statement",
}
COMPANY = {"registered_capital", "currency", "is_foreign_invested", "term_years", "audit_committee"}
CHANGE = {"resolution_date"}
COMPANY_CHANGE = {"new_legal_rep_signed", "capital_reduction_notice_on"}

# (kind, entity type, the basic section's fields)
CASES = [
    ("establishment", "llc", EVERYWHERE | COMPANY | {"no_supervisor"}),
    ("establishment", "jsc", EVERYWHERE | COMPANY | {"jsc_by_public_offering"}),
    ("establishment", "partnership", EVERYWHERE | {"is_foreign_invested", "term_years"}),
    ("establishment", "sole_proprietorship", EVERYWHERE | {"registered_capital"}),
    ("establishment", "branch", EVERYWHERE),
    ("establishment", "individual_business", EVERYWHERE | {"registered_capital"}),
    ("change", "llc", EVERYWHERE | COMPANY | {"no_supervisor"} | CHANGE | COMPANY_CHANGE),
    ("change", "branch", EVERYWHERE | CHANGE),
    ("change", "individual_business", EVERYWHERE | {"registered_capital"} | CHANGE),
]


@pytest.mark.parametrize(("kind", "entity_type", "fields"), CASES)
def test_the_basic_section_shows_only_the_fields_of_its_kind(
    kind: str, entity_type: str, fields: set[str]
) -> None:
    form = BasicForm(kind=kind, entity_type=entity_type)
    assert set(form.fields) == fields


@pytest.mark.parametrize(
    ("entity_type", "label"),
    [("llc", "注册资本（元）"), ("individual_business", "资金数额（元）"),
     ("sole_proprietorship", "出资额（元）")],
)  # fmt: skip
def test_the_capital_is_named_as_the_type_registers_it(entity_type: str, label: str) -> None:
    with translation.override("zh-hans"):
        form = BasicForm(entity_type=entity_type)
        assert form.fields["registered_capital"].label == label


def test_saving_leaves_the_fields_the_kind_does_not_have_untouched() -> None:
    form = BasicForm({"address": "内蒙古自治区包头市昆都仑区钢铁大街1号"}, entity_type="branch")
    assert form.is_valid(), form.errors
    values = form.values()
    assert "registered_capital" not in values
    assert "resolution_date" not in values
    assert values["address"] == "内蒙古自治区包头市昆都仑区钢铁大街1号"


def test_currency_is_a_choice_not_free_text() -> None:
    form = BasicForm(entity_type="llc")
    html = str(form["currency"])
    assert html.startswith("<select")
    assert '<option value="CNY" selected>' in html
    assert not BasicForm({"currency": "XYZ"}, entity_type="llc").is_valid()
    chosen = BasicForm({"currency": "USD", "is_foreign_invested": "on"}, entity_type="llc")
    assert chosen.is_valid(), chosen.errors
    assert chosen.values()["currency"] == "USD"


@pytest.mark.parametrize(("language", "colon"), [("zh-hans", "："), ("en", ":")])
def test_labels_end_with_the_colon_of_the_language(language: str, colon: str) -> None:
    with translation.override(language):
        for form in (BasicForm(), MemberForm(), EstablishmentStartForm()):
            tag = form[next(iter(form.fields))].label_tag()
            assert tag.endswith(f"{colon}</label>"), tag
