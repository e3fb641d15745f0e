"""The edit form of a record type: its declared fields, every foreign-key choice limited to what
the user may see, fields hidden from the user left out (they may not overwrite what they may not
read), and the parent pinned when adding from the parent's page."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db import models

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action
from hongdun.core.widgets import DateInput

if TYPE_CHECKING:
    from hongdun.core.backoffice.records import RecordType, Register


class RecordForm(forms.ModelForm):
    """Shape checks only: the register's service validates the rules and saves."""

    def __init__(
        self,
        *args: Any,
        user: AnyUser,
        register: "Register",
        record_type: "RecordType",
        parent: models.Model | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.register = register
        self.record_type = record_type
        hidden = register.hidden_fields(user, record_type.model)
        for name, form_field in list(self.fields.items()):
            if name in hidden:
                del self.fields[name]
                continue
            model_field = record_type.field(name)
            if isinstance(model_field, models.ForeignKey) and isinstance(
                form_field, forms.ModelChoiceField
            ):
                form_field.queryset = register.related_choices(
                    user, record_type, model_field, Action.EDIT
                )
            if isinstance(form_field, forms.DateField):
                form_field.widget = DateInput()
            if isinstance(form_field, forms.CharField) and isinstance(
                form_field.widget, forms.Textarea
            ):
                form_field.widget.attrs["rows"] = 3
        if parent is not None and record_type.parent_field in self.fields:
            parent_field = cast(forms.ModelChoiceField, self.fields[record_type.parent_field])
            parent_field.queryset = parent_field.queryset.filter(pk=parent.pk)  # type: ignore[union-attr]
            parent_field.initial = parent.pk


def platform_formfield(field: "models.Field[Any, Any]", **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs["widget"] = DateInput  # ISO values, or the browser's control shows nothing
    return field.formfield(**kwargs)


def record_form_class(
    register: "Register",
    record_type: "RecordType",
    base: type[RecordForm] = RecordForm,
    formfield_callback: Callable[..., forms.Field | None] | None = None,
) -> type[RecordForm]:
    """The form class of a record type; a register passes its own `formfield_callback` for
    fields the platform does not know how to render (the org tree's unit picker, for one)."""
    return cast(
        type[RecordForm],
        forms.modelform_factory(
            record_type.model,
            form=base,
            fields=list(record_type.form_fields),
            formfield_callback=formfield_callback or platform_formfield,
        ),
    )
