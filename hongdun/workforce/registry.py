"""Every kind of workforce record the back office edits: its fields, filters, search and children.

One declaration per kind drives the platform's generic back office (core.backoffice, wired up in
views/records.py); permissions come from permissions.MODEL_SCOPE, so a kind cannot be added here
without saying who may see it.
"""

from dataclasses import dataclass

from django.db import models

from hongdun.core.backoffice.records import RecordType as PlatformRecordType
from hongdun.core.backoffice.records import model_field as model_field
from hongdun.workforce import models as wf
from hongdun.workforce.derivations import (
    DeriveHook,
    derive_attendance,
    derive_donation,
    derive_exam_result,
    derive_study_attendance,
)
from hongdun.workforce.permissions import RecordKind, kind_of


@dataclass(frozen=True)
class RecordType(PlatformRecordType):
    """The platform's record type; its kind (who may read and edit it) comes from the model."""

    # Derives the columns copied from related rows (e.g. the unit on the day) and reports what
    # cannot be derived; every write path calls it (derivations.py).
    derive: DeriveHook | None = None

    @property
    def kind(self) -> RecordKind:
        return kind_of(self.model)


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _record(
    slug: str,
    model: type[models.Model],
    list_fields: str,
    form_fields: str | None = None,
    *,
    filters: str = "",
    search: str = "",
    date: str | None = None,
    parent: str | None = None,
    related: str = "",
    children: str = "",
    in_menu: bool | None = None,
    derive: DeriveHook | None = None,
) -> RecordType:
    """One record type from a row of the table below: field names separated by spaces, the form
    showing the list's fields unless it names its own, children as `slug:fk` pairs.

    The list joins the parent, the rows `related` names beyond it (the parent's own keys) and
    every foreign key it shows. A record listed under a parent stays out of the menu unless it
    says otherwise (you reach it from the parent's page).
    """
    joined_parent = (parent,) if parent else ()
    shown_keys = (
        name
        for name in _names(list_fields)
        if isinstance(model_field(model, name), models.ForeignKey)
    )
    return RecordType(
        slug,
        model,
        list_fields=_names(list_fields),
        form_fields=_names(form_fields if form_fields is not None else list_fields),
        filters=_names(filters),
        search=_names(search),
        date_field=date,
        parent_field=parent,
        children=tuple(
            (child, foreign_key)
            for child, foreign_key in (pair.split(":") for pair in children.split())
        ),
        select_related=tuple(dict.fromkeys((*joined_parent, *_names(related), *shown_keys))),
        in_menu=in_menu if in_menu is not None else parent is None,
        derive=derive,
    )


PERSON_FIELDS = (
    "employee_number name gender birth_date ethnicity native_place birthplace political_status"
    " party_join_date work_start_date bureau_join_date staff_category status status_date"
    " professional_title specialty id_number phone unit user notes"
)

RECORD_TYPES: tuple[RecordType, ...] = (
    # --- people -----------------------------------------------------------------------------------
    _record(
        "people",
        wf.Person,
        "employee_number name gender birth_date unit staff_category status",
        PERSON_FIELDS,
        filters="unit gender ethnicity political_status staff_category status",
        search="name employee_number",
        children=(
            "education:person ranks:person positions:person unit-memberships:person"
            " grassroots:person family:person pool-members:person"
        ),
    ),
    _record(
        "unit-memberships",
        wf.UnitMembership,
        "person unit start_date end_date document_number",
        filters="unit",
        search="person__name person__employee_number",
        date="start_date",
        parent="person",
    ),
    _record(
        "education",
        wf.EducationRecord,
        "person mode level degree school major end_date",
        "person mode level degree school major start_date end_date",
        filters="mode level degree",
        search="person__name school major",
        parent="person",
    ),
    _record(
        "ranks",
        wf.RankRecord,
        "person rank kind start_date end_date document_number",
        filters="rank kind",
        search="person__name document_number",
        date="start_date",
        parent="person",
    ),
    _record(
        "credentials",
        wf.EnforcementCredential,
        "person number issued_by issued_on valid_until revoked_on",
        "person number issued_by issued_on valid_until area revoked_on notes",
        search="person__name number",
        date="valid_until",
        parent="person",
        in_menu=True,
    ),
    _record(
        "positions",
        wf.PositionRecord,
        "person unit title rank start_date end_date appointment_document",
        "person unit post title rank is_leadership is_unit_head is_concurrent start_date"
        " appointment_document appointment_date end_date removal_document removal_date end_reason",
        filters="unit rank is_leadership is_unit_head",
        search="person__name title appointment_document removal_document",
        date="start_date",
        parent="person",
        in_menu=True,
    ),
    _record(
        "grassroots",
        wf.GrassrootsExperience,
        "person organisation role start_date end_date",
        search="person__name organisation",
        parent="person",
    ),
    _record(
        "family",
        wf.FamilyMember,
        "person relation name birth_date political_status work_unit_and_position",
        "person relation name birth_date political_status work_unit_and_position sort_order",
        search="person__name",
        parent="person",
    ),
    _record(
        "posts",
        wf.Post,
        "unit title category rank is_unit_head is_active",
        "unit title category rank is_unit_head is_active sort_order",
        filters="unit category rank is_active",
        search="title",
    ),
    _record(
        "quotas",
        wf.PostQuota,
        "unit rank quota effective_from document_number",
        filters="unit rank",
    ),
    _record(
        "pools",
        wf.ReservePool,
        "year name kind unit target_rank capacity",
        "name kind year unit target_rank max_age min_education min_grassroots_years min_rank"
        " requires_female requires_minority requires_party_member capacity description",
        filters="kind year unit",
        search="name",
        children="pool-members:pool",
    ),
    _record(
        "pool-members",
        wf.PoolMembership,
        "pool person start_date end_date exit_reason",
        "pool person start_date end_date exit_reason promoted_position recommendation",
        filters="exit_reason",
        search="person__name pool__name",
        parent="pool",
    ),
    # --- pillar 1 ---------------------------------------------------------------------------------
    _record(
        "teams",
        wf.LeadershipTeam,
        "name unit level",
        "unit name level",
        filters="level",
        search="name",
        children="team-members:team",
    ),
    _record(
        "team-members",
        wf.TeamMembership,
        "team person role title start_date end_date",
        "team person role title start_date end_date position",
        filters="role",
        search="person__name team__name",
        date="start_date",
        parent="team",
    ),
    _record(
        "team-targets",
        wf.TeamTarget,
        "year level metric comparison value age_limit",
        "year level metric comparison value age_limit document_number",
        filters="year level metric",
    ),
    _record(
        "visits",
        wf.SupervisoryVisit,
        "visited_on unit topic leader",
        "unit visited_on topic leader participants summary",
        filters="unit",
        search="topic",
        date="visited_on",
        children="findings:visit",
    ),
    _record(
        "findings",
        wf.SupervisoryFinding,
        "visit description deadline closed_on",
        "visit description requirement deadline closed_on closure_note",
        search="description",
        date="deadline",
        parent="visit",
        related="visit__unit",
    ),
    _record(
        "rotations",
        wf.RotationCycle,
        "year title min_rank start_date end_date required_hours",
        "title year topic min_rank start_date end_date required_hours",
        filters="year min_rank",
        search="title",
        children="rotation-completions:cycle",
    ),
    _record(
        "rotation-completions",
        wf.RotationCompletion,
        "cycle person completed_on hours",
        "cycle person completed_on hours note",
        search="person__name",
        date="completed_on",
        parent="cycle",
    ),
    _record(
        "litigation",
        wf.LitigationCase,
        "case_number unit court cause filed_on head_appeared result",
        "unit case_number court stage cause plaintiff filed_on hearing_on head_appeared"
        " appeared_person result closed_on note",
        filters="unit stage result head_appeared",
        search="case_number cause court plaintiff",
        date="filed_on",
    ),
    # --- pillar 2 ---------------------------------------------------------------------------------
    _record(
        "plans",
        wf.TrainingPlan,
        "year title unit planned_classes planned_person_times",
        "unit year title planned_classes planned_person_times planned_hours approved_on"
        " document_number description",
        filters="year unit",
        search="title",
        children="classes:plan",
    ),
    _record(
        "classes",
        wf.TrainingClass,
        "code title organiser category teaching_method delivery hours start_date",
        "code title organiser plan rotation_cycle category teaching_method delivery hours"
        " start_date end_date location description",
        filters="organiser category teaching_method delivery",
        search="code title",
        date="start_date",
        children="sessions:training_class",
    ),
    _record(
        "sessions",
        wf.TrainingSession,
        "training_class sequence date topic lecturer hours",
        search="topic training_class__code",
        date="date",
        parent="training_class",
        children="attendance:session",
    ),
    _record(
        "attendance",
        wf.Attendance,
        "date session person unit status hours",
        "session person status hours",
        filters="unit status",
        search="person__name person__employee_number",
        date="date",
        parent="session",
        related="session__training_class",
        derive=derive_attendance,
    ),
    _record(
        "study-series",
        wf.StudySeries,
        "unit kind title weekday start_date end_date",
        "unit kind title weekday start_date end_date minutes",
        filters="unit kind",
        search="title",
        children="study-sessions:series",
    ),
    _record(
        "study-sessions",
        wf.StudySession,
        "series date topic",
        search="topic",
        date="date",
        parent="series",
        related="series__unit",
        children="study-attendance:session",
    ),
    _record(
        "study-attendance",
        wf.StudyAttendance,
        "date session person unit status",
        "session person status",
        filters="unit status",
        search="person__name",
        date="date",
        parent="session",
        related="session__series",
        derive=derive_study_attendance,
    ),
    _record(
        "exams",
        wf.ExternalExam,
        "code name level held_on pass_score max_score",
        "code name level organiser_body held_on max_score pass_score",
        search="code name",
        date="held_on",
        children="exam-results:exam",
    ),
    _record(
        "exam-results",
        wf.ExamResult,
        "exam person unit score absent passed",
        "exam person score absent passed certificate_number",
        filters="unit passed absent",
        search="person__name person__employee_number",
        parent="exam",
        derive=derive_exam_result,
    ),
    _record(
        "competitions",
        wf.Competition,
        "year title kind level organiser_body held_on",
        "title kind level organiser_body held_on year description",
        filters="year kind level",
        search="title organiser_body",
        date="held_on",
        children="competition-entries:competition",
    ),
    _record(
        "competition-entries",
        wf.CompetitionEntry,
        "competition person unit event rank prize",
        "competition person unit team_name event score rank prize",
        filters="prize",
        search="person__name team_name event",
        parent="competition",
    ),
    # --- pillar 3 ---------------------------------------------------------------------------------
    _record(
        "honours",
        wf.Honour,
        "year title unit person level awarding_body category",
        "unit person title category field level awarding_body year awarded_on document_number"
        " revoked_on competition_entry",
        filters="unit level category field year",
        search="title awarding_body person__name",
    ),
    _record(
        "disclosures",
        wf.DisclosureEntry,
        "disclosed_on unit title category channel",
        "unit title category channel disclosed_on url summary",
        filters="unit category channel",
        search="title",
        date="disclosed_on",
    ),
    # --- pillar 4 ---------------------------------------------------------------------------------
    _record(
        "letters",
        wf.ResponsibilityLetter,
        "year unit signer counterparty signed_on check_result",
        "unit year signer counterparty signed_on content check_result checked_on",
        filters="year unit check_result",
    ),
    _record(
        "duty-reports",
        wf.DutyReport,
        "reported_on person unit audience",
        "person unit reported_on audience summary",
        filters="unit",
        search="person__name audience",
        date="reported_on",
        children="duty-ratings:report",
    ),
    _record(
        "duty-ratings",
        wf.DutyReportRating,
        "report rater_label rater_organisation rating",
        "report rater_label rater_organisation rating comment",
        filters="rating",
        parent="report",
        related="report__person",
    ),
    _record(
        "supervision",
        wf.SupervisionRecord,
        "conducted_on kind unit title rectification_deadline rectified_on",
        "kind unit person conducted_on title findings rectification_required"
        " rectification_deadline rectified_on rectification",
        filters="kind unit rectification_required",
        search="title",
        date="conducted_on",
    ),
    _record(
        "supervisors",
        wf.IntegritySupervisor,
        "name organisation occupation unit term_start term_end",
        "name organisation occupation phone unit term_start term_end appointment_document",
        filters="unit",
        search="name organisation",
        children="supervisor-feedback:supervisor",
    ),
    _record(
        "supervisor-feedback",
        wf.SupervisorFeedback,
        "received_on supervisor unit responded_on",
        "supervisor unit received_on content response responded_on",
        filters="unit",
        date="received_on",
        parent="supervisor",
    ),
    _record(
        "evaluations",
        wf.EvaluationRound,
        "year title evaluator_kind evaluator_body held_on subject_count",
        "title evaluator_kind evaluator_body year held_on subject_count",
        filters="year evaluator_kind",
        search="title evaluator_body",
        children="evaluation-results:round",
    ),
    _record(
        "evaluation-results",
        wf.EvaluationResult,
        "round unit votes_for votes_against votes_abstain grade rank",
        "round unit votes_for votes_basic votes_against votes_abstain score grade rank peer_count",
        filters="unit grade",
        parent="round",
    ),
    _record(
        "commendations",
        wf.Commendation,
        "year title person unit level awarding_body",
        "person unit title level awarding_body year document_number deeds",
        filters="year level",
        search="title person__name",
    ),
    # --- pillar 5 ---------------------------------------------------------------------------------
    _record(
        "activities",
        wf.CultureActivity,
        "start_date title kind organiser location",
        "title kind organiser start_date end_date location description",
        filters="kind organiser",
        search="title",
        date="start_date",
        children="participants:activity",
    ),
    _record(
        "participants",
        wf.ActivityParticipant,
        "activity person unit event result rank prize",
        filters="prize",
        search="person__name event",
        parent="activity",
    ),
    _record(
        "pairings",
        wf.PairingProject,
        "title kind supporting_unit partner_unit partner_name start_date",
        "kind title supporting_unit partner_unit partner_name start_date end_date goals",
        filters="kind supporting_unit",
        search="title partner_name",
        children="pairing-visits:project pairing-funds:project pairing-outcomes:project",
    ),
    _record(
        "pairing-visits",
        wf.PairingVisit,
        "project visited_on leader participant_count",
        "project visited_on leader participant_count content outcome",
        date="visited_on",
        parent="project",
    ),
    _record(
        "pairing-funds",
        wf.PairingFund,
        "project given_on kind amount purpose",
        filters="kind",
        date="given_on",
        parent="project",
    ),
    _record(
        "pairing-outcomes",
        wf.PairingOutcome,
        "project achieved_on title",
        "project achieved_on title description",
        parent="project",
    ),
    _record(
        "campaigns",
        wf.DonationCampaign,
        "start_date title kind organiser cause",
        "title kind organiser cause association start_date end_date reported_total"
        " reported_in_kind_total",
        filters="kind organiser",
        search="title cause",
        date="start_date",
        children="donations:campaign",
    ),
    _record(
        "donations",
        wf.Donation,
        "campaign person donor_name unit amount in_kind_value donated_on",
        filters="unit",
        search="person__name donor_name",
        date="donated_on",
        parent="campaign",
        derive=derive_donation,
    ),
)

BY_SLUG: dict[str, RecordType] = {record_type.slug: record_type for record_type in RECORD_TYPES}
BY_MODEL: dict[type[models.Model], RecordType] = {rt.model: rt for rt in RECORD_TYPES}


def derive_hook(model: type[models.Model]) -> DeriveHook | None:
    """The derive hook of the record type declared for `model`, if it has one."""
    record_type = BY_MODEL.get(model)
    return record_type.derive if record_type is not None else None


def record_type_for(slug: str) -> RecordType | None:
    return BY_SLUG.get(slug)


def menu(kind: RecordKind) -> list[RecordType]:
    return [rt for rt in RECORD_TYPES if rt.in_menu and rt.kind == kind]
