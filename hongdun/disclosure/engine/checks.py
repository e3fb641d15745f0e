"""The checks of an annual report's content, all problems at once (docs/rules/disclosure.md §2.5).

Pure: no Django. The caller passes what the filer typed (strings from a form, or JSON values from
the API) and the facts of the enterprise (`Facts`); `check()` parses every value and returns the
parsed content together with every problem found, each naming its field, its severity and a
message key (`code`) that the Django layer turns into a translated sentence.

Errors block a submission (and a draft when the value cannot be stored: text in a number field,
a negative amount); warnings are shown and the filer may submit anyway. The rules:

- 《企业信息公示暂行条例》第九条(七) figures: amounts are non-negative except total profit, net
  profit and owners' equity (a loss, negative equity); 从业人数 is a non-negative whole number;
  total assets = total liabilities + owners' equity, else a warning (a rounding or a mistake the
  filer may explain; the figures are the enterprise's own statement);
- 第九条(四) contributions: each row needs the shareholder, the subscribed amount and form (and, for
  a company, the date); paid-in above subscribed is a warning (the report states what happened,
  which the bureau checks by sampling, 第十四条); the subscribed total differing from the
  registered capital of a company is a warning;
- a report for a year before the enterprise was established is an error;
- on submission (`complete=True`) the always-public sections must be filled: address, phone,
  operating status, and for a company at least one contribution row.
"""

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

# The section-7 figures (第九条(七)) in the order of the national form, by the names of the
# AnnualReportVersion fields; the entity chooses which to publish.
SECTION_SEVEN_FIGURES = (
    "employees",
    "total_assets",
    "total_liabilities",
    "guarantees_amount",
    "owners_equity",
    "total_revenue",
    "main_business_revenue",
    "total_profit",
    "net_profit",
    "total_tax",
)
MAY_BE_NEGATIVE = frozenset({"owners_equity", "total_profit", "net_profit"})
# The individual business's short form asks for these figures only (and its 资金数额).
INDIVIDUAL_BUSINESS_FIGURES = ("employees", "total_revenue", "total_tax")

AMOUNT_LIMIT = Decimal("1e16")  # max_digits=18, decimal_places=2
TEXT_LIMITS = {
    "address": 200,
    "postal_code": 6,
    "phone": 20,
    "email": 254,
    "investor_name": 100,
    "enterprise_name": 200,
    "uscc": 18,
    "shareholder_name": 100,
    "name": 100,
    "url": 300,
}
OPERATING_STATUSES = frozenset({"operating", "suspended", "liquidating"})
# 《公司法》第四十八条: money and transferable property that can be valued.
CONTRIBUTION_FORMS_DEFAULT = frozenset(
    {"money", "in_kind", "intellectual_property", "land_use_right", "equity", "creditor_right"}
)
WEBSITE_KINDS = frozenset({"website", "online_shop"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_POSTAL = re.compile(r"^\d{6}$")
_PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    field: str  # "total_assets", "contributions.0.paid_amount", "year"
    severity: Severity
    code: str  # the message key
    params: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass(frozen=True)
class Facts:
    """What the register says about the filer, and what the form asks of it."""

    report_year: int
    established_on: date
    individual_business: bool = False
    # LLC or 股份公司: contributions are required and summed against the registered capital.
    company: bool = False
    registered_capital: Decimal | None = None
    contribution_forms: frozenset[str] = CONTRIBUTION_FORMS_DEFAULT
    # Social-insurance items: key → "count" (whole number) or "amount" (yuan).
    social_insurance_items: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass
class Checked:
    """The parsed content (values that failed to parse are None) and every problem."""

    values: dict[str, Any]
    contributions: list[dict[str, Any]]
    investments: list[dict[str, Any]]
    equity_transfers: list[dict[str, Any]]
    websites: list[dict[str, Any]]
    social_insurance: dict[str, Any]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]


def figures_for(facts: Facts) -> tuple[str, ...]:
    return INDIVIDUAL_BUSINESS_FIGURES if facts.individual_business else SECTION_SEVEN_FIGURES


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, where: str, code: str, **params: Any) -> None:
        self.problems.append(
            Problem(where, Severity.ERROR, code, {k: str(v) for k, v in params.items()})
        )

    def warning(self, where: str, code: str, **params: Any) -> None:
        self.problems.append(
            Problem(where, Severity.WARNING, code, {k: str(v) for k, v in params.items()})
        )

    def amount(self, value: Any, where: str, *, negative_ok: bool = False) -> Decimal | None:
        if _blank(value):
            return None
        if isinstance(value, bool | float):
            self.error(where, "not_a_number")
            return None
        try:
            amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
        except (InvalidOperation, ValueError):
            self.error(where, "not_a_number")
            return None
        if not amount.is_finite():
            self.error(where, "not_a_number")
            return None
        if abs(amount) >= AMOUNT_LIMIT:
            self.error(where, "too_large")
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.error(where, "too_many_decimals")
            return None
        if amount < 0 and not negative_ok:
            self.error(where, "negative")
            return None
        return amount.quantize(Decimal("0.01"))

    def whole(self, value: Any, where: str) -> int | None:
        if _blank(value):
            return None
        if isinstance(value, bool):
            self.error(where, "not_a_whole_number")
            return None
        if isinstance(value, int):
            number = Decimal(value)
        else:
            try:
                number = Decimal(str(value).replace(",", "").strip())
            except (InvalidOperation, ValueError):
                self.error(where, "not_a_whole_number")
                return None
        if not number.is_finite() or number != number.to_integral_value():
            self.error(where, "not_a_whole_number")
            return None
        if number < 0:
            self.error(where, "negative_count")
            return None
        if number >= 10**9:
            self.error(where, "too_large")
            return None
        return int(number)

    def text(self, value: Any, where: str, key: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(where, "not_text")
            return ""
        text = value.strip()
        if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
            self.error(where, "control_characters")
            return ""
        limit = TEXT_LIMITS.get(key, 200)
        if len(text) > limit:
            self.error(where, "too_long", limit=limit)
            return text[:limit]
        return text

    def day(self, value: Any, where: str) -> date | None:
        if _blank(value):
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(where, "not_a_date")
            return None

    def flag(self, value: Any) -> bool:
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "on", "yes"}
        return bool(value)


def _rows(
    raw: Sequence[Mapping[str, Any]] | None, *, preset: tuple[str, ...] = ()
) -> list[Mapping[str, Any]]:
    """Rows the filer started: a row whose every value is blank is dropped (a spare form row);
    `preset` values (a select that always has a value) do not count as started."""
    rows = []
    for row in raw or ():
        if not isinstance(row, Mapping):
            continue
        if all(_blank(v) or v is False for k, v in row.items() if k not in preset):
            continue
        rows.append(row)
    return rows


def check(
    values: Mapping[str, Any],
    *,
    facts: Facts,
    contributions: Sequence[Mapping[str, Any]] | None = None,
    investments: Sequence[Mapping[str, Any]] | None = None,
    equity_transfers: Sequence[Mapping[str, Any]] | None = None,
    websites: Sequence[Mapping[str, Any]] | None = None,
    social_insurance: Mapping[str, Any] | None = None,
    complete: bool = False,
) -> Checked:
    """Parse and check one report's content; `complete` for a submission (required sections)."""
    c = _Collector()
    out: dict[str, Any] = {}
    item: dict[str, Any]

    if facts.report_year < facts.established_on.year:
        c.error("year", "before_establishment", established=facts.established_on.isoformat())

    # 第九条(一)(二): contact and status.
    for key in ("address", "postal_code", "phone", "email"):
        out[key] = c.text(values.get(key), key, key)
    if out["postal_code"] and not _POSTAL.match(out["postal_code"]):
        c.error("postal_code", "postal_code")
    if out["phone"] and not _PHONE.match(out["phone"]):
        c.error("phone", "phone")
    if out["email"] and not _EMAIL.match(out["email"]):
        c.error("email", "email")
    status = values.get("operating_status")
    status = "operating" if _blank(status) else str(status)
    if status not in OPERATING_STATUSES:
        c.error("operating_status", "choice")
        status = "operating"
    out["operating_status"] = status
    if complete:
        for key in ("address", "phone"):
            if not out[key]:
                c.error(key, "required")

    # 第九条(七): the figures, each with its publish switch.
    figures = figures_for(facts)
    for name in SECTION_SEVEN_FIGURES:
        if name not in figures:
            out[name] = None
        elif name == "employees":
            out[name] = c.whole(values.get(name), name)
        else:
            out[name] = c.amount(values.get(name), name, negative_ok=name in MAY_BE_NEGATIVE)
    public = values.get("public_figures") or []
    if isinstance(public, str):
        public = [public]
    allowed_public = set(figures) | {f"social_insurance.{k}" for k in facts.social_insurance_items}
    out["public_figures"] = sorted(
        {str(p) for p in public if str(p) in allowed_public},
        key=lambda p: (figures.index(p) if p in figures else len(figures), p),
    )
    out["capital_amount"] = (
        c.amount(values.get("capital_amount"), "capital_amount")
        if facts.individual_business
        else None
    )
    out["whole_report_public"] = (
        c.flag(values.get("whole_report_public", True)) if facts.individual_business else True
    )
    for key in ("has_website", "has_investments", "has_equity_transfer", "has_guarantees"):
        out[key] = c.flag(values.get(key))

    assets, liabilities, equity = (
        out["total_assets"],
        out["total_liabilities"],
        out["owners_equity"],
    )
    if (
        assets is not None
        and liabilities is not None
        and equity is not None
        and assets != liabilities + equity
    ):
        c.warning(
            "total_assets",
            "balance_sheet",
            assets=assets,
            liabilities=liabilities,
            equity=equity,
            difference=assets - liabilities - equity,
        )
    revenue, main = out["total_revenue"], out["main_business_revenue"]
    if revenue is not None and main is not None and main > revenue:
        c.warning("main_business_revenue", "main_above_total")
    if complete:
        for name in figures:
            if out[name] is None and not any(p.field == name for p in c.problems):
                c.error(name, "required")

    # 第九条(四): contributions.
    parsed_contributions = []
    if not facts.individual_business:
        subscribed_total: Decimal | None = Decimal(0)
        for n, row in enumerate(_rows(contributions)):
            at = f"contributions.{n}"
            item = {
                "investor_name": c.text(row.get("investor_name"), f"{at}.investor_name", "name"),
                "subscribed_amount": c.amount(
                    row.get("subscribed_amount"), f"{at}.subscribed_amount"
                ),
                "subscribed_on": c.day(row.get("subscribed_on"), f"{at}.subscribed_on"),
                "subscribed_form": str(row.get("subscribed_form") or ""),
                "paid_amount": c.amount(row.get("paid_amount"), f"{at}.paid_amount"),
                "paid_on": c.day(row.get("paid_on"), f"{at}.paid_on"),
                "paid_form": str(row.get("paid_form") or ""),
            }
            if not item["investor_name"]:
                c.error(f"{at}.investor_name", "required")
            if item["subscribed_amount"] is None and not _failed(c, f"{at}.subscribed_amount"):
                c.error(f"{at}.subscribed_amount", "required")
            if item["subscribed_form"] not in facts.contribution_forms:
                code = "choice" if row.get("subscribed_form") else "required"
                c.error(f"{at}.subscribed_form", code)
            if item["paid_form"] and item["paid_form"] not in facts.contribution_forms:
                c.error(f"{at}.paid_form", "choice")
            missing_date = item["subscribed_on"] is None and not _failed(c, f"{at}.subscribed_on")
            if complete and facts.company and missing_date:
                c.error(f"{at}.subscribed_on", "required")
            paid = item["paid_amount"] or Decimal(0)
            if paid > 0 and not item["paid_form"]:
                c.error(f"{at}.paid_form", "required")
            missing_paid_on = item["paid_on"] is None and not _failed(c, f"{at}.paid_on")
            if paid > 0 and complete and facts.company and missing_paid_on:
                c.error(f"{at}.paid_on", "required")
            if item["subscribed_amount"] is None:
                subscribed_total = None  # unknown: no comparison with the capital
            else:
                if subscribed_total is not None:
                    subscribed_total += item["subscribed_amount"]
                if paid > item["subscribed_amount"]:
                    c.warning(
                        f"{at}.paid_amount",
                        "paid_above_subscribed",
                        paid=paid,
                        subscribed=item["subscribed_amount"],
                    )
            item["paid_amount"] = paid
            parsed_contributions.append(item)
        if complete and facts.company and not parsed_contributions:
            c.error("contributions", "contributions_required")
        if (
            facts.company
            and facts.registered_capital is not None
            and parsed_contributions
            and subscribed_total is not None
            and subscribed_total != facts.registered_capital
        ):
            c.warning(
                "contributions",
                "subscribed_vs_capital",
                subscribed=subscribed_total,
                capital=facts.registered_capital,
            )

    # 第九条(三): investments.
    parsed_investments = []
    if not facts.individual_business:
        for n, row in enumerate(_rows(investments)):
            at = f"investments.{n}"
            item = {
                "enterprise_name": c.text(
                    row.get("enterprise_name"), f"{at}.enterprise_name", "enterprise_name"
                ),
                "uscc": c.text(row.get("uscc"), f"{at}.uscc", "uscc").upper(),
            }
            if not item["enterprise_name"]:
                c.error(f"{at}.enterprise_name", "required")
            if item["uscc"] and not re.fullmatch(r"[0-9A-Z]{18}", item["uscc"]):
                c.error(f"{at}.uscc", "uscc")
            parsed_investments.append(item)
        if out["has_investments"] and not parsed_investments and complete:
            c.error("investments", "rows_required")

    # 第九条(五): equity transfers.
    parsed_transfers = []
    if not facts.individual_business:
        for n, row in enumerate(_rows(equity_transfers)):
            at = f"equity_transfers.{n}"
            item = {
                "shareholder_name": c.text(
                    row.get("shareholder_name"), f"{at}.shareholder_name", "name"
                ),
                "ratio_before": c.amount(row.get("ratio_before"), f"{at}.ratio_before"),
                "ratio_after": c.amount(row.get("ratio_after"), f"{at}.ratio_after"),
                "changed_on": c.day(row.get("changed_on"), f"{at}.changed_on"),
            }
            if not item["shareholder_name"]:
                c.error(f"{at}.shareholder_name", "required")
            for key in ("ratio_before", "ratio_after", "changed_on"):
                if item[key] is None and not _failed(c, f"{at}.{key}"):
                    c.error(f"{at}.{key}", "required")
                elif key != "changed_on" and item[key] is not None and item[key] > 100:
                    c.error(f"{at}.{key}", "ratio")
                    item[key] = None
            if item["changed_on"] is not None and item["changed_on"].year != facts.report_year:
                c.warning(f"{at}.changed_on", "outside_report_year")
            parsed_transfers.append(item)
        if out["has_equity_transfer"] and not parsed_transfers and complete:
            c.error("equity_transfers", "rows_required")

    # 第九条(六): websites and online shops.
    parsed_websites = []
    for n, row in enumerate(_rows(websites, preset=("kind",))):
        at = f"websites.{n}"
        kind = str(row.get("kind") or "website")
        if kind not in WEBSITE_KINDS:
            c.error(f"{at}.kind", "choice")
            kind = "website"
        item = {
            "kind": kind,
            "name": c.text(row.get("name"), f"{at}.name", "name"),
            "url": c.text(row.get("url"), f"{at}.url", "url"),
        }
        if not item["name"]:
            c.error(f"{at}.name", "required")
        if not item["url"]:
            c.error(f"{at}.url", "required")
        elif not _URL.match(item["url"]):
            c.error(f"{at}.url", "url")
        parsed_websites.append(item)
    if out["has_website"] and not parsed_websites and complete:
        c.error("websites", "rows_required")

    # The social-insurance section: whole numbers of people, amounts in yuan.
    parsed_insurance: dict[str, Any] = {}
    raw_insurance = social_insurance or {}
    for key, kind in facts.social_insurance_items.items():
        at = f"social_insurance.{key}"
        raw = raw_insurance.get(key)
        value: Any = c.whole(raw, at) if kind == "count" else c.amount(raw, at)
        if value is not None:
            parsed_insurance[key] = str(value) if isinstance(value, Decimal) else value

    return Checked(
        values=out,
        contributions=parsed_contributions,
        investments=parsed_investments,
        equity_transfers=parsed_transfers,
        websites=parsed_websites,
        social_insurance=parsed_insurance,
        problems=c.problems,
    )


def _failed(c: _Collector, where: str) -> bool:
    return any(p.field == where for p in c.problems)
