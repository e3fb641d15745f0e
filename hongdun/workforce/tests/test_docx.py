"""The 干部任免审批表 as Word, read back with python-docx."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from hongdun.workforce import models as wf

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _download(client, person, **params):
    url = reverse("backoffice-workforce:appointment-form", args=[person.pk])
    return client.get(url, params)


def test_form_filled_from_records(login, wf_users, samples):
    person = samples["kundulun"]["people"]
    wf.EducationRecord.objects.create(
        person=person,
        mode="in_service",
        level="master",
        school="中央党校",
        major="经济管理",
        end_date=date(2005, 7, 1),
    )
    wf.Honour.objects.create(
        person=person,
        title="优秀公务员",
        category="advanced_individual",
        level="city",
        awarding_body="包头市人民政府",
        year=2006,
    )
    response = _download(
        login(wf_users["personnel"]),
        person,
        on="2008-06-30",
        proposed_appointment="包头市工商局副局长",
        reason="工作需要",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(response.content)
    assert "干部任免审批表" in text
    assert "样本K" in text
    assert "1970.05（38岁）" in text
    assert "蒙古族" not in text
    assert "汉族" in text
    assert "大学本科学士" in text  # full-time education
    assert "内蒙古大学法学" in text
    assert "硕士研究生" in text
    assert "中央党校经济管理" in text
    assert "2003.01—至今　包头市市场监督管理局昆都仑区分局局长" in text
    assert "2006年　包头市人民政府授予“优秀公务员”" in text
    assert "包头市工商局副局长" in text
    assert "工作需要" in text
    assert "家属K" in text
    assert "包头市第一医院护士" in text
    assert "{{" not in text
    assert "{%" not in text
    assert "150203198001011232" not in text  # the form has no ID number field


def test_family_withheld_from_leaders(login, wf_users, samples):
    person = samples["kundulun"]["people"]
    text = _text(_download(login(wf_users["leader"]), person).content)
    assert "样本K" in text
    assert "家属K" not in text
    assert "仅政工部门可见" in text


def test_template_tags_are_escaped_and_inputs_checked(login, wf_users, samples):
    client = login(wf_users["personnel"])
    person = samples["kundulun"]["people"]
    response = _download(client, person, reason="<w:p>{{ name }}&")
    assert response.status_code == 200
    assert "<w:p>{{ name }}&" in _text(response.content)
    too_long = _download(client, person, reason="长" * 500)
    assert too_long.status_code == 400
    assert "不超过 200" in too_long.content.decode()
    bad_date = _download(client, person, on="2008-13-45")
    assert bad_date.status_code == 400
