"""Services of 文明诚信市场 (civilised and honest markets, docs/rules/credit.md §7).

- The markets register: a market (商品交易市场) with its operator enterprise (on the register and
  in existence), its supervising unit (which places it in the row scope, kind "credit.market")
  and its stalls; markets and stalls are deactivated and reactivated, never deleted.
- The stalls of a market may be imported from Excel: every row is checked first, and if any row
  is wrong nothing is written (one transaction, the market's stalls locked).
- The yearly checklist (评议标准) is the bureau's own data: items with points, some required, and a
  pass score. It is city-wide, edited by whoever may edit markets of the whole city (the city
  bureau's supervisors, by the scope table), and frozen once a decided evaluation uses it.
- One evaluation per market and year: items scored (0..points) while a draft, then decided:
  passed when the total reaches the pass score and every required item has full points; the
  clerk confirms the award of the title. A title is later revoked with a date and a reason.

Every change is audited (`audit_record`, ADR 0014); markets and evaluations also keep their
simple-history versions.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, instance_in_reach, reachable, unit_in_reach
from hongdun.core.services import audit_record, audit_snapshot
from hongdun.credit.choices import EvaluationStatus, MarketKind
from hongdun.credit.models import Market, MarketChecklist, MarketEvaluation, MarketStall
from hongdun.credit.permissions import MARKET
from hongdun.enterprises import uscc as uscc_rules
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit

# Stall rows one import may hold: a large wholesale market has a few thousand stalls.
MAX_IMPORT_ROWS = 5_000
MAX_CHECKLIST_ITEMS = 100
MAX_ITEM_POINTS = 1_000
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}$")
# Who holds a stall: personal data when a natural person; never written into the audit log.
STALL_REDACTED = ("holder_name",)


# --- shared checks --------------------------------------------------------------------------------


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s不能超过%(n)d个字。") % {"label": label, "n": max_length}, field=field
        )
    return text


def _uscc(raw: Any, *, field: str) -> str:
    text = str(raw or "").strip()
    try:
        return uscc_rules.validate(text)
    except uscc_rules.UsccError:
        raise ApplicationError(
            _("统一社会信用代码“%(code)s”不正确（应为18位，且校验码相符），请核对后重新填写。")
            % {"code": text[:30]},
            field=field,
        ) from None


def enterprise_by_uscc(raw: Any, *, field: str, role: str) -> Enterprise:
    """The enterprise of a USCC, on the register and in existence (存续); `role` names what it
    would be ("开办者", "摊位经营者") in the refusals."""
    code = _uscc(raw, field=field)
    enterprise = Enterprise.objects.filter(uscc=code).first()
    if enterprise is None:
        raise ApplicationError(
            _("登记簿中没有统一社会信用代码为 %(code)s 的市场主体，不能作为%(role)s。")
            % {"code": code, "role": role},
            field=field,
        )
    if enterprise.status != EnterpriseStatus.ACTIVE:
        raise ApplicationError(
            _("“%(name)s”的登记状态为%(status)s，只有存续的市场主体才能作为%(role)s。")
            % {"name": enterprise.name, "status": enterprise.get_status_display(), "role": role},
            field=field,
        )
    return enterprise


def _may_edit(actor: AnyUser, instance: Market | MarketStall | MarketEvaluation) -> None:
    if not instance_in_reach(actor, instance, Action.EDIT):
        raise ApplicationError(_("该市场不在您的管辖范围内，您不能办理。"))


def _unit_in_reach(actor: AnyUser, unit: Unit | None) -> Unit:
    if unit is None:
        raise ApplicationError(_("请选择属地监管单位。"), field="unit")
    if not unit_in_reach(actor, MARKET, unit.pk, Action.EDIT):
        raise ApplicationError(
            _("属地监管单位“%(unit)s”不在您的管辖范围内，请选择您所在单位或其下级单位。")
            % {"unit": unit.name},
            field="unit",
        )
    return unit


def _today() -> datetime.date:
    return timezone.localdate()


# --- markets --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketData:
    name: str
    kind: str
    operator_uscc: str
    address: str
    unit: Unit | None
    opened_on: datetime.date | None = None


def _market_values(actor: AnyUser, data: MarketData) -> dict[str, Any]:
    name = _text(data.name, field="name", label=_("市场名称"), max_length=200)
    if data.kind not in MarketKind.values:
        raise ApplicationError(_("市场类型：请从列表中选择。"), field="kind")
    operator = enterprise_by_uscc(data.operator_uscc, field="operator_uscc", role=_("开办者"))
    address = _text(data.address, field="address", label=_("地址"), max_length=200)
    unit = _unit_in_reach(actor, data.unit)
    if data.opened_on is not None and data.opened_on > _today():
        raise ApplicationError(_("开业日期不能晚于今天。"), field="opened_on")
    return {
        "name": name,
        "kind": data.kind,
        "operator": operator,
        "address": address,
        "unit": unit,
        "opened_on": data.opened_on,
    }


def _name_taken(name: str, address: str, exclude: int | None) -> bool:
    rows = Market.objects.filter(name=name, address=address)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.exists()


def _name_taken_error(name: str) -> ApplicationError:
    return ApplicationError(
        _("同一地址已登记名为“%(name)s”的市场，请核对：同一市场不要重复登记。") % {"name": name},
        field="name",
    )


def _save_market(market: Market) -> None:
    try:
        with transaction.atomic():
            market.save()
    except IntegrityError:  # a concurrent create of the same name and address won
        raise _name_taken_error(market.name) from None


@transaction.atomic
def market_create(*, actor: User, data: MarketData) -> Market:
    """Register a market; refused naming the field when a value does not hold."""
    values = _market_values(actor, data)
    if _name_taken(values["name"], values["address"], None):
        raise _name_taken_error(values["name"])
    market = Market(**values)
    _save_market(market)
    audit_record(
        actor=actor, action="credit.market.create", instance=market, after=audit_snapshot(market)
    )
    return market


@transaction.atomic
def market_update(*, actor: User, market: Market, data: MarketData) -> Market:
    """Change a market's particulars; the supervising unit stays within the actor's reach."""
    locked = Market.objects.select_for_update().get(pk=market.pk)
    _may_edit(actor, locked)
    before = audit_snapshot(locked)
    values = _market_values(actor, data)
    if _name_taken(values["name"], values["address"], locked.pk):
        raise _name_taken_error(values["name"])
    for name, value in values.items():
        setattr(locked, name, value)
    _save_market(locked)
    audit_record(
        actor=actor,
        action="credit.market.update",
        instance=locked,
        before=before,
        after=audit_snapshot(locked),
    )
    return locked


@transaction.atomic
def market_set_active(*, actor: User, market: Market, active: bool, reason: str = "") -> Market:
    """Deactivate a market that closed (停业), with the reason, or reactivate it. A closed
    market leaves the public list; its evaluations and titles stay on record."""
    locked = Market.objects.select_for_update().get(pk=market.pk)
    _may_edit(actor, locked)
    if locked.is_active == active:
        raise ApplicationError(
            _("该市场已经是在营状态。") if active else _("该市场已经是停业状态。"), field="active"
        )
    reason = _text(reason, field="reason", label=_("原因"), max_length=1000, required=not active)
    locked.is_active = active
    locked._change_reason = reason  # type: ignore[attr-defined]  # simple-history keeps it
    locked.save()
    audit_record(
        actor=actor,
        action="credit.market.reactivate" if active else "credit.market.deactivate",
        instance=locked,
        before={"is_active": not active},
        after={"is_active": active, "reason": reason},
    )
    return locked


# --- stalls ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StallData:
    number: str
    holder_name: str = ""
    holder_uscc: str = ""
    goods: str = ""


def _stall_number(value: Any, *, field: str = "number") -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into Excel comes back as 101.0
    return _text(value, field=field, label=_("摊位号"), max_length=20)


def _stall_values(data: StallData) -> dict[str, Any]:
    number = _stall_number(data.number)
    enterprise = None
    if str(data.holder_uscc or "").strip():
        enterprise = enterprise_by_uscc(data.holder_uscc, field="holder_uscc", role=_("摊位经营者"))
    holder_name = _text(
        data.holder_name, field="holder_name", label=_("经营者"), max_length=100, required=False
    )
    if not holder_name:
        if enterprise is None:
            raise ApplicationError(
                _("请填写经营者姓名或名称；经营者是市场主体的，也可以只填统一社会信用代码。"),
                field="holder_name",
            )
        holder_name = enterprise.name
    goods = _text(data.goods, field="goods", label=_("经营品种"), max_length=200, required=False)
    return {"number": number, "holder_name": holder_name, "enterprise": enterprise, "goods": goods}


def _number_taken_error(number: str) -> ApplicationError:
    return ApplicationError(
        _("本市场已有摊位号“%(number)s”，请换一个摊位号或修改原摊位。") % {"number": number},
        field="number",
    )


def _save_stall(stall: MarketStall) -> None:
    if (
        MarketStall.objects.filter(market_id=stall.market_id, number=stall.number)
        .exclude(pk=stall.pk)
        .exists()
    ):
        raise _number_taken_error(stall.number)
    try:
        with transaction.atomic():
            stall.save()
    except IntegrityError:
        raise _number_taken_error(stall.number) from None


def _stall_snapshot(stall: MarketStall) -> dict[str, Any]:
    return audit_snapshot(stall, redact=STALL_REDACTED)


@transaction.atomic
def stall_create(*, actor: User, market: Market, data: StallData) -> MarketStall:
    """Add a stall to an operating market."""
    locked = Market.objects.select_for_update().get(pk=market.pk)
    _may_edit(actor, locked)
    if not locked.is_active:
        raise ApplicationError(_("该市场已停业，不能新增摊位；请先恢复营业。"))
    stall = MarketStall(market=locked, **_stall_values(data))
    _save_stall(stall)
    audit_record(
        actor=actor, action="credit.stall.create", instance=stall, after=_stall_snapshot(stall)
    )
    return stall


@transaction.atomic
def stall_update(*, actor: User, stall: MarketStall, data: StallData) -> MarketStall:
    locked = MarketStall.objects.select_for_update().select_related("market").get(pk=stall.pk)
    _may_edit(actor, locked)
    before = _stall_snapshot(locked)
    for name, value in _stall_values(data).items():
        setattr(locked, name, value)
    _save_stall(locked)
    audit_record(
        actor=actor,
        action="credit.stall.update",
        instance=locked,
        before=before,
        after=_stall_snapshot(locked),
    )
    return locked


@transaction.atomic
def stall_set_active(*, actor: User, stall: MarketStall, active: bool) -> MarketStall:
    """Take a stall out of use (退租、空置) or back into use."""
    locked = MarketStall.objects.select_for_update().select_related("market").get(pk=stall.pk)
    _may_edit(actor, locked)
    if locked.is_active == active:
        raise ApplicationError(
            _("该摊位已经在用。") if active else _("该摊位已经停用。"), field="active"
        )
    if active and not locked.market.is_active:
        raise ApplicationError(_("该市场已停业，不能启用摊位；请先恢复营业。"))
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="credit.stall.reactivate" if active else "credit.stall.deactivate",
        instance=locked,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return locked


# --- the stall import -----------------------------------------------------------------------------

STALL_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    # (key, header in the workbook, required column)
    ("number", "摊位号", True),
    ("holder_name", "经营者", True),
    ("holder_uscc", "经营者统一社会信用代码", False),
    ("goods", "经营品种", False),
    ("active", "状态", False),
)
ACTIVE_WORDS = {"": True, "在用": True, "是": True, "停用": False, "否": False}


def stall_column_headers() -> list[str]:
    """The headers of the stall workbook: the export writes them and the import reads them."""
    return [_(header) for _key, header, _required in STALL_COLUMNS]


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the sheet, as Excel shows it
    column: str
    message: str


@dataclass
class StallImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


class StallImportRefusedError(ApplicationError):
    """Some rows are wrong: nothing was written; `errors` says which and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            _("文件中有 %(n)d 处错误，没有导入任何数据；请改正后重新上传整个文件。")
            % {"n": len(errors)},
            field="file",
        )
        self.errors = errors


def _column_positions(headers: Sequence[str]) -> dict[str, int]:
    known = {str(header): index for index, header in enumerate(headers)}
    positions: dict[str, int] = {}
    missing = []
    for key, header, required in STALL_COLUMNS:
        for name in (_(header), header):
            if name in known:
                positions[key] = known[name]
                break
        else:
            if required:
                missing.append(_(header))
    if missing:
        raise ApplicationError(
            _("工作表第一行缺少列：%(columns)s。请使用本页导出的摊位表作为模板，不要改动表头。")
            % {"columns": "、".join(missing)},
            field="file",
        )
    return positions


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, Any]


def _cell(values: Sequence[Any], positions: Mapping[str, int], key: str) -> Any:
    index = positions.get(key)
    return values[index] if index is not None and index < len(values) else None


def _read_rows(
    rows: Sequence[tuple[int, Sequence[Any]]], positions: Mapping[str, int]
) -> tuple[list[_Row], list[RowError], set[str]]:
    """Each row's checked values (uscc still unresolved) and the errors of the rows."""
    parsed: list[_Row] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    codes: set[str] = set()
    for number, values in rows:
        row: dict[str, Any] = {}
        try:
            row["number"] = _stall_number(_cell(values, positions, "number"))
            if row["number"] in seen:
                raise ApplicationError(
                    _("摊位号“%(number)s”与第 %(row)d 行重复。")
                    % {"number": row["number"], "row": seen[row["number"]]},
                    field="number",
                )
            seen[row["number"]] = number
            row["holder_name"] = _text(
                _cell(values, positions, "holder_name"),
                field="holder_name",
                label=_("经营者"),
                max_length=100,
                required=False,
            )
            raw_code = str(_cell(values, positions, "holder_uscc") or "").strip()
            row["holder_uscc"] = _uscc(raw_code, field="holder_uscc") if raw_code else ""
            if row["holder_uscc"]:
                codes.add(row["holder_uscc"])
            elif not row["holder_name"]:
                raise ApplicationError(
                    _("请填写经营者姓名或名称，或经营者的统一社会信用代码。"), field="holder_name"
                )
            row["goods"] = _text(
                _cell(values, positions, "goods"),
                field="goods",
                label=_("经营品种"),
                max_length=200,
                required=False,
            )
            word = str(_cell(values, positions, "active") or "").strip()
            if word not in ACTIVE_WORDS:
                raise ApplicationError(
                    _("状态只能填“在用”或“停用”，或留空（在用）。"), field="active"
                )
            row["is_active"] = ACTIVE_WORDS[word]
        except ApplicationError as error:
            errors.append(RowError(number, _column_label(error.field), error.message))
            continue
        parsed.append(_Row(number, row))
    return parsed, errors, codes


def _column_label(key: str | None) -> str:
    for column_key, header, _required in STALL_COLUMNS:
        if key == column_key or (key == "is_active" and column_key == "active"):
            return _(header)
    return ""


@transaction.atomic
def stalls_import(
    *,
    actor: User,
    market: Market,
    headers: Sequence[str],
    rows: Sequence[tuple[int, Sequence[Any]]],
) -> StallImportResult:
    """Add and update a market's stalls from the rows of a workbook (keyed by 摊位号).

    All or nothing: any wrong row (missing or duplicate 摊位号, an unknown or closed enterprise,
    a text too long) refuses the whole file with every error listed (`StallImportRefusedError`), and
    nothing is written. Stalls of the market absent from the file are left as they are.
    """
    locked = Market.objects.select_for_update().get(pk=market.pk)
    _may_edit(actor, locked)
    if not locked.is_active:
        raise ApplicationError(_("该市场已停业，不能导入摊位；请先恢复营业。"), field="file")
    if not rows:
        raise ApplicationError(
            _("工作表中没有数据行：第一行是表头，数据从第二行开始。"), field="file"
        )
    if len(rows) > MAX_IMPORT_ROWS:
        raise ApplicationError(
            _("一次最多导入 %(n)d 个摊位，请分成几个文件。") % {"n": MAX_IMPORT_ROWS}, field="file"
        )
    positions = _column_positions(headers)
    parsed, errors, codes = _read_rows(rows, positions)
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=sorted(codes))}
    for row in parsed:
        code = row.values["holder_uscc"]
        if not code:
            row.values["enterprise"] = None
            continue
        enterprise = enterprises.get(code)
        if enterprise is None:
            errors.append(
                RowError(
                    row.number,
                    _column_label("holder_uscc"),
                    _("登记簿中没有统一社会信用代码为 %(code)s 的市场主体。") % {"code": code},
                )
            )
        elif enterprise.status != EnterpriseStatus.ACTIVE:
            errors.append(
                RowError(
                    row.number,
                    _column_label("holder_uscc"),
                    _("“%(name)s”的登记状态为%(status)s，不能作为摊位经营者。")
                    % {"name": enterprise.name, "status": enterprise.get_status_display()},
                )
            )
        row.values["enterprise"] = enterprise
        row.values["holder_name"] = row.values["holder_name"] or getattr(enterprise, "name", "")
    if errors:
        raise StallImportRefusedError(sorted(errors, key=lambda e: (e.row, e.column)))
    existing = {
        stall.number: stall
        for stall in MarketStall.objects.select_for_update().filter(market=locked)
    }
    result = StallImportResult()
    to_create: list[MarketStall] = []
    to_update: list[MarketStall] = []
    for row in parsed:
        values = {k: row.values[k] for k in ("holder_name", "enterprise", "goods", "is_active")}
        stall = existing.get(row.values["number"])
        if stall is None:
            to_create.append(MarketStall(market=locked, number=row.values["number"], **values))
            continue
        changed = [name for name, value in values.items() if getattr(stall, name) != value]
        if not changed:
            result.unchanged += 1
            continue
        for name in changed:
            setattr(stall, name, values[name])
        to_update.append(stall)
    try:
        with transaction.atomic():
            MarketStall.objects.bulk_create(to_create)
            MarketStall.objects.bulk_update(
                to_update, ["holder_name", "enterprise", "goods", "is_active"]
            )
    except IntegrityError:  # another clerk added one of these numbers meanwhile
        raise ApplicationError(
            _("导入期间本市场新增了相同摊位号的摊位，没有导入任何数据；请重新上传。"), field="file"
        ) from None
    result.created, result.updated = len(to_create), len(to_update)
    audit_record(
        actor=actor,
        action="credit.market.stalls_import",
        instance=locked,
        after={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "numbers": [stall.number for stall in (*to_create, *to_update)][:200],
        },
    )
    return result


# --- the checklist --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    text: str
    points: int
    required: bool


def checklist_items(checklist: MarketChecklist) -> list[ChecklistItem]:
    return [
        ChecklistItem(
            code=str(item["code"]),
            text=str(item["text"]),
            points=int(item["points"]),
            required=bool(item.get("required")),
        )
        for item in checklist.items or []
    ]


def _points(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    return int(text) if re.fullmatch(r"-?\d{1,6}", text) else None


def checklist_clean(
    items: Iterable[Mapping[str, Any]], pass_score: Any
) -> tuple[list[dict[str, Any]], int]:
    """The items and pass score as stored, or a refusal naming the item and the fix: at least
    one item; codes unique (letters, digits, '.', '-'); a text; points a whole number above 0;
    the pass score above 0 and at most the total points."""
    cleaned: list[dict[str, Any]] = []
    codes: dict[str, int] = {}
    for position, item in enumerate(items, start=1):
        code = str(item.get("code") or "").strip()
        label = _("第 %(n)d 项") % {"n": position}
        if not CODE_PATTERN.match(code):
            raise ApplicationError(
                _("%(item)s：代码请用1至16位字母、数字、“.”或“-”，以字母或数字开头。")
                % {"item": label},
                field="items",
            )
        if code.upper() in codes:
            raise ApplicationError(
                _("%(item)s：代码“%(code)s”与第 %(other)d 项重复，每项的代码必须不同。")
                % {"item": label, "code": code, "other": codes[code.upper()]},
                field="items",
            )
        codes[code.upper()] = position
        text = " ".join(str(item.get("text") or "").split())
        if not text:
            raise ApplicationError(
                _("%(item)s（%(code)s）：请填写评议内容。") % {"item": label, "code": code},
                field="items",
            )
        if len(text) > 500:
            raise ApplicationError(
                _("%(item)s（%(code)s）：评议内容不能超过500个字。")
                % {"item": label, "code": code},
                field="items",
            )
        points = _points(item.get("points"))
        if points is None or not 0 < points <= MAX_ITEM_POINTS:
            raise ApplicationError(
                _("%(item)s（%(code)s）：分值必须是1至%(max)d之间的整数。")
                % {"item": label, "code": code, "max": MAX_ITEM_POINTS},
                field="items",
            )
        cleaned.append(
            {"code": code, "text": text, "points": points, "required": bool(item.get("required"))}
        )
    if not cleaned:
        raise ApplicationError(_("评议标准至少要有一个评议项目。"), field="items")
    if len(cleaned) > MAX_CHECKLIST_ITEMS:
        raise ApplicationError(
            _("评议项目不能超过 %(n)d 项。") % {"n": MAX_CHECKLIST_ITEMS}, field="items"
        )
    total = sum(item["points"] for item in cleaned)
    score = _points(pass_score)
    if score is None or score <= 0:
        raise ApplicationError(_("达标分数必须是大于0的整数。"), field="pass_score")
    if score > total:
        raise ApplicationError(
            _("达标分数 %(score)d 超过了各项分值合计 %(total)d，请调低达标分数或增加项目分值。")
            % {"score": score, "total": total},
            field="pass_score",
        )
    return cleaned, score


def checklist_is_frozen(checklist: MarketChecklist) -> bool:
    """A checklist a decided evaluation was scored against no longer changes: the decision must
    stay explainable by the items it was decided on."""
    return MarketEvaluation.objects.filter(
        checklist=checklist, status=EvaluationStatus.DECIDED
    ).exists()


def checklists_editable_by(user: AnyUser) -> bool:
    """The checklist is city-wide: edited by those the scope table lets edit markets of the whole
    city (the city bureau's supervisors), read by everyone who reads markets."""
    reach = reachable(user, MARKET, Action.EDIT)
    if not reach.permitted:
        return False
    if reach.everything:
        return True
    roots = set(Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    return bool(roots) and roots <= reach.unit_ids


def _may_edit_checklists(actor: AnyUser) -> None:
    if not checklists_editable_by(actor):
        raise ApplicationError(_("评议标准由市局监管人员维护，您不能修改。"))


def _refuse_frozen(checklist: MarketChecklist) -> None:
    if checklist_is_frozen(checklist):
        raise ApplicationError(
            _(
                "%(year)d年度评议标准已用于已评定的评议，不能再修改；"
                "请为新的年度建立评议标准（可复制上一年度的）。"
            )
            % {"year": checklist.year},
            field="items",
        )


def _year(value: Any) -> int:
    year = _points(value)
    if year is None or not 2000 <= year <= _today().year + 1:
        raise ApplicationError(
            _("年度：请填写2000年至%(last)d年之间的四位年份。") % {"last": _today().year + 1},
            field="year",
        )
    return year


def _checklist_snapshot(checklist: MarketChecklist) -> dict[str, Any]:
    return {"year": checklist.year, "items": checklist.items, "pass_score": checklist.pass_score}


@transaction.atomic
def checklist_create(
    *, actor: User, year: Any, items: Iterable[Mapping[str, Any]], pass_score: Any
) -> MarketChecklist:
    _may_edit_checklists(actor)
    year_value = _year(year)
    cleaned, score = checklist_clean(items, pass_score)
    if MarketChecklist.objects.filter(year=year_value).exists():
        raise _year_taken(year_value)
    checklist = MarketChecklist(year=year_value, items=cleaned, pass_score=score)
    try:
        with transaction.atomic():
            checklist.save()
    except IntegrityError:
        raise _year_taken(year_value) from None
    audit_record(
        actor=actor,
        action="credit.checklist.create",
        instance=checklist,
        after=_checklist_snapshot(checklist),
    )
    return checklist


def _year_taken(year: int) -> ApplicationError:
    return ApplicationError(
        _("%(year)d年度的评议标准已经建立，请直接修改它。") % {"year": year}, field="year"
    )


def checklist_copy(*, actor: User, year: Any, source: MarketChecklist) -> MarketChecklist:
    """A new year's checklist with the items and pass score of `source` (last year's)."""
    return checklist_create(
        actor=actor, year=year, items=source.items or [], pass_score=source.pass_score
    )


def _refresh_drafts(checklist: MarketChecklist) -> None:
    """Drafts follow their checklist's edits: scores of removed items, and scores above an
    item's new points, are dropped (the clerk scores them again); totals are recomputed."""
    items = {item.code: item for item in checklist_items(checklist)}
    for evaluation in MarketEvaluation.objects.select_for_update().filter(
        checklist=checklist, status=EvaluationStatus.DRAFT
    ):
        kept = {
            code: value
            for code, value in (evaluation.scores or {}).items()
            if code in items and isinstance(value, int) and 0 <= value <= items[code].points
        }
        total = sum(kept.values())
        if kept != evaluation.scores or total != evaluation.total:
            evaluation.scores, evaluation.total = kept, total
            evaluation.save(update_fields=["scores", "total", "updated_at"])


@transaction.atomic
def checklist_update(
    *,
    actor: User,
    checklist: MarketChecklist,
    items: Iterable[Mapping[str, Any]],
    pass_score: Any,
) -> MarketChecklist:
    """Change a checklist nobody has been decided against yet (the row lock serialises this
    with a decision)."""
    _may_edit_checklists(actor)
    locked = MarketChecklist.objects.select_for_update().get(pk=checklist.pk)
    _refuse_frozen(locked)
    before = _checklist_snapshot(locked)
    locked.items, locked.pass_score = checklist_clean(items, pass_score)
    locked.save()
    _refresh_drafts(locked)
    audit_record(
        actor=actor,
        action="credit.checklist.update",
        instance=locked,
        before=before,
        after=_checklist_snapshot(locked),
    )
    return locked


@transaction.atomic
def checklist_delete(*, actor: User, checklist: MarketChecklist) -> None:
    """Delete a checklist no evaluation uses (one made for the wrong year, say)."""
    _may_edit_checklists(actor)
    locked = MarketChecklist.objects.select_for_update().get(pk=checklist.pk)
    if MarketEvaluation.objects.filter(checklist=locked).exists():
        raise ApplicationError(
            _("已有市场按%(year)d年度评议标准建立了评议，不能删除。") % {"year": locked.year}
        )
    audit_record(
        actor=actor,
        action="credit.checklist.delete",
        instance=locked,
        before=_checklist_snapshot(locked),
    )
    locked.delete()


# --- scoring and the decision (pure rules) --------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the scores give against a checklist."""

    total: int
    pass_score: int
    unscored: tuple[str, ...]  # codes of items without a score
    required_short: tuple[str, ...]  # codes of required items scored below full points

    @property
    def complete(self) -> bool:
        return not self.unscored

    @property
    def passed(self) -> bool:
        return self.complete and self.total >= self.pass_score and not self.required_short


def evaluation_outcome(
    items: Sequence[ChecklistItem], pass_score: int, scores: Mapping[str, Any]
) -> Outcome:
    """Passed: every item scored, total ≥ pass score and every required item at full points."""
    unscored = tuple(item.code for item in items if not isinstance(scores.get(item.code), int))
    total = sum(int(scores[item.code]) for item in items if item.code not in unscored)
    short = tuple(
        item.code
        for item in items
        if item.required and item.code not in unscored and int(scores[item.code]) < item.points
    )
    return Outcome(total=total, pass_score=pass_score, unscored=unscored, required_short=short)


def scores_clean(items: Sequence[ChecklistItem], scores: Mapping[str, Any]) -> dict[str, int]:
    """The scores as stored (unscored items left out), or a refusal naming the item: a score is
    a whole number from 0 to the item's points; codes not in the checklist are refused."""
    by_code = {item.code: item for item in items}
    unknown = sorted(set(scores) - set(by_code))
    if unknown:
        raise ApplicationError(
            _("评议标准中没有代码为 %(codes)s 的项目。") % {"codes": "、".join(unknown)},
            field="scores",
        )
    cleaned: dict[str, int] = {}
    for code, raw in scores.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        item = by_code[code]
        value = _points(raw)
        if value is None or value < 0:
            raise ApplicationError(
                _("%(code)s 的得分必须是0至%(points)d之间的整数。")
                % {"code": code, "points": item.points},
                field=f"score_{code}",
            )
        if value > item.points:
            raise ApplicationError(
                _("%(code)s 的得分 %(value)d 超过了该项分值 %(points)d 分。")
                % {"code": code, "value": value, "points": item.points},
                field=f"score_{code}",
            )
        cleaned[code] = value
    return cleaned


# --- evaluations ----------------------------------------------------------------------------------


def _evaluation_snapshot(evaluation: MarketEvaluation) -> dict[str, Any]:
    return audit_snapshot(
        evaluation,
        fields=(
            "market",
            "year",
            "checklist",
            "scores",
            "total",
            "status",
            "evaluated_on",
            "evaluated_by",
            "title_awarded",
            "title_revoked_on",
            "revoked_reason",
            "note",
        ),
    )


def _second_evaluation(market: Market, year: int) -> ApplicationError:
    return ApplicationError(
        _("“%(market)s”已有%(year)d年度的评议，每个市场每年只评议一次；请打开已有的评议。")
        % {"market": market.name, "year": year},
        field="year",
    )


@transaction.atomic
def evaluation_create(*, actor: User, market: Market, year: Any) -> MarketEvaluation:
    """Open the evaluation of a market for a year, against that year's checklist; a second
    evaluation of the same market and year is refused (the unique constraint settles a race)."""
    year_value = _year(year)
    if year_value > _today().year:
        raise ApplicationError(_("只能评议本年度及以前年度。"), field="year")
    market = Market.objects.get(pk=market.pk)  # as stored now, not as the page loaded it
    _may_edit(actor, market)
    if not market.is_active:
        raise ApplicationError(_("该市场已停业，不能评议。"), field="year")
    if market.opened_on is not None and market.opened_on.year > year_value:
        raise ApplicationError(
            _("该市场%(opened)s开业，不能评议开业以前的年度。")
            % {"opened": f"{market.opened_on:%Y-%m-%d}"},
            field="year",
        )
    checklist = MarketChecklist.objects.filter(year=year_value).first()
    if checklist is None:
        raise ApplicationError(
            _("%(year)d年度的评议标准尚未建立，请先由市局建立评议标准。") % {"year": year_value},
            field="year",
        )
    if MarketEvaluation.objects.filter(market=market, year=year_value).exists():
        raise _second_evaluation(market, year_value)
    evaluation = MarketEvaluation(market=market, year=year_value, checklist=checklist)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:  # the other clerk's evaluation of this market-year won
        raise _second_evaluation(market, year_value) from None
    audit_record(
        actor=actor,
        action="credit.evaluation.create",
        instance=evaluation,
        after=_evaluation_snapshot(evaluation),
    )
    return evaluation


def _locked_evaluation(actor: AnyUser, evaluation: MarketEvaluation) -> MarketEvaluation:
    locked = (
        MarketEvaluation.objects.select_for_update()
        .select_related("market", "checklist")
        .get(pk=evaluation.pk)
    )
    _may_edit(actor, locked)
    return locked


def _refuse_decided(evaluation: MarketEvaluation) -> None:
    if evaluation.status != EvaluationStatus.DRAFT:
        raise ApplicationError(
            _("该评议已于%(day)s评定，评分不能再修改。")
            % {"day": f"{evaluation.evaluated_on:%Y-%m-%d}" if evaluation.evaluated_on else ""},
            field="scores",
        )


@transaction.atomic
def evaluation_score(
    *, actor: User, evaluation: MarketEvaluation, scores: Mapping[str, Any], note: str
) -> MarketEvaluation:
    """Record (some of) the item scores of a draft and its note; the total follows."""
    locked = _locked_evaluation(actor, evaluation)
    _refuse_decided(locked)
    before = _evaluation_snapshot(locked)
    items = checklist_items(locked.checklist)
    merged = {**(locked.scores or {}), **scores_clean(items, scores)}
    for code, raw in scores.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            merged.pop(code, None)  # a score cleared on the form
    locked.scores = merged
    locked.total = evaluation_outcome(items, locked.checklist.pass_score, merged).total
    locked.note = _text(note, field="note", label=_("评议意见"), max_length=4000, required=False)
    locked.save()
    audit_record(
        actor=actor,
        action="credit.evaluation.score",
        instance=locked,
        before=before,
        after=_evaluation_snapshot(locked),
    )
    return locked


@transaction.atomic
def evaluation_decide(
    *,
    actor: User,
    evaluation: MarketEvaluation,
    evaluated_on: datetime.date,
    award: bool,
    note: str | None = None,
) -> MarketEvaluation:
    """Decide a draft whose every item is scored. Passed when the total reaches the pass score
    and every required item has full points; the title is awarded when it passed and the clerk
    confirms (`award`). Not awarding a passed market needs the reason in the note."""
    locked = _locked_evaluation(actor, evaluation)
    _refuse_decided(locked)
    # The checklist row lock orders this decision with any edit of the checklist.
    checklist = MarketChecklist.objects.select_for_update().get(pk=locked.checklist_id)
    items = checklist_items(checklist)
    outcome = evaluation_outcome(items, checklist.pass_score, locked.scores or {})
    if not outcome.complete:
        raise ApplicationError(
            _("还有 %(n)d 项未评分（%(codes)s），全部评分后才能评定。")
            % {"n": len(outcome.unscored), "codes": "、".join(outcome.unscored)},
            field="scores",
        )
    scores_clean(items, locked.scores or {})  # stored scores still fit the items
    today = _today()
    if evaluated_on > today:
        raise ApplicationError(_("评定日期不能晚于今天。"), field="evaluated_on")
    if evaluated_on.year < locked.year:
        raise ApplicationError(
            _("评定日期不能早于评议年度（%(year)d年）。") % {"year": locked.year},
            field="evaluated_on",
        )
    if note is not None:
        locked.note = _text(
            note, field="note", label=_("评议意见"), max_length=4000, required=False
        )
    if award and not outcome.passed:
        raise ApplicationError(_non_pass_reason(outcome), field="award")
    if outcome.passed and not award and not locked.note:
        raise ApplicationError(
            _("该市场已达标；不授予称号的，请在评议意见中写明理由。"), field="note"
        )
    before = _evaluation_snapshot(locked)
    locked.total = outcome.total
    locked.status = EvaluationStatus.DECIDED
    locked.evaluated_on = evaluated_on
    locked.evaluated_by = actor
    locked.title_awarded = bool(award and outcome.passed)
    locked.save()
    audit_record(
        actor=actor,
        action="credit.evaluation.decide",
        instance=locked,
        before=before,
        after={**_evaluation_snapshot(locked), "passed": outcome.passed},
    )
    return locked


def _non_pass_reason(outcome: Outcome) -> str:
    if outcome.total < outcome.pass_score:
        return _("总分 %(total)d 低于达标分数 %(pass)d，未达标，不能授予称号。") % {
            "total": outcome.total,
            "pass": outcome.pass_score,
        }
    return _("必备项目 %(codes)s 未得满分，未达标，不能授予称号。") % {
        "codes": "、".join(outcome.required_short)
    }


def non_pass_reason(outcome: Outcome) -> str:
    """Why an outcome did not pass, for the pages ('' when it passed or is incomplete)."""
    return "" if outcome.passed or not outcome.complete else _non_pass_reason(outcome)


@transaction.atomic
def evaluation_reopen(
    *, actor: User, evaluation: MarketEvaluation, reason: str
) -> MarketEvaluation:
    """Take a decision without a title back to a draft to correct its scores. A title that was
    awarded has been public: it is ended by revocation, never by reopening."""
    locked = _locked_evaluation(actor, evaluation)
    if locked.status != EvaluationStatus.DECIDED:
        raise ApplicationError(_("该评议尚未评定，无需撤回。"), field="reason")
    if locked.title_awarded:
        raise ApplicationError(
            _("该评议已授予称号，不能撤回评定；如需取消称号，请撤销称号并写明原因。"),
            field="reason",
        )
    reason = _text(reason, field="reason", label=_("撤回原因"), max_length=1000)
    before = _evaluation_snapshot(locked)
    locked.status = EvaluationStatus.DRAFT
    locked.evaluated_on = None
    locked.evaluated_by = None
    locked._change_reason = reason  # type: ignore[attr-defined]
    locked.save()
    audit_record(
        actor=actor,
        action="credit.evaluation.reopen",
        instance=locked,
        before=before,
        after={**_evaluation_snapshot(locked), "reason": reason},
    )
    return locked


@transaction.atomic
def evaluation_title_revoke(
    *, actor: User, evaluation: MarketEvaluation, revoked_on: datetime.date, reason: str
) -> MarketEvaluation:
    """Revoke an awarded title (a serious incident, a stall operator on the serious list…) from
    a date, with the reason; the market leaves the public list."""
    locked = _locked_evaluation(actor, evaluation)
    if not locked.title_awarded:
        raise ApplicationError(_("该评议没有授予称号，无从撤销。"), field="reason")
    if locked.title_revoked_on is not None:
        raise ApplicationError(
            _("该称号已于%(day)s撤销。") % {"day": f"{locked.title_revoked_on:%Y-%m-%d}"},
            field="reason",
        )
    if revoked_on > _today():
        raise ApplicationError(_("撤销日期不能晚于今天。"), field="revoked_on")
    if locked.evaluated_on is not None and revoked_on < locked.evaluated_on:
        raise ApplicationError(
            _("撤销日期不能早于评定日期 %(day)s。") % {"day": f"{locked.evaluated_on:%Y-%m-%d}"},
            field="revoked_on",
        )
    reason = _text(reason, field="reason", label=_("撤销原因"), max_length=2000)
    before = _evaluation_snapshot(locked)
    locked.title_revoked_on = revoked_on
    locked.revoked_reason = reason
    locked._change_reason = reason  # type: ignore[attr-defined]
    locked.save()
    audit_record(
        actor=actor,
        action="credit.evaluation.revoke_title",
        instance=locked,
        before=before,
        after=_evaluation_snapshot(locked),
    )
    return locked
