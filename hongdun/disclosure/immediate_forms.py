"""The portal form of each kind of immediate disclosure, generated from its declaration
(`hongdun.disclosure.immediate.KINDS`). The form only shapes the input: every field is read as
text and the service's `clean_details` decides, so the rules and their messages live in one place
and all problems come back at once, each beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.core.widgets import DateInput
from hongdun.disclosure.immediate import (
    AMOUNT,
    CHOICE,
    DATE,
    LONG_TEXT,
    OCCURRED_ON,
    RATIO,
    DetailField,
    KindDeclaration,
    occurred_label,
)


def _form_field(spec: DetailField) -> forms.Field:
    common: dict[str, Any] = {
        "label": spec.label,
        "required": False,  # the service names what is missing, with the rest
        "help_text": spec.help_text,
    }
    if spec.type == CHOICE:
        return forms.ChoiceField(choices=[("", "---------"), *spec.choices], **common)
    if spec.type == DATE:
        return forms.CharField(widget=DateInput(), max_length=10, **common)
    if spec.type == LONG_TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": spec.max_length}),
            **common,
        )
    attrs: dict[str, Any] = {}
    if spec.type in (AMOUNT, RATIO):
        attrs["inputmode"] = "decimal"
    if spec.example:
        attrs["placeholder"] = spec.example
    if spec.type not in (AMOUNT, RATIO):
        attrs["maxlength"] = spec.max_length
    return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)


class ImmediateDisclosureForm(forms.Form):
    """The fields of one kind, in declaration order; `occurred_on` first when the kind has no
    date of its own that says when the information arose."""

    def __init__(self, *args: Any, kind: KindDeclaration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.occurred_field is None:
            self.fields[OCCURRED_ON] = forms.CharField(
                label=occurred_label(kind),
                required=False,
                widget=DateInput(),
                max_length=10,
                help_text=_("认缴或实缴事项发生之日，如股东会决议通过或出资到账之日"),
            )
        for spec in kind.fields:
            self.fields[spec.name] = _form_field(spec)

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {spec.name: data.get(spec.name, "") for spec in self.kind.fields}

    def occurred_on(self) -> Any:
        return self.cleaned_data.get(OCCURRED_ON)

    def add_problems(self, problems: list[dict[str, str]], fallback: str) -> None:
        """The service's problems beside their fields (a field not on the form: at the top)."""
        for problem in problems or [{"field": "", "message": fallback}]:
            name, message = problem.get("field") or "", problem["message"]
            if name in self.fields:
                # The summary puts the label before the message; the service's message has it too.
                prefix = f"{self.fields[name].label}："
                self.add_error(name, message.removeprefix(prefix))
            else:
                self.add_error(None, message)
