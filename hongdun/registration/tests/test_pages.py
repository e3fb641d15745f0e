"""Portal pages and API: anonymous, wrong role, another applicant (404), the applicant path."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.enterprises.models import Enterprise
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.models import Unit
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.models import Application, EnterpriseAuthorisation
from hongdun.registration.prereview.samples import COMPANY_MATERIAL_KINDS, resident_id
from hongdun.registration.services import (
    DraftContent,
    application_create_deregistration,
    application_publish_notice,
    application_save,
    application_submit,
    material_upload,
)
from hongdun.registration.tests.conftest import PDF_BYTES, pdf_upload, png_bytes

pytestmark = pytest.mark.django_db

Login = Callable[[User | None], Client]


def _pages(application: Application) -> list[tuple[str, str]]:
    pk = application.pk
    material = application.materials.first()
    assert material is not None
    return [
        ("get", reverse("registration:detail", args=[pk])),
        ("get", reverse("registration:prereview", args=[pk])),
        ("get", reverse("registration:edit", args=[pk, "basic"])),
        ("get", reverse("registration:materials", args=[pk])),
        ("get", reverse("registration:withdraw", args=[pk])),
        ("post", reverse("registration:submit", args=[pk])),
        ("post", reverse("registration:withdraw", args=[pk])),
        ("post", reverse("registration:correct", args=[pk])),
        ("post", reverse("registration:edit", args=[pk, "basic"])),
        ("post", reverse("registration:material-delete", args=[pk, material.pk])),
        ("get", reverse("registration:material-download", args=[material.pk])),
        ("get", f"/api/v1/registration/applications/{pk}/"),
        ("patch", f"/api/v1/registration/applications/{pk}/"),
        ("post", f"/api/v1/registration/applications/{pk}/prereview"),
        ("post", f"/api/v1/registration/applications/{pk}/submit"),
        ("post", f"/api/v1/registration/applications/{pk}/withdraw"),
    ]


def test_anonymous_is_sent_to_login_or_refused(login: Login, draft: Application) -> None:
    client = login(None)
    for method, url in _pages(draft):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 401, 403), url
        if response.status_code == 302:
            assert "/accounts/login" in response["Location"]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_another_applicant_gets_404_everywhere(
    login: Login, other_applicant: User, draft: Application
) -> None:
    client = login(other_applicant)
    for method, url in _pages(draft):
        response = (
            getattr(client, method)(url, content_type="application/json")
            if method == "patch"
            else getattr(client, method)(url)
        )
        assert response.status_code == 404, url
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.materials.count() == 5


@pytest.mark.parametrize("role", [Role.REGISTRAR, Role.SUPERVISOR, Role.LEADER, None])
def test_wrong_role_cannot_use_applicant_pages(
    login: Login,
    make_user: Callable[..., User],
    bureau: dict[str, Unit],
    draft: Application,
    role: str | None,
) -> None:
    client = login(make_user(role, bureau["kundulun"]))
    for url in (
        reverse("registration:list"),
        reverse("registration:start"),
        reverse("registration:detail", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.get("/api/v1/registration/applications/").status_code == 403


def test_material_download_for_applicant_and_competent_registrar_only(
    login: Login, applicant: User, registrar: User, outsider_registrar: User, draft: Application
) -> None:
    material = draft.materials.first()
    assert material is not None
    url = reverse("registration:material-download", args=[material.pk])
    for user in (applicant, registrar):
        response = login(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert login(outsider_registrar).get(url).status_code == 404
    assert (
        login(applicant).get(reverse("registration:material-download", args=[999999])).status_code
        == 404
    )
    assert login(applicant).get("/registration/materials/abc/").status_code == 404


def test_list_shows_only_my_applications(
    login: Login, applicant: User, other_applicant: User, draft: Application
) -> None:
    page = login(applicant).get(reverse("registration:list"))
    assert page.status_code == 200
    assert draft.name in page.content.decode()
    other = login(other_applicant).get(reverse("registration:list"))
    assert draft.name not in other.content.decode()


def test_start_establishment_from_my_reservation(
    login: Login, applicant: User, reservation: NameReservation
) -> None:
    client = login(applicant)
    page = client.get(reverse("registration:start"))
    assert reservation.proposed_name in page.content.decode()
    response = client.post(
        reverse("registration:start"),
        {"kind": "establishment", "reservation": reservation.pk, "entity_type": "llc"},
    )
    application = Application.objects.get(name_reservation=reservation)
    assert response.status_code == 302
    assert response["Location"] == reverse("registration:detail", args=[application.pk])
    assert application.authority_id == reservation.registry_id


def test_start_with_someone_elses_reservation_is_refused(
    login: Login, other_applicant: User, reservation: NameReservation
) -> None:
    response = login(other_applicant).post(
        reverse("registration:start"),
        {"kind": "establishment", "reservation": reservation.pk, "entity_type": "llc"},
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


@pytest.mark.parametrize("kind", ["", "nonsense", "<script>alert(1)</script>", "establishment"])
def test_start_with_bad_input_is_a_clear_400(
    login: Login, applicant: User, reservation: NameReservation, kind: str
) -> None:
    response = login(applicant).post(
        reverse("registration:start"),
        {"kind": kind, "reservation": "x' OR 1=1", "entity_type": "🏢"},
    )
    assert response.status_code == 400
    assert b"<script>alert(1)</script>" not in response.content
    assert not Application.objects.exists()


def test_detail_shows_defects_and_disables_submit(
    login: Login, applicant: User, reservation: NameReservation
) -> None:
    client = login(applicant)
    client.post(
        reverse("registration:start"),
        {"kind": "establishment", "reservation": reservation.pk, "entity_type": "llc"},
    )
    application = Application.objects.get()
    page = client.get(reverse("registration:detail", args=[application.pk])).content.decode()
    assert "未填写注册资本。" in page
    assert "REG-CAP-1" not in page  # rule codes are staff shorthand
    assert 'data-testid="submit-button" disabled' in page
    response = client.post(reverse("registration:submit", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_edit_basic_shows_defect_beside_field_and_saves(
    login: Login, applicant: User, draft: Application
) -> None:
    client = login(applicant)
    url = reverse("registration:edit", args=[draft.pk, "basic"])
    response = client.post(
        url,
        {
            "registered_capital": "999999.99",
            "address": draft.address,
            "address_division_code": "150203",
            "currency": "CNY",
            "next": "stay",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert str(draft.registered_capital) == "999999.99"
    page = client.get(url).content.decode()
    assert 'data-testid="field-defect" data-field="registered_capital"' in page
    assert "与全体股东认缴出资额之和" in page


def test_edit_basic_bad_values_are_400_and_save_nothing(
    login: Login, applicant: User, draft: Application
) -> None:
    client = login(applicant)
    url = reverse("registration:edit", args=[draft.pk, "basic"])
    for data in (
        {"registered_capital": "abc"},
        {"address": "x" * 500},
        {"address_division_code": "999999"},
        {"term_years": "-1"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    draft.refresh_from_db()
    assert str(draft.registered_capital) == "1000000.00"
    assert client.get(reverse("registration:edit", args=[draft.pk, "nonsense"])).status_code == 404


def test_edit_members_formset_keeps_unchanged_rows(
    login: Login, applicant: User, draft: Application
) -> None:
    client = login(applicant)
    url = reverse("registration:edit", args=[draft.pk, "members"])
    page = client.get(url)
    form = page.context["form"]
    data = {
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "2",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(form.initial):
        for key, value in row.items():
            data[f"members-{i}-{key}"] = "" if value is None else str(value)
    data["members-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(draft.members.values_list("name", flat=True)) == ["李青"]
    assert (
        "与全体股东认缴出资额之和"
        in client.get(reverse("registration:detail", args=[draft.pk])).content.decode()
    )


def test_scope_search_and_edit(login: Login, applicant: User, draft: Application) -> None:
    client = login(applicant)
    results = client.get(reverse("registration:scope-search"), {"q": "保安"}).content.decode()
    assert "L7272-23" in results
    assert "保安服务" in results
    url = reverse("registration:edit", args=[draft.pk, "scope"])
    client.post(
        url, {"codes": ["I6511-12", "I6560-20"], "remove": ["I6560-20"], "add": ["L7272-23"]}
    )
    assert list(draft.scope_items.values_list("entry__code", flat=True)) == ["I6511-12", "L7272-23"]
    detail = client.get(reverse("registration:detail", args=[draft.pk])).content.decode()
    assert "登记前须经批准的许可项目" in detail
    response = client.post(url, {"codes": ["I6511-12"], "add": ["自由填写"]})
    assert response.status_code == 400
    assert list(draft.scope_items.values_list("entry__code", flat=True)) == ["I6511-12", "L7272-23"]


def test_submit_withdraw_and_upload_pages(
    login: Login, applicant: User, draft: Application
) -> None:
    client = login(applicant)
    upload = client.post(
        reverse("registration:materials", args=[draft.pk]),
        {"kind": "other", "file": pdf_upload("x.pdf")},
    )
    assert upload.status_code == 302
    fake = client.post(
        reverse("registration:materials", args=[draft.pk]),
        {"kind": "other", "file": pdf_upload_fake()},
    )
    assert fake.status_code == 400
    assert "PDF" in fake.content.decode()
    assert client.post(reverse("registration:submit", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert (
        client.post(
            reverse("registration:withdraw", args=[draft.pk]), {"reason": "不办了"}
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.WITHDRAWN


def pdf_upload_fake() -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fake.pdf", b"GIF89a not a pdf", content_type="application/pdf")


def test_correction_page_flow(login: Login, applicant: User, draft: Application) -> None:
    client = login(applicant)
    client.post(reverse("registration:submit", args=[draft.pk]))
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.CORRECTION_REQUIRED)
    draft.correction_items.create(
        field="address_proof", rule="M3", message="住所证明页不清晰，请重新上传"
    )
    page = client.get(reverse("registration:detail", args=[draft.pk])).content.decode()
    assert "住所证明页不清晰" in page
    response = client.post(reverse("registration:correct", args=[draft.pk]))
    corrected = Application.objects.get(supersedes=draft)
    assert response["Location"] == reverse("registration:detail", args=[corrected.pk])
    corrected_page = client.get(response["Location"]).content.decode()
    assert "住所证明页不清晰" in corrected_page
    assert 'data-testid="supersedes-link"' in corrected_page


# --- public notices ------------------------------------------------------------------------


@pytest.fixture
def notice(
    applicant: User, enterprise: Enterprise, authorised: EnterpriseAuthorisation
) -> Application:
    dereg = application_create_deregistration(
        applicant=applicant, enterprise=enterprise, mode="simplified"
    )
    application_save(
        applicant=applicant,
        application=dereg,
        content=DraftContent(
            basic={},
            members=[{"name": "李青", "role": "shareholder", "id_number": resident_id(1)}],
            deregistration={"debts_settled": True, "all_investors_committed": True},
        ),
    )
    for kind in ("application_form", "commitment"):
        material_upload(applicant=applicant, application=dereg, kind=kind, upload=pdf_upload())
    return application_publish_notice(applicant=applicant, application=dereg)


def test_public_notice_list_and_objection(
    login: Login, other_applicant: User, notice: Application
) -> None:
    client = login(None)
    listing = client.get(reverse("registration:notices")).content.decode()
    assert notice.enterprise is not None
    assert notice.enterprise.name in listing
    detail = client.get(reverse("registration:notice", args=[notice.pk])).content.decode()
    assert resident_id(1) not in detail
    assert "150203" in detail  # the masked ID keeps its region
    anonymous = client.post(
        reverse("registration:notice", args=[notice.pk]), {"objector_kind": "creditor"}
    )
    assert anonymous.status_code == 302
    assert notice.objections.count() == 0
    client = login(other_applicant)
    bad = client.post(
        reverse("registration:notice", args=[notice.pk]),
        {"objector_kind": "creditor", "objector_name": "", "objector_contact": "", "reason": ""},
    )
    assert bad.status_code == 400
    ok = client.post(
        reverse("registration:notice", args=[notice.pk]),
        {
            "objector_kind": "creditor",
            "objector_name": "债权人甲",
            "objector_contact": "13900000000",
            "reason": "尚欠货款 <b>10万元</b>",
        },
    )
    assert ok.status_code == 302
    assert notice.objections.get().reason == "尚欠货款 <b>10万元</b>"


def test_ended_notice_is_not_public(login: Login, notice: Application) -> None:
    detail = notice.deregistration
    detail.notice_start = timezone.localdate() - timedelta(days=30)
    detail.notice_end = timezone.localdate() - timedelta(days=10)
    detail.save()
    client = login(None)
    assert client.get(reverse("registration:notice", args=[notice.pk])).status_code == 404
    assert notice.enterprise is not None
    assert (
        notice.enterprise.name not in client.get(reverse("registration:notices")).content.decode()
    )


# --- API -----------------------------------------------------------------------------------


def test_api_create_update_prereview_submit(
    login: Login, applicant: User, reservation: NameReservation
) -> None:
    client = login(applicant)
    created = client.post(
        "/api/v1/registration/applications/",
        {"kind": "establishment", "reservation": reservation.pk, "entity_type": "llc"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    defects = client.post(f"/api/v1/registration/applications/{pk}/prereview").json()
    assert {"registered_capital", "materials.application_form"} <= {d["field"] for d in defects}
    assert all("rule" not in d for d in defects)  # rule codes are staff shorthand
    bad = client.patch(
        f"/api/v1/registration/applications/{pk}/",
        {"registered_capital": "1.234"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "registered_capital"
    due = (timezone.localdate() + timedelta(days=300)).isoformat()
    updated = client.patch(
        f"/api/v1/registration/applications/{pk}/",
        {
            "registered_capital": "500000.00",
            "address": "内蒙古自治区包头市昆都仑区钢铁大街66号",
            "address_division_code": "150203",
            "members": [
                {
                    "name": "李青",
                    "role": "shareholder",
                    "id_number": resident_id(1),
                    "subscriptions": [{"amount": "500000.00", "form": "money", "due_date": due}],
                }
            ],
            "officers": [
                {
                    "name": "李青",
                    "id_number": resident_id(1),
                    "is_director": True,
                    "is_legal_representative": True,
                },
                {"name": "赵监", "id_number": resident_id(3), "is_supervisor": True},
            ],
            "scope_codes": ["I6511-12"],
        },
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert updated.json()["members"][0]["subscriptions"][0]["amount"] == "500000.00"
    refused = client.post(f"/api/v1/registration/applications/{pk}/submit")
    assert refused.status_code == 400
    blocking = [d for d in refused.json()["defects"] if d["blocks"]]
    assert {d["field"].split(".")[0] for d in blocking} == {"materials"}
    assert all("rule" not in d for d in blocking)
    application = Application.objects.get(pk=pk)
    for kind in COMPANY_MATERIAL_KINDS:
        material_upload(
            applicant=applicant, application=application, kind=kind, upload=pdf_upload()
        )
    submitted = client.post(f"/api/v1/registration/applications/{pk}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    listing = client.get("/api/v1/registration/applications/").json()
    assert [row["id"] for row in listing] == [pk]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"kind": "establishment"},
        {"kind": "establishment", "reservation": "abc", "entity_type": "llc"},
        {"kind": "change", "enterprise": 99999999, "items": ["address"]},
        {"kind": "deregistration"},
        {"kind": "💥"},
    ],
)
def test_api_create_bad_input(login: Login, applicant: User, payload: dict[str, object]) -> None:
    response = login(applicant).post(
        "/api/v1/registration/applications/", payload, content_type="application/json"
    )
    assert response.status_code in (400, 404)
    assert not Application.objects.exists()


def test_api_other_applicants_reservation_is_404(
    login: Login, other_applicant: User, reservation: NameReservation
) -> None:
    response = login(other_applicant).post(
        "/api/v1/registration/applications/",
        {"kind": "establishment", "reservation": reservation.pk, "entity_type": "llc"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_api_patch_type_errors(login: Login, applicant: User, draft: Application) -> None:
    client = login(applicant)
    url = f"/api/v1/registration/applications/{draft.pk}/"
    for payload in (
        {"members": "not a list"},
        {"officers": [{"is_director": "maybe"}]},
        {"term_years": "x"},
        {"scope_codes": [{"a": 1}]},
    ):
        assert client.patch(url, payload, content_type="application/json").status_code == 400, (
            payload
        )
    draft.refresh_from_db()
    assert draft.members.count() == 2


def test_openapi_schema_lists_the_endpoints(client: Client) -> None:
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/registration/applications/{id}/submit" in schema
    assert "/api/v1/registration/applications/{id}/prereview" in schema


def test_image_upload_through_page(login: Login, applicant: User, draft: Application) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(applicant).post(
        reverse("registration:materials", args=[draft.pk]),
        {"kind": "address_proof", "file": SimpleUploadedFile("scan.pdf", png_bytes())},
    )
    assert response.status_code == 302
    assert draft.materials.filter(content_type="image/png").count() == 1


def test_submitted_application_pages_do_not_edit(
    login: Login, applicant: User, draft: Application
) -> None:
    application_submit(applicant=applicant, application=draft)
    client = login(applicant)
    assert client.get(reverse("registration:edit", args=[draft.pk, "basic"])).status_code == 404
    page = client.get(reverse("registration:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="submit-button"' not in page
    assert 'data-testid="withdraw-link"' in page
