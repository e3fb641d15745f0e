"""The register's own sections of the public record (`/enterprises/<uscc>/`, its PDF, its API).

基础信息, 股东及出资, 主要人员, 分支机构, 清算组 and 变更记录 are read here from the register
and its history (docs/rules/disclosure.md §1, §4); the sections the national system shows for
licences, penalties, list entries and inspections are registered as empty placeholders that the
apps of issues 10–12 replace by key (`public_sections.py`). Every section reads a fixed number of
queries, whatever the number of its rows.

Natural persons' ID numbers never appear here: the public sees names, posts and amounts; a legal
entity investor's USCC is public, as on the national system.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from hongdun.accounts.types import AnyUser
from hongdun.enterprises.choices import (
    ContributionForm,
    EnterpriseStatus,
    IdType,
    MemberKind,
    MemberRole,
    responsible_person_title,
)
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
    LiquidationMember,
)
from hongdun.enterprises.public_sections import PublicSection, Source, register_public_section

# --- 股东及出资 ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicContribution:
    subscribed_amount: Decimal
    form: str
    form_label: str
    subscribed_due: date | None
    paid_amount: Decimal
    paid_on: date | None


@dataclass(frozen=True, slots=True)
class PublicInvestor:
    name: str
    kind: str
    kind_label: str
    role: str
    role_label: str
    # Only a legal entity's code (its USCC) is public; empty for natural persons.
    id_type_label: str
    id_number: str
    contributions: list[PublicContribution] = field(default_factory=list)

    @property
    def subscribed_total(self) -> Decimal:
        return sum((c.subscribed_amount for c in self.contributions), Decimal(0))

    @property
    def paid_total(self) -> Decimal:
        return sum((c.paid_amount for c in self.contributions), Decimal(0))


def public_investors(enterprise: Enterprise) -> list[PublicInvestor]:
    """The investors and their contributions as the public sees them (two queries)."""
    kinds = dict(MemberKind.choices)
    roles = dict(MemberRole.choices)
    forms = dict(ContributionForm.choices)
    id_types = dict(IdType.choices)
    investors = (
        EnterpriseInvestor.objects.filter(enterprise=enterprise)
        .order_by("position", "id")
        .prefetch_related("contributions")
    )
    rows = []
    for investor in investors:
        public_id = investor.kind == MemberKind.LEGAL_ENTITY
        rows.append(
            PublicInvestor(
                name=investor.name,
                kind=investor.kind,
                kind_label=str(kinds.get(investor.kind, investor.kind)),
                role=investor.role,
                role_label=str(roles.get(investor.role, investor.role)),
                id_type_label=str(id_types.get(investor.id_type, "")) if public_id else "",
                id_number=investor.id_number if public_id else "",
                contributions=[
                    PublicContribution(
                        subscribed_amount=c.subscribed_amount,
                        form=c.form,
                        form_label=str(forms.get(c.form, c.form)),
                        subscribed_due=c.subscribed_due,
                        paid_amount=c.paid_amount,
                        paid_on=c.paid_on,
                    )
                    for c in investor.contributions.all()
                ],
            )
        )
    return rows


class PublicContributionSerializer(serializers.Serializer[PublicContribution]):
    subscribed_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    form = serializers.CharField(help_text=gettext_lazy("出资方式（代码）"))
    form_label = serializers.CharField()
    subscribed_due = serializers.DateField(allow_null=True)
    paid_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid_on = serializers.DateField(allow_null=True)


class PublicInvestorSerializer(serializers.Serializer[PublicInvestor]):
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    id_type_label = serializers.CharField(
        help_text=gettext_lazy("仅法人或其他组织股东公示证照类型，自然人为空")
    )
    id_number = serializers.CharField(
        help_text=gettext_lazy("仅法人或其他组织股东公示其统一社会信用代码，自然人为空")
    )
    subscribed_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    contributions = PublicContributionSerializer(many=True)


# --- 主要人员 ------------------------------------------------------------------------------------

# The posts in the order the national form lists them; a chair is not listed again as director.
OFFICER_POSTS = (
    ("is_chair", gettext_lazy("董事长（执行董事）")),
    ("is_director", gettext_lazy("董事")),
    ("is_employee_director", gettext_lazy("职工董事")),
    ("is_supervisor", gettext_lazy("监事")),
    ("is_manager", gettext_lazy("经理")),
    ("is_other_senior_manager", gettext_lazy("其他高级管理人员")),
)


@dataclass(frozen=True, slots=True)
class PublicOfficer:
    name: str
    posts: list[str]


def officer_posts(officer: Any, enterprise_type: str) -> list[str]:
    """The posts of an officer row (a model instance or a history record)."""
    posts = []
    if getattr(officer, "is_legal_representative", False):
        posts.append(responsible_person_title(enterprise_type))
    for flag, label in OFFICER_POSTS:
        if flag == "is_director" and getattr(officer, "is_chair", False):
            continue
        if getattr(officer, flag, False):
            posts.append(str(label))
    return posts


def public_officers(enterprise: Enterprise) -> list[PublicOfficer]:
    officers = EnterpriseOfficer.objects.filter(enterprise=enterprise).order_by("position", "id")
    return [
        PublicOfficer(name=o.name, posts=officer_posts(o, enterprise.enterprise_type))
        for o in officers.defer("id_number", "id_type")
    ]


class PublicOfficerSerializer(serializers.Serializer[PublicOfficer]):
    name = serializers.CharField()
    posts = serializers.ListField(child=serializers.CharField())


# --- 分支机构 and 清算组 ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicBranch:
    name: str
    uscc: str
    registration_authority: str
    recorded_on: date


def public_branches(enterprise: Enterprise) -> list[PublicBranch]:
    branches = (
        EnterpriseBranch.objects.filter(enterprise=enterprise)
        .select_related("branch")
        .only(
            "name",
            "uscc",
            "registration_authority_name",
            "recorded_on",
            "branch__uscc",
            "branch_id",
        )
        .order_by("recorded_on", "id")
    )
    return [
        PublicBranch(
            name=b.name,
            uscc=b.uscc or (b.branch.uscc if b.branch is not None else ""),
            registration_authority=b.registration_authority_name,
            recorded_on=b.recorded_on,
        )
        for b in branches
    ]


class PublicBranchSerializer(serializers.Serializer[PublicBranch]):
    name = serializers.CharField()
    uscc = serializers.CharField()
    registration_authority = serializers.CharField()
    recorded_on = serializers.DateField()


@dataclass(frozen=True, slots=True)
class PublicLiquidationMember:
    name: str
    is_leader: bool
    recorded_on: date


def public_liquidation_members(enterprise: Enterprise) -> list[PublicLiquidationMember]:
    members = LiquidationMember.objects.filter(enterprise=enterprise).order_by("position", "id")
    return [
        PublicLiquidationMember(name=m.name, is_leader=m.is_leader, recorded_on=m.recorded_on)
        for m in members.only("name", "is_leader", "recorded_on")
    ]


class PublicLiquidationMemberSerializer(serializers.Serializer[PublicLiquidationMember]):
    name = serializers.CharField()
    is_leader = serializers.BooleanField()
    recorded_on = serializers.DateField()


# --- 变更记录 ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """One line of 变更记录: what changed (事项), its value before and after, and when."""

    on: date
    item: str
    before: str
    after: str


def _local_date(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


def _money_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return _("%(amount)s 元") % {"amount": f"{value:,.2f}"}


def _enterprise_field_changes(enterprise: Enterprise) -> list[ChangeEvent]:
    """Changes of the enterprise row: name, address, capital, legal representative, business
    scope and status, from its history (one query)."""
    title = responsible_person_title(enterprise.enterprise_type)
    statuses = dict(EnterpriseStatus.choices)
    items: list[tuple[str, str, Any]] = [
        ("name", _("名称变更"), str),
        ("address", _("住所变更"), str),
        ("registered_capital", _("注册资本变更"), _money_text),
        ("legal_rep_name", _("%(title)s变更") % {"title": title}, str),
        ("business_scope", _("经营范围变更"), lambda v: "；".join(v or [])),
        ("status", _("登记状态变更"), lambda v: str(statuses.get(v, v))),
    ]
    records = enterprise.history.order_by("history_date", "history_id").only(
        "history_date",
        "status_date",
        *(name for name, _label, _show in items),
    )
    events: list[ChangeEvent] = []
    previous: Any = None
    for record in records:
        if previous is not None:
            on = _local_date(record.history_date)
            for name, label, show in items:
                before, after = getattr(previous, name), getattr(record, name)
                if before != after:
                    when = (record.status_date or on) if name == "status" else on
                    events.append(
                        ChangeEvent(on=when, item=label, before=show(before), after=show(after))
                    )
        previous = record
    return events


def _replay(
    groups: Iterable[tuple[date, list[Any]]],
    apply: Any,
    render: Any,
    item: str,
) -> list[ChangeEvent]:
    """Replay history records day by day; each day whose rendered state changed is an event.
    A day that starts from nothing is the first recording of the facts, not a change."""
    events = []
    for on, records in groups:
        before = render()
        for record in records:
            apply(record)
        after = render()
        if before and before != after:
            events.append(ChangeEvent(on=on, item=item, before=before, after=after))
    return events


def _by_day(records: Iterable[Any]) -> list[tuple[date, list[Any]]]:
    days: dict[date, list[Any]] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        days.setdefault(_local_date(record.history_date), []).append(record)
    return sorted(days.items())


def _investor_changes(enterprise: Enterprise) -> list[ChangeEvent]:
    """投资人变更 from the history of investors and their contributions (two queries)."""
    investor_history = EnterpriseInvestor.history.model.objects.filter(
        enterprise_id=enterprise.pk
    ).only("id", "name", "history_type", "history_date", "history_id")
    contribution_history = EnterpriseContribution.history.model.objects.filter(
        investor_id__in=investor_history.values("id")
    ).only("id", "investor_id", "subscribed_amount", "history_type", "history_date", "history_id")
    investors: dict[int, str] = {}
    contributions: dict[int, tuple[int, Decimal]] = {}

    def apply(record: Any) -> None:
        if isinstance(record, EnterpriseInvestor.history.model):
            if record.history_type == "-":
                investors.pop(record.id, None)
            else:
                investors[record.id] = record.name
        elif record.history_type == "-":
            contributions.pop(record.id, None)
        else:
            contributions[record.id] = (record.investor_id, record.subscribed_amount)

    def render() -> str:
        totals: dict[int, Decimal] = {}
        for investor_id, amount in contributions.values():
            totals[investor_id] = totals.get(investor_id, Decimal(0)) + amount
        parts = []
        for investor_id in sorted(investors):
            name = investors[investor_id]
            if investor_id in totals:
                name = _("%(name)s（认缴 %(amount)s）") % {
                    "name": name,
                    "amount": _money_text(totals[investor_id]),
                }
            parts.append(name)
        return "；".join(parts)

    records = [*investor_history, *contribution_history]
    return _replay(_by_day(records), apply, render, _("投资人（股权）变更"))


def _officer_changes(enterprise: Enterprise) -> list[ChangeEvent]:
    """主要人员变更 from the officers' history (one query)."""
    history = EnterpriseOfficer.history.model.objects.filter(enterprise_id=enterprise.pk).defer(
        "id_number", "id_type"
    )
    officers: dict[int, str] = {}

    def apply(record: Any) -> None:
        if record.history_type == "-":
            officers.pop(record.id, None)
        else:
            posts = "、".join(officer_posts(record, enterprise.enterprise_type))
            officers[record.id] = f"{record.name}（{posts}）" if posts else record.name

    def render() -> str:
        return "；".join(officers[k] for k in sorted(officers))

    return _replay(_by_day(history), apply, render, _("主要人员变更"))


def enterprise_change_record(enterprise: Enterprise) -> list[ChangeEvent]:
    """变更记录, newest first: changes of name, address, capital, legal representative, scope,
    status, investors and key personnel (four queries whatever the length of the history)."""
    events = [
        *_enterprise_field_changes(enterprise),
        *_investor_changes(enterprise),
        *_officer_changes(enterprise),
    ]
    return sorted(events, key=lambda e: e.on, reverse=True)


class ChangeEventSerializer(serializers.Serializer[ChangeEvent]):
    on = serializers.DateField()
    item = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


# --- registration of the sections ---------------------------------------------------------------


def _rows_section(
    key: str,
    title: Any,
    order: int,
    read: Any,
    serializer: type[serializers.Serializer[Any]],
    empty: Any,
    sources: tuple[Source, ...],
) -> PublicSection:
    def context(enterprise: Enterprise, viewer: AnyUser) -> Mapping[str, Any]:
        return {"rows": read(enterprise), "empty_message": empty}

    def api(enterprise: Enterprise, viewer: AnyUser) -> Any:
        return serializer(read(enterprise), many=True).data

    return PublicSection(
        key=key,
        title=title,
        order=order,
        template=f"enterprises/public/sections/{key}.html",
        context=context,
        api=api,
        api_schema=lambda: serializer(many=True),
        sources=sources,
    )


def _ent(model: str, *paths: str) -> Source:
    return Source(f"enterprises.{model}", paths)


# What each register section reads (hongdun.enterprises.public_cache keeps the page exact).
BASIC_SOURCES = (
    _ent("Enterprise", "id"),
    _ent("RegistrationRevocation", "enterprise_id"),
    Source("orgs.Unit"),  # the registration authority's name, on any record
)
INVESTOR_SOURCES = (
    _ent("EnterpriseInvestor", "enterprise_id"),
    _ent("EnterpriseContribution", "investor.enterprise_id"),
)
OFFICER_SOURCES = (_ent("EnterpriseOfficer", "enterprise_id"),)
# Both sides: the head office lists the branch; a branch registered here shows its own code.
BRANCH_SOURCES = (
    _ent("EnterpriseBranch", "enterprise_id", "branch_id"),
    _ent("Enterprise", "branch_of.enterprise_id"),
)
LIQUIDATION_SOURCES = (_ent("LiquidationMember", "enterprise_id"),)
CHANGE_SOURCES = (
    _ent("HistoricalEnterprise", "id"),
    _ent("HistoricalEnterpriseInvestor", "enterprise_id"),
    _ent("HistoricalEnterpriseContribution", "investor.enterprise_id"),
    _ent("HistoricalEnterpriseOfficer", "enterprise_id"),
)


# Sections the national system shows that other apps fill (issues 10–12): present and empty
# until the app that keeps the records registers its own section under the same key.
PLACEHOLDERS = (
    ("licences", gettext_lazy("行政许可信息"), 80, gettext_lazy("暂无行政许可信息。")),
    ("penalties", gettext_lazy("行政处罚信息"), 85, gettext_lazy("暂无行政处罚信息。")),
    (
        "abnormal_operations",
        gettext_lazy("列入经营异常名录信息"),
        90,
        gettext_lazy("暂无列入经营异常名录信息。"),
    ),
    (
        "serious_violations",
        gettext_lazy("列入严重违法失信名单信息"),
        95,
        gettext_lazy("暂无列入严重违法失信名单信息。"),
    ),
    ("inspections", gettext_lazy("抽查检查结果信息"), 100, gettext_lazy("暂无抽查检查结果信息。")),
)


def _placeholder(key: str, title: Any, order: int, empty: Any) -> PublicSection:
    return PublicSection(
        key=key,
        title=title,
        order=order,
        template="enterprises/public/sections/placeholder.html",
        context=lambda enterprise, viewer: {"rows": [], "empty_message": empty},
        api=lambda enterprise, viewer: [],
        api_schema=lambda: serializers.ListField(
            child=serializers.DictField(), help_text=gettext_lazy("尚无数据来源，恒为空列表")
        ),
    )


def register_sections() -> None:
    """Called from EnterprisesConfig.ready()."""
    register_public_section(
        PublicSection(
            key="basic",
            title=gettext_lazy("基础信息"),
            order=10,
            template="enterprises/public/sections/basic.html",
            context=lambda enterprise, viewer: {"enterprise": enterprise},
            sources=BASIC_SOURCES,
            # The API's top level already carries the basic record.
        )
    )
    register_public_section(
        _rows_section(
            "investors",
            gettext_lazy("股东及出资信息"),
            20,
            public_investors,
            PublicInvestorSerializer,
            gettext_lazy("暂无股东及出资信息。"),
            INVESTOR_SOURCES,
        )
    )
    register_public_section(
        _rows_section(
            "officers",
            gettext_lazy("主要人员信息"),
            30,
            public_officers,
            PublicOfficerSerializer,
            gettext_lazy("暂无主要人员信息。"),
            OFFICER_SOURCES,
        )
    )
    register_public_section(
        _rows_section(
            "branches",
            gettext_lazy("分支机构信息"),
            40,
            public_branches,
            PublicBranchSerializer,
            gettext_lazy("暂无分支机构信息。"),
            BRANCH_SOURCES,
        )
    )
    register_public_section(
        _rows_section(
            "liquidation",
            gettext_lazy("清算组信息"),
            45,
            public_liquidation_members,
            PublicLiquidationMemberSerializer,
            gettext_lazy("暂无清算组信息。"),
            LIQUIDATION_SOURCES,
        )
    )
    register_public_section(
        _rows_section(
            "changes",
            gettext_lazy("变更记录"),
            50,
            enterprise_change_record,
            ChangeEventSerializer,
            gettext_lazy("暂无变更记录。"),
            CHANGE_SOURCES,
        )
    )
    for key, title, order, empty in PLACEHOLDERS:
        register_public_section(_placeholder(key, title, order, empty))
