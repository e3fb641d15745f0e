"""The pickers of the figure pages: unit subtree, as-of date and period. Bad input is refused."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hongdun.accounts.types import AnyUser
from hongdun.core.widgets import DateInput
from hongdun.orgs.fields import use_unit_tree
from hongdun.orgs.models import Unit
from hongdun.reporting.workforce.figure_types import FigureScope
from hongdun.reporting.workforce.figures import figure_scope, figure_units, figures_latest_year

EARLIEST = date(1949, 10, 1)
LATEST = date(2100, 12, 31)


def _in_range(value: date | None) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(
            _("日期须在 %(earliest)s 至 %(latest)s 之间。"),
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            code="out_of_range",
        )


class FigureFilterForm(forms.Form):
    """Which subtree, as of which date, over which period.

    Default: today and this year — unless this year has no records yet and an earlier year has
    (`latest_year`): then the end of that year and that year, so a page opened on historic data
    shows figures rather than zeros; `latest_year_shown` tells the page to say so."""

    unit = forms.TypedChoiceField(
        label=_("单位（含下级）"), required=False, coerce=int, empty_value=None
    )
    as_of = forms.DateField(
        label=_("截至日期"),
        required=False,
        validators=[_in_range],
        widget=DateInput(),
    )
    period_start = forms.DateField(
        label=_("统计期起"),
        required=False,
        validators=[_in_range],
        widget=DateInput(),
    )
    period_end = forms.DateField(
        label=_("统计期止"),
        required=False,
        validators=[_in_range],
        widget=DateInput(),
    )

    DATE_FIELDS = ("as_of", "period_start", "period_end")

    def __init__(
        self,
        *args: Any,
        units: Iterable[Unit] = (),
        latest_year: int | None = None,
        user_unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        use_unit_tree(
            self.fields["unit"], units, empty_label=_("全部可见单位"), first_unit=user_unit
        )
        self.latest_year = latest_year
        self.latest_year_shown: int | None = None

    def dates_given(self) -> bool:
        return any(self.data.get(name) for name in self.DATE_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        as_of = data.get("as_of") or today
        if (
            not self.dates_given()
            and self.latest_year is not None
            and self.latest_year < today.year
        ):
            as_of = date(self.latest_year, 12, 31)
            self.latest_year_shown = self.latest_year
        start = data.get("period_start") or date(as_of.year, 1, 1)
        end = data.get("period_end") or as_of
        if start > end:
            self.add_error("period_start", _("统计期起不能晚于统计期止，请调整日期。"))
        data.update(as_of=as_of, period_start=start, period_end=end)
        return data


class ReportYearForm(forms.Form):
    """The yearly report: the year, the first year of the period ("since 2006") and the unit."""

    year = forms.IntegerField(label=_("年度"), min_value=EARLIEST.year, max_value=LATEST.year)
    since = forms.IntegerField(
        label=_("起始年度"), required=False, min_value=EARLIEST.year, max_value=LATEST.year
    )
    unit = forms.TypedChoiceField(
        label=_("单位（含下级）"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        units: Iterable[Unit] = (),
        user_unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        use_unit_tree(
            self.fields["unit"], units, empty_label=_("全部可见单位"), first_unit=user_unit
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, since = data.get("year"), data.get("since")
        if year is not None and since is not None and since > year:
            self.add_error("since", _("起始年度不能晚于报告年度。"))
        return data


def figure_filter_form(*, user: AnyUser, params: Any) -> FigureFilterForm:
    """The pickers over the units the user may see; without dates they default to the latest
    year that has records when this year has none (pages and API alike)."""
    form = FigureFilterForm(
        params, units=figure_units(user=user), user_unit=getattr(user, "unit", None)
    )
    if not form.dates_given():
        # Only when the defaults are used: which year they fall on depends on the records.
        form.latest_year = figures_latest_year(today=timezone.localdate())
    return form


def figure_scope_from(*, user: AnyUser, data: dict[str, Any]) -> FigureScope:
    """The scope of a valid form's cleaned data."""
    return figure_scope(
        user=user,
        unit_id=data.get("unit"),
        as_of=data["as_of"],
        period_start=data["period_start"],
        period_end=data["period_end"],
    )
