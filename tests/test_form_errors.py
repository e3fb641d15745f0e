"""Form errors are summarised at the top of every form, and blank formset rows are ignored
(issue 14.3: the investors page refused a second save because of its untouched extra row, with
the error at the bottom and nothing at the top)."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.template import Context, Template

from hongdun.core.forms import RowFormMixin, error_summary

TEMPLATES = Path(settings.BASE_DIR) / "hongdun"
# A Django form rendered in a template: `{{ x_form.field }}`, `{{ form.as_div }}`,
# `{% for field in form %}`.
FORM_USE = re.compile(r"\{\{ *(\w*form)\.\w+|\{% for \w+ in (\w*form) %\}")
SUMMARY = re.compile(r"\{% form_errors ([\w ]+?) *%\}")
# Forms re-posted as hidden inputs of another button; their errors show where they are edited.
HIDDEN_COPIES = {"reporting/templates/workforce/figures/report.html": {"form"}}


def test_every_template_that_renders_a_form_summarises_its_errors_at_the_top() -> None:
    missing = []
    checked = 0
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        used = {a or b for a, b in FORM_USE.findall(text)}
        if not used:
            continue
        checked += 1
        relative = str(path.relative_to(TEMPLATES))
        tags = [(m.start(), m.group(1).split()) for m in SUMMARY.finditer(text)]
        for name in sorted(used - HIDDEN_COPIES.get(relative, set())):
            at = [start for start, names in tags if name in names]
            if not at:
                missing.append(f"{relative}: {name}")
                continue
            first_use = min(m.start() for m in FORM_USE.finditer(text) if name in m.groups())
            # The summary comes before the form's fields (at its top), not after them.
            assert min(at) < first_use, (relative, name)
    assert checked > 20
    assert missing == []


class Row(RowFormMixin, forms.Form):
    role = forms.ChoiceField(choices=[("shareholder", "股东"), ("promoter", "发起人")])
    form = forms.ChoiceField(choices=[("", "—"), ("money", "货币")], required=False)
    name = forms.CharField()
    signed = forms.BooleanField(required=False)


Rows = forms.formset_factory(Row, extra=1)


def _post(rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {"r-TOTAL_FORMS": str(len(rows)), "r-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"r-{i}-{k}": v for k, v in row.items()})
    return data


def test_an_untouched_extra_row_is_ignored_though_its_select_posts_a_value() -> None:
    saved = {"role": "shareholder", "name": "李青"}
    untouched = {"role": "shareholder", "form": ""}
    formset = Rows(_post([saved, untouched], 1), initial=[saved], prefix="r")
    assert formset.is_valid(), formset.errors
    assert [f.cleaned_data for f in formset.forms] == [
        {"role": "shareholder", "form": "", "name": "李青", "signed": False},
        {},
    ]


def test_an_extra_row_with_a_typed_value_a_chosen_option_or_a_tick_is_checked() -> None:
    for filled in ({"name": "王禾"}, {"form": "money"}, {"signed": "on"}):
        row = {"role": "shareholder", "form": "", **filled}
        formset = Rows(_post([row], 0), prefix="r")
        assert formset.is_valid() is ("name" in filled), filled


def test_the_summary_lists_general_and_field_errors_with_links_to_the_fields() -> None:
    formset = Rows(_post([{"role": "shareholder", "form": "money"}], 0), prefix="r")
    assert not formset.is_valid()
    summary = error_summary(formset, None, Row())  # unbound and missing forms have no errors
    assert summary.count == 1
    (item,) = summary.fields
    assert item.anchor == "id_r-0-name"
    assert "第 1 行" in item.label

    class Dates(forms.Form):
        start = forms.DateField(label="开始日期")

        def clean(self) -> dict:
            self.add_error(None, "结束日期不能早于开始日期。")
            return self.cleaned_data

    html = Template("{% load hongdun %}{% form_errors form %}").render(
        Context({"form": Dates({"start": "明天"})})
    )
    assert 'data-testid="form-errors"' in html
    assert "有 2 处需要修改，尚未保存" in html
    assert "结束日期不能早于开始日期。" in html
    assert '<a href="#id_start">开始日期</a>' in html
    assert (
        Template("{% load hongdun %}{% form_errors form %}")
        .render(Context({"form": Dates()}))
        .strip()
        == ""
    )


def test_a_change_row_with_only_its_item_chosen_counts_and_an_untouched_one_does_not() -> None:
    from hongdun.registration.forms import ChangeItemFormSet

    def post(item: str) -> dict[str, str]:
        return {
            "change-TOTAL_FORMS": "1",
            "change-INITIAL_FORMS": "0",
            "change-0-item": item,
            "change-0-new_value": "",
        }

    chosen = ChangeItemFormSet(post("scope"), prefix="change")
    assert chosen.is_valid()
    assert chosen.forms[0].cleaned_data["item"] == "scope"
    untouched = ChangeItemFormSet(post(""), prefix="change")
    assert untouched.is_valid()
    assert untouched.forms[0].cleaned_data == {}
