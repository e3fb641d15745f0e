"""Writes of annual reports (docs/rules/disclosure.md §2): save a draft, submit, correct, and the
paper filing a supervisor records.

Every service is one transaction and locks the report row (`AnnualReport`, one per enterprise and
year, unique) before it reads the report's state, so two submissions of the same report at once
give one filed report and one version; the second hears that the report is already filed. Bad
input raises `ApplicationError` naming the field; nothing is half-written.

Who files online: a user with a live portal authorisation for the enterprise
(`registration.services.authorisation_is_live`); anybody else is refused (PermissionDenied, which
the pages and the API answer as "not found" before they reach a service).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, instance_in_reach
from hongdun.core.services import audit_record
from hongdun.disclosure.choices import Channel, ReportForm, VersionStatus
from hongdun.disclosure.engine.checks import Checked, Facts, Problem, check, figures_for
from hongdun.disclosure.engine.window import FilingState, correction_allowed, filing_state
from hongdun.disclosure.models import (
    SECTION_SEVEN_FIGURES,
    AnnualReport,
    AnnualReportVersion,
    ReportContribution,
    ReportEquityTransfer,
    ReportInvestment,
    ReportWebsite,
)
from hongdun.disclosure.rules import window_rules
from hongdun.disclosure.tally import filing_tally_count
from hongdun.enterprises.choices import CAPITAL_REQUIRED, EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise, EnterpriseContribution
from hongdun.registration.services import authorisation_is_live

# Rows per section: far above any real report, low enough that a crafted request stays cheap.
MAX_ROWS = 200
GONE = frozenset(
    {
        EnterpriseStatus.DEREGISTERED,
        EnterpriseStatus.REGISTRATION_REVOKED,
        EnterpriseStatus.MOVED_OUT,
    }
)
CONTACT_FIELDS = ("address", "postal_code", "phone", "email", "operating_status")
SWITCH_FIELDS = ("has_website", "has_investments", "has_equity_transfer", "has_guarantees")
# The model of each section of rows, under the version's related name for it.
ROW_MODELS: dict[str, type[models.Model]] = {
    "contributions": ReportContribution,
    "investments": ReportInvestment,
    "equity_transfers": ReportEquityTransfer,
    "websites": ReportWebsite,
}
ROW_FIELDS = {
    "contributions": (
        "investor_name",
        "subscribed_amount",
        "subscribed_on",
        "subscribed_form",
        "paid_amount",
        "paid_on",
        "paid_form",
    ),
    "investments": ("enterprise_name", "uscc"),
    "equity_transfers": ("shareholder_name", "ratio_before", "ratio_after", "changed_on"),
    "websites": ("kind", "name", "url"),
}


# --- content and its check ---------------------------------------------------------------------


@dataclass
class ReportContent:
    """What the filer typed: scalar values (contact, status, figures, switches, publish list) and
    the rows of each section. `None` for a row list keeps the stored rows (a partial update)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    contributions: Sequence[Mapping[str, Any]] | None = None
    investments: Sequence[Mapping[str, Any]] | None = None
    equity_transfers: Sequence[Mapping[str, Any]] | None = None
    websites: Sequence[Mapping[str, Any]] | None = None
    social_insurance: Mapping[str, Any] | None = None


def social_insurance_items() -> list[dict[str, Any]]:
    """The deployment's social-insurance items (settings HONGDUN[...SOCIAL_INSURANCE_ITEMS])."""
    return [dict(item) for item in settings.HONGDUN.get("ANNUAL_REPORT_SOCIAL_INSURANCE_ITEMS", [])]


def report_form(enterprise: Enterprise) -> str:
    if enterprise.enterprise_type == EnterpriseType.INDIVIDUAL_BUSINESS:
        return ReportForm.INDIVIDUAL_BUSINESS
    return ReportForm.ENTERPRISE


def report_facts(enterprise: Enterprise, year: int) -> Facts:
    return Facts(
        report_year=year,
        established_on=enterprise.established_on,
        individual_business=report_form(enterprise) == ReportForm.INDIVIDUAL_BUSINESS,
        company=enterprise.enterprise_type in CAPITAL_REQUIRED,
        registered_capital=enterprise.registered_capital,
        social_insurance_items={item["key"]: item["kind"] for item in social_insurance_items()},
    )


def report_figures(enterprise: Enterprise) -> tuple[str, ...]:
    """The section-7 figures the enterprise's form asks for."""
    return figures_for(report_facts(enterprise, enterprise.established_on.year))


def _messages() -> dict[str, str]:
    return {
        "before_establishment": _(
            "报告年度早于成立年度（成立日期 %(established)s），该年度无须报送年度报告。"
        ),
        "not_a_number": _("应填写数字（单位：元），最多两位小数，例如 12345.67。"),
        "too_large": _("数值过大，请核对单位（元）。"),
        "too_many_decimals": _("金额应精确到分（最多两位小数）。"),
        "negative": _("金额不能为负数；只有利润总额、净利润和所有者权益合计可以为负。"),
        "not_a_whole_number": _("应填写不小于零的整数（人数）。"),
        "negative_count": _("人数不能为负数。"),
        "not_text": _("应填写文字。"),
        "control_characters": _("含有无法识别的控制字符，请删除后重新输入。"),
        "too_long": _("过长，最多%(limit)s个字。"),
        "not_a_date": _("日期格式不正确，请按“年-月-日”填写，例如 2025-06-30。"),
        "postal_code": _("邮政编码应为6位数字。"),
        "phone": _("联系电话格式不正确，只能含数字、空格和 + - ( )。"),
        "email": _("电子邮箱格式不正确，例如 name@example.cn。"),
        "choice": _("选项不正确，请从列表中选择。"),
        "required": _("此项必须填写。"),
        "balance_sheet": _(
            "资产总额（%(assets)s）不等于负债总额（%(liabilities)s）与所有者权益合计"
            "（%(equity)s）之和，相差 %(difference)s 元。请核对；确认无误也可以提交。"
        ),
        "main_above_total": _("主营业务收入大于营业总收入，请核对。"),
        "paid_above_subscribed": _(
            "实缴出资额（%(paid)s）超过认缴出资额（%(subscribed)s），请核对。"
        ),
        "subscribed_vs_capital": _(
            "各股东认缴出资额合计 %(subscribed)s 元，与登记的注册资本 %(capital)s 元不一致，"
            "请核对。"
        ),
        "contributions_required": _("公司应填报每个股东（发起人）的认缴和实缴出资信息。"),
        "uscc": _("统一社会信用代码应为18位数字或大写字母。"),
        "ratio": _("股权比例应在0到100之间。"),
        "outside_report_year": _("股权变更日期不在报告年度内，请核对。"),
        "url": _("网址应以 http:// 或 https:// 开头。"),
        "rows_required": _("选择了“是”，请至少填写一行；没有则选择“否”。"),
    }


def field_label(name: str) -> str:
    """The label a filer reads for a field path ("contributions.0.paid_amount" → 第1行 实缴…)."""
    parts = name.split(".")
    section_titles = {
        "contributions": _("股东及出资信息"),
        "investments": _("对外投资信息"),
        "equity_transfers": _("股权变更信息"),
        "websites": _("网站或网店信息"),
        "social_insurance": _("社保信息"),
        "year": _("报告年度"),
    }
    if parts[0] == "social_insurance" and len(parts) == 2:
        for item in social_insurance_items():
            if item["key"] == parts[1]:
                return str(item["label"])
    if parts[0] in ROW_MODELS and len(parts) == 3:
        model = ROW_MODELS[parts[0]]
        label = str(getattr(model._meta.get_field(parts[2]), "verbose_name", parts[2]))
        return _("%(section)s第%(n)s行：%(label)s") % {
            "section": section_titles[parts[0]],
            "n": int(parts[1]) + 1,
            "label": label,
        }
    if parts[0] in section_titles:
        return str(section_titles[parts[0]])
    try:
        return str(getattr(AnnualReportVersion._meta.get_field(parts[0]), "verbose_name", name))
    except Exception:
        return name


def problem_message(problem: Problem) -> str:
    template = _messages().get(problem.code, problem.code)
    try:
        return template % dict(problem.params)
    except (KeyError, TypeError, ValueError):
        return template


def problem_dicts(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    """Problems as pages and the API show them: field, its label, severity, key and message."""
    return [
        {
            "field": p.field,
            "label": field_label(p.field),
            "severity": str(p.severity),
            "code": p.code,
            "blocks": p.blocks,
            "message": problem_message(p),
        }
        for p in problems
    ]


def _too_many(content: ReportContent) -> None:
    for section in ROW_FIELDS:
        rows = getattr(content, section)
        if rows is not None and len(rows) > MAX_ROWS:
            raise ApplicationError(
                _("“%(section)s”最多%(limit)d行。")
                % {"section": field_label(section), "limit": MAX_ROWS},
                field=section,
            )


def annual_report_check(
    *,
    enterprise: Enterprise,
    year: int,
    content: ReportContent,
    complete: bool = False,
    stored: AnnualReportVersion | None = None,
) -> Checked:
    """Every problem of the content at once. Row lists left as None are read from `stored`."""
    _too_many(content)
    rows = {
        section: getattr(content, section)
        if getattr(content, section) is not None
        else (_stored_rows(stored, section) if stored is not None else [])
        for section in ROW_FIELDS
    }
    insurance = content.social_insurance
    if insurance is None:
        insurance = stored.social_insurance if stored is not None else {}
    values = dict(content.values)
    if stored is not None:
        for key in (*CONTACT_FIELDS, *SWITCH_FIELDS, *SECTION_SEVEN_FIGURES, "capital_amount"):
            values.setdefault(key, getattr(stored, key))
        values.setdefault("public_figures", stored.public_figures)
        values.setdefault("whole_report_public", stored.report.whole_report_public)
    return check(
        values,
        facts=report_facts(enterprise, year),
        contributions=rows["contributions"],
        investments=rows["investments"],
        equity_transfers=rows["equity_transfers"],
        websites=rows["websites"],
        social_insurance=insurance,
        complete=complete,
    )


def _stored_rows(version: AnnualReportVersion, section: str) -> list[dict[str, Any]]:
    return [
        {key: _plain(getattr(row, key)) for key in ROW_FIELDS[section]}
        for row in getattr(version, section).all()
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def version_content(version: AnnualReportVersion) -> ReportContent:
    """A stored version as content (to prefill a form or a correction)."""
    values: dict[str, Any] = {
        key: _plain(getattr(version, key))
        for key in (*CONTACT_FIELDS, *SWITCH_FIELDS, *SECTION_SEVEN_FIGURES, "capital_amount")
    }
    values["public_figures"] = list(version.public_figures)
    values["whole_report_public"] = version.report.whole_report_public
    return ReportContent(
        values=values,
        social_insurance=dict(version.social_insurance),
        **{section: _stored_rows(version, section) for section in ROW_FIELDS},
    )


def prefill(*, enterprise: Enterprise, year: int) -> ReportContent:
    """A new report's first content: last year's report (contact, status, investments, websites,
    publish switches) and the register (address, shareholders and their contributions)."""
    last = (
        AnnualReport.objects.filter(enterprise=enterprise, year=year - 1)
        .exclude(current_version=None)
        .select_related("current_version")
        .first()
    )
    if last is not None and last.current_version is not None:
        content = version_content(last.current_version)
        values = {
            key: value
            for key, value in content.values.items()
            if key in (*CONTACT_FIELDS, *SWITCH_FIELDS, "public_figures", "whole_report_public")
        }
        values.pop("has_equity_transfer", None)  # a transfer happened in a given year
        content = ReportContent(
            values=values,
            contributions=content.contributions,
            investments=content.investments,
            websites=content.websites,
            equity_transfers=[],
            social_insurance={},
        )
    else:
        content = ReportContent(
            values={"address": enterprise.address, "operating_status": "operating"},
            contributions=[],
            investments=[],
            websites=[],
            equity_transfers=[],
            social_insurance={},
        )
    if report_form(enterprise) == ReportForm.ENTERPRISE:
        register_rows = [
            {
                "investor_name": contribution.investor.name,
                "subscribed_amount": str(contribution.subscribed_amount),
                "subscribed_on": _plain(contribution.subscribed_due) or "",
                "subscribed_form": contribution.form,
                "paid_amount": str(contribution.paid_amount),
                "paid_on": _plain(contribution.paid_on) or "",
                "paid_form": contribution.form if contribution.paid_amount else "",
            }
            for contribution in EnterpriseContribution.objects.filter(
                investor__enterprise=enterprise
            )
            .select_related("investor")
            .order_by("investor__position", "investor_id", "id")
        ]
        if register_rows:
            content.contributions = register_rows
    return content


# --- who may file, and when --------------------------------------------------------------------


def _require_filer(user: User, enterprise: Enterprise) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if not authorisation_is_live(user=user, enterprise=enterprise):
        raise PermissionDenied


def _require_registered(enterprise: Enterprise) -> None:
    if enterprise.status in GONE:
        raise ApplicationError(
            _("该市场主体已%(status)s，不再报送年度报告。")
            % {"status": enterprise.get_status_display()},
            field="enterprise",
        )


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ApplicationError(_("报告年度应为四位数字的年份。"), field="year") from None
    if not 1949 <= year <= 9999:
        raise ApplicationError(_("报告年度应为四位数字的年份。"), field="year")
    return year


def _state(enterprise: Enterprise, year: int) -> FilingState:
    return filing_state(
        report_year=year,
        established_on=enterprise.established_on,
        today=timezone.localdate(),
        rules=window_rules(),
    )


def _refuse_unless_due(enterprise: Enterprise, year: int) -> FilingState:
    """The report year must exist for the enterprise and its window must have opened."""
    state = _state(enterprise, year)
    if state == FilingState.BEFORE_ESTABLISHMENT:
        raise ApplicationError(
            _(
                "%(year)s年早于该市场主体的成立年度（成立日期 %(established)s），"
                "第一份年度报告为%(first)s年度。"
            )
            % {
                "year": year,
                "established": enterprise.established_on.isoformat(),
                "first": enterprise.established_on.year,
            },
            field="year",
        )
    if state == FilingState.NOT_OPEN:
        opens = date(year + 1, *window_rules().opens)
        raise ApplicationError(
            _("%(year)s年度报告自%(opens)s起报送，现在还不能填报。")
            % {"year": year, "opens": opens.isoformat()},
            field="year",
        )
    return state


def _closed_error(year: int) -> ApplicationError:
    closes = date(year + 1, *window_rules().closes)
    return ApplicationError(
        _(
            "%(year)s年度报告的报送期限已于%(closes)s届满，不能再在网上报送。"
            "请携带纸质年度报告到登记机关补报。"
        )
        % {"year": year, "closes": closes.isoformat()},
        field="year",
    )


def _correction_closed_error(year: int) -> ApplicationError:
    until = date(year + 1, *window_rules().corrections_until)
    return ApplicationError(
        _("%(year)s年度报告的更正期限已于%(until)s届满，不能再更正。")
        % {"year": year, "until": until.isoformat()},
        field="year",
    )


def _may_correct(year: int) -> bool:
    return correction_allowed(report_year=year, today=timezone.localdate(), rules=window_rules())


def online_state(*, enterprise: Enterprise, year: int) -> dict[str, Any]:
    """What the portal may offer for this year: file, correct, or nothing (and why)."""
    state = _state(enterprise, year)
    report = (
        AnnualReport.objects.filter(enterprise=enterprise, year=year)
        .select_related("current_version")
        .first()
    )
    filed = report is not None and report.first_submitted_at is not None
    return {
        "state": state,
        "report": report,
        "filed": filed,
        "may_file": not filed and state == FilingState.OPEN,
        "may_correct": filed and _may_correct(year),
    }


# --- the report row and its versions -----------------------------------------------------------


def _report_locked(enterprise: Enterprise, year: int) -> AnnualReport:
    """The report of the enterprise and year, created if missing, locked for this transaction.
    Two transactions creating it at once: the unique constraint lets one in, the other reads
    the row the first committed (after waiting for its lock)."""
    found = (
        AnnualReport.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    )
    if found is not None:
        return found
    try:
        with transaction.atomic():
            AnnualReport.objects.create(
                enterprise=enterprise, year=year, form=report_form(enterprise)
            )
    except IntegrityError:
        pass
    return AnnualReport.objects.select_for_update().get(enterprise=enterprise, year=year)


def _draft_of(report: AnnualReport) -> AnnualReportVersion | None:
    return report.versions.filter(status=VersionStatus.DRAFT).first()


def _next_number(report: AnnualReport) -> int:
    return (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def _write(
    version: AnnualReportVersion, checked: Checked, content: ReportContent, report: AnnualReport
) -> AnnualReportVersion:
    """Store the checked content on the version; row lists the content gives replace the stored
    ones (a list left as None keeps them: they were checked from the stored rows)."""
    values = checked.values
    for key in (*CONTACT_FIELDS, *SWITCH_FIELDS, *SECTION_SEVEN_FIGURES, "capital_amount"):
        setattr(version, key, values[key])
    version.public_figures = values["public_figures"]
    version.social_insurance = checked.social_insurance
    version.save()
    if report.form == ReportForm.INDIVIDUAL_BUSINESS:
        report.whole_report_public = values["whole_report_public"]
        report.save(update_fields=["whole_report_public", "updated_at"])
    given = {section: getattr(content, section) is not None for section in ROW_FIELDS}
    for section, model in ROW_MODELS.items():
        if given[section]:
            getattr(version, section).all().delete()
            model._default_manager.bulk_create(
                model(version=version, position=n, **row)
                for n, row in enumerate(getattr(checked, section))
            )
    return version


def _first_error(checked: Checked) -> ApplicationError:
    errors = checked.errors
    first = errors[0]
    message = _("“%(label)s”：%(message)s") % {
        "label": field_label(first.field),
        "message": problem_message(first),
    }
    if len(errors) > 1:
        message += " " + _("（另有%(n)d处须修改，见问题清单。）") % {"n": len(errors) - 1}
    return ApplicationError(
        message, field=first.field, extra={"problems": problem_dicts(checked.problems)}
    )


def _snapshot(version: AnnualReportVersion) -> dict[str, Any]:
    return {
        "report": version.report_id,
        "number": version.number,
        "status": version.status,
        "channel": version.channel,
        "public_figures": list(version.public_figures),
    }


def _save_draft(
    *,
    user: User,
    report: AnnualReport,
    enterprise: Enterprise,
    content: ReportContent,
    complete: bool = False,
) -> AnnualReportVersion:
    draft = _draft_of(report)
    if draft is None:
        base = report.current_version
        draft = AnnualReportVersion(report=report, number=_next_number(report))
        if base is not None and content_is_partial(content):
            # A correction started by a partial update begins as a copy of the filed version.
            content = _merged(version_content(base), content)
    checked = annual_report_check(
        enterprise=enterprise,
        year=report.year,
        content=content,
        stored=draft if draft.pk else None,
        complete=complete,
    )
    if complete and checked.errors:
        raise _first_error(checked)
    # A draft may be incomplete and may carry warnings, but it cannot hold what is not a value.
    if checked.errors and any(p.code != "required" for p in checked.errors):
        storable = [p for p in checked.errors if p.code != "required"]
        raise _first_error(
            Checked(
                checked.values,
                checked.contributions,
                checked.investments,
                checked.equity_transfers,
                checked.websites,
                checked.social_insurance,
                storable + checked.warnings,
            )
        )
    new = draft.pk is None
    _write(draft, checked, _filled(content, draft if not new else None), report)
    audit_record(
        actor=user,
        action="disclosure.annual_report.draft_create"
        if new
        else "disclosure.annual_report.draft_save",
        instance=draft,
        after=_snapshot(draft),
    )
    return draft


def content_is_partial(content: ReportContent) -> bool:
    return any(getattr(content, section) is None for section in ROW_FIELDS)


def _merged(base: ReportContent, update: ReportContent) -> ReportContent:
    return ReportContent(
        values={**base.values, **update.values},
        social_insurance=update.social_insurance
        if update.social_insurance is not None
        else base.social_insurance,
        **{
            section: getattr(update, section)
            if getattr(update, section) is not None
            else getattr(base, section)
            for section in ROW_FIELDS
        },
    )


def _filled(content: ReportContent, stored: AnnualReportVersion | None) -> ReportContent:
    """A new version writes every section (an absent list means none)."""
    if stored is not None:
        return content
    return ReportContent(
        values=content.values,
        social_insurance=content.social_insurance or {},
        **{section: getattr(content, section) or [] for section in ROW_FIELDS},
    )


@transaction.atomic
def annual_report_draft_save(
    *, user: User, enterprise: Enterprise, year: Any, content: ReportContent
) -> AnnualReportVersion:
    """Create or update the draft of the report (the first filing, or a correction of a filed
    report while corrections are allowed). Incomplete content is kept; values that are not
    values (text in a number field, a negative amount) are refused."""
    _require_filer(user, enterprise)
    year = _year(year)
    _require_registered(enterprise)
    state = _refuse_unless_due(enterprise, year)
    report = _report_locked(enterprise, year)
    if report.first_submitted_at is None and state == FilingState.CLOSED:
        raise _closed_error(year)
    if report.first_submitted_at is not None and not _may_correct(year):
        raise _correction_closed_error(year)
    return _save_draft(user=user, report=report, enterprise=enterprise, content=content)


def _submit_version(
    *,
    user: User,
    report: AnnualReport,
    version: AnnualReportVersion,
    channel: str,
    note: str = "",
    at: datetime | None = None,
) -> AnnualReportVersion:
    now = at or timezone.now()
    version.status = VersionStatus.SUBMITTED
    version.channel = channel
    version.submitted_at = now
    version.submitted_by = user
    version.correction_note = note
    version.save()
    first = report.first_submitted_at is None
    if first:
        report.first_submitted_at = now
    report.current_version = version
    report.save(update_fields=["first_submitted_at", "current_version", "filed_late", "updated_at"])
    if first:  # the filing progress tally moves in this same transaction
        filing_tally_count(report)
    audit_record(
        actor=user,
        action="disclosure.annual_report.submit" if first else "disclosure.annual_report.correct",
        instance=version,
        after=_snapshot(version),
    )
    return version


def _checked_draft(
    *, user: User, report: AnnualReport, enterprise: Enterprise, content: ReportContent | None
) -> AnnualReportVersion:
    if content is not None:
        draft = _save_draft(
            user=user, report=report, enterprise=enterprise, content=content, complete=True
        )
    else:
        found = _draft_of(report)
        if found is None:
            raise ApplicationError(_("没有待提交的年度报告草稿，请先填写并保存。"), field="year")
        draft = found
    checked = annual_report_check(
        enterprise=enterprise,
        year=report.year,
        content=ReportContent(),
        stored=draft,
        complete=True,
    )
    if checked.errors:
        raise _first_error(checked)
    return draft


@transaction.atomic
def annual_report_submit(
    *, user: User, enterprise: Enterprise, year: Any, content: ReportContent | None = None
) -> AnnualReportVersion:
    """File the report (its first version) online within the window. With `content`, the draft
    is saved first, in the same transaction. Warnings do not stop a submission; errors do."""
    _require_filer(user, enterprise)
    year = _year(year)
    _require_registered(enterprise)
    state = _refuse_unless_due(enterprise, year)
    report = _report_locked(enterprise, year)
    if report.first_submitted_at is not None:
        raise ApplicationError(
            _("%(year)s年度报告已于%(at)s报送；如需修改，请在更正期限内提交更正。")
            % {
                "year": year,
                "at": timezone.localtime(report.first_submitted_at).strftime("%Y-%m-%d %H:%M"),
            },
            field="year",
        )
    if state == FilingState.CLOSED:
        raise _closed_error(year)
    draft = _checked_draft(user=user, report=report, enterprise=enterprise, content=content)
    return _submit_version(user=user, report=report, version=draft, channel=Channel.ONLINE)


@transaction.atomic
def annual_report_correct(
    *,
    user: User,
    enterprise: Enterprise,
    year: Any,
    note: str,
    content: ReportContent | None = None,
) -> AnnualReportVersion:
    """File a correction of a filed report until the correction deadline (第十二条): a new
    version becomes the current one; every earlier version is kept and stays public."""
    _require_filer(user, enterprise)
    year = _year(year)
    report = _report_locked(enterprise, year)
    if report.first_submitted_at is None:
        raise ApplicationError(
            _("%(year)s年度报告尚未报送，不能更正；请先报送。") % {"year": year}, field="year"
        )
    if not _may_correct(year):
        raise _correction_closed_error(year)
    if not isinstance(note, str) or not note.strip():
        raise ApplicationError(_("请填写更正说明：更正了哪些内容、为什么。"), field="note")
    if len(note) > 2000:
        raise ApplicationError(_("更正说明过长，最多2000个字。"), field="note")
    draft = _checked_draft(user=user, report=report, enterprise=enterprise, content=content)
    return _submit_version(
        user=user, report=report, version=draft, channel=Channel.ONLINE, note=note.strip()
    )


@transaction.atomic
def annual_report_discard_draft(*, user: User, enterprise: Enterprise, year: Any) -> None:
    """Throw away the draft (of a first filing or of a correction); filed versions stay."""
    _require_filer(user, enterprise)
    report = _report_locked(enterprise, _year(year))
    draft = _draft_of(report)
    if draft is not None:
        audit_record(
            actor=user,
            action="disclosure.annual_report.draft_discard",
            instance=draft,
            before=_snapshot(draft),
        )
        draft.delete()


@transaction.atomic
def annual_report_paper_record(
    *,
    clerk: User,
    enterprise: Enterprise,
    year: Any,
    content: ReportContent,
    received_on: date | None = None,
) -> AnnualReportVersion:
    """A supervisor records a report handed in on paper (an individual business may always file
    on paper, 实施细则第六十三条; any enterprise after the window, the 补报 of a late report). A
    report received after the window is marked `filed_late`. A supervisor whose reach does not
    cover the enterprise is refused."""
    if not getattr(clerk, "is_authenticated", False):
        raise PermissionDenied
    probe = AnnualReport(enterprise=enterprise, year=0)
    if not instance_in_reach(clerk, probe, Action.EDIT):
        raise PermissionDenied
    year = _year(year)
    _require_registered(enterprise)
    today = timezone.localdate()
    if received_on is None:
        received_on = today
    if not isinstance(received_on, date) or received_on > today:
        raise ApplicationError(_("收到日期不能晚于今天。"), field="received_on")
    _refuse_unless_due(enterprise, year)
    opens = date(year + 1, *window_rules().opens)
    if received_on < opens:
        raise ApplicationError(
            _("收到日期早于%(year)s年度报告的报送开始日 %(opens)s。")
            % {"year": year, "opens": opens.isoformat()},
            field="received_on",
        )
    report = _report_locked(enterprise, year)
    if report.first_submitted_at is not None:
        raise ApplicationError(
            _("%(year)s年度报告已经报送，不能重复录入。") % {"year": year}, field="year"
        )
    draft = _draft_of(report)
    if draft is not None:
        draft.delete()  # the enterprise's unfinished online draft gives way to the paper report
    version = AnnualReportVersion(report=report, number=_next_number(report))
    checked = annual_report_check(
        enterprise=enterprise, year=year, content=_filled(content, None), complete=True
    )
    if checked.errors:
        raise _first_error(checked)
    _write(version, checked, _filled(content, None), report)
    report.filed_late = received_on > date(year + 1, *window_rules().closes)
    at = timezone.make_aware(datetime.combine(received_on, datetime.min.time()))
    if received_on == today:
        at = timezone.now()
    return _submit_version(user=clerk, report=report, version=version, channel=Channel.PAPER, at=at)
