"""The one way a form picks a unit: the org tree in order, indented by depth, the user's own unit
(and its subtree) first, with a search box that filters the list as one types.

- `UnitTreeChoiceField`: a ModelChoiceField over units (cleans to a `Unit`).
- `unit_tree_choices` + `UnitTreeSelect`: for forms whose unit field cleans to a pk
  (`TypedChoiceField(coerce=int)`); `use_unit_tree` sets both on such a field.
- `AuthorityFilterForm`: the base of a back-office list's filters with a registration-authority
  picker (`use_unit_tree` on its `authority_field`).

The search is `static/js/unit-picker.js` (no CDN): it adds a search box before every
`<select data-unit-picker>`, filters the options by name, short name, code or English name, picks
the first match, and leaves the keyboard to the native select (Down arrow or Enter moves to it).
Without JavaScript the select still works, already in tree order.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hongdun.orgs.models import Unit

INDENT = "\u3000"  # an ideographic space: kept by browsers at the start of an option's text


def units_in_tree_order(
    units: Iterable[Unit], *, first_unit: Unit | None = None
) -> list[tuple[Unit, int]]:
    """(unit, depth) in the order of the org tree: each unit followed by its sub-units, siblings by
    their ordering key. A unit whose parent is not among `units` starts a tree of its own at depth
    0. The subtree of `first_unit` (the user's own unit), when among them, comes first, counted
    from depth 0."""
    given = list(units)
    by_pk = {unit.pk: unit for unit in given}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in given:
        parent = unit.parent_id if unit.parent_id in by_pk else None
        children[parent].append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.ordering_key, u.code))

    ordered: list[tuple[Unit, int]] = []
    placed: set[int] = set()

    def walk(unit: Unit, depth: int) -> None:
        if unit.pk in placed:
            return
        placed.add(unit.pk)
        ordered.append((unit, depth))
        for child in children.get(unit.pk, []):
            walk(child, depth + 1)

    if first_unit is not None and first_unit.pk in by_pk:
        walk(by_pk[first_unit.pk], 0)
    for root in children[None]:
        walk(root, 0)
    return ordered


def indented(label: str, depth: int) -> str:
    return INDENT * depth + label


def search_terms(unit: Unit) -> str:
    return " ".join(t for t in (unit.name, unit.short_name, unit.code, unit.name_en) if t)


def unit_tree_choices(
    units: Iterable[Unit], *, first_unit: Unit | None = None, language: str | None = None
) -> list[tuple[int, str]]:
    """(pk, indented name) in tree order, for a choice field whose value is the unit's pk."""
    language = language or get_language() or ""
    return [
        (unit.pk, indented(unit.display_name(language), depth))
        for unit, depth in units_in_tree_order(units, first_unit=first_unit)
    ]


class UnitTreeSelect(forms.Select):
    """A select the unit picker script makes searchable; each option carries its search terms."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Sequence[Any] = ()) -> None:
        super().__init__(
            {
                "data-unit-picker": "",
                "data-search-label": _("搜索单位"),
                "data-search-placeholder": _("输入单位名称、简称或代码筛选"),
                "data-no-match": _("没有匹配的单位"),
                **(attrs or {}),
            },
            choices,
        )
        self.terms: dict[str, str] = {}

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        terms = search_terms(instance) if isinstance(instance, Unit) else self.terms.get(str(value))
        if terms:
            option["attrs"]["data-search"] = terms
        return option


def use_unit_tree(
    field: forms.Field,
    units: Iterable[Unit],
    *,
    empty_label: Any,
    first_unit: Unit | None = None,
) -> None:
    """Make a pk choice field (TypedChoiceField(coerce=int)) a searchable unit tree."""
    if not isinstance(field, forms.ChoiceField):
        raise TypeError("use_unit_tree needs a choice field")
    units = list(units)
    widget = UnitTreeSelect(attrs=field.widget.attrs)
    widget.terms = {str(unit.pk): search_terms(unit) for unit in units}
    field.widget = widget
    field.choices = [("", empty_label), *unit_tree_choices(units, first_unit=first_unit)]


class AuthorityFilterForm(forms.Form):
    """Filters of a back-office list that pick a registration authority among `authorities` (the
    user's scope), the user's own unit first; its `authority_field` is a
    `TypedChoiceField(coerce=int)` declared by the subclass. Unknown values are refused, not
    silently ignored."""

    authority_field = "authority"

    def __init__(
        self,
        *args: Any,
        authorities: Iterable[Unit] = (),
        user_unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        use_unit_tree(
            self.fields[self.authority_field],
            authorities,
            empty_label=_("全部"),
            first_unit=user_unit,
        )


class _TreeIterator(ModelChoiceIterator):
    field: "UnitTreeChoiceField"

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit, depth in units_in_tree_order(
            self.queryset.select_related(None), first_unit=self.field.first_unit
        ):
            value = ModelChoiceIteratorValue(self.field.prepare_value(unit), unit)
            yield (value, indented(self.field.label_from_instance(unit), depth))


class UnitTreeChoiceField(forms.ModelChoiceField):
    """Picks one unit of `queryset`, shown as the searchable org tree (see the module)."""

    widget = UnitTreeSelect
    iterator = _TreeIterator

    def __init__(
        self,
        queryset: QuerySet[Unit] | None = None,
        *,
        first_unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(queryset if queryset is not None else Unit.objects.none(), **kwargs)
        self.first_unit = first_unit

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name(get_language() or ""))
