"""The permission rules as tables: role × record kind × action, scope by unit, personal data."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from hongdun.core.scope import Action, permits, restrict, unit_ids_in_reach
from hongdun.orgs.models import Unit
from hongdun.workforce import models as wf
from hongdun.workforce.permissions import (
    MODEL_SCOPE,
    RecordKind,
    can_see_integrity_details,
    can_see_personal_data,
    display_value,
    hidden_fields,
)
from hongdun.workforce.registry import RECORD_TYPES

pytestmark = pytest.mark.django_db

K = RecordKind
# "E" edit (and read), "R" read only, "-" nothing. The rows are issue 5 item 9 and ADR 0007.
EXPECTED = {
    "personnel": {
        K.PEOPLE: "E",
        K.FAMILY: "E",
        K.LEADERSHIP: "E",
        K.LEARNING: "E",
        K.CIVIC: "E",
        K.INTEGRITY: "-",
        K.CULTURE: "E",
        K.FIGURES: "E",
        K.IMPORTS: "E",
    },
    "discipline": {
        K.PEOPLE: "R",
        K.FAMILY: "-",
        K.LEADERSHIP: "R",
        K.LEARNING: "R",
        K.CIVIC: "R",
        K.INTEGRITY: "E",
        K.CULTURE: "R",
        K.FIGURES: "R",
        K.IMPORTS: "E",
    },
    "leader": {
        K.PEOPLE: "R",
        K.FAMILY: "-",
        K.LEADERSHIP: "R",
        K.LEARNING: "R",
        K.CIVIC: "R",
        K.INTEGRITY: "R",
        K.CULTURE: "R",
        K.FIGURES: "R",
        K.IMPORTS: "-",
    },
    "kundulun_head": {
        K.PEOPLE: "R",
        K.FAMILY: "-",
        K.LEADERSHIP: "R",
        K.LEARNING: "R",
        K.CIVIC: "R",
        K.INTEGRITY: "-",
        K.CULTURE: "R",
        K.FIGURES: "R",
        K.IMPORTS: "-",
    },
    "registrar": dict.fromkeys(K, "-"),
    "administrator": dict.fromkeys(K, "-"),
    "applicant": dict.fromkeys(K, "-"),
}
TABLE = [(who, kind, mark) for who, row in EXPECTED.items() for kind, mark in row.items()]


@pytest.mark.parametrize(("who", "kind", "mark"), TABLE)
def test_rule_table(wf_users, who, kind, mark):
    user = wf_users[who]
    assert permits(user, kind) is (mark in "RE")
    assert permits(user, kind, Action.EDIT) is (mark == "E")


def test_anonymous_has_no_rights(bureau):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not any(permits(anonymous, kind) for kind in RecordKind)
    assert unit_ids_in_reach(anonymous, RecordKind.PEOPLE) == frozenset()


def _codes(ids):
    return set(Unit.objects.filter(pk__in=ids).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("who", "sees", "does_not_see"),
    [
        # An office's staff work for their bureau: the city personnel office sees everything.
        ("personnel", {"baotou", "kundulun", "jiuyuan", "jiuyuan-station-1"}, set()),
        ("leader", {"baotou", "kundulun", "jiuyuan"}, set()),
        # A county-level personnel user sees their county's subtree only.
        (
            "county_personnel",
            {"jiuyuan", "jiuyuan-station-1", "jiuyuan-station-2"},
            {"kundulun", "baotou"},
        ),
        # A unit head sees the subtree of the unit they head.
        (
            "kundulun_head",
            {"kundulun", "kundulun-station-1"},
            {"jiuyuan", "baotou", "personnel-office"},
        ),
        ("registrar", set(), {"kundulun"}),
    ],
)
def test_visible_units(wf_users, who, sees, does_not_see):
    codes = _codes(unit_ids_in_reach(wf_users[who], RecordKind.PEOPLE))
    assert sees <= codes
    assert not (does_not_see & codes)


def test_unit_head_scope_follows_position_dates(wf_users, bureau):
    head = wf_users["kundulun_head"]
    position = wf.PositionRecord.objects.get(person__user=head)
    today = timezone.localdate()
    position.end_date = today - timedelta(days=1)
    position.save()
    head = type(head).objects.get(pk=head.pk)  # drop per-request caches
    assert not permits(head, RecordKind.PEOPLE)
    assert unit_ids_in_reach(head, RecordKind.PEOPLE) == frozenset()
    position.end_date = None
    position.start_date = today + timedelta(days=1)
    position.save()
    head = type(head).objects.get(pk=head.pk)
    assert not permits(head, RecordKind.PEOPLE)
    position.start_date = today
    position.save()
    head = type(head).objects.get(pk=head.pk)
    assert permits(head, RecordKind.PEOPLE)


def test_county_personnel_edits_only_their_county(wf_users, bureau):
    user = wf_users["county_personnel"]
    editable = _codes(unit_ids_in_reach(user, RecordKind.PEOPLE, Action.EDIT))
    assert "jiuyuan" in editable
    assert "kundulun" not in editable
    # A unit head's read scope never becomes an edit scope.
    assert (
        unit_ids_in_reach(wf_users["kundulun_head"], RecordKind.PEOPLE, Action.EDIT) == frozenset()
    )


@pytest.mark.parametrize(
    ("who", "personal", "integrity"),
    [
        ("personnel", True, False),
        ("discipline", False, True),
        ("leader", False, False),
        ("administrator", False, False),
        ("kundulun_head", False, False),
        ("registrar", False, False),
    ],
)
def test_personal_data_and_integrity_details(wf_users, who, personal, integrity):
    user = wf_users[who]
    assert can_see_personal_data(user) is personal
    assert can_see_integrity_details(user) is integrity


def test_every_workforce_model_has_a_scope_and_every_kind_a_page():
    models = {
        m._meta.model_name
        for m in apps.get_app_config("workforce").get_models()
        if not (m._meta.model_name or "").startswith("historical")
    }
    assert models == set(MODEL_SCOPE)
    registered = {rt.model._meta.model_name for rt in RECORD_TYPES}
    # Snapshots have their own pages (figures); every record kind has pages. Import jobs live in
    # the Excel app (hongdun.workforce.excel), not here. The person-time rollup is derived from
    # attendance and has no page.
    assert models - registered == {"figuresnapshot", "persontime", "persontimetotal"}


def test_scope_queryset_per_kind(samples, wf_users):
    head = wf_users["kundulun_head"]
    kundulun, jiuyuan = samples["kundulun"], samples["jiuyuan"]
    for slug in ["people", "attendance", "honours", "participants", "donations", "findings"]:
        model = type(kundulun[slug])
        visible = set(restrict(model.objects.all(), head).values_list("pk", flat=True))
        assert kundulun[slug].pk in visible, slug
        assert jiuyuan[slug].pk not in visible, slug
    # Bureau-wide sittings are visible to every reader of the kind.
    exams = set(restrict(wf.ExternalExam.objects.all(), head).values_list("pk", flat=True))
    assert {kundulun["exams"].pk, jiuyuan["exams"].pk} <= exams
    # No integrity rows for a head, all for the discipline office.
    assert not restrict(wf.ResponsibilityLetter.objects.all(), head).exists()
    assert restrict(wf.ResponsibilityLetter.objects.all(), wf_users["discipline"]).count() == 2
    # Family members are hidden from leaders entirely.
    assert not restrict(wf.FamilyMember.objects.all(), wf_users["leader"]).exists()


@pytest.mark.parametrize(
    ("who", "id_shown", "phone_shown"),
    [
        ("personnel", "150203198001011232", "13904721234"),
        ("leader", "150203********1232", "139****1234"),
        ("discipline", "150203********1232", "139****1234"),
        ("kundulun_head", "150203********1232", "139****1234"),
    ],
)
def test_personal_fields_masked(samples, wf_users, who, id_shown, phone_shown):
    person = samples["kundulun"]["people"]
    user = wf_users[who]
    assert display_value(user, person, "id_number", person.id_number) == id_shown
    assert display_value(user, person, "phone", person.phone) == phone_shown
    assert display_value(user, person, "name", person.name) == person.name


def test_integrity_confidential_fields_hidden_from_leaders(samples, wf_users):
    letter = samples["kundulun"]["letters"]
    leader, discipline = wf_users["leader"], wf_users["discipline"]
    assert "content" in hidden_fields(leader, letter)
    assert display_value(leader, letter, "content", letter.content) == "******"
    assert display_value(discipline, letter, "content", letter.content) == letter.content
    assert hidden_fields(discipline, letter) == frozenset()


def test_position_start_after_today_is_not_counted(bureau, make_user):
    from hongdun.accounts.roles import Role
    from hongdun.workforce.tests.factories import make_person

    user = make_user(Role.SUPERVISOR, bureau["donghe"])
    person = make_person(bureau["donghe"], "FUT", user=user)
    wf.PositionRecord.objects.create(
        person=person,
        unit=bureau["donghe"],
        title="局长",
        rank="section_chief",
        is_unit_head=True,
        start_date=timezone.localdate() + timedelta(days=30),
    )
    assert not permits(user, RecordKind.PEOPLE)
