"""Pre-review rule codes (REG-CAP-2 …) are for the clerk; the applicant reads the same defect
without its code (issue 14, item 16)."""

import pytest

from hongdun.registration.models import Application

pytestmark = pytest.mark.django_db

DEFECT = {
    "rule": "REG-CAP-2",
    "field": "registered_capital",
    "section": "capital",
    "severity": "error",
    "blocks": True,
    "article": "《市场主体登记管理条例》第十三条",
    "message": "注册资本应精确到分。",
    "fix": "金额最多保留两位小数。",
}


@pytest.fixture
def with_defect(establishment: Application) -> Application:
    establishment.prereview_defects = [DEFECT]
    establishment.save(update_fields=["prereview_defects"])
    return establishment


def test_the_applicant_reads_the_defect_without_its_code(login, applicant, with_defect):
    page = login(applicant).get(f"/registration/{with_defect.pk}/").content.decode()
    assert "注册资本应精确到分。" in page
    assert "第十三条" in page
    assert "REG-CAP-2" not in page


def test_the_clerk_sees_the_code(login, clerk, with_defect):
    page = login(clerk).get(f"/staff/registration/{with_defect.pk}/").content.decode()
    assert "注册资本应精确到分。" in page
    assert "REG-CAP-2" in page
