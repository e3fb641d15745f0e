"""Every date control in the project renders its value as an ISO date (issue 14.2).

`<input type="date">` accepts only `YYYY-MM-DD`; Django renders dates in the locale's input format
(`Y/m/d` in Chinese), which the browser drops, so the next save erased the date.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import pytest
from django import forms
from django.utils import translation

import hongdun
from hongdun.core.widgets import DateInput


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(hongdun.__path__, "hongdun."):
        parts = module.name.split(".")
        if {"tests", "migrations", "management", "engine", "prereview"} & set(parts):
            continue
        if parts[-1] in {"__main__", "demo", "demo_names"}:
            continue
        importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("hongdun."):
            found.append(cls)
    return found


def _workforce_record_forms() -> list[type[forms.BaseForm]]:
    from hongdun.workforce.forms import record_form_class
    from hongdun.workforce.registry import RECORD_TYPES
    from hongdun.workforce.views.records import REGISTER

    return [record_form_class(REGISTER, record_type) for record_type in RECORD_TYPES]


def test_every_date_field_of_every_form_uses_the_iso_date_control() -> None:
    form_classes = _project_forms() + _workforce_record_forms()
    checked = []
    wrong = []
    for form_class in form_classes:
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateTimeField | forms.TimeField):
                wrong.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
            elif isinstance(field, forms.DateField):
                checked.append(name)
                if not isinstance(field.widget, DateInput):
                    wrong.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert len(checked) > 20  # the registration, namecheck, workforce and calendar forms
    assert wrong == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_control_shows_a_saved_date_in_iso_form_in_every_language(language: str) -> None:
    with translation.override(language):
        html = DateInput().render("due", date(2029, 6, 30))
    assert 'type="date"' in html
    assert 'value="2029-06-30"' in html


def test_registration_members_form_renders_saved_dates_in_iso_form() -> None:
    from hongdun.registration.forms import MemberFormSet

    with translation.override("zh-hans"):
        formset = MemberFormSet(initial=[{"due_date_1": date(2029, 6, 30)}], prefix="members")
        html = str(formset.forms[0]["due_date_1"])
    assert 'value="2029-06-30"' in html
