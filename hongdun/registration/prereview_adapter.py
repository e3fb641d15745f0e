"""The Django side of the pre-review: build its input from the database, translate its output."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.enterprises.choices import EnterpriseType
from hongdun.enterprises.models import Enterprise
from hongdun.namecheck import engine, index_store
from hongdun.namecheck.engine.rules import located_region_findings
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.divisions import divisions_of_city
from hongdun.orgs.models import Unit
from hongdun.registration.choices import (
    ChangeItemKind,
    ContributionForm,
    DisqualificationGround,
    MaterialKind,
    ObjectionStatus,
)
from hongdun.registration.models import (
    Application,
    ApplicationScope,
    ChangeItem,
    DeregistrationDetail,
    DisqualifiedPerson,
    Material,
    Member,
    NoticeObjection,
    Officer,
    ScopeCatalogueEntry,
    Subscription,
)
from hongdun.registration.prereview import prereview
from hongdun.registration.prereview.config import RuleConfig, default_rules, load_rules_file
from hongdun.registration.prereview.rules import DECLARED_BAR_FIELDS
from hongdun.registration.prereview.types import (
    ApplicationData,
    AuthorityData,
    ChangeItemData,
    Defect,
    DeregistrationData,
    Disqualification,
    EnterpriseFacts,
    MaterialData,
    MemberData,
    NameRegionData,
    OfficerData,
    Phase,
    ReservationData,
    ScopeItemData,
    SubscriptionData,
)


@cache
def _rules_from(path: str) -> RuleConfig:
    return load_rules_file(path)


def rule_config() -> RuleConfig:
    """The deployment's rule file (HONGDUN["REGISTRATION_RULES_FILE"]) or the shipped one."""
    path = settings.HONGDUN.get("REGISTRATION_RULES_FILE", "")
    return _rules_from(path) if path else default_rules()


@cache
def _jurisdiction(code: str) -> frozenset[str]:
    if not code:
        return frozenset()
    if code.endswith("00"):
        return frozenset({code, *(d.code for d in divisions_of_city(code[:4]))})
    return frozenset({code})


def authority_jurisdiction(unit: Unit) -> frozenset[str]:
    """County-level division codes a registration authority covers.

    A city-level authority (code ending in "00") covers every county-level division of its
    city; a district or county authority covers its own division.
    """
    return _jurisdiction(unit.division_code)


# --- loading ---------------------------------------------------------------------------------
# The pre-review reads one application and its rows on every check (live, at submit, in the
# clerk's queue). Plain SQL over the model tables keeps that to a few cheap statements: the
# ORM's query compilation cost more than the rules themselves (see bench/README.md).

_DEC = decimal.Context(prec=15)
CENT = Decimal("0.01")


def _money(value: Any) -> Decimal | None:
    """A DecimalField value as the database returns it (SQLite: int, float or str)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # The same conversion Django's SQLite backend applies to DecimalField values.
        return _DEC.create_decimal_from_float(value).quantize(CENT)
    return Decimal(str(value)).quantize(CENT)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _t(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _cols(alias: str, model: Any, names: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{_c(model, n)}" for n in names)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run one statement. Every caller builds `sql` from quoted model table and column names
    only (never from input, hence the S608 waivers) and passes all values as parameters."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


APP_FIELDS = (
    "kind",
    "entity_type",
    "applicant",
    "name",
    "registered_capital",
    "currency",
    "is_foreign_invested",
    "jsc_by_public_offering",
    "address",
    "address_division_code",
    "no_supervisor",
    "audit_committee",
    "resolution_date",
    "new_legal_rep_signed",
    "capital_reduction_notice_on",
    "deregistration_mode",
)
UNIT_FIELDS = ("id", "name", "division_code")
RESERVATION_FIELDS = (
    "proposed_name",
    "registry",
    "status",
    "reserved_until",
    "trade_name",
    "needs_pre_approval",
    "applicant",
)
ENTERPRISE_FIELDS = (
    "name",
    "enterprise_type",
    "status",
    "established_on",
    "registered_capital",
    "registration_authority",
    "legal_rep_name",
    # The register's list flags, kept by the supervision services: they replace what an applicant
    # would declare (simplified deregistration's bars; REG-CHG-6 reads `listed_unreachable`).
    "on_abnormal_list",
    "on_serious_list",
    "listed_unreachable",
)
OFFICER_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "is_director",
    "is_chair",
    "is_supervisor",
    "is_manager",
    "is_other_senior_manager",
    "is_legal_representative",
)
SCOPE_FIELDS = (
    "wording",
    "code",
    "is_active",
    "permit_stage",
    "permit_name",
    "permit_authority",
)
DEREG_FIELDS = (
    "reason",
    "decision_date",
    "liquidation_required",
    "liquidation_committee_formed_on",
    "liquidation_committee_published_on",
    "liquidation_ended_on",
    "tax_cleared",
    "debts_settled",
    "all_investors_committed",
    "branches_deregistered",
    *DECLARED_BAR_FIELDS,
    "notice_start",
    "notice_end",
)
DEREG_DATE_FIELDS = frozenset(
    {
        "decision_date",
        "liquidation_committee_formed_on",
        "liquidation_committee_published_on",
        "liquidation_ended_on",
        "notice_start",
        "notice_end",
    }
)


def name_region_outside(name: str, division_code: str) -> NameRegionData | None:
    """N-REGION-1 (《企业名称登记管理规定》第七条) of `name` at the authority of `division_code`,
    decided by the name engine as the declaration decided it (branches: their locality)."""
    if not name or not division_code:
        return None
    ref = index_store.reference()
    findings = located_region_findings(engine.parse(name, ref), division_code, ref)
    seat = ref.regions.get(division_code)
    for finding in findings:
        if finding.rule == "N-REGION-1":
            return NameRegionData(region=finding.part, seat=seat.name if seat else division_code)
    return None


def _enterprise(values: tuple[Any, ...]) -> EnterpriseFacts | None:
    name, kind, status, established, capital, authority_id, legal_rep = values[:7]
    unreachable = values[ENTERPRISE_FIELDS.index("listed_unreachable")]
    if name is None:
        return None
    return EnterpriseFacts(
        name=name,
        entity_type=kind,
        status=status,
        established_on=_day(established) or date.min,
        registered_capital=_money(capital),
        authority_id=authority_id or 0,
        legal_rep_name=legal_rep or "",
        listed_unreachable=bool(unreachable),
    )


def load_application_data(
    application_id: int, *, as_of: date | None = None, phase: Phase = Phase.SUBMIT
) -> ApplicationData:
    """The pre-review input for one stored application, in at most nine plain statements."""
    A, U, R, E = Application, Unit, NameReservation, Enterprise  # noqa: N806 - table aliases
    pk = int(application_id)
    head = _rows(
        f"SELECT {_cols('a', A, APP_FIELDS)}, {_cols('u', U, UNIT_FIELDS)}, "  # noqa: S608
        f"{_cols('r', R, RESERVATION_FIELDS)}, {_cols('e', E, ENTERPRISE_FIELDS)}, "
        f"{_cols('p', E, ENTERPRISE_FIELDS)} "
        f"FROM {_t(A)} a JOIN {_t(U)} u ON u.id = a.{_c(A, 'authority')} "
        f"LEFT JOIN {_t(R)} r ON r.id = a.{_c(A, 'name_reservation')} "
        f"LEFT JOIN {_t(E)} e ON e.id = a.{_c(A, 'enterprise')} "
        f"LEFT JOIN {_t(E)} p ON p.id = a.{_c(A, 'parent_enterprise')} "
        f"WHERE a.id = %s",
        [pk],
    )
    if not head:
        raise Application.DoesNotExist(pk)
    row = head[0]
    n_app, n_unit, n_res, n_ent = (
        len(APP_FIELDS),
        len(UNIT_FIELDS),
        len(RESERVATION_FIELDS),
        len(ENTERPRISE_FIELDS),
    )
    app = dict(zip(APP_FIELDS, row[:n_app], strict=True))
    unit_id, unit_name, unit_code = row[n_app : n_app + n_unit]
    res = row[n_app + n_unit : n_app + n_unit + n_res]
    ent = row[n_app + n_unit + n_res : n_app + n_unit + n_res + n_ent]
    parent = row[n_app + n_unit + n_res + n_ent :]
    reservation = None
    if res[0] is not None:
        reservation = ReservationData(
            name=res[0],
            authority_id=res[1],
            status=res[2],
            reserved_until=_day(res[3]),
            trade_name=res[4],
            needs_pre_approval=bool(res[5]),
            owned_by_applicant=res[6] == app["applicant"],
        )
    members = _load_members(pk)
    officers = tuple(
        OfficerData(
            name=o[0],
            id_type=o[1],
            id_number=o[2],
            is_director=bool(o[3]),
            is_chair=bool(o[4]),
            is_supervisor=bool(o[5]),
            is_manager=bool(o[6]),
            is_other_senior_manager=bool(o[7]),
            is_legal_representative=bool(o[8]),
        )
        for o in _rows(
            f"SELECT {_cols('o', Officer, OFFICER_FIELDS)} FROM {_t(Officer)} o "  # noqa: S608
            f"WHERE o.{_c(Officer, 'application')} = %s ORDER BY o.{_c(Officer, 'position')}, o.id",
            [pk],
        )
    )
    S, C = ApplicationScope, ScopeCatalogueEntry  # noqa: N806
    scope = tuple(
        ScopeItemData(
            wording=r[0],
            code=r[1],
            in_catalogue=True,
            active=bool(r[2]),
            permit_stage=r[3],
            permit_name=r[4],
            permit_authority=r[5],
        )
        for r in _rows(
            f"SELECT {_cols('c', C, SCOPE_FIELDS)} "  # noqa: S608
            f"FROM {_t(S)} s JOIN {_t(C)} c ON c.id = s.{_c(S, 'entry')} "
            f"WHERE s.{_c(S, 'application')} = %s ORDER BY s.{_c(S, 'position')}, s.id",
            [pk],
        )
    )
    M = Material  # noqa: N806
    materials = tuple(
        MaterialData(kind=r[0], scope_code=r[1] or "", issued_on=_day(r[2]), valid_until=_day(r[3]))
        for r in _rows(
            f"SELECT m.{_c(M, 'kind')}, c.{_c(C, 'code')}, m.{_c(M, 'issued_on')}, "  # noqa: S608
            f"m.{_c(M, 'valid_until')} FROM {_t(M)} m "
            f"LEFT JOIN {_t(C)} c ON c.id = m.{_c(M, 'scope_entry')} "
            # Replaced materials are history; only the current ones count.
            f"WHERE m.{_c(M, 'application')} = %s AND m.{_c(M, 'superseded_by')} IS NULL",
            [pk],
        )
    )
    change_items: tuple[ChangeItemData, ...] = ()
    if app["kind"] == "change":
        change_items = tuple(
            ChangeItemData(item=r[0], old_value=r[1], new_value=r[2])
            for r in _rows(
                f"SELECT {_cols('i', ChangeItem, ('item', 'old_value', 'new_value'))} "  # noqa: S608
                f"FROM {_t(ChangeItem)} i WHERE i.{_c(ChangeItem, 'application')} = %s "
                "ORDER BY i.id",
                [pk],
            )
        )
    deregistration = (
        _load_deregistration(
            pk,
            app["deregistration_mode"],
            on_abnormal_list=bool(ent[ENTERPRISE_FIELDS.index("on_abnormal_list")]),
            on_serious_list=bool(ent[ENTERPRISE_FIELDS.index("on_serious_list")]),
        )
        if app["kind"] == "deregistration"
        else None
    )
    return ApplicationData(
        kind=app["kind"],
        entity_type=app["entity_type"],
        authority=AuthorityData(
            id=unit_id,
            name=unit_name,
            division_code=unit_code,
            jurisdiction=_jurisdiction(unit_code or ""),
        ),
        as_of=as_of or timezone.localdate(),
        phase=phase,
        name=app["name"],
        reservation=reservation,
        name_region=name_region_outside(
            reservation.name if reservation is not None else app["name"] or "", unit_code or ""
        ),
        enterprise=_enterprise(tuple(ent)),
        parent_enterprise=_enterprise(tuple(parent)),
        registered_capital=_money(app["registered_capital"]),
        currency=app["currency"],
        is_foreign_invested=bool(app["is_foreign_invested"]),
        jsc_by_public_offering=bool(app["jsc_by_public_offering"]),
        address=app["address"],
        address_division_code=app["address_division_code"],
        no_supervisor=bool(app["no_supervisor"]),
        audit_committee=bool(app["audit_committee"]),
        members=members,
        officers=officers,
        scope=scope,
        materials=materials,
        change_items=change_items,
        resolution_date=_day(app["resolution_date"]),
        new_legal_rep_signed=bool(app["new_legal_rep_signed"]),
        capital_reduction_notice_on=_day(app["capital_reduction_notice_on"]),
        deregistration=deregistration,
        disqualifications=_load_disqualifications(
            {o.id_number.strip().upper() for o in officers if o.id_number.strip()}
        ),
    )


def _load_members(pk: int) -> tuple[MemberData, ...]:
    M, S = Member, Subscription  # noqa: N806
    rows = _rows(
        f"SELECT m.id, {_cols('m', M, ('name', 'role', 'kind', 'id_type', 'id_number'))}, "  # noqa: S608
        f"{_cols('s', S, ('amount', 'form', 'due_date', 'paid_amount'))} "
        f"FROM {_t(M)} m LEFT JOIN {_t(S)} s ON s.{_c(S, 'member')} = m.id "
        f"WHERE m.{_c(M, 'application')} = %s ORDER BY m.{_c(M, 'position')}, m.id, s.id",
        [pk],
    )
    members: dict[int, tuple[tuple[Any, ...], list[SubscriptionData]]] = {}
    for r in rows:
        entry = members.setdefault(r[0], (r[1:6], []))
        if r[6] is not None:
            entry[1].append(
                SubscriptionData(
                    amount=_money(r[6]) or Decimal("0"),
                    form=r[7],
                    due_date=_day(r[8]),
                    paid_amount=_money(r[9]) or Decimal("0"),
                )
            )
    return tuple(
        MemberData(
            name=v[0],
            role=v[1],
            kind=v[2],
            id_type=v[3],
            id_number=v[4],
            subscriptions=tuple(subs),
        )
        for v, subs in members.values()
    )


def _load_deregistration(
    pk: int, mode: str, *, on_abnormal_list: bool, on_serious_list: bool
) -> DeregistrationData | None:
    """The deregistration detail as declared, with the list bars from the register's flags."""
    D, OB = DeregistrationDetail, NoticeObjection  # noqa: N806
    rows = _rows(
        f"SELECT {_cols('d', D, DEREG_FIELDS)}, (SELECT COUNT(*) FROM {_t(OB)} o "  # noqa: S608
        f"WHERE o.{_c(OB, 'application')} = d.{_c(D, 'application')} "
        f"AND o.{_c(OB, 'status')} IN (%s, %s)) "
        f"FROM {_t(D)} d WHERE d.{_c(D, 'application')} = %s",
        [ObjectionStatus.PENDING, ObjectionStatus.UPHELD, pk],
    )
    if not rows:
        return None
    values: dict[str, Any] = {}
    for name, value in zip(DEREG_FIELDS, rows[0][:-1], strict=True):
        if name in DEREG_DATE_FIELDS:
            values[name] = _day(value)
        elif name == "reason":
            values[name] = value
        else:
            values[name] = bool(value)
    return DeregistrationData(
        mode=mode,
        objections_open=int(rows[0][-1]),
        on_abnormal_list=on_abnormal_list,
        on_serious_violation_list=on_serious_list,
        **values,
    )


def _load_disqualifications(ids: set[str]) -> dict[str, tuple[Disqualification, ...]]:
    if not ids:
        return {}
    P = DisqualifiedPerson  # noqa: N806
    marks = ", ".join(["%s"] * len(ids))
    found: dict[str, list[Disqualification]] = {}
    for number, ground, until in _rows(
        f"SELECT {_cols('p', P, ('id_number', 'ground', 'barred_until'))} FROM {_t(P)} p "  # noqa: S608
        f"WHERE p.{_c(P, 'id_number')} IN ({marks}) AND p.{_c(P, 'is_active')} = %s",
        [*sorted(ids), True],
    ):
        found.setdefault(number.strip().upper(), []).append(
            Disqualification(ground=ground, barred_until=_day(until))
        )
    return {k: tuple(v) for k, v in found.items()}


# Parameters that carry a choice value; shown with their translated label.
_LABELS: dict[str, Any] = {
    "entity_type": EnterpriseType,
    "material": MaterialKind,
    "form": ContributionForm,
    "ground": DisqualificationGround,
    "item": ChangeItemKind,
}


def _param(key: str, value: Any) -> Any:
    choices = _LABELS.get(key)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return value
    if key in ("condition", "level"):
        return _(value)
    return value


def defect_as_dict(defect: Defect) -> dict[str, Any]:
    """A defect in the user's language, ready for templates, JSON and the stored snapshot."""
    params = {k: _param(k, v) for k, v in defect.params.items()}
    return {
        "rule": defect.rule,
        "field": defect.field,
        "section": str(defect.section),
        "severity": str(defect.severity),
        "blocks": defect.blocks,
        "article": _(defect.article),
        "message": _(defect.message) % params,
        "fix": _(defect.fix) % params,
    }


def run_prereview(
    application: Application, *, as_of: date | None = None, phase: Phase = Phase.SUBMIT
) -> list[dict[str, Any]]:
    """Every defect of the stored application (reloaded with its related rows), translated."""
    data = load_application_data(application.pk, as_of=as_of, phase=phase)
    return [defect_as_dict(d) for d in prereview(data, rule_config())]
