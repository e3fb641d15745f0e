"""What every form of the project shares: labels ending in the page language's colon, rows of a
formset that count as blank until the user types in them, and the summary of a form's errors
shown at the top of the page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import get_language
from django.utils.translation import gettext as _


class RowFormMixin:
    """A formset row that the user has not filled is blank, and the formset ignores it.

    Django calls an extra row blank only when no value differs from its initial one; but a select
    without an empty option always posts one of its options (the browser picks the first), so an
    untouched row looked filled and was validated ("姓名或名称: 这个字段是必填项"). Such selects
    carry no intent and do not count; what the user typed or ticked does.
    """

    fields: dict[str, forms.Field]
    changed_data: list[str]

    def has_changed(self) -> bool:
        return any(self._counts(name) for name in self.changed_data)

    def _counts(self, name: str) -> bool:
        if name == DELETION_FIELD_NAME:
            return False
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            choices = cast(Iterable[tuple[Any, Any]], field.choices)
            return any(value in ("", None) for value, _label in choices)
        return True


@dataclass(frozen=True)
class FieldError:
    label: str
    message: str
    anchor: str  # the id of the field's control, for the link


@dataclass(frozen=True)
class ErrorSummary:
    general: list[str]
    fields: list[FieldError]

    @property
    def count(self) -> int:
        return len(self.general) + len(self.fields)


def _form_errors(form: forms.BaseForm, row: int | None, summary: ErrorSummary) -> None:
    summary.general.extend(str(e) for e in form.non_field_errors())
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        label = str(bound.label or name)
        if row is not None:
            label = _("第 %(row)d 行 %(field)s") % {"row": row, "field": label}
        anchor = bound.id_for_label or bound.auto_id or ""
        summary.fields.extend(FieldError(label, str(e), anchor) for e in errors)


def error_summary(*forms_or_formsets: Any) -> ErrorSummary:
    """The errors of bound forms and formsets, in page order; unbound ones have none."""
    summary = ErrorSummary(general=[], fields=[])
    for item in forms_or_formsets:
        if item is None or not getattr(item, "is_bound", False):
            continue
        if isinstance(item, forms.BaseFormSet):
            summary.general.extend(str(e) for e in item.non_form_errors())
            for row, form in enumerate(item.forms, start=1):
                _form_errors(form, row, summary)
        else:
            _form_errors(item, None, summary)
    return summary


def label_suffix() -> str:
    """The colon after a label: full-width in Chinese (GB/T 15834), as every page writes it."""
    return "：" if (get_language() or "").startswith("zh") else ":"


class Form(forms.Form):
    """A form whose labels end in the colon of the page's language (Django's default is ':',
    which Chinese text does not use)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", label_suffix())
        super().__init__(*args, **kwargs)
