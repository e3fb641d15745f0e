"""The form of a new scheme version: every weight, indicator parameter, threshold, the override
classes, class E and the per-class sampling as its own field (never raw JSON), prefilled from the
version in force. The engine's `scheme_from_data` judges the whole; its error names the part
("weights.filing", "thresholds.B", "sampling.A.ratio" …) and `field_for_error` finds the field
it belongs to (docs/rules/credit.md §2, §4)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.credit.engine.indicators import INDICATORS
from hongdun.credit.engine.scheme import CLASSES_ABCD, CLASSES_ABCDE
from hongdun.credit.labels import INDICATOR_LABELS

NAME_MAX = 100
NOTE_MAX = 2000
CLASS_SETTINGS = ("abnormal_floor", "serious_class", "revoked_class")


# The indicators' parameters (hongdun.credit.engine.indicators), named for the form.
PARAM_LABELS = {
    "full": _("达到满风险的次数"),
    "missing": _("每份未报年报的风险系数"),
    "late": _("每份逾期年报的风险系数"),
    "young_months": _("视为新设企业的月数"),
    "mature_months": _("风险降为0的月数"),
    "safe_ratio": _("无风险的实缴比例"),
    "unknown": _("实缴比例未知时的风险"),
}


def indicator_label(code: str) -> str:
    label = INDICATOR_LABELS.get(code)
    return str(label) if label is not None else code


def param_label(code: str, name: str) -> str:
    label = PARAM_LABELS.get(name)
    return f"{label}（{name}）" if label is not None else name


def weight_field(code: str) -> str:
    return f"weight__{code}"


def param_field(code: str, name: str) -> str:
    return f"param__{code}__{name}"


def threshold_field(risk_class: str) -> str:
    return f"threshold__{risk_class}"


def sampling_field(risk_class: str, name: str) -> str:
    return f"sampling__{risk_class}__{name}"


def _number(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=6,
        help_text=help_text,
        error_messages={
            "required": _("%(label)s：请填写数值。") % {"label": label},
            "invalid": _("%(label)s：请填写数值，如 15 或 0.05。") % {"label": label},
            "max_digits": _("%(label)s：数值过长。") % {"label": label},
            "max_decimal_places": _("%(label)s：最多6位小数。") % {"label": label},
            "max_whole_digits": _("%(label)s：数值过大。") % {"label": label},
        },
    )


def _plain(value: Decimal) -> int | float:
    """A JSON number as the default definition writes it (15, not 15.0)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _class_label(risk_class: str) -> str:
    return f"{risk_class}{_('类')}"


class SchemeForm(forms.Form):
    """Name and note, then the scheme's values; `fieldsets()` groups them for the page."""

    name = forms.CharField(
        label=_("名称"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("名称：请填写方案名称，如“2027年方案”。"),
            "max_length": _("名称：最多100个字。"),
        },
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("本版本与上一版本有何不同、依据什么文件。"),
        error_messages={"max_length": _("说明：最多2000个字。")},
    )
    class_e = forms.BooleanField(
        label=_("启用E类（信用风险很高）"),
        required=False,
        help_text=_("启用后须填写D类的分值上限，并可将严重违法失信判为E类。"),
    )
    weight_total = _number(_("权重总分"), required=True, help_text=_("各指标权重之和须等于此数。"))
    abnormal_floor = forms.ChoiceField(
        label=_("列入经营异常名录的最低类别"),
        required=False,
        choices=[("", _("不适用（按评分）")), *((c, _class_label(c)) for c in CLASSES_ABCDE)],
    )
    serious_class = forms.ChoiceField(
        label=_("列入严重违法失信名单的类别"),
        choices=[(c, _class_label(c)) for c in ("D", "E")],
    )
    revoked_class = forms.ChoiceField(
        label=_("被吊销营业执照的类别"),
        choices=[(c, _class_label(c)) for c in CLASSES_ABCDE],
    )

    def __init__(
        self,
        *args: Any,
        definition: Mapping[str, Any],
        sampling: Mapping[str, Any],
        indicator_label: Callable[[str], str] = indicator_label,
        param_label: Callable[[str, str], str] = param_label,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in CLASS_SETTINGS:
            field = self.fields[name]
            field.error_messages["invalid_choice"] = _("%(label)s：请从列表中选择类别。") % {
                "label": field.label
            }
        self.groups: list[tuple[Any, list[str]]] = [
            (_("基本信息"), ["name", "note"]),
            (_("类别与直接判定"), ["class_e", *CLASS_SETTINGS]),
        ]
        weights = dict(definition.get("weights") or {})
        params = dict(definition.get("params") or {})
        names = ["weight_total"]
        for code in INDICATORS:
            label = indicator_label(code)
            field = _number(label, help_text=_("留空：不计入该指标。"))
            self.fields[weight_field(code)] = field
            names.append(weight_field(code))
        self.groups.append((_("指标权重"), names))
        names = []
        for code, indicator in INDICATORS.items():
            for name in indicator.defaults:
                label = f"{indicator_label(code)} · {param_label(code, name)}"
                self.fields[param_field(code, name)] = _number(
                    label,
                    help_text=_("留空：用默认值 %(value)s。") % {"value": indicator.defaults[name]},
                )
                names.append(param_field(code, name))
        self.groups.append((_("指标参数"), names))
        names = []
        for risk_class in CLASSES_ABCD:
            label = _("%(cls)s分值上限") % {"cls": _class_label(risk_class)}
            help_text: Any = _("低于此分值为%(cls)s；须逐类递增。") % {
                "cls": _class_label(risk_class)
            }
            if risk_class == "D":
                help_text = _("仅启用E类时填写。")
            self.fields[threshold_field(risk_class)] = _number(label, help_text=help_text)
            names.append(threshold_field(risk_class))
        self.groups.append((_("分值阈值"), names))
        names = []
        for risk_class in CLASSES_ABCDE:
            self.fields[sampling_field(risk_class, "ratio")] = _number(
                _("%(cls)s抽查比例") % {"cls": _class_label(risk_class)},
                help_text=_("大于0且不大于1，如 0.05 即 5%；任何类别都不能为0。")
                if risk_class != "E"
                else _("仅启用E类时使用。"),
            )
            self.fields[sampling_field(risk_class, "max_per_year")] = forms.IntegerField(
                label=_("%(cls)s每年最多抽查次数") % {"cls": _class_label(risk_class)},
                required=False,
                help_text=_("留空：根据需要。"),
                error_messages={
                    "invalid": _("%(cls)s每年最多抽查次数：请填写正整数，或留空。")
                    % {"cls": _class_label(risk_class)}
                },
            )
            names.extend(
                [sampling_field(risk_class, "ratio"), sampling_field(risk_class, "max_per_year")]
            )
        self.groups.append((_("分类抽查比例和频次"), names))
        if not self.is_bound:
            self._prefill(definition, sampling, weights, params)

    def _prefill(
        self,
        definition: Mapping[str, Any],
        sampling: Mapping[str, Any],
        weights: dict[str, Any],
        params: dict[str, Any],
    ) -> None:
        initial: dict[str, Any] = {
            "class_e": bool(definition.get("class_e")),
            "weight_total": definition.get("weight_total", 100),
        }
        for name in CLASS_SETTINGS:
            if name in definition:
                initial[name] = definition[name]
        for code, indicator in INDICATORS.items():
            if code in weights:
                initial[weight_field(code)] = weights[code]
            given = dict(params.get(code) or {})
            for name, default in indicator.defaults.items():
                initial[param_field(code, name)] = given.get(name, default)
        for risk_class, value in dict(definition.get("thresholds") or {}).items():
            initial[threshold_field(str(risk_class))] = value
        for risk_class, entry in sampling.items():
            if isinstance(entry, Mapping):
                initial[sampling_field(str(risk_class), "ratio")] = entry.get("ratio")
                initial[sampling_field(str(risk_class), "max_per_year")] = entry.get("max_per_year")
        self.initial = initial

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def scheme_data(self) -> dict[str, Any]:
        """Name, note, definition and sampling from the cleaned values (after is_valid)."""
        data = self.cleaned_data
        definition: dict[str, Any] = {
            "class_e": bool(data.get("class_e")),
            "weight_total": _plain(data["weight_total"]),
            "weights": {},
            "params": {},
            "thresholds": {},
            "abnormal_floor": data.get("abnormal_floor") or "",
            "serious_class": data["serious_class"],
            "revoked_class": data["revoked_class"],
        }
        for code, indicator in INDICATORS.items():
            weight = data.get(weight_field(code))
            if weight is not None:
                definition["weights"][code] = _plain(weight)
            values = {
                name: _plain(data[param_field(code, name)])
                for name in indicator.defaults
                if data.get(param_field(code, name)) is not None
            }
            if values and weight is not None:
                definition["params"][code] = values
        for risk_class in CLASSES_ABCD:
            value = data.get(threshold_field(risk_class))
            if value is not None:
                definition["thresholds"][risk_class] = _plain(value)
        sampling: dict[str, Any] = {}
        for risk_class in CLASSES_ABCDE:
            ratio = data.get(sampling_field(risk_class, "ratio"))
            if ratio is None:
                continue
            sampling[risk_class] = {
                "ratio": format(ratio.normalize(), "f"),
                "max_per_year": data.get(sampling_field(risk_class, "max_per_year")),
            }
        return {
            "name": str(data["name"]).strip(),
            "note": str(data.get("note") or "").strip(),
            "definition": definition,
            "sampling": sampling,
        }

    def field_for_error(self, part: str | None) -> str | None:
        """The form field an engine error names ("weights.filing" → its weight …), else None."""
        if not part:
            return None
        pieces = part.split(".")
        head = pieces[0]
        candidates: list[str] = []
        if head == "weights":
            candidates = [weight_field(pieces[1])] if len(pieces) > 1 else ["weight_total"]
        elif head == "params" and len(pieces) > 2:
            candidates = [param_field(pieces[1], pieces[2])]
        elif head == "params" and len(pieces) == 2:
            candidates = [
                param_field(pieces[1], name)
                for name in getattr(INDICATORS.get(pieces[1]), "defaults", {})
            ]
        elif head == "thresholds":
            candidates = [threshold_field(pieces[1])] if len(pieces) > 1 else [threshold_field("A")]
        elif head == "sampling":
            if len(pieces) > 2:
                candidates = [sampling_field(pieces[1], pieces[2])]
            elif len(pieces) == 2:
                candidates = [sampling_field(pieces[1], "ratio")]
            else:
                candidates = [sampling_field("A", "ratio")]
        elif head in self.fields:
            candidates = [head]
        return next((name for name in candidates if name in self.fields), None)
