"""The filing form's input and display: the portal posts flat names (`total_assets`,
`contributions-0-paid_amount`, `social_insurance-pension_paid`, `public_figures`), which become a
`ReportContent` for the services; the services' checks say what is wrong. Rendering reads the
same names back, with spare blank rows for new entries."""

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hongdun.disclosure.choices import OperatingStatus, WebsiteKind
from hongdun.disclosure.engine.checks import SECTION_SEVEN_FIGURES
from hongdun.disclosure.models import AnnualReportVersion
from hongdun.disclosure.services import (
    ROW_FIELDS,
    ReportContent,
    report_figures,
    social_insurance_items,
)
from hongdun.enterprises.choices import LAWFUL_CONTRIBUTION_FORMS
from hongdun.enterprises.models import Enterprise

SPARE_ROWS = 1
SCALARS = (
    "address",
    "postal_code",
    "phone",
    "email",
    "operating_status",
    "capital_amount",
    *SECTION_SEVEN_FIGURES,
)
SWITCHES = ("has_website", "has_investments", "has_equity_transfer", "has_guarantees")


def _label(name: str) -> Any:
    return getattr(AnnualReportVersion._meta.get_field(name), "verbose_name", name)


def content_from_post(data: QueryDict) -> ReportContent:
    values: dict[str, Any] = {key: data.get(key, "") for key in SCALARS if key in data}
    for key in SWITCHES:
        values[key] = data.get(key) == "yes"
    values["public_figures"] = data.getlist("public_figures")
    if "whole_report_public" in data:
        values["whole_report_public"] = data.get("whole_report_public") == "yes"
    rows: dict[str, list[dict[str, Any]]] = {}
    for section, names in ROW_FIELDS.items():
        indices = sorted(
            {
                int(key.split("-")[1])
                for key in data
                if key.startswith(f"{section}-")
                and key.count("-") == 2
                and key.split("-")[1].isdigit()
                and int(key.split("-")[1]) < 1000
            }
        )
        rows[section] = [
            {name: data.get(f"{section}-{n}-{name}", "") for name in names} for n in indices
        ]
    insurance = {
        item["key"]: data.get(f"social_insurance-{item['key']}", "")
        for item in social_insurance_items()
    }
    return ReportContent(values=values, social_insurance=insurance, **rows)


def form_context(
    enterprise: Enterprise, content: ReportContent, *, problems: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the form template needs: values, figures with their switches, rows with spares."""
    values = dict(content.values)
    public = set(values.get("public_figures") or [])
    by_field: dict[str, list[dict[str, Any]]] = {}
    for problem in problems:
        by_field.setdefault(problem["field"], []).append(problem)
    figures = [
        {
            "name": name,
            "label": _label(name),
            "value": "" if values.get(name) is None else values.get(name),
            "public": name in public,
            "problems": by_field.get(name, []),
            "whole": name == "employees",
        }
        for name in report_figures(enterprise)
    ]
    insurance = content.social_insurance or {}
    si = [
        {
            **item,
            "value": "" if insurance.get(item["key"]) is None else insurance.get(item["key"]),
            "public": f"social_insurance.{item['key']}" in public,
            "problems": by_field.get(f"social_insurance.{item['key']}", []),
        }
        for item in social_insurance_items()
    ]

    def rows(section: str) -> list[dict[str, Any]]:
        given = list(getattr(content, section) or [])
        blank = dict.fromkeys(ROW_FIELDS[section], "")
        out = []
        for n, row in enumerate([*given, *([blank] * SPARE_ROWS)]):
            cells = {name: "" if row.get(name) is None else row.get(name) for name in blank}
            out.append(
                {
                    "n": n,
                    "cells": cells,
                    "problems": [p for p in problems if p["field"].startswith(f"{section}.{n}.")],
                }
            )
        return out

    return {
        "values": {k: ("" if v is None else v) for k, v in values.items()},
        "figures": figures,
        "social_insurance": si,
        "contributions": rows("contributions"),
        "investments": rows("investments"),
        "equity_transfers": rows("equity_transfers"),
        "websites": rows("websites"),
        "field_problems": by_field,
        "operating_statuses": OperatingStatus.choices,
        "contribution_forms": [(f.value, f.label) for f in LAWFUL_CONTRIBUTION_FORMS],
        "website_kinds": WebsiteKind.choices,
        "whole_report_public": values.get("whole_report_public", True) is not False,
    }


def version_rows(version: AnnualReportVersion) -> Mapping[str, Any]:
    """A stored version for display: figures with their publish state, then the rows."""
    public = set(version.public_figures)
    enterprise = version.report.enterprise
    return {
        "figures": [
            {
                "name": name,
                "label": _label(name),
                "value": getattr(version, name),
                "public": name in public,
            }
            for name in report_figures(enterprise)
        ],
        "social_insurance": [
            {
                **item,
                "value": version.social_insurance.get(item["key"]),
                "public": not item.get("switch") or f"social_insurance.{item['key']}" in public,
            }
            for item in social_insurance_items()
        ],
        "not_public": _("企业选择不公示"),
    }
