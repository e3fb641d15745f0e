"""The role × record-kind table: which role may do what to which kind of record, and how far.

The one table `restrict()` reads (ADR 0013). A kind absent from the table, or a role absent from a
kind's row, grants nothing. Kinds are declared by the domain apps (`register_kind` in their
`ready()`); this module names them as strings, so the platform imports nothing of the domain, and
the system check `core.E013` fails when a row names a kind no app declares.

Reaches: OWN (the user's own records), UNIT (their unit's subtree), ANCHOR (the subtree of the
bureau their unit serves: an internal office such as the city bureau's 政工科 works for the whole
city bureau), ALL (every row).
"""

from collections.abc import Mapping

from hongdun.accounts.roles import DerivedRole, Role
from hongdun.core.scope import Action, Grant, Reach

VIEW = Action.VIEW
EDIT = Action.EDIT


def read(reach: Reach) -> Grant:
    return {VIEW: reach}


def read_and_edit(reach: Reach) -> Grant:
    return {VIEW: reach, EDIT: reach}


# Workforce (ADR 0007): the personnel office keeps people, learning and pillars 1, 3 and 5; the
# discipline office alone edits integrity records (pillar 4) and reads the rest to pick whom its
# records are about; leaders read everything but family records; unit heads (by position) read
# their subtree's non-integrity records. Offices serve their bureau, hence ANCHOR.
_PERSONNEL_KEEPS = read_and_edit(Reach.ANCHOR)
_OFFICE_READS = read(Reach.ANCHOR)
_HEAD_READS = read(Reach.UNIT)

RULES: Mapping[str, Mapping[str, Grant]] = {
    # --- registration and supervision ------------------------------------------------------------
    # The market-entity register: read in the back office within the unit's subtree; the
    # administrators of the city bureau read all of it.
    "enterprises.enterprise": {
        # Registrars also record decisions on it in their subtree (撤销登记).
        Role.REGISTRAR: read_and_edit(Reach.UNIT),
        Role.SUPERVISOR: read(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    # Name declarations: registrars review those filed with an authority of their subtree.
    "namecheck.reservation": {
        Role.REGISTRAR: read_and_edit(Reach.UNIT),
    },
    # Registration applications (and their materials, objections): registrars of the competent
    # authority's subtree review and decide them.
    "registration.application": {
        Role.REGISTRAR: read_and_edit(Reach.UNIT),
    },
    # Authorisations to act for an enterprise: granted and revoked by registrars of the
    # enterprise's authority subtree.
    "registration.authorisation": {
        Role.REGISTRAR: read_and_edit(Reach.UNIT),
    },
    # Public questions: registrars answer those addressed to an authority of their subtree.
    "consultation.question": {
        Role.REGISTRAR: read_and_edit(Reach.UNIT),
    },
    # Annual reports and immediate disclosures (企业信息公示): the supervisors of the enterprise's
    # authority subtree follow filing, record paper filings and send reminders; registrars and
    # leaders read them; the city bureau's administrators read all.
    "disclosure.annualreport": {
        Role.SUPERVISOR: read_and_edit(Reach.UNIT),
        Role.REGISTRAR: read(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    # The supervision registers (issue 10): supervisors of the deciding authority's subtree propose,
    # decide and remove listings and run the inspection plans of their unit; registrars read the
    # lists (registration follows them); leaders read both; the city's administrators read all.
    "supervision.listing": {
        Role.SUPERVISOR: read_and_edit(Reach.UNIT),
        Role.REGISTRAR: read(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    "supervision.inspection": {
        Role.SUPERVISOR: read_and_edit(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    # The credit registers (issue 11). Risk classes are internal: supervisors, leaders and the
    # city's administrators read them; nobody edits a class (the monthly run computes it). The
    # schemes and runs are city-wide: administrators edit them (new versions, runs, re-runs),
    # supervisors and leaders read them.
    "credit.classification": {
        Role.SUPERVISOR: read(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    "credit.scheme": {
        Role.SUPERVISOR: read(Reach.ALL),
        Role.LEADER: read(Reach.ALL),
        Role.ADMINISTRATOR: read_and_edit(Reach.ALL),
    },
    # 守合同重信用 and 文明诚信市场: supervisors of the authority's (market's) subtree review and
    # evaluate; leaders read; the city's administrators read all.
    "credit.contract": {
        Role.SUPERVISOR: read_and_edit(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    "credit.market": {
        Role.SUPERVISOR: read_and_edit(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    "disclosure.immediate": {
        Role.SUPERVISOR: read(Reach.UNIT),
        Role.REGISTRAR: read(Reach.UNIT),
        Role.LEADER: read(Reach.UNIT),
        Role.ADMINISTRATOR: read(Reach.ALL),
    },
    # --- workforce ----------------------------------------------------------------------------
    "workforce.people": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
        Role.DISCIPLINE: _OFFICE_READS,
        Role.LEADER: _OFFICE_READS,
        DerivedRole.UNIT_HEAD: _HEAD_READS,
    },
    "workforce.family": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
    },
    "workforce.leadership": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
        Role.DISCIPLINE: _OFFICE_READS,
        Role.LEADER: _OFFICE_READS,
        DerivedRole.UNIT_HEAD: _HEAD_READS,
    },
    "workforce.learning": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
        Role.DISCIPLINE: _OFFICE_READS,
        Role.LEADER: _OFFICE_READS,
        DerivedRole.UNIT_HEAD: _HEAD_READS,
    },
    "workforce.civic": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
        Role.DISCIPLINE: _OFFICE_READS,
        Role.LEADER: _OFFICE_READS,
        DerivedRole.UNIT_HEAD: _HEAD_READS,
    },
    "workforce.integrity": {
        Role.DISCIPLINE: read_and_edit(Reach.ANCHOR),
        Role.LEADER: _OFFICE_READS,
    },
    "workforce.culture": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
        Role.DISCIPLINE: _OFFICE_READS,
        Role.LEADER: _OFFICE_READS,
        DerivedRole.UNIT_HEAD: _HEAD_READS,
    },
    # Overview pages, frozen snapshots, report drafts: the personnel office freezes snapshots.
    "workforce.figures": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
        Role.DISCIPLINE: _OFFICE_READS,
        Role.LEADER: _OFFICE_READS,
        DerivedRole.UNIT_HEAD: _HEAD_READS,
    },
    # Excel imports and exports: the personnel office, and the discipline office for integrity
    # data (evaluations).
    "workforce.imports": {
        Role.PERSONNEL: _PERSONNEL_KEEPS,
        Role.DISCIPLINE: read_and_edit(Reach.ANCHOR),
    },
}
