"""The 干部任免审批表 of one person as a Word file, filled from their records as of a date."""

import io
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from docxtpl import DocxTemplate, RichText

from hongdun.accounts.types import AnyUser
from hongdun.workforce.docx.build_template import TEMPLATE_PATH
from hongdun.workforce.models import EducationRecord, Person, age_on
from hongdun.workforce.permissions import can_see_personal_data
from hongdun.workforce.selectors import person_summary

MAX_INPUT = 200


def _month(value: date | None) -> str:
    return f"{value.year}.{value.month:02d}" if value else ""


def _education(record: EducationRecord | None) -> tuple[str, str]:
    if record is None:
        return "", ""
    level = record.get_level_display()
    degree = record.get_degree_display() if record.degree else ""
    school = f"{record.school}{record.major}".strip()
    return f"{level}{degree}", school


def appointment_context(
    person: Person,
    *,
    user: AnyUser,
    on: date,
    proposed_appointment: str = "",
    proposed_removal: str = "",
    reason: str = "",
) -> dict[str, Any]:
    """Everything the template shows; family details only for those who may see personal data."""
    summary = person_summary(person, on=on)
    full_time, full_time_school = _education(summary.highest_full_time)
    in_service, in_service_school = _education(summary.highest_in_service)
    resume = RichText()
    positions = sorted(person.positions.all(), key=lambda p: p.start_date)
    for index, position in enumerate(positions):
        if index:
            resume.add("\n")
        end = _month(position.end_date) if position.end_date else _("至今")
        resume.add(f"{_month(position.start_date)}—{end}　{position.unit}{position.title}")
    awards = RichText()
    honours = sorted(person.honours.all(), key=lambda h: h.year)
    for index, honour in enumerate(honours):
        if index:
            awards.add("\n")
        awards.add(f"{honour.year}年　{honour.awarding_body}授予“{honour.title}”")
    if not honours:
        awards.add(_("无"))
    family: list[dict[str, Any]] = []
    family_note = ""
    if can_see_personal_data(user):
        for member in person.family_members.all():
            family.append(
                {
                    "relation": member.get_relation_display(),
                    "name": member.name,
                    "age": age_on(member.birth_date, on) if member.birth_date else "",
                    "political_status": member.get_political_status_display()
                    if member.political_status
                    else "",
                    "work": member.work_unit_and_position,
                }
            )
    else:
        family_note = _("家庭成员信息属个人信息，仅政工部门可见。")
    current = "、".join(f"{p.unit}{p.title}" for p in summary.current_positions)
    return {
        "name": person.name,
        "gender": person.get_gender_display(),
        "birth": f"{_month(person.birth_date)}（{summary.age}岁）",
        "ethnicity": person.get_ethnicity_display(),
        "native_place": person.native_place,
        "birthplace": person.birthplace,
        "party_join": _month(person.party_join_date),
        "work_start": _month(person.work_start_date),
        "staff_category": person.get_staff_category_display(),
        "professional_title": person.professional_title,
        "specialty": person.specialty,
        "full_time_education": full_time,
        "full_time_school": full_time_school,
        "in_service_education": in_service,
        "in_service_school": in_service_school,
        "current_position": current,
        "current_rank": summary.rank.get_rank_display() if summary.rank else "",
        "proposed_appointment": proposed_appointment[:MAX_INPUT],
        "proposed_removal": proposed_removal[:MAX_INPUT],
        "reason": reason[:MAX_INPUT],
        "resume": resume,
        "awards": awards,
        "family": family,
        "family_note": family_note,
        "unit": str(person.unit),
        "filled_on": on.isoformat(),
        "filled_by": str(user),
        "as_of": on.isoformat(),
    }


def appointment_form_render(person: Person, *, user: AnyUser, on: date, **inputs: str) -> bytes:
    template = DocxTemplate(str(TEMPLATE_PATH))
    template.render(appointment_context(person, user=user, on=on, **inputs), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
