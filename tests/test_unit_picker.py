"""The unit picker: tree order, indentation by depth, the user's own unit first, search terms on
every option — and every form of the project that picks a unit uses it."""

from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.test import RequestFactory

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.fields import (
    INDENT,
    UnitTreeChoiceField,
    UnitTreeSelect,
    unit_tree_choices,
    units_in_tree_order,
)
from hongdun.orgs.models import Unit

pytestmark = pytest.mark.django_db


def _codes(ordered: list[tuple[Unit, int]]) -> list[tuple[str, int]]:
    return [(unit.code, depth) for unit, depth in ordered]


def test_units_come_in_tree_order_indented_by_depth(bureau: dict[str, Unit]) -> None:
    ordered = _codes(units_in_tree_order(Unit.objects.all()))
    assert ordered[0] == ("baotou", 0)
    position = {code: index for index, (code, _depth) in enumerate(ordered)}
    depth = dict(ordered)
    # Every unit sits after its parent and before the parent's next sibling, one level deeper.
    for unit in Unit.objects.exclude(parent=None):
        assert position[unit.parent.code] < position[unit.code]
        assert depth[unit.code] == depth[unit.parent.code] + 1
    kundulun = position["kundulun"]
    subtree = {u.code for u in Unit.objects.descendants(bureau["kundulun"], include_self=True)}
    assert {code for code, _d in ordered[kundulun : kundulun + len(subtree)]} == subtree


@pytest.mark.parametrize(
    ("first", "expected_start"),
    [
        (None, [("baotou", 0)]),
        ("kundulun", [("kundulun", 0), ("kundulun-station-1", 1)]),
        ("personnel-office", [("personnel-office", 0), ("baotou", 0)]),
    ],
)
def test_the_users_own_unit_and_its_subtree_come_first(
    first: str | None, expected_start: list[tuple[str, int]], bureau: dict[str, Unit]
) -> None:
    ordered = _codes(
        units_in_tree_order(Unit.objects.all(), first_unit=bureau[first] if first else None)
    )
    assert ordered[: len(expected_start)] == expected_start
    codes = [code for code, _depth in ordered]
    assert len(codes) == len(set(codes)) == Unit.objects.count()  # each unit once


def test_a_subset_starts_its_own_trees_at_depth_zero(bureau: dict[str, Unit]) -> None:
    stations = Unit.objects.filter(code__startswith="kundulun")
    assert _codes(units_in_tree_order(stations))[:2] == [
        ("kundulun", 0),
        ("kundulun-station-1", 1),
    ]
    choices = dict(unit_tree_choices(stations, language="zh-hans"))
    assert choices[bureau["kundulun-station-1"].pk] == INDENT + bureau["kundulun-station-1"].name


def test_the_field_renders_a_searchable_tree_and_cleans_to_a_unit(
    bureau: dict[str, Unit],
) -> None:
    field = UnitTreeChoiceField(
        queryset=Unit.objects.filter(code__in=["baotou", "kundulun", "jiuyuan"]),
        first_unit=bureau["jiuyuan"],
        required=False,
    )
    form = forms.Form()
    form.fields["unit"] = field
    html = str(form["unit"])
    assert "data-unit-picker" in html
    assert f'data-search="{bureau["kundulun"].name}' in html
    # The user's unit first, at depth 0; then the tree, whose branches are indented once.
    assert html.index(f">{bureau['jiuyuan'].name}<") < html.index(f">{bureau['baotou'].name}<")
    assert f">{INDENT}{bureau['kundulun'].name}<" in html
    assert field.clean(str(bureau["kundulun"].pk)) == bureau["kundulun"]
    with pytest.raises(forms.ValidationError):
        field.clean(str(bureau["donghe"].pk))


def _staff_request(user: User) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


def _forms(bureau: dict[str, Unit], user: User) -> list[tuple[str, forms.BaseForm, str]]:
    """(what, form, field): every form of the project that picks a unit."""
    from hongdun.consultation.forms import AskForm, ReassignForm
    from hongdun.core.backoffice.filters import RecordFilterSet
    from hongdun.enterprises.forms import StaffEnterpriseFilterForm
    from hongdun.namecheck.forms import DeclarationForm, StaffReviewFilterForm
    from hongdun.registration.review.forms import QueueFilterForm
    from hongdun.reporting.workforce.figure_forms import ReportYearForm, figure_filter_form
    from hongdun.workforce.excel.forms import ExportFilterForm
    from hongdun.workforce.forms import record_form_class
    from hongdun.workforce.registry import record_type_for
    from hongdun.workforce.views.records import REGISTER

    units = Unit.objects.all()
    authorities = Unit.objects.filter(is_registration_authority=True)
    posts = record_type_for("posts")
    donations = record_type_for("donations")
    assert posts is not None
    assert donations is not None
    return [
        (
            "workforce record form",
            record_form_class(REGISTER, posts)(user=user, register=REGISTER, record_type=posts),
            "unit",
        ),
        (
            "workforce donation form",
            record_form_class(REGISTER, donations)(
                user=user, register=REGISTER, record_type=donations
            ),
            "unit",
        ),
        (
            "workforce list filter",
            RecordFilterSet(
                None,
                queryset=posts.model._default_manager.all(),
                register=REGISTER,
                record_type=posts,
                user=user,
            ).form,
            "unit",
        ),
        ("Excel export filter", ExportFilterForm(units=units, with_year=True), "unit"),
        ("figure filter", figure_filter_form(user=user, params={}), "unit"),
        ("yearly report", ReportYearForm(units=units), "unit"),
        ("registration queue", QueueFilterForm(authorities=authorities), "authority"),
        ("enterprise list", StaffEnterpriseFilterForm(authorities=authorities), "authority"),
        ("name review queue", StaffReviewFilterForm(authorities=authorities), "registry"),
        ("name declaration", DeclarationForm(), "registry"),
        ("consultation question", AskForm(), "authority"),
        ("consultation reassignment", ReassignForm(registrars=User.objects.none()), "authority"),
    ]


def test_every_form_that_picks_a_unit_uses_the_tree_picker(
    bureau: dict[str, Unit], make_user: Callable[..., User]
) -> None:
    user = make_user(Role.PERSONNEL, bureau["personnel-office"])
    for what, form, name in _forms(bureau, user):
        widget = form.fields[name].widget
        assert isinstance(widget, UnitTreeSelect), what
        html = str(form[name])
        assert "data-unit-picker" in html, what
        assert "data-search=" in html, what
