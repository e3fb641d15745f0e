"""Replacing a material keeps its history; materials are listed in the catalogue's order; sizes
read as KB or MB (issue 14.13)."""

from typing import Any

import pytest
from django.urls import reverse

from hongdun.core.exceptions import ApplicationError
from hongdun.core.sizes import human_size
from hongdun.registration.choices import MaterialKind
from hongdun.registration.models import Material
from hongdun.registration.prereview_adapter import load_application_data
from hongdun.registration.services import application_submit, material_delete, material_upload
from hongdun.registration.tests.conftest import pdf_upload

pytestmark = pytest.mark.django_db

SIZES = [
    (1, "1 KB"),
    (1023, "1 KB"),
    (1024, "1 KB"),
    (12 * 1024 + 100, "12 KB"),
    (1024 * 1024 - 1, "1024 KB"),
    (1024 * 1024, "1.0 MB"),
    (int(1.5 * 1024 * 1024), "1.5 MB"),
    (5 * 1024**3, "5.0 GB"),
]


@pytest.mark.parametrize(("size", "shown"), SIZES)
def test_sizes_read_as_kb_or_mb(size: int, shown: str) -> None:
    assert human_size(size) == shown


def _upload(applicant: Any, draft: Any, kind: str, name: str, **extra: Any) -> Material:
    return material_upload(
        applicant=applicant, application=draft, kind=kind, upload=pdf_upload(name), **extra
    )


def test_a_replacement_takes_the_old_ones_place_and_keeps_it_as_history(
    applicant, draft, registrar, login
) -> None:
    old = draft.materials.get(kind=MaterialKind.ARTICLES)
    new = _upload(applicant, draft, MaterialKind.ARTICLES, "章程（修改后）.pdf", replaces=old.pk)
    old.refresh_from_db()
    assert old.superseded_by == new
    versions = {v.current.kind: v for v in draft.material_versions}
    assert versions[MaterialKind.ARTICLES].current == new
    assert versions[MaterialKind.ARTICLES].earlier == [old]
    # The pre-review counts the current materials only: one set of articles.
    data = load_application_data(draft.pk)
    assert [m.kind for m in data.materials].count(MaterialKind.ARTICLES) == 1

    # The applicant's list shows the current file; the clerk can still open the old one.
    page = login(applicant).get(reverse("registration:materials", args=[draft.pk]))
    html = page.content.decode()
    assert "章程（修改后）.pdf" in html
    assert reverse("registration:material-download", args=[new.pk]) in html
    assert reverse("registration:material-download", args=[old.pk]) not in html
    assert "已替换 1 次" in html
    application_submit(applicant=applicant, application=draft)
    clerk = login(registrar)
    assert clerk.get(reverse("registration:material-download", args=[old.pk])).status_code == 200
    review = clerk.get(reverse("backoffice-registration:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="material-history"' in review
    assert reverse("registration:material-download", args=[old.pk]) in review


def test_deleting_a_replacement_from_the_draft_brings_back_what_it_replaced(
    applicant, draft
) -> None:
    old = draft.materials.get(kind=MaterialKind.ARTICLES)
    new = _upload(applicant, draft, MaterialKind.ARTICLES, "新章程.pdf", replaces=old)
    material_delete(applicant=applicant, material=new)
    old.refresh_from_db()
    assert old.is_current
    assert [v.current for v in draft.material_versions].count(old) == 1


@pytest.mark.parametrize(
    ("replaces", "kind", "message"),
    [
        ("999999", MaterialKind.ARTICLES, "不在本申请中"),
        ("articles-of-another-kind", MaterialKind.ADDRESS_PROOF, "同一类材料"),
        ("superseded", MaterialKind.ARTICLES, "已被替换过"),
    ],
)
def test_a_wrong_replacement_is_refused_and_changes_nothing(
    applicant, draft, replaces: str, kind: str, message: str
) -> None:
    articles = draft.materials.get(kind=MaterialKind.ARTICLES)
    if replaces == "superseded":
        _upload(applicant, draft, MaterialKind.ARTICLES, "新章程.pdf", replaces=articles.pk)
        replaces = str(articles.pk)
    elif replaces == "articles-of-another-kind":
        replaces = str(articles.pk)
    before = draft.materials.count()
    with pytest.raises(ApplicationError) as error:
        _upload(applicant, draft, kind, "替换件.pdf", replaces=replaces)
    assert error.value.field == "replaces"
    assert message in error.value.message
    assert draft.materials.count() == before


def test_materials_are_listed_in_the_catalogues_order_with_sizes_in_kb(
    applicant, draft, login
) -> None:
    # Uploaded out of order: the appointment documents first, the application form last.
    draft.materials.all().delete()
    for kind in (MaterialKind.APPOINTMENT, MaterialKind.ARTICLES, MaterialKind.APPLICATION_FORM):
        _upload(applicant, draft, kind, f"{kind}.pdf")
    catalogue = list(MaterialKind.values)
    kinds = [v.current.kind for v in draft.material_versions]
    assert kinds == sorted(kinds, key=catalogue.index)
    assert kinds[0] == MaterialKind.APPLICATION_FORM
    html = login(applicant).get(reverse("registration:materials", args=[draft.pk])).content
    page = html.decode()
    assert page.index("application_form.pdf") < page.index("articles.pdf")
    assert page.index("articles.pdf") < page.index("appointment.pdf")
    assert 'data-testid="material-size">1 KB<' in page
    assert "大小（字节）" not in page


def test_the_replace_link_opens_the_form_with_the_material_chosen(applicant, draft, login) -> None:
    articles = draft.materials.get(kind=MaterialKind.ARTICLES)
    client = login(applicant)
    url = reverse("registration:materials", args=[draft.pk])
    form = client.get(url, {"replaces": articles.pk}).context["form"]
    assert form.initial == {"replaces": articles.pk, "kind": MaterialKind.ARTICLES}
    response = client.post(
        url,
        {"kind": MaterialKind.ARTICLES, "replaces": str(articles.pk), "file": pdf_upload("新.pdf")},
    )
    assert response.status_code == 302
    articles.refresh_from_db()
    assert not articles.is_current
