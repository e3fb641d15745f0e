"""The pre-review rules (docs/rules/registration.md §3 and §6).

Every rule adds to one list; none stops early.

Rule ids: REG-<AREA>-<n>. Each defect cites its article and says how to fix it; CITATIONS says
once, per rule, which section shows it and which article it cites unless the call says. Messages
are Chinese templates marked with `_` (a no-op here) and translated by the Django layer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hongdun.core.identity import resident_id_check
from hongdun.enterprises import uscc
from hongdun.orgs.levels import LEVEL_NAMES, division_level
from hongdun.registration.prereview.config import RuleConfig
from hongdun.registration.prereview.text import mark as _
from hongdun.registration.prereview.types import (
    ApplicationData,
    Defect,
    EnterpriseFacts,
    MemberData,
    OfficerData,
    Phase,
    Section,
    Severity,
)

ERROR, MANUAL, WARNING = Severity.ERROR, Severity.MANUAL, Severity.WARNING
# EnterpriseStatus.LICENCE_REVOKED: 吊销营业执照. The enterprise still exists and may (must) be
# deregistered. 撤销登记 ("registration_revoked") ends it: nothing can be filed for it any more.
LICENCE_REVOKED = "revoked"
CENT = Decimal("0.01")

# Articles cited (the texts and their keys: docs/rules/sources.md).
A_REGS_11 = _("《市场主体登记管理条例》第十一条")
A_REGS_12 = _("《市场主体登记管理条例》第十二条")
A_REGS_13 = _("《市场主体登记管理条例》第十三条")
A_REGS_14 = _("《市场主体登记管理条例》第十四条")
A_REGS_16 = _("《市场主体登记管理条例》第十六条")
A_REGS_24 = _("《市场主体登记管理条例》第二十四条")
A_REGS_27 = _("《市场主体登记管理条例》第二十七条")
A_REGS_32 = _("《市场主体登记管理条例》第三十二条")
A_REGS_33 = _("《市场主体登记管理条例》第三十三条")
A_RULES_4 = _("《市场主体登记管理条例实施细则》第四条")
A_RULES_10 = _("《市场主体登记管理条例实施细则》第十条、第十八条第四款")
A_RULES_12 = _("《市场主体登记管理条例实施细则》第十二条")
A_RULES_13 = _("《市场主体登记管理条例实施细则》第十三条")
A_RULES_20 = _("《市场主体登记管理条例实施细则》第二十条第二款")
A_RULES_22 = _("《市场主体登记管理条例实施细则》第二十二条")
A_RULES_26 = _("《市场主体登记管理条例实施细则》第二十五条、第二十六条")
A_RULES_31 = _("《市场主体登记管理条例实施细则》第三十一条、第三十二条")
A_RULES_33 = _("《市场主体登记管理条例实施细则》第三十三条")
A_RULES_36 = _("《市场主体登记管理条例实施细则》第三十六条")
A_RULES_44 = _("《市场主体登记管理条例实施细则》第四十四条至第四十六条")
A_RULES_47 = _("《市场主体登记管理条例实施细则》第四十七条至第四十九条")
A_COMPANY_7 = _("《中华人民共和国公司法》第七条")
A_COMPANY_10 = _("《中华人民共和国公司法》第十条")
A_COMPANY_42 = _("《中华人民共和国公司法》第四十二条、第九十二条")
A_COMPANY_47 = _("《中华人民共和国公司法》第四十七条")
A_COMPANY_48 = _("《中华人民共和国公司法》第四十八条")
A_COMPANY_75 = _("《中华人民共和国公司法》第六十九条、第七十五条、第八十三条")
A_COMPANY_76 = _("《中华人民共和国公司法》第七十六条、第一百三十条")
A_COMPANY_98 = _("《中华人民共和国公司法》第九十八条")
A_COMPANY_178 = _("《中华人民共和国公司法》第一百七十八条")
A_COMPANY_224 = _("《中华人民共和国公司法》第二百二十四条")
A_COMPANY_240 = _("《中华人民共和国公司法》第二百四十条")
A_CAPITAL_2 = _("《国务院关于实施〈公司法〉注册资本登记管理制度的规定》第二条")
A_CAPITAL_3 = _("《国务院关于实施〈公司法〉注册资本登记管理制度的规定》第三条")
A_NAMES_6 = _("《企业名称登记管理规定》第六条、第八条")
A_NAMES_7 = _("《企业名称登记管理规定》第七条")
A_NAMES_12 = _("《企业名称登记管理规定》第十二条")
A_NAMES_18 = _("《企业名称登记管理规定》第十八条")
A_PARTNERSHIP = _("《中华人民共和国合伙企业法》第十四条、第十六条、第六十一条、第六十四条")
# 个体工商户: the 2011 regulation (国务院令第596号) was repealed on 2022-11-01 by
# 《促进个体工商户发展条例》; their names follow the enterprise-name rules "参照" (第二十五条).
A_SOLE = _(
    "《中华人民共和国个人独资企业法》第二条、第十一条；"
    "《企业名称登记管理规定》第二十五条；《促进个体工商户发展条例》第二条"
)
A_PUBLICITY_17 = _("《企业信息公示暂行条例》第十七条")

Add = Callable[..., None]


# Where each rule's defects are shown and the article they cite unless the call names another
# (the identity-number rules are shown in the section of the person they check).
CITATIONS: dict[str, tuple[Section | None, str | None]] = {
    "REG-ADDR-1": (Section.BASIC, A_REGS_11),
    "REG-ADDR-2": (Section.BASIC, A_RULES_10),
    "REG-AUTH-1": (Section.BASIC, A_RULES_4),
    "REG-CAP-1": (Section.CAPITAL, A_COMPANY_47),
    "REG-CAP-2": (Section.CAPITAL, A_COMPANY_47),
    "REG-CAP-3": (Section.CAPITAL, A_COMPANY_47),
    "REG-CAP-4": (Section.CAPITAL, None),
    "REG-CAP-5": (Section.CAPITAL, A_REGS_13),
    "REG-CAP-6": (Section.CAPITAL, A_COMPANY_98),
    "REG-CAP-7": (Section.CAPITAL, A_CAPITAL_3),
    "REG-CAP-8": (Section.CAPITAL, A_CAPITAL_2),
    "REG-CHG-1": (Section.CHANGE, A_REGS_24),
    "REG-CHG-2": (Section.CHANGE, A_RULES_31),
    "REG-CHG-3": (Section.CHANGE, A_REGS_24),
    "REG-CHG-4": (Section.CHANGE, A_RULES_33),
    "REG-CHG-5": (Section.CHANGE, A_RULES_36),
    "REG-CHG-6": (Section.CHANGE, A_RULES_20),
    "REG-DER-1": (Section.DEREGISTRATION, A_REGS_32),
    "REG-DER-2": (Section.DEREGISTRATION, A_RULES_44),
    "REG-DER-3": (Section.DEREGISTRATION, A_RULES_44),
    "REG-DER-4": (Section.DEREGISTRATION, A_REGS_32),
    "REG-DER-5": (Section.DEREGISTRATION, A_REGS_33),
    "REG-DER-6": (Section.DEREGISTRATION, A_RULES_47),
    "REG-DER-7": (Section.DEREGISTRATION, A_REGS_33),
    "REG-DER-8": (Section.DEREGISTRATION, A_REGS_33),
    "REG-DER-9": (Section.DEREGISTRATION, A_REGS_33),
    "REG-ENT-1": (None, A_REGS_24),
    "REG-ENT-2": (None, A_REGS_27),
    "REG-ENT-3": (Section.BASIC, A_REGS_16),
    "REG-ID-1": (None, A_REGS_16),
    "REG-ID-2": (None, A_REGS_16),
    "REG-MAT-1": (Section.MATERIALS, None),
    "REG-MAT-2": (Section.MATERIALS, A_RULES_26),
    "REG-MEM-1": (Section.MEMBERS, None),
    "REG-MEM-2": (Section.MEMBERS, A_REGS_16),
    "REG-MEM-3": (Section.MEMBERS, A_SOLE),
    "REG-MEM-4": (Section.MEMBERS, A_PARTNERSHIP),
    "REG-MEM-5": (Section.MEMBERS, A_REGS_16),
    "REG-NAME-1": (Section.NAME, A_NAMES_18),
    "REG-NAME-2": (Section.NAME, A_NAMES_18),
    "REG-NAME-3": (Section.NAME, None),
    "REG-NAME-4": (Section.NAME, A_NAMES_6),
    "REG-NAME-5": (Section.NAME, A_NAMES_12),
    "REG-NAME-6": (Section.NAME, A_NAMES_7),
    "REG-OFF-1": (Section.OFFICERS, None),
    "REG-OFF-2": (Section.OFFICERS, A_COMPANY_10),
    "REG-OFF-3": (Section.OFFICERS, A_COMPANY_76),
    "REG-OFF-4": (Section.OFFICERS, A_COMPANY_75),
    "REG-OFF-5": (Section.OFFICERS, A_COMPANY_75),
    "REG-OFF-6": (Section.OFFICERS, None),
    "REG-SCOPE-1": (Section.SCOPE, A_RULES_12),
    "REG-SCOPE-2": (Section.SCOPE, A_REGS_14),
    "REG-SCOPE-3": (Section.SCOPE, A_RULES_22),
    "REG-SCOPE-4": (Section.SCOPE, A_REGS_14),
}


def _collector(out: list[Defect]) -> Add:
    def add(
        rule: str,
        field: str,
        severity: Severity,
        message: str,
        fix: str,
        *,
        section: Section | None = None,
        article: str | None = None,
        **params: Any,
    ) -> None:
        cited_section, cited_article = CITATIONS[rule]
        shown_in, cites = section or cited_section, article or cited_article
        if shown_in is None or cites is None:
            raise ValueError(f"{rule}: the call must name the section and the article it cites")
        out.append(Defect(rule, field, shown_in, severity, cites, message, fix, params))

    return add


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _changes(app: ApplicationData) -> set[str]:
    return {item.item for item in app.change_items}


def _checks_content(app: ApplicationData, *items: str) -> bool:
    """Establishment checks everything; a change checks the parts it changes."""
    if app.kind == "establishment":
        return True
    if app.kind == "change":
        return bool(_changes(app) & set(items))
    return False


# --- address ---------------------------------------------------------------------------------


def check_address(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if not _checks_content(app, "address"):
        return
    address = app.address.strip()
    if not address:
        add(
            "REG-ADDR-1",
            "address",
            ERROR,
            _("未填写住所。"),
            _("填写主要办事机构所在地的详细地址（一个住所）。"),
        )
    elif any(sep in address for sep in cfg.address_separators):
        add(
            "REG-ADDR-1",
            "address",
            ERROR,
            _("住所只能登记一个，填写的内容看起来包含多个地址。"),
            _("只填写主要办事机构所在地；其他经营场所另行办理备案或分支机构登记。"),
        )
    elif len(address) < cfg.address_min_chars:
        add(
            "REG-ADDR-1",
            "address",
            ERROR,
            _("住所填写不完整。"),
            _("填写到门牌号（或楼栋、房间号）的详细地址。"),
        )
    if not cfg.check_jurisdiction:
        return
    if not app.address_division_code:
        add(
            "REG-ADDR-2",
            "address_division_code",
            ERROR,
            _("未选择住所所在的行政区划。"),
            _("选择住所所在的县级行政区划。"),
        )
    elif app.address_division_code not in app.authority.jurisdiction:
        add(
            "REG-ADDR-2",
            "address_division_code",
            ERROR,
            _("住所不在%(authority)s的管辖区域内，本机关不能受理（告知另行申请）。"),
            _("向住所所在地的登记机关申请；迁出辖区的，向迁入地登记机关申请。"),
            authority=app.authority.name,
        )


# --- competent authority ---------------------------------------------------------------------


def check_authority_level(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    """实施细则第四条: some entity types are registered only at a city-level authority or above,
    unless the higher authority delegated them to this one (configured with its document)."""
    required = cfg.authority_levels.get(app.entity_type)
    if required is None or not app.authority.division_code:
        return
    try:
        level = division_level(app.authority.division_code)
    except ValueError:
        return  # not a division code: the address rule (REG-ADDR-2) already refuses it
    if level.covers(required):
        return
    if any(
        d.entity_type == app.entity_type
        and d.division_code == app.authority.division_code
        and d.in_force(app.as_of)
        for d in cfg.delegations
    ):
        return
    add(
        "REG-AUTH-1",
        "authority",
        ERROR,
        _(
            "%(entity_type)s的登记由%(level)s以上登记机关负责，%(authority)s不能办理（告知另行申请）。"
        ),
        _("向住所所在地的%(level)s登记机关（或经依法交由承担该项登记的登记机关）申请。"),
        entity_type=app.entity_type,
        level=LEVEL_NAMES[required],
        authority=app.authority.name,
    )


# --- name ------------------------------------------------------------------------------------


def check_name(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    needs_name = app.kind == "establishment" or (app.kind == "change" and "name" in _changes(app))
    if not needs_name:
        return
    reservation = app.reservation
    if reservation is None:
        add(
            "REG-NAME-1",
            "name_reservation",
            ERROR,
            _("未选择已保留的企业名称。"),
            _("先通过企业名称自主申报保留名称，再在申请中选择该名称。"),
        )
        return
    if not reservation.owned_by_applicant:
        add(
            "REG-NAME-1",
            "name_reservation",
            ERROR,
            _("所选名称不是由您申报保留的。"),
            _("选择您本人申报保留的名称。"),
        )
    if reservation.status != "reserved":
        add(
            "REG-NAME-1",
            "name_reservation",
            ERROR,
            _("名称“%(name)s”当前不处于保留状态，不能使用。"),
            _("待名称审核通过后再提交，或重新申报名称。"),
            name=reservation.name,
        )
    elif reservation.reserved_until is not None and reservation.reserved_until < app.as_of:
        add(
            "REG-NAME-1",
            "name_reservation",
            ERROR,
            _("名称“%(name)s”的保留期已于%(until)s届满。"),
            _("重新申报保留名称（保留期2个月，需前置审批的为1年）。"),
            name=reservation.name,
            until=reservation.reserved_until.isoformat(),
        )
    if reservation.authority_id != app.authority.id:
        add(
            "REG-NAME-2",
            "name_reservation",
            ERROR,
            _("名称保留在其他登记机关，与本申请的登记机关不一致。"),
            _("向保留该名称的登记机关申请，或在本机关重新申报名称。"),
        )
    name = reservation.name
    entity_type = app.entity_type
    endings, forbidden = cfg.name_forms.get(entity_type, ((), ()))
    wrong_form = bool(endings) and not name.endswith(endings)
    bad_word = next((word for word in forbidden if word in name), "")
    if entity_type == "llc" and bad_word and not name.endswith(("有限责任公司", "有限公司")):
        bad_word = ""
    if wrong_form or bad_word:
        add(
            "REG-NAME-3",
            "name",
            ERROR,
            _("名称“%(name)s”的组织形式与主体类型不符。"),
            _("按主体类型使用组织形式：%(forms)s。"),
            name=name,
            forms="、".join(endings) if endings else "—",
            article=A_COMPANY_7 if entity_type in cfg.company_types else A_SOLE,
        )
    if entity_type != "branch" and len(reservation.trade_name) < cfg.min_trade_name_chars:
        add(
            "REG-NAME-4",
            "name",
            ERROR,
            _("字号“%(trade)s”少于%(n)d个汉字。"),
            _("字号应由两个以上汉字组成，请重新申报名称。"),
            trade=reservation.trade_name,
            n=cfg.min_trade_name_chars,
        )
    if app.name_region is not None:
        add(
            "REG-NAME-6",
            "name",
            ERROR,
            _("名称中的行政区划“%(region)s”不是企业所在地（%(seat)s）的县级以上行政区划。"),
            _("重新申报以企业所在地行政区划（如“%(seat)s”或其上级行政区划）冠名的名称。"),
            region=app.name_region.region,
            seat=app.name_region.seat,
        )
    prefix = next((p for p in cfg.reserved_prefixes if name.startswith(p)), "")
    if prefix:
        add(
            "REG-NAME-5",
            "name",
            MANUAL,
            _("名称以“%(word)s”开头，须经国务院批准，转人工审查。"),
            _("提交国务院批准文件，或改用不含该字词的名称。"),
            word=prefix,
        )


# --- capital and contributions ---------------------------------------------------------------


def check_capital(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if not _checks_content(app, "capital", "members"):
        return
    entity_type = app.entity_type
    capital = app.registered_capital
    if entity_type in cfg.capital_required_types and capital is None:
        add(
            "REG-CAP-1",
            "registered_capital",
            ERROR,
            _("未填写注册资本。"),
            _("填写以人民币表示的注册资本，等于全体股东认缴出资额之和。"),
        )
    if entity_type in cfg.capital_forbidden_types and capital is not None:
        add(
            "REG-CAP-1",
            "registered_capital",
            ERROR,
            _("分支机构不登记注册资本。"),
            _("清空注册资本一栏。"),
            article=A_REGS_13,
        )
    if capital is not None and capital != capital.quantize(CENT):
        add(
            "REG-CAP-2",
            "registered_capital",
            ERROR,
            _("注册资本应精确到分。"),
            _("金额最多保留两位小数。"),
            article=A_REGS_13,
        )
    if app.currency != "CNY" and not app.is_foreign_invested:
        add(
            "REG-CAP-5",
            "currency",
            ERROR,
            _("注册资本应以人民币表示（币种为%(currency)s）。"),
            _("改用人民币；外商投资企业可以使用可自由兑换的货币，请如实勾选外商投资。"),
            currency=app.currency,
        )
    total = Decimal("0")
    for i, member in enumerate(app.members):
        for j, sub in enumerate(member.subscriptions):
            total += sub.amount
            path = f"members.{i}.subscriptions.{j}"
            _check_subscription(app, cfg, add, member, sub_index=(i, j), path=path)
        if entity_type in cfg.capital_equals_sum_types and not member.subscriptions:
            add(
                "REG-CAP-2",
                f"members.{i}.subscriptions",
                ERROR,
                _("%(member)s未填写认缴出资。"),
                _("填写该股东的认缴出资额、出资方式和出资期限。"),
                member=member.name,
            )
    if entity_type in cfg.capital_equals_sum_types and capital is not None and total != capital:
        add(
            "REG-CAP-2",
            "registered_capital",
            ERROR,
            _("注册资本%(capital)s元与全体股东认缴出资额之和%(total)s元不相等。"),
            _("使注册资本等于各股东认缴出资额之和（精确到分），相差%(difference)s元。"),
            capital=_money(capital),
            total=_money(total),
            difference=_money(abs(capital - total)),
        )
    if capital is not None and capital > cfg.abnormal_capital_threshold:
        add(
            "REG-CAP-7",
            "registered_capital",
            WARNING,
            _("注册资本%(capital)s元明显较高，登记机关可能要求说明或调整。"),
            _("确认注册资本与经营需要相符，并准备出资能力的说明。"),
            capital=_money(capital),
        )
    _check_legacy_subscriptions(app, cfg, add)
    _check_capital_reduction(app, cfg, add)


def _check_subscription(
    app: ApplicationData,
    cfg: RuleConfig,
    add: Add,
    member: MemberData,
    *,
    sub_index: tuple[int, int],
    path: str,
) -> None:
    i, j = sub_index
    sub = app.members[i].subscriptions[j]
    entity_type = app.entity_type
    if sub.amount <= 0 or sub.amount != sub.amount.quantize(CENT):
        add(
            "REG-CAP-2",
            f"{path}.amount",
            ERROR,
            _("%(member)s的认缴出资额%(amount)s元不正确。"),
            _("填写大于零、精确到分的金额。"),
            member=member.name,
            amount=str(sub.amount),
        )
    if sub.form in cfg.forbidden_forms.get(member.role, frozenset()):
        add(
            "REG-CAP-4",
            f"{path}.form",
            ERROR,
            _("%(member)s以“%(form)s”出资，法律不允许以该方式出资。"),
            _(
                "改用货币，或可以用货币估价并可以依法转让的非货币财产（实物、知识产权、土地使用权、股权、债权）出资。"
            ),
            member=member.name,
            form=sub.form,
            article=A_REGS_13 if entity_type in cfg.company_types else A_PARTNERSHIP,
        )
    legacy = (
        app.kind == "change"
        and app.enterprise is not None
        and app.enterprise.established_on < cfg.legacy_cutoff
    )
    # Companies registered before the cutoff follow the transition periods (REG-CAP-8) instead.
    if entity_type in cfg.five_year_types and not legacy:
        limit = add_years(app.as_of, cfg.contribution_years)
        if sub.due_date is None:
            add(
                "REG-CAP-3",
                f"{path}.due_date",
                ERROR,
                _("%(member)s的出资未填写出资期限。"),
                _("填写不晚于%(limit)s的出资期限（自成立之日起%(years)d年内缴足）。"),
                member=member.name,
                limit=limit.isoformat(),
                years=cfg.contribution_years,
            )
        elif sub.due_date > limit:
            add(
                "REG-CAP-3",
                f"{path}.due_date",
                ERROR,
                _("%(member)s的出资期限%(due)s超过自成立之日起%(years)d年（%(limit)s）。"),
                _("将出资期限提前到%(limit)s或更早。"),
                member=member.name,
                due=sub.due_date.isoformat(),
                years=cfg.contribution_years,
                limit=limit.isoformat(),
            )
    if (
        app.kind == "establishment"
        and entity_type in cfg.full_payment_types
        and sub.paid_amount < sub.amount
    ):
        add(
            "REG-CAP-6",
            f"{path}.paid_amount",
            ERROR,
            _("发起人%(member)s尚有%(unpaid)s元股款未缴纳。"),
            _("股份有限公司发起人应在公司成立前按认购的股份全额缴纳股款。"),
            member=member.name,
            unpaid=_money(sub.amount - sub.paid_amount),
        )


def _check_legacy_subscriptions(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    """§1.7.14: companies registered before 2024-06-30 adjust over-long periods by 2027-06-30."""
    enterprise = app.enterprise
    if app.kind != "change" or enterprise is None:
        return
    if enterprise.established_on >= cfg.legacy_cutoff:
        return
    for i, member in enumerate(app.members):
        for j, sub in enumerate(member.subscriptions):
            path = f"members.{i}.subscriptions.{j}"
            if (
                app.entity_type == "llc"
                and sub.due_date is not None
                and sub.due_date > cfg.legacy_llc_latest_due
            ):
                add(
                    "REG-CAP-8",
                    f"{path}.due_date",
                    WARNING,
                    _("%(member)s的出资期限%(due)s晚于%(latest)s，存量公司须在过渡期内调整。"),
                    _("将出资期限调整到%(latest)s或更早，并修改章程。"),
                    member=member.name,
                    due=sub.due_date.isoformat(),
                    latest=cfg.legacy_llc_latest_due.isoformat(),
                )
            if app.entity_type == "jsc" and sub.paid_amount < sub.amount:
                add(
                    "REG-CAP-8",
                    f"{path}.paid_amount",
                    WARNING,
                    _("发起人%(member)s尚有未缴股款，存量股份公司须在%(by)s前缴足。"),
                    _("在%(by)s前缴足认购的股款。"),
                    member=member.name,
                    by=cfg.legacy_jsc_pay_by.isoformat(),
                )


def _check_capital_reduction(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    enterprise = app.enterprise
    if app.kind != "change" or "capital" not in _changes(app) or enterprise is None:
        return
    old, new = enterprise.registered_capital, app.registered_capital
    if old is None or new is None or new >= old:
        return
    notice_on = app.capital_reduction_notice_on
    ready = notice_on + timedelta(days=cfg.capital_reduction_notice_days) if notice_on else None
    if ready is None or ready > app.as_of:
        add(
            "REG-CHG-5",
            "capital_reduction_notice_on",
            ERROR,
            _("减少注册资本须先公告满%(days)d日。"),
            _("通过国家企业信用信息公示系统公告减资，公告满%(days)d日后再申请（最早%(ready)s）。"),
            days=cfg.capital_reduction_notice_days,
            ready=ready.isoformat() if ready else "—",
        )


# --- members ---------------------------------------------------------------------------------


def check_members(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if not _checks_content(app, "members"):
        return
    entity_type = app.entity_type
    low, high = cfg.member_counts.get(entity_type, (0, None))
    count = len(app.members)
    if count < low or (high is not None and count > high):
        if high == low:
            bounds = str(low)
        elif high is None:
            bounds = f"≥{low}"
        else:
            bounds = f"{low}–{high}"
        add(
            "REG-MEM-1",
            "members",
            ERROR,
            _("投资人人数为%(count)d，该类型应为%(bounds)s名。"),
            _("按主体类型调整股东（发起人、合伙人、投资人）人数。"),
            count=count,
            bounds=bounds,
            article=A_COMPANY_42 if entity_type in cfg.company_types else A_SOLE,
        )
    allowed = cfg.member_roles.get(entity_type, frozenset())
    for i, member in enumerate(app.members):
        if member.role not in allowed:
            add(
                "REG-MEM-2",
                f"members.{i}.role",
                ERROR,
                _("%(member)s的身份与主体类型不符。"),
                _("选择与主体类型相符的身份（股东、发起人、合伙人、投资人或经营者）。"),
                member=member.name,
            )
        if entity_type in cfg.natural_person_only_types and member.kind != "natural_person":
            add(
                "REG-MEM-3",
                f"members.{i}.kind",
                ERROR,
                _("%(member)s不是自然人，该类型的投资人（经营者）只能是自然人。"),
                _("由自然人作为投资人或经营者申请。"),
                member=member.name,
            )
        _check_id(
            add,
            f"members.{i}.id_number",
            Section.MEMBERS,
            member.name,
            member.id_type,
            member.id_number,
            today=app.as_of,
        )
    if entity_type == "partnership":
        general = sum(1 for m in app.members if m.role == "general_partner")
        limited = sum(1 for m in app.members if m.role == "limited_partner")
        if general < cfg.min_general_partners:
            add(
                "REG-MEM-4",
                "members",
                ERROR,
                _("合伙企业至少应有%(n)d名普通合伙人。"),
                _("增加普通合伙人。"),
                n=cfg.min_general_partners,
            )
        if limited and count > cfg.limited_partnership_max_members:
            add(
                "REG-MEM-4",
                "members",
                ERROR,
                _("有限合伙企业合伙人不得超过%(n)d名（现为%(count)d名）。"),
                _("减少合伙人人数。"),
                n=cfg.limited_partnership_max_members,
                count=count,
            )
    seen = Counter((m.id_type, m.id_number.strip().upper()) for m in app.members if m.id_number)
    for i, member in enumerate(app.members):
        key = (member.id_type, member.id_number.strip().upper())
        if member.id_number and seen[key] > 1:
            add(
                "REG-MEM-5",
                f"members.{i}.id_number",
                ERROR,
                _("%(member)s的证件号码与另一名投资人重复。"),
                _("每名投资人只填写一次，多笔出资填写在同一投资人名下。"),
                member=member.name,
            )


def _check_id(
    add: Add,
    field: str,
    section: Section,
    name: str,
    id_type: str,
    id_number: str,
    *,
    today: date,
) -> None:
    number = id_number.strip()
    if not number:
        add(
            "REG-ID-1",
            field,
            ERROR,
            _("%(person)s未填写证件号码。"),
            _("填写身份证件或主体资格证明上的号码。"),
            person=name,
            section=section,
        )
    elif id_type == "resident_id":
        check = resident_id_check(number, today=today)
        # Each finding names its real problem; an unknown address code only warns.
        for finding in check.findings:
            add(
                "REG-ID-1" if finding.is_error else "REG-ID-2",
                field,
                ERROR if finding.is_error else WARNING,
                _("%(person)s的居民身份证号码不正确。")
                if finding.is_error
                else _("%(person)s的居民身份证号码需要核对。"),
                finding.template,
                person=name,
                **finding.params,
                section=section,
            )
    elif id_type == "uscc":
        try:
            uscc.validate(number)
        except ValueError:
            add(
                "REG-ID-1",
                field,
                ERROR,
                _("%(person)s的统一社会信用代码不正确。"),
                _("核对营业执照上的18位统一社会信用代码。"),
                person=name,
                section=section,
            )


# --- officers --------------------------------------------------------------------------------


def _posts(officer: OfficerData) -> set[str]:
    posts = set()
    if officer.is_legal_representative:
        posts.add("legal_representative")
    if officer.is_director or officer.is_chair:
        posts.add("director")
    if officer.is_supervisor:
        posts.add("supervisor")
    if officer.is_senior_manager:
        posts.add("senior_manager")
    return posts


def check_officers(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if not _checks_content(app, "officers", "legal_representative"):
        return
    entity_type = app.entity_type
    is_company = entity_type in cfg.company_types
    reps = [i for i, o in enumerate(app.officers) if o.is_legal_representative]
    if not reps:
        add(
            "REG-OFF-1",
            "officers",
            ERROR,
            _("未指定法定代表人（负责人、经营者）。"),
            _("在主要人员中勾选一名法定代表人（负责人、经营者）。"),
            article=A_COMPANY_10 if is_company else A_REGS_12,
        )
    elif len(reps) > 1:
        add(
            "REG-OFF-1",
            "officers",
            ERROR,
            _("法定代表人只能有一名（现为%(count)d名）。"),
            _("只保留一名法定代表人。"),
            count=len(reps),
            article=A_COMPANY_10 if is_company else A_REGS_12,
        )
    for i, officer in enumerate(app.officers):
        field = f"officers.{i}"
        if (
            is_company
            and officer.is_legal_representative
            and not (officer.is_director or officer.is_chair or officer.is_manager)
        ):
            add(
                "REG-OFF-2",
                f"{field}.is_legal_representative",
                ERROR,
                _("法定代表人%(person)s既不是董事也不是经理。"),
                _("由代表公司执行公司事务的董事或者经理担任法定代表人，并与章程一致。"),
                person=officer.name,
            )
        if officer.is_supervisor and (
            officer.is_director or officer.is_chair or officer.is_senior_manager
        ):
            add(
                "REG-OFF-3",
                f"{field}.is_supervisor",
                ERROR,
                _("%(person)s同时担任董事或高级管理人员和监事。"),
                _("董事、高级管理人员不得兼任监事，请更换监事人选。"),
                person=officer.name,
            )
        _check_id(
            add,
            f"{field}.id_number",
            Section.OFFICERS,
            officer.name,
            officer.id_type,
            officer.id_number,
            today=app.as_of,
        )
        _check_disqualification(app, cfg, add, officer, field)
    # The same person entered on two rows, once as director or manager and once as supervisor.
    by_id: dict[str, set[str]] = {}
    for officer in app.officers:
        if officer.id_number.strip():
            by_id.setdefault(officer.id_number.strip().upper(), set()).update(_posts(officer))
    for i, officer in enumerate(app.officers):
        posts = by_id.get(officer.id_number.strip().upper(), set())
        if (
            officer.is_supervisor
            and not (officer.is_director or officer.is_chair or officer.is_senior_manager)
            and posts & {"director", "senior_manager"}
        ):
            add(
                "REG-OFF-3",
                f"officers.{i}.is_supervisor",
                ERROR,
                _("%(person)s同时担任董事或高级管理人员和监事。"),
                _("董事、高级管理人员不得兼任监事，请更换监事人选。"),
                person=officer.name,
            )
    if is_company and app.kind == "establishment":
        if not any(o.is_director or o.is_chair for o in app.officers):
            add(
                "REG-OFF-4",
                "officers",
                ERROR,
                _("未填写董事。"),
                _("填写董事会成员，规模较小的公司可以只设一名董事。"),
            )
        supervisors = any(o.is_supervisor for o in app.officers)
        may_skip = app.audit_committee or (entity_type == "llc" and app.no_supervisor)
        if not supervisors and not may_skip:
            add(
                "REG-OFF-5",
                "officers",
                ERROR,
                _("未填写监事。"),
                _("填写监事；有限责任公司经全体股东一致同意可以不设监事，或在董事会设审计委员会。"),
            )


def _check_disqualification(
    app: ApplicationData, cfg: RuleConfig, add: Add, officer: OfficerData, field: str
) -> None:
    records = app.disqualifications.get(officer.id_number.strip().upper(), ())
    posts = _posts(officer)
    severity = Severity(cfg.disqualification_severity)
    for record in records:
        if record.barred_until is not None and record.barred_until < app.as_of:
            continue
        applies = cfg.disqualification_posts.get(record.ground, frozenset()) & posts
        if not applies:
            continue
        until = record.barred_until.isoformat() if record.barred_until else "—"
        add(
            "REG-OFF-6",
            field,
            severity,
            _("%(person)s有任职限制记录（%(ground)s），限制期至%(until)s，不得担任该职务。"),
            _("更换人选；如记录有误，请向登记机关提交证明材料。"),
            person=officer.name,
            ground=record.ground,
            until=until,
            article=A_PUBLICITY_17 if record.ground == "serious_violation_list" else A_COMPANY_178,
        )


# --- business scope --------------------------------------------------------------------------


def check_scope(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if not _checks_content(app, "scope"):
        return
    if len(app.scope) < cfg.min_scope_entries:
        add(
            "REG-SCOPE-1",
            "scope",
            ERROR,
            _("未选择经营范围。"),
            _("从经营范围规范表述目录中选择至少一项。"),
        )
    permits = {m.scope_code: m for m in app.materials if m.kind == "pre_approval" and m.scope_code}
    for i, item in enumerate(app.scope):
        field = f"scope.{i}"
        if not item.in_catalogue or not item.code or not item.active:
            add(
                "REG-SCOPE-1",
                field,
                ERROR,
                _("“%(wording)s”不是经营范围规范表述目录中的有效条目。"),
                _("从规范表述目录中选择相应条目，不能自行填写。"),
                wording=item.wording,
            )
            continue
        if item.permit_stage == "pre":
            permit = permits.get(item.code)
            if permit is None:
                add(
                    "REG-SCOPE-2",
                    field,
                    ERROR,
                    _("“%(wording)s”为登记前须经批准的许可项目，未提交%(authority)s的批准文件。"),
                    _("上传该项目的许可批准文件（M6），或删除该经营范围条目。"),
                    wording=item.wording,
                    authority=item.permit_authority,
                )
            elif permit.valid_until is not None and permit.valid_until < app.as_of:
                add(
                    "REG-SCOPE-3",
                    field,
                    ERROR,
                    _("“%(wording)s”的批准文件已于%(until)s过期。"),
                    _("提交在有效期内的批准文件。"),
                    wording=item.wording,
                    until=permit.valid_until.isoformat(),
                )
            elif permit.valid_until is None and (
                permit.issued_on is None
                or permit.issued_on + timedelta(days=cfg.pre_approval_stale_days) < app.as_of
            ):
                add(
                    "REG-SCOPE-3",
                    field,
                    ERROR,
                    _(
                        "“%(wording)s”的批准文件未载明有效期且已超过%(days)d日（或未填写批准日期）。"
                    ),
                    _("请审批部门确认批准文件仍然有效，并提交确认材料。"),
                    wording=item.wording,
                    days=cfg.pre_approval_stale_days,
                )
        elif item.permit_stage == "post":
            add(
                "REG-SCOPE-4",
                field,
                WARNING,
                _("“%(wording)s”为登记后须经%(authority)s批准的许可项目。"),
                _("领取营业执照后，取得许可前不得开展该项经营活动。"),
                wording=item.wording,
                authority=item.permit_authority,
            )


# --- materials -------------------------------------------------------------------------------


def _required_materials(app: ApplicationData, cfg: RuleConfig) -> list[str]:
    table = cfg.required_materials
    if app.kind == "establishment":
        return list(table["establishment"].get(app.entity_type, ()))
    if app.kind == "change":
        required = list(table["change"])
        if app.entity_type == "individual_business":
            required = [k for k in required if k != "resolution"]
        if _changes(app) & cfg.articles_change_items and app.entity_type in cfg.company_types:
            required.append("articles_amendment")
        return required
    dereg = app.deregistration
    if dereg is None:
        return []
    key = dereg.mode
    if app.entity_type == "individual_business":
        key = f"{dereg.mode}_individual_business"
    elif dereg.mode == "ordinary" and dereg.reason == "merger_division":
        key = "ordinary_merger_division"
    return list(table["deregistration"].get(key, ()))


def check_materials(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if app.phase == Phase.PUBLISH_NOTICE:
        required = ["application_form", "commitment"]
    else:
        required = _required_materials(app, cfg)
    present = {m.kind for m in app.materials}
    for kind in required:
        if kind not in present:
            add(
                "REG-MAT-1",
                f"materials.{kind}",
                ERROR,
                _("缺少申请材料：%(material)s。"),
                _("上传该材料（PDF、JPEG 或 PNG）。"),
                material=kind,
                article=_article_for_material(app),
            )
    if (
        app.kind == "establishment"
        and app.entity_type == "jsc"
        and app.jsc_by_public_offering
        and "capital_verification" not in present
    ):
        add(
            "REG-MAT-2",
            "materials.capital_verification",
            ERROR,
            _("募集设立的股份有限公司须提交验资证明（公开发行的还须提交核准或注册文件）。"),
            _("上传依法设立的验资机构出具的验资证明。"),
        )


def _article_for_material(app: ApplicationData) -> str:
    if app.kind == "change":
        return A_RULES_31
    if app.kind == "deregistration":
        return (
            A_RULES_47
            if app.deregistration and app.deregistration.mode == "simplified"
            else A_RULES_44
        )
    return A_RULES_26


# --- change ----------------------------------------------------------------------------------


def check_change(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if app.kind != "change":
        return
    items = _changes(app)
    if not items:
        add(
            "REG-CHG-1",
            "change_items",
            ERROR,
            _("未填写变更事项。"),
            _("至少选择一项要变更的登记事项，并填写变更后的内容。"),
        )
    allowed = cfg.change_items_for_types.get(app.entity_type)
    if allowed is not None:
        for item in sorted(items - allowed):
            add(
                "REG-CHG-1",
                "change_items",
                ERROR,
                _("该类型的市场主体不能办理“%(item)s”变更。"),
                _("删除该变更事项。"),
                item=item,
            )
    _check_target_active(app, add, Section.CHANGE)
    if app.resolution_date is None:
        if app.entity_type != "individual_business":
            add(
                "REG-CHG-2",
                "resolution_date",
                ERROR,
                _("未填写作出变更决议或决定的日期。"),
                _("填写股东会决议（或股东决定）的日期。"),
            )
    elif app.resolution_date > app.as_of:
        add(
            "REG-CHG-2",
            "resolution_date",
            ERROR,
            _("决议日期%(date)s晚于今天。"),
            _("填写已经作出的决议的日期。"),
            date=app.resolution_date.isoformat(),
        )
    elif app.resolution_date + timedelta(days=cfg.change_resolution_days) < app.as_of:
        add(
            "REG-CHG-3",
            "resolution_date",
            WARNING,
            _("决议作出已超过%(days)d日（%(date)s），应在%(days)d日内申请变更登记。"),
            _("尽快提交；逾期未办理的，登记机关可以责令改正。"),
            days=cfg.change_resolution_days,
            date=app.resolution_date.isoformat(),
        )
    if "legal_representative" in items and not app.new_legal_rep_signed:
        add(
            "REG-CHG-4",
            "new_legal_rep_signed",
            ERROR,
            _("变更法定代表人的，申请书应由新任法定代表人签署。"),
            _("请新任法定代表人签署申请书后上传，并勾选已签署。"),
        )
    enterprise = app.enterprise
    if enterprise is not None and enterprise.listed_unreachable and "address" not in items:
        add(
            "REG-CHG-6",
            "change_items",
            ERROR,
            _("该企业因通过登记的住所无法联系被列入经营异常名录，申请其他变更时应同时变更住所。"),
            _("在变更事项中加入住所变更。"),
        )


def _check_target_active(app: ApplicationData, add: Add, section: Section) -> None:
    enterprise: EnterpriseFacts | None = app.enterprise
    if enterprise is None:
        add(
            "REG-ENT-1",
            "enterprise",
            ERROR,
            _("未指明要办理的市场主体。"),
            _("从您有权办理的市场主体中选择一个。"),
            section=section,
        )
        return
    if enterprise.status != "active" and not (
        app.kind == "deregistration" and enterprise.status == LICENCE_REVOKED
    ):
        add(
            "REG-ENT-1",
            "enterprise",
            ERROR,
            _("市场主体“%(name)s”不是存续状态，不能办理。"),
            _("核对要办理的市场主体。"),
            name=enterprise.name,
            section=section,
        )
    if (
        enterprise.authority_id
        and enterprise.authority_id != app.authority.id
        and "address" not in _changes(app)
    ):
        add(
            "REG-ENT-2",
            "authority",
            ERROR,
            _("该市场主体不在本登记机关登记。"),
            _("向原登记机关申请；迁移住所的，向迁入地登记机关申请。"),
            section=section,
        )


# --- deregistration --------------------------------------------------------------------------

# 实施细则第四十八条 / 条例第三十三条第四款: when simplified deregistration is not allowed.
SIMPLIFIED_BARS = (
    ("on_abnormal_list", _("被列入经营异常名录")),
    ("on_serious_violation_list", _("被列入严重违法失信名单")),
    ("equity_frozen_or_pledged", _("存在股权被冻结或出质")),
    ("has_chattel_mortgage", _("存在动产抵押")),
    ("has_outside_investments", _("有对外投资")),
    ("under_investigation", _("正在被立案调查或采取行政强制措施")),
    ("in_litigation", _("正在诉讼或仲裁程序中")),
    ("penalty_unexecuted", _("受到罚款等行政处罚尚未执行完毕")),
    ("needs_approval", _("注销依法须经批准")),
)
SIMPLIFIED_BAR_FIELDS = tuple(field for field, _label in SIMPLIFIED_BARS)
# The bars the register itself records (the supervision lists set the enterprise's flags): the
# adapter fills them from the enterprise row; the applicant declares only the others.
REGISTER_BAR_FIELDS = ("on_abnormal_list", "on_serious_violation_list")
DECLARED_BAR_FIELDS = tuple(f for f in SIMPLIFIED_BAR_FIELDS if f not in REGISTER_BAR_FIELDS)


def check_deregistration(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    dereg = app.deregistration
    if app.kind != "deregistration":
        return
    _check_target_active(app, add, Section.DEREGISTRATION)
    if dereg is None:
        add(
            "REG-DER-1",
            "deregistration",
            ERROR,
            _("未填写注销信息。"),
            _("填写解散事由、清算和清税情况。"),
        )
        return
    if not dereg.branches_deregistered:
        add(
            "REG-DER-1",
            "deregistration.branches_deregistered",
            ERROR,
            _("分支机构尚未全部注销。"),
            _("先办理分支机构的注销登记。"),
        )
    if dereg.mode == "simplified":
        _check_simplified(app, cfg, add)
    else:
        _check_ordinary(app, cfg, add)
    if (
        app.phase == Phase.SUBMIT
        and not dereg.tax_cleared
        and app.entity_type != "individual_business"
    ):
        add(
            "REG-DER-2",
            "deregistration.tax_cleared",
            ERROR if dereg.mode == "ordinary" else WARNING,
            _("尚未取得税务部门的清税证明。"),
            _("向税务部门办理清税后再申请。"),
        )


def _check_ordinary(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    dereg = app.deregistration
    assert dereg is not None  # noqa: S101 - checked by the caller
    if app.phase == Phase.PUBLISH_NOTICE:
        add(
            "REG-DER-5",
            "deregistration.mode",
            ERROR,
            _("只有简易注销需要公示承诺书。"),
            _("一般注销直接提交申请。"),
        )
    needs_liquidation = (
        dereg.liquidation_required
        and app.entity_type != "individual_business"
        and dereg.reason != "merger_division"
    )
    if not needs_liquidation:
        return
    if dereg.liquidation_ended_on is None:
        add(
            "REG-DER-3",
            "deregistration.liquidation_ended_on",
            ERROR,
            _("清算尚未结束或未填写清算结束日期。"),
            _("清算结束、清算报告经确认后再申请注销登记。"),
        )
    elif (
        dereg.liquidation_ended_on + timedelta(days=cfg.deregistration_after_liquidation_days)
        < app.as_of
    ):
        add(
            "REG-DER-3",
            "deregistration.liquidation_ended_on",
            WARNING,
            _("清算结束已超过%(days)d日，应在清算结束之日起%(days)d日内申请注销登记。"),
            _("尽快提交申请。"),
            days=cfg.deregistration_after_liquidation_days,
        )
    formed, published = (
        dereg.liquidation_committee_formed_on,
        dereg.liquidation_committee_published_on,
    )
    if formed is not None and (
        published is None
        or published > formed + timedelta(days=cfg.liquidation_committee_publish_days)
    ):
        add(
            "REG-DER-4",
            "deregistration.liquidation_committee_published_on",
            WARNING,
            _("清算组应在成立之日起%(days)d日内通过公示系统公告成员和负责人。"),
            _("补充公示清算组信息，并填写公示日期。"),
            days=cfg.liquidation_committee_publish_days,
        )


def _check_simplified(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    dereg = app.deregistration
    enterprise = app.enterprise
    assert dereg is not None  # noqa: S101 - checked by the caller
    for flag, label in SIMPLIFIED_BARS:
        if getattr(dereg, flag):
            add(
                "REG-DER-6",
                f"deregistration.{flag}",
                ERROR,
                _("存在不适用简易注销的情形：%(condition)s。"),
                _("消除该情形后再申请，或按一般程序办理注销。"),
                condition=label,
            )
    if enterprise is not None and enterprise.status == LICENCE_REVOKED:
        add(
            "REG-DER-6",
            "enterprise",
            ERROR,
            _("存在不适用简易注销的情形：%(condition)s。"),
            _("消除该情形后再申请，或按一般程序办理注销。"),
            condition=_("被吊销营业执照、责令关闭或者被撤销"),
        )
    if not dereg.debts_settled:
        add(
            "REG-DER-7",
            "deregistration.debts_settled",
            ERROR,
            _(
                "简易注销须未发生债权债务或已将债权债务清偿完结（含职工工资、社会保险费、法定补偿金和税款）。"
            ),
            _("清偿全部债务后再申请，或按一般程序清算注销。"),
        )
    if not dereg.all_investors_committed:
        add(
            "REG-DER-7",
            "deregistration.all_investors_committed",
            ERROR,
            _("全体投资人尚未书面承诺对上述情况的真实性承担法律责任。"),
            _("由全体投资人签署承诺书并上传。"),
            article=A_COMPANY_240,
        )
    individual = app.entity_type == "individual_business"
    if app.phase == Phase.PUBLISH_NOTICE:
        if individual:
            add(
                "REG-DER-8",
                "deregistration.notice_start",
                ERROR,
                _("个体工商户简易注销无需公示，直接提交申请。"),
                _("直接提交申请。"),
            )
        elif dereg.notice_start is not None:
            add(
                "REG-DER-8",
                "deregistration.notice_start",
                ERROR,
                _("承诺书已于%(start)s公示，不能重复公示。"),
                _("公示期满后提交申请。"),
                start=dereg.notice_start.isoformat(),
            )
        return
    if individual:
        return
    if dereg.notice_end is None:
        add(
            "REG-DER-8",
            "deregistration.notice_start",
            ERROR,
            _("简易注销须先通过国家企业信用信息公示系统公示%(days)d日。"),
            _("先公示承诺书，公示期满无异议后再提交申请。"),
            days=cfg.simplified_notice_days,
        )
        return
    window_end = dereg.notice_end + timedelta(days=cfg.simplified_final_window_days)
    if app.as_of <= dereg.notice_end:
        add(
            "REG-DER-8",
            "deregistration.notice_end",
            ERROR,
            _("公示期至%(end)s届满，期满前不能提交注销申请。"),
            _("在%(first)s至%(last)s之间提交申请。"),
            end=dereg.notice_end.isoformat(),
            first=(dereg.notice_end + timedelta(days=1)).isoformat(),
            last=window_end.isoformat(),
        )
    elif app.as_of > window_end:
        add(
            "REG-DER-8",
            "deregistration.notice_end",
            ERROR,
            _("公示期满后%(days)d日内（%(last)s前）未提出申请，已超过申请期限。"),
            _("重新公示后再申请，或按一般程序办理注销。"),
            days=cfg.simplified_final_window_days,
            last=window_end.isoformat(),
        )
    if dereg.objections_open:
        add(
            "REG-DER-9",
            "objections",
            ERROR,
            _("公示期间有%(count)d件异议尚未处理或异议成立。"),
            _("异议成立的，按一般程序办理注销；未处理的，等待登记机关处理。"),
            count=dereg.objections_open,
        )


def check_branch(app: ApplicationData, cfg: RuleConfig, add: Add) -> None:
    if app.kind != "establishment" or app.entity_type != "branch":
        return
    parent = app.parent_enterprise
    if parent is None:
        add(
            "REG-ENT-3",
            "parent_enterprise",
            ERROR,
            _("设立分公司须指明隶属企业。"),
            _("选择隶属企业（总公司）。"),
        )
    elif parent.status != "active":
        add(
            "REG-ENT-3",
            "parent_enterprise",
            ERROR,
            _("隶属企业“%(name)s”不是存续状态，不能设立分公司。"),
            _("核对隶属企业。"),
            name=parent.name,
        )


RULES: tuple[Callable[[ApplicationData, RuleConfig, Add], None], ...] = (
    check_authority_level,
    check_name,
    check_branch,
    check_address,
    check_capital,
    check_members,
    check_officers,
    check_scope,
    check_change,
    check_deregistration,
    check_materials,
)
