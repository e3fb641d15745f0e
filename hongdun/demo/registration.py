"""Demo applications of the demo applicant (冯小满) in several states; fictional, idempotent.

- a draft establishment with defects left to fix (shows the one-time list);
- a submitted establishment (in the clerk's queue);
- an establishment returned for correction, with its correction items;
- a change of address for an enterprise the applicant is authorised for;
- a simplified deregistration whose 20-day notice is running (public notice list).

Each is keyed by its reserved name or enterprise, so a second run finds it and adds nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.namecheck.choices import ReservationStatus, VerdictChoice
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.models import Unit
from hongdun.registration.choices import MaterialKind
from hongdun.registration.models import Application, CorrectionItem, EnterpriseAuthorisation
from hongdun.registration.prereview.samples import resident_id
from hongdun.registration.services import (
    DraftContent,
    application_create_change,
    application_create_deregistration,
    application_create_establishment,
    application_publish_notice,
    application_save,
    application_submit,
    application_transition,
    enterprise_authorisation_grant,
    material_upload,
)
from hongdun.registration.transitions import Action, Actor

# A minimal valid PDF: the demo's placeholder for every uploaded material.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
COMPANY_MATERIALS = (
    MaterialKind.APPLICATION_FORM,
    MaterialKind.MEMBER_QUALIFICATION,
    MaterialKind.ADDRESS_PROOF,
    MaterialKind.ARTICLES,
    MaterialKind.APPOINTMENT,
)


def _reservation(applicant: User, unit: Unit, name: str, trade_name: str) -> NameReservation:
    reservation, _ = NameReservation.objects.get_or_create(
        applicant=applicant,
        registry=unit,
        proposed_name=name,
        defaults={
            "normalized_name": name,
            "trade_name": trade_name,
            "industry_key": "demo-registration",
            "status": ReservationStatus.RESERVED,
            "reserved_until": timezone.localdate() + timedelta(days=55),
            "verdict": VerdictChoice.PASS,
        },
    )
    return reservation


def _upload(applicant: User, application: Application, kinds: Any) -> None:
    for kind in kinds:
        material_upload(
            applicant=applicant,
            application=application,
            kind=kind,
            upload=SimpleUploadedFile(f"{kind}.pdf", DEMO_PDF, content_type="application/pdf"),
        )


def _llc_content(capital: str, shareholders: list[tuple[str, int, str]]) -> DraftContent:
    due = (timezone.localdate() + timedelta(days=365 * 4)).isoformat()
    return DraftContent(
        basic={
            "registered_capital": capital,
            "address": "内蒙古自治区包头市昆都仑区钢铁大街88号2号楼1201室",
            "address_division_code": "150203",
            "contact_name": "冯小满",
            "contact_phone": "13800000001",
        },
        members=[
            {
                "name": name,
                "role": "shareholder",
                "id_number": resident_id(serial),
                "subscriptions": [{"amount": amount, "form": "money", "due_date": due}],
            }
            for name, serial, amount in shareholders
        ],
        officers=[
            {
                "name": shareholders[0][0],
                "id_number": resident_id(shareholders[0][1]),
                "is_director": True,
                "is_chair": True,
                "is_manager": True,
                "is_legal_representative": True,
            },
            {"name": "韩守正", "id_number": resident_id(901), "is_supervisor": True},
        ],
        scope_codes=["I6511-12", "I6560-20", "I6531-16"],
    )


@transaction.atomic
def demo_registration_load(*, applicant_username: str = "applicant") -> int:
    """Create the demo applications once; returns how many were added (0 on a second run)."""
    applicant = User.objects.filter(username=applicant_username).first()
    registrar = User.objects.filter(username="registrar").first()
    if applicant is None or registrar is None:
        return 0
    kundulun = Unit.objects.get(code="kundulun")
    added = 0

    draft_name = _reservation(applicant, kundulun, "包头市云杉数据科技有限公司", "云杉")
    if not Application.objects.filter(name_reservation=draft_name).exists():
        draft = application_create_establishment(
            applicant=applicant, reservation=draft_name, entity_type="llc"
        )
        # Left unfinished on purpose: capital differs from the subscriptions, materials missing.
        application_save(
            applicant=applicant,
            application=draft,
            content=_llc_content(
                "1000000.00", [("冯小满", 11, "600000.00"), ("宋安", 12, "300000.00")]
            ),
        )
        added += 1

    submitted_name = _reservation(applicant, kundulun, "包头市北辰软件有限公司", "北辰")
    if not Application.objects.filter(name_reservation=submitted_name).exists():
        app = application_create_establishment(
            applicant=applicant, reservation=submitted_name, entity_type="llc"
        )
        application_save(
            applicant=applicant,
            application=app,
            content=_llc_content("500000.00", [("冯小满", 11, "500000.00")]),
        )
        _upload(applicant, app, COMPANY_MATERIALS)
        application_submit(applicant=applicant, application=app)
        added += 1

    corrected_name = _reservation(applicant, kundulun, "包头市青穗信息技术有限公司", "青穗")
    if not Application.objects.filter(name_reservation=corrected_name).exists():
        app = application_create_establishment(
            applicant=applicant, reservation=corrected_name, entity_type="llc"
        )
        application_save(
            applicant=applicant,
            application=app,
            content=_llc_content(
                "2000000.00", [("冯小满", 11, "1200000.00"), ("宋安", 12, "800000.00")]
            ),
        )
        _upload(applicant, app, COMPANY_MATERIALS)
        app = application_submit(applicant=applicant, application=app)
        locked = Application.objects.select_for_update().get(pk=app.pk)
        application_transition(
            application=locked,
            action=Action.REQUIRE_CORRECTION,
            actor=registrar,
            actor_kind=Actor.REGISTRAR,
            note="住所使用证明不清晰；章程缺少股东签字页。",
            fields={"correction_requested_at": timezone.now()},
        )
        CorrectionItem.objects.bulk_create(
            [
                CorrectionItem(
                    application=locked,
                    field="materials.address_proof",
                    rule="M3",
                    message="住所使用证明（租赁合同）第2页不清晰，请重新上传。",
                    created_by=registrar,
                ),
                CorrectionItem(
                    application=locked,
                    field="materials.articles",
                    rule="M4",
                    message="公司章程缺少股东宋安的签字页。",
                    created_by=registrar,
                ),
            ]
        )
        added += 1

    enterprises = list(
        # On neither list: one of them applies for simplified deregistration, which a listing
        # bars, and the supervision demo lists whom its random draw finds unreachable.
        Enterprise.objects.filter(
            registration_authority=kundulun,
            status=EnterpriseStatus.ACTIVE,
            enterprise_type="llc",
            on_abnormal_list=False,
            on_serious_list=False,
        ).order_by("id")[:2]
    )
    if len(enterprises) == 2:
        changed, closing = enterprises
        for enterprise in (changed, closing):
            enterprise_authorisation_grant(
                granted_by=registrar,
                enterprise=enterprise,
                user=applicant,
                basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE,
                note="演示：法定代表人本人到窗口核验身份",
            )
        if not Application.objects.filter(enterprise=changed, kind="change").exists():
            change = application_create_change(
                applicant=applicant, enterprise=changed, items=["address"]
            )
            application_save(
                applicant=applicant,
                application=change,
                content=DraftContent(
                    basic={
                        "address": "内蒙古自治区包头市昆都仑区阿尔丁大街18号",
                        "address_division_code": "150203",
                        "resolution_date": (timezone.localdate() - timedelta(days=6)).isoformat(),
                    },
                    change_items=[
                        {"item": "address", "new_value": "内蒙古自治区包头市昆都仑区阿尔丁大街18号"}
                    ],
                ),
            )
            added += 1
        if not Application.objects.filter(enterprise=closing, kind="deregistration").exists():
            dereg = application_create_deregistration(
                applicant=applicant, enterprise=closing, mode="simplified"
            )
            application_save(
                applicant=applicant,
                application=dereg,
                content=DraftContent(
                    basic={},
                    deregistration={
                        "debts_settled": True,
                        "all_investors_committed": True,
                        "tax_cleared": True,
                    },
                ),
            )
            _upload(applicant, dereg, (MaterialKind.APPLICATION_FORM, MaterialKind.COMMITMENT))
            application_publish_notice(applicant=applicant, application=dereg)
            added += 1
    return added
