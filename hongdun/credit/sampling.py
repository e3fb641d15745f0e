"""Random inspections by credit-risk class (docs/rules/credit.md §4).

The credit app registers the grouping "credit_class" with supervision's draw
(`hongdun.supervision.population.register_grouping`, from `hooks.connect()`):

- the group of an enterprise is its class in the current classification, the latest succeeded
  monthly run; an enterprise that run did not classify (registered since, or no run yet) is in
  the group "unclassified", which takes the plan's own ratio;
- the class is read with one LEFT JOIN on the run's rows (index enterprise, run), in the same
  query as the population's ids: no per-enterprise lookup;
- each class's default ratio and most inspections a year come from the scheme in force
  (`CreditScheme.sampling`, {"A": {"ratio": "0.05", "max_per_year": 1}, …}); a class the scheme
  leaves out takes the national default below. No ratio may be 0, nor a frequency below 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongdun.core.exceptions import ApplicationError
from hongdun.credit.choices import RiskClass, RunStatus
from hongdun.credit.models import ClassificationRun, CreditScheme
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.population import GROUP_FIELD, register_grouping

GROUPING_KEY = "credit_class"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class ClassSampling:
    """One class's share of a plan and the most times a year an enterprise of it is drawn
    (None: as often as plans draw it)."""

    ratio: Decimal
    max_per_year: int | None


# 国市监信发〔2022〕6号 as applied by the cities ([R11]): A at most 5 % and about once a year,
# B up to 20 % once a year, C up to 60 % at most twice, D (and E) all, as often as needed.
DEFAULT_SAMPLING: Mapping[str, ClassSampling] = {
    RiskClass.A: ClassSampling(Decimal("0.05"), 1),
    RiskClass.B: ClassSampling(Decimal("0.20"), 1),
    RiskClass.C: ClassSampling(Decimal("0.60"), 2),
    RiskClass.D: ClassSampling(Decimal("1"), None),
    RiskClass.E: ClassSampling(Decimal("1"), None),
}


def current_run() -> ClassificationRun | None:
    """The classification in force: the latest month's succeeded run (a failed run leaves the
    month before in force)."""
    return (
        ClassificationRun.objects.filter(status=RunStatus.SUCCEEDED)
        .order_by("-month", "-finished_at", "-pk")
        .first()
    )


def active_scheme() -> CreditScheme | None:
    return CreditScheme.objects.filter(is_active=True).first()


def parse_sampling(data: Any) -> dict[str, ClassSampling]:
    """A scheme's `sampling` checked: {class: {"ratio": "0.05", "max_per_year": 1}}; the
    ApplicationError names the class and the fix."""
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        raise ApplicationError(
            _("分类抽查比例和频次格式不正确：应为每个类别一项。"), field="sampling"
        )
    labels = dict(RiskClass.choices)
    parsed: dict[str, ClassSampling] = {}
    for risk_class, entry in data.items():
        label = labels.get(risk_class)
        if label is None:
            raise ApplicationError(
                _("分类抽查比例和频次：没有“%(class)s”这一类别（可填写 A、B、C、D、E）。")
                % {"class": risk_class},
                field="sampling",
            )
        if not isinstance(entry, dict):
            raise ApplicationError(
                _("%(label)s的抽查比例和频次格式不正确。") % {"label": label}, field="sampling"
            )
        try:
            ratio = Decimal(str(entry.get("ratio", "")).strip())
        except InvalidOperation:
            ratio = Decimal("NaN")
        if ratio.is_finite() and ratio == 0:
            raise ApplicationError(
                _("%(label)s的抽查比例不能为0：每一类都要抽查。") % {"label": label},
                field="sampling",
            )
        if not ratio.is_finite() or not Decimal(0) < ratio <= Decimal(1):
            raise ApplicationError(
                _("%(label)s的抽查比例：请填写大于0且不超过1的小数，如 0.05 表示 5%%。")
                % {"label": label},
                field="sampling",
            )
        limit = entry.get("max_per_year")
        if limit in (None, ""):
            times = None
        elif isinstance(limit, int) and not isinstance(limit, bool) and limit >= 1:
            times = limit
        else:
            raise ApplicationError(
                _("%(label)s的每年最多抽查次数：请填写不小于1的整数，或留空表示不限。")
                % {"label": label},
                field="sampling",
            )
        parsed[str(risk_class)] = ClassSampling(ratio, times)
    return parsed


def class_sampling() -> dict[str, ClassSampling]:
    """Each class's sampling: the active scheme's, over the national defaults."""
    scheme = active_scheme()
    sampling = dict(DEFAULT_SAMPLING)
    if scheme is not None:
        sampling.update(parse_sampling(scheme.sampling))
    return {str(risk_class): value for risk_class, value in sampling.items()}


def default_ratios() -> dict[str, Decimal]:
    return {risk_class: entry.ratio for risk_class, entry in class_sampling().items()}


def max_per_year() -> dict[str, int]:
    return {
        risk_class: entry.max_per_year
        for risk_class, entry in class_sampling().items()
        if entry.max_per_year is not None
    }


def groups() -> list[tuple[str, str]]:
    return [
        *((str(value), str(label)) for value, label in RiskClass.choices),
        (UNCLASSIFIED, _("未分类（本月分类后新设立等）")),
    ]


def annotate_class(rows: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """`rows` with each enterprise's class in the current run as `GROUP_FIELD` (one LEFT JOIN
    on the run's rows; "unclassified" where the run has none)."""
    run = current_run()
    if run is None:
        return rows.annotate(**{GROUP_FIELD: Value(UNCLASSIFIED)})
    return rows.annotate(
        current_class=FilteredRelation(
            "credit_classifications", condition=Q(credit_classifications__run_id=run.pk)
        )
    ).annotate(**{GROUP_FIELD: Coalesce(F("current_class__risk_class"), Value(UNCLASSIFIED))})


def source() -> str:
    run = current_run()
    scheme = active_scheme()
    scheme_text = (
        _("方案 v%(version)s") % {"version": scheme.version}
        if scheme is not None
        else _("未启用方案，按默认比例")
    )
    if run is None:
        return _("尚无已完成的信用风险分类，全部市场主体按“未分类”抽取；%(scheme)s") % {
            "scheme": scheme_text
        }
    return _("%(month)s 信用风险分类（批次 %(run)s，数据截至 %(as_of)s）；%(scheme)s") % {
        "month": f"{run.month:%Y-%m}",
        "run": run.pk,
        "as_of": run.as_of.isoformat(),
        "scheme": scheme_text,
    }


def register_credit_grouping() -> None:
    register_grouping(
        GROUPING_KEY,
        label=gettext_lazy("按信用风险分类"),
        annotate=annotate_class,
        groups=groups,
        default_ratios=default_ratios,
        max_per_year=max_per_year,
        source=source,
    )
