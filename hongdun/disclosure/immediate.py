"""The content of immediate disclosures (即时信息, 《企业信息公示暂行条例》第十条), as data.

Each kind of disclosure lists its fields once (`KINDS`); the portal form, the validation, the
public section, the API and the staff export are all drawn from that list, so a field added here
appears everywhere. `clean_details` turns what a user typed into the stored `details` (strings,
ISO dates, decimal strings) and returns every problem at once, each naming its field and the fix.

Dates: a date on which something happened (a payment, a change, a decision) may not lie in the
future; the date the information arose (`occurred_on`) may not lie before the enterprise's
establishment either. A subscription's 认缴出资日期 is the date by which the articles say it will
be paid, and the ends of periods (有效期至, 出质期限至) lie ahead by nature: they are exempt from
the future rule and are checked against their start instead. The due day is `DUE_WORKING_DAYS`
working days after `occurred_on` (docs/rules/disclosure.md §3).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongdun.disclosure.choices import ImmediateKind
from hongdun.enterprises.choices import LAWFUL_CONTRIBUTION_FORMS, ContributionForm

# 《企业信息公示暂行条例》第十条: within 20 working days of the information arising.
DUE_WORKING_DAYS = 20

TEXT, LONG_TEXT, DATE, AMOUNT, RATIO, CHOICE = (
    "text",
    "long_text",
    "date",
    "amount",
    "ratio",
    "choice",
)
MAX_AMOUNT = Decimal("9999999999999999.99")  # 18 digits, 2 decimals, as the report's amounts

# Forms a contribution may take (《公司法》第四十八条); the others are refused by
# 《市场主体登记管理条例》第十三条 and are not offered.
CONTRIBUTION_FORMS: tuple[tuple[str, Promise], ...] = tuple(
    (value, label)
    for value, label in ContributionForm.choices
    if value in LAWFUL_CONTRIBUTION_FORMS
)
IP_KINDS: tuple[tuple[str, Promise], ...] = (
    ("trademark", gettext_lazy("注册商标专用权")),
    ("patent", gettext_lazy("专利权")),
    ("copyright", gettext_lazy("著作权")),
)


@dataclass(frozen=True)
class DetailField:
    """One field of a kind's content.

    `past`: a date that may not lie in the future; `after_establishment`: nor before the
    enterprise was established; `not_before`: another date field of the same kind this one may
    not precede (an end after its start). `required=False` fields may be left empty.
    """

    name: str
    label: Promise
    type: str
    required: bool = True
    max_length: int = 100
    choices: tuple[tuple[str, Promise], ...] = ()
    past: bool = True
    after_establishment: bool = False
    not_before: str = ""
    help_text: Promise | str = ""
    example: str = ""


@dataclass(frozen=True)
class KindDeclaration:
    """The fields of one kind, and which of them is the date the information arose (None: the
    user gives that date separately, as for a contribution, whose dates are due dates)."""

    kind: str
    fields: tuple[DetailField, ...]
    occurred_field: str | None = None
    summary_field: str = ""  # the field that names the disclosure in lists
    by_name: Mapping[str, DetailField] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    @property
    def label(self) -> str:
        return str(ImmediateKind(self.kind).label)


KINDS: Mapping[str, KindDeclaration] = {
    declaration.kind: declaration
    for declaration in (
        KindDeclaration(
            ImmediateKind.CONTRIBUTION,
            fields=(
                DetailField("shareholder", gettext_lazy("股东（发起人）"), TEXT, example="张三"),
                DetailField(
                    "subscribed_amount",
                    gettext_lazy("认缴出资额（元）"),
                    AMOUNT,
                    example="1000000.00",
                ),
                DetailField(
                    "subscribed_on",
                    gettext_lazy("认缴出资日期"),
                    DATE,
                    past=False,
                    help_text=gettext_lazy("章程规定的出资日期，可以晚于今天"),
                ),
                DetailField(
                    "subscribed_form",
                    gettext_lazy("认缴出资方式"),
                    CHOICE,
                    choices=CONTRIBUTION_FORMS,
                ),
                DetailField(
                    "paid_amount",
                    gettext_lazy("实缴出资额（元）"),
                    AMOUNT,
                    required=False,
                    example="500000.00",
                    help_text=gettext_lazy("尚未实缴的填 0 或留空"),
                ),
                DetailField("paid_on", gettext_lazy("实缴出资日期"), DATE, required=False),
                DetailField(
                    "paid_form",
                    gettext_lazy("实缴出资方式"),
                    CHOICE,
                    required=False,
                    choices=CONTRIBUTION_FORMS,
                ),
            ),
            summary_field="shareholder",
        ),
        KindDeclaration(
            ImmediateKind.EQUITY_CHANGE,
            fields=(
                DetailField("shareholder", gettext_lazy("股东"), TEXT, example="李四"),
                DetailField(
                    "ratio_before", gettext_lazy("变更前股权比例（%）"), RATIO, example="40"
                ),
                DetailField(
                    "ratio_after", gettext_lazy("变更后股权比例（%）"), RATIO, example="25.5"
                ),
                DetailField(
                    "changed_on", gettext_lazy("股权变更日期"), DATE, after_establishment=True
                ),
            ),
            occurred_field="changed_on",
            summary_field="shareholder",
        ),
        KindDeclaration(
            ImmediateKind.LICENCE,
            fields=(
                DetailField(
                    "licence_name", gettext_lazy("许可文件名称"), TEXT, example="食品经营许可证"
                ),
                DetailField(
                    "licence_number",
                    gettext_lazy("许可文件编号"),
                    TEXT,
                    max_length=60,
                    example="JY11502030001",
                ),
                DetailField(
                    "authority",
                    gettext_lazy("许可机关"),
                    TEXT,
                    example="包头市昆都仑区市场监督管理局",
                ),
                DetailField("valid_from", gettext_lazy("有效期自"), DATE, after_establishment=True),
                DetailField(
                    "valid_to",
                    gettext_lazy("有效期至"),
                    DATE,
                    required=False,
                    past=False,
                    not_before="valid_from",
                    help_text=gettext_lazy("长期有效的留空"),
                ),
                DetailField("scope", gettext_lazy("许可内容"), LONG_TEXT, max_length=1000),
            ),
            occurred_field="valid_from",
            summary_field="licence_name",
        ),
        KindDeclaration(
            ImmediateKind.IP_PLEDGE,
            fields=(
                DetailField("ip_kind", gettext_lazy("知识产权种类"), CHOICE, choices=IP_KINDS),
                DetailField(
                    "registration_number",
                    gettext_lazy("注册号（专利号、登记号）"),
                    TEXT,
                    max_length=60,
                    example="12345678",
                ),
                DetailField("ip_name", gettext_lazy("知识产权名称"), TEXT, example="红盾图形商标"),
                DetailField("pledgor", gettext_lazy("出质人"), TEXT),
                DetailField("pledgee", gettext_lazy("质权人"), TEXT, example="某某银行包头分行"),
                DetailField("amount", gettext_lazy("出质金额（元）"), AMOUNT, example="2000000.00"),
                DetailField(
                    "period_from", gettext_lazy("质权登记期限自"), DATE, after_establishment=True
                ),
                DetailField(
                    "period_to",
                    gettext_lazy("质权登记期限至"),
                    DATE,
                    past=False,
                    not_before="period_from",
                ),
            ),
            occurred_field="period_from",
            summary_field="ip_name",
        ),
        KindDeclaration(
            ImmediateKind.PENALTY,
            fields=(
                DetailField(
                    "decision_number",
                    gettext_lazy("行政处罚决定书文号"),
                    TEXT,
                    max_length=60,
                    example="包昆市监处罚〔2026〕12号",
                ),
                DetailField("authority", gettext_lazy("作出行政处罚决定机关名称"), TEXT),
                DetailField("violation", gettext_lazy("违法行为类型"), TEXT, max_length=200),
                DetailField("content", gettext_lazy("行政处罚内容"), LONG_TEXT, max_length=1000),
                DetailField(
                    "decided_on",
                    gettext_lazy("作出行政处罚决定日期"),
                    DATE,
                    after_establishment=True,
                ),
            ),
            occurred_field="decided_on",
            summary_field="decision_number",
        ),
    )
}

OCCURRED_ON = "occurred_on"  # the name of the separate date field, when a kind needs one


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class CleanDetails:
    details: dict[str, str]
    occurred_on: datetime.date


class DetailsInvalidError(Exception):
    """Every problem of one submission, each with its field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def declaration(kind: str) -> KindDeclaration | None:
    return KINDS.get(kind)


def occurred_label(kind: KindDeclaration) -> str:
    if kind.occurred_field:
        return str(kind.by_name[kind.occurred_field].label)
    return str(gettext_lazy("信息形成日期"))


# --- parsing --------------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(raw: Any) -> str:
    return _CONTROL.sub("", str(raw if raw is not None else "")).strip()


def _parse_date(raw: Any) -> datetime.date | None:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = _text(raw).replace("/", "-")
    if not _DATE.match(text):
        raise ValueError(text)
    year, month, day = (int(part) for part in text.split("-"))
    return datetime.date(year, month, day)


def _parse_decimal(raw: Any, places: int) -> Decimal:
    text = _text(raw).replace(",", "").replace("，", "")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite():
        raise ValueError(text)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValueError(text)
    return value


def _is_empty(raw: Any) -> bool:
    return raw is None or (not isinstance(raw, datetime.date) and _text(raw) == "")


def _date_text(day: datetime.date) -> str:
    return day.isoformat()


# --- cleaning -------------------------------------------------------------------------------------


def clean_details(
    kind: str,
    raw: Mapping[str, Any],
    *,
    occurred_on: Any = None,
    established_on: datetime.date | None,
    today: datetime.date,
) -> CleanDetails:
    """The stored content of one disclosure of `kind`, or DetailsInvalidError with every problem.

    `occurred_on` is read only for kinds without an `occurred_field`; the others take the date the
    information arose from their own field. Unknown keys of `raw` are ignored.
    """
    declared = declaration(kind)
    if declared is None:
        raise DetailsInvalidError([Problem("kind", _("信息类别：请从列表中选择一个类别。"))])
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for spec in declared.fields:
        value = raw.get(spec.name)
        label = str(spec.label)
        if _is_empty(value):
            if spec.required:
                problems.append(Problem(spec.name, _empty_message(spec, label)))
            continue
        try:
            values[spec.name] = _clean_value(spec, value, label)
        except _FieldProblemError as problem:
            problems.append(Problem(spec.name, str(problem)))
    for spec in declared.fields:
        day = values.get(spec.name)
        if spec.type != DATE or day is None:
            continue
        message = _date_problem(spec, day, values, declared, established_on, today)
        if message:
            problems.append(Problem(spec.name, message))
    problems.extend(_kind_checks(declared, values, {p.field for p in problems}))

    occurred: datetime.date | None = None
    if declared.occurred_field:
        occurred = values.get(declared.occurred_field)
    else:
        label = occurred_label(declared)
        if _is_empty(occurred_on):
            problems.append(
                Problem(OCCURRED_ON, _("%(label)s：请填写该信息形成的日期。") % {"label": label})
            )
        else:
            try:
                occurred = _parse_date(occurred_on)
            except ValueError:
                problems.append(
                    Problem(
                        OCCURRED_ON,
                        _("%(label)s：请按“年-月-日”填写，如 2026-03-01。") % {"label": label},
                    )
                )
            if occurred is not None:
                message = _fact_date_problem(label, occurred, established_on, today, True)
                if message:
                    problems.append(Problem(OCCURRED_ON, message))
    if problems:
        raise DetailsInvalidError(problems)
    if occurred is None:  # pragma: no cover — a required field, checked above
        raise DetailsInvalidError([Problem(OCCURRED_ON, occurred_label(declared))])
    details = {
        name: _date_text(value) if isinstance(value, datetime.date) else str(value)
        for name, value in values.items()
    }
    return CleanDetails(details=details, occurred_on=occurred)


class _FieldProblemError(ValueError):
    pass


def _empty_message(spec: DetailField, label: str) -> str:
    if spec.type == CHOICE:
        return _("%(label)s：请选择。") % {"label": label}
    return _("%(label)s：请填写。") % {"label": label}


def _clean_value(spec: DetailField, value: Any, label: str) -> Any:
    if spec.type in (TEXT, LONG_TEXT):
        text = _text(value)
        if len(text) > spec.max_length:
            raise _FieldProblemError(
                _("%(label)s：最多 %(n)d 个字，请缩短。") % {"label": label, "n": spec.max_length}
            )
        return text
    if spec.type == CHOICE:
        text = _text(value)
        allowed = dict(spec.choices)
        if text not in allowed:
            if spec.choices is CONTRIBUTION_FORMS and text in ContributionForm.values:
                raise _FieldProblemError(
                    _(
                        "%(label)s：“%(form)s”不能作为出资方式（《市场主体登记管理条例》第十三条），"
                        "请选择货币、实物、知识产权、土地使用权、股权或债权。"
                    )
                    % {"label": label, "form": ContributionForm(text).label}
                )
            raise _FieldProblemError(_("%(label)s：请从列表中选择。") % {"label": label})
        return text
    if spec.type == DATE:
        try:
            day = _parse_date(value)
        except ValueError as error:
            raise _FieldProblemError(
                _("%(label)s：请按“年-月-日”填写，如 2026-03-01。") % {"label": label}
            ) from error
        return day
    if spec.type == AMOUNT:
        try:
            amount = _parse_decimal(value, 2)
        except ValueError as error:
            raise _FieldProblemError(
                _("%(label)s：请填写金额数字（元，最多两位小数），如 %(example)s。")
                % {"label": label, "example": spec.example or "10000.00"}
            ) from error
        if amount < 0:
            raise _FieldProblemError(_("%(label)s：金额不能为负数。") % {"label": label})
        if amount > MAX_AMOUNT:
            raise _FieldProblemError(
                _("%(label)s：金额过大，请核对单位（元）。") % {"label": label}
            )
        return amount.quantize(Decimal("0.01"))
    if spec.type == RATIO:
        try:
            ratio = _parse_decimal(value, 4)
        except ValueError as error:
            raise _FieldProblemError(
                _("%(label)s：请填写 0 到 100 之间的百分比数字（最多四位小数），如 %(example)s。")
                % {"label": label, "example": spec.example or "25.5"}
            ) from error
        if not Decimal(0) <= ratio <= Decimal(100):
            raise _FieldProblemError(
                _("%(label)s：股权比例应在 0 到 100 之间（单位为%%）。") % {"label": label}
            )
        return format(ratio.normalize(), "f") if ratio != 0 else "0"
    raise AssertionError(spec.type)  # pragma: no cover — every declared type is handled


def _fact_date_problem(
    label: str,
    day: datetime.date,
    established_on: datetime.date | None,
    today: datetime.date,
    after_establishment: bool,
) -> str:
    if day > today:
        return _("%(label)s：不能晚于今天（%(today)s），请填写已经发生的日期。") % {
            "label": label,
            "today": today.isoformat(),
        }
    if after_establishment and established_on is not None and day < established_on:
        return _("%(label)s：不能早于企业成立日期（%(established)s），请核对。") % {
            "label": label,
            "established": established_on.isoformat(),
        }
    return ""


def _date_problem(
    spec: DetailField,
    day: datetime.date,
    values: Mapping[str, Any],
    declared: KindDeclaration,
    established_on: datetime.date | None,
    today: datetime.date,
) -> str:
    label = str(spec.label)
    if spec.past:
        message = _fact_date_problem(label, day, established_on, today, spec.after_establishment)
        if message:
            return message
    if spec.not_before:
        start = values.get(spec.not_before)
        if isinstance(start, datetime.date) and day < start:
            return _("%(label)s：不能早于%(start_label)s（%(start)s），请核对。") % {
                "label": label,
                "start_label": declared.by_name[spec.not_before].label,
                "start": start.isoformat(),
            }
    return ""


def _kind_checks(
    declared: KindDeclaration, values: Mapping[str, Any], failed: set[str]
) -> list[Problem]:
    """The checks that span fields of one kind (`failed`: fields already refused)."""
    problems: list[Problem] = []
    if declared.kind == ImmediateKind.CONTRIBUTION:
        subscribed = values.get("subscribed_amount")
        paid = values.get("paid_amount") or Decimal(0)
        labels = declared.by_name
        if subscribed is not None and subscribed == 0:
            problems.append(
                Problem(
                    "subscribed_amount",
                    _("%(label)s：应大于 0。") % {"label": labels["subscribed_amount"].label},
                )
            )
        if subscribed is not None and paid > subscribed:
            problems.append(
                Problem(
                    "paid_amount",
                    _("%(label)s：不能超过认缴出资额（%(subscribed)s 元），请核对。")
                    % {"label": labels["paid_amount"].label, "subscribed": subscribed},
                )
            )
        if paid > 0:
            for name in ("paid_on", "paid_form"):
                if values.get(name) is None and name not in failed:
                    problems.append(
                        Problem(
                            name,
                            _("%(label)s：已填写实缴出资额，请一并填写。")
                            % {"label": labels[name].label},
                        )
                    )
        elif "paid_amount" not in failed and (
            values.get("paid_on") is not None or values.get("paid_form") is not None
        ):
            problems.append(
                Problem(
                    "paid_amount",
                    _("%(label)s：已填写实缴出资日期或方式，请填写实缴出资额。")
                    % {"label": labels["paid_amount"].label},
                )
            )
    if declared.kind == ImmediateKind.EQUITY_CHANGE:
        before, after = values.get("ratio_before"), values.get("ratio_after")
        if before is not None and after is not None and Decimal(before) == Decimal(after):
            problems.append(
                Problem(
                    "ratio_after",
                    _("%(label)s：与变更前相同，没有发生股权变更，请核对。")
                    % {"label": declared.by_name["ratio_after"].label},
                )
            )
    if declared.kind == ImmediateKind.IP_PLEDGE:
        amount = values.get("amount")
        if amount is not None and amount == 0:
            problems.append(
                Problem(
                    "amount",
                    _("%(label)s：应大于 0。") % {"label": declared.by_name["amount"].label},
                )
            )
    return problems


# --- display --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    value: str


def shown_details(kind: str, details: Mapping[str, Any]) -> list[ShownField]:
    """The stored content as label/value pairs in declaration order (choice labels, 元 and %)."""
    declared = declaration(kind)
    if declared is None:
        return [ShownField(str(k), str(k), str(v)) for k, v in details.items()]
    shown: list[ShownField] = []
    for spec in declared.fields:
        raw = details.get(spec.name)
        if raw in (None, ""):
            if spec.name == "valid_to":
                shown.append(ShownField(spec.name, str(spec.label), _("长期")))
            continue
        value = str(raw)
        if spec.type == CHOICE:
            value = str(dict(spec.choices).get(value, value))
        elif spec.type == AMOUNT:
            value = f"{Decimal(value):,.2f}"
        elif spec.type == RATIO:
            value = f"{value}%"
        shown.append(ShownField(spec.name, str(spec.label), value))
    return shown


def summary(kind: str, details: Mapping[str, Any]) -> str:
    """A short name of one disclosure for lists (its shareholder, licence, …)."""
    declared = declaration(kind)
    if declared is None or not declared.summary_field:
        return ""
    return str(details.get(declared.summary_field, ""))


def details_text(kind: str, details: Mapping[str, Any]) -> str:
    """The content in one line, for exports and the staff list."""
    return "；".join(f"{f.label}：{f.value}" for f in shown_details(kind, details))
