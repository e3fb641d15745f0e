"""The overview pages, export, yearly report and snapshots: who may see what, and bad input."""

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.models import Unit
from hongdun.reporting.tests.figure_builders import person, rank
from hongdun.reporting.workforce.figures import figures_latest_year
from hongdun.workforce.choices import (
    HonourCategory,
    HonourField,
    HonourLevel,
    Rank,
    TrainingCategory,
)
from hongdun.workforce.models import (
    Commendation,
    FigureSnapshot,
    Honour,
    PositionRecord,
    RotationCycle,
    TrainingClass,
)

pytestmark = pytest.mark.django_db

ID_NUMBER = "150203197006010018"
PHONE = "13947212345"
REPORT = {"year": "2008", "since": "2006"}


@pytest.fixture
def records(bureau: dict[str, Unit]) -> dict[str, Any]:
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    untrained = person(kundulun, name="未训人员甲", id_number=ID_NUMBER, phone=PHONE)
    rank(untrained, Rank.DEPUTY_SECTION, date(2005, 1, 1))
    jiuyuan_cadre = person(jiuyuan, name="九原未训乙")
    rank(jiuyuan_cadre, Rank.SECTION_CHIEF, date(2005, 1, 1))
    RotationCycle.objects.create(
        title="轮训", year=2008, start_date=date(2008, 3, 1), end_date=date(2008, 6, 30)
    )
    commended = person(jiuyuan, name="勤廉典型丙")
    Commendation.objects.create(
        person=commended,
        title="勤廉兼优先进典型",
        level=HonourLevel.CITY,
        awarding_body="市纪委",
        year=2008,
    )
    for year in (2005, 2006, 2007, 2008):
        Honour.objects.create(
            unit=bureau["registration-office"],
            title="最佳服务窗口",
            category=HonourCategory.BEST_SERVICE_WINDOW,
            level=HonourLevel.CITY,
            awarding_body="审批服务中心",
            year=year,
        )
    Honour.objects.create(
        unit=kundulun,
        title="市级文明单位",
        category=HonourCategory.CIVILISED_UNIT,
        field=HonourField.CIVIC,
        level=HonourLevel.CITY,
        awarding_body="市文明委",
        year=2007,
    )
    return {"untrained": untrained, "commended": commended}


@pytest.fixture
def unit_head(bureau: dict[str, Unit], make_user: Callable[..., User]) -> User:
    """The Jiuyuan branch head: a supervisor by role, a unit head by post."""
    user = make_user(Role.SUPERVISOR, bureau["jiuyuan"])
    head = person(bureau["jiuyuan"], name="九原局长丁", user=user)
    PositionRecord.objects.create(
        person=head,
        unit=bureau["jiuyuan"],
        title="局长",
        rank=Rank.SECTION_CHIEF,
        is_unit_head=True,
        start_date=date(2004, 1, 1),
    )
    return user


def _urls() -> list[str]:
    base = reverse("workforce-figures:index")
    return [
        base,
        *(reverse("workforce-figures:pillar", args=[n]) for n in (1, 2, 3, 5)),
        reverse("workforce-figures:export"),
        reverse("workforce-figures:report"),
        reverse("workforce-figures:snapshots"),
    ]


def test_anonymous_users_are_sent_to_log_in(client: Client, records: dict[str, Any]) -> None:
    for url in [*_urls(), reverse("workforce-figures:pillar", args=[4])]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]
    response = client.post(reverse("workforce-figures:snapshot-create"), REPORT)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not FigureSnapshot.objects.exists()


@pytest.mark.parametrize(
    "who", [Role.APPLICANT, Role.REGISTRAR, Role.ADMINISTRATOR, "out_of_scope_registrar", "no_role"]
)
def test_wrong_roles_are_refused(
    who: str,
    role_users: dict[str, User],
    login: Callable[[User | None], Client],
    records: dict[str, Any],
) -> None:
    client = login(role_users[who])
    for url in [*_urls(), reverse("workforce-figures:pillar", args=[4])]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("workforce-figures:snapshot-create"), REPORT).status_code == 403


def test_leaders_see_every_unit_but_no_names_or_personal_data(
    role_users: dict[str, User], login: Callable[[User | None], Client], records: dict[str, Any]
) -> None:
    client = login(role_users[Role.LEADER])
    query = "?as_of=2008-12-31&period_start=2006-01-01&period_end=2008-12-31"
    pages = [url + query for url in _urls()[:5]] + [
        reverse("workforce-figures:pillar", args=[4]) + query
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in ("未训人员甲", "九原未训乙", "勤廉典型丙", ID_NUMBER, PHONE):
            assert secret not in html, (url, secret)
    pillar_one = client.get(reverse("workforce-figures:pillar", args=[1]) + query).content.decode()
    assert 'data-figure="1.8"' in pillar_one
    integrity = client.get(reverse("workforce-figures:pillar", args=[4]) + query).content.decode()
    assert 'data-figure="4.1"' in integrity
    assert 'data-figure="4.4"' not in integrity
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("workforce-figures:export") + query).content)
    )
    cells = " ".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row)
    for secret in ("未训人员甲", "勤廉典型丙", ID_NUMBER, PHONE):
        assert secret not in cells
    assert client.post(reverse("workforce-figures:snapshot-create"), REPORT).status_code == 403


def test_personnel_office_sees_names_but_not_the_integrity_pillar(
    role_users: dict[str, User], login: Callable[[User | None], Client], records: dict[str, Any]
) -> None:
    client = login(role_users[Role.PERSONNEL])
    query = "?as_of=2008-12-31&period_start=2008-01-01&period_end=2008-12-31"
    html = client.get(reverse("workforce-figures:pillar", args=[1]) + query).content.decode()
    assert "未训人员甲" in html
    assert "九原未训乙" in html
    assert ID_NUMBER not in html
    assert PHONE not in html
    assert client.get(reverse("workforce-figures:pillar", args=[4]) + query).status_code == 404
    index = client.get(reverse("workforce-figures:index") + query).content.decode()
    assert 'data-pillar="1"' in index
    assert 'data-pillar="4"' not in index
    fragment = client.get(reverse("workforce-figures:pillar", args=[1]) + query + "&fragment=1")
    assert 'data-figure="1.8"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_discipline_office_sees_the_integrity_pillar_in_full(
    role_users: dict[str, User], login: Callable[[User | None], Client], records: dict[str, Any]
) -> None:
    client = login(role_users[Role.DISCIPLINE])
    html = client.get(
        reverse("workforce-figures:pillar", args=[4]) + "?as_of=2008-12-31"
    ).content.decode()
    assert 'data-figure="4.4"' in html
    assert "勤廉典型丙" in html
    assert (
        "未训人员甲"
        not in client.get(reverse("workforce-figures:pillar", args=[1])).content.decode()
    )


def test_unit_heads_see_their_subtree_only(
    bureau: dict[str, Unit],
    unit_head: User,
    login: Callable[[User | None], Client],
    records: dict[str, Any],
) -> None:
    client = login(unit_head)
    query = "?as_of=2008-12-31"
    html = client.get(reverse("workforce-figures:pillar", args=[1]) + query).content.decode()
    assert bureau["jiuyuan"].name in html
    assert "九原未训乙" in html  # their own staff, by name
    assert "未训人员甲" not in html  # Kundulun's
    # Asking for another unit is refused on the form and the figures stay within Jiuyuan.
    other = client.get(
        reverse("workforce-figures:pillar", args=[1]) + f"?unit={bureau['kundulun'].pk}"
    )
    assert other.status_code == 200
    assert "未训人员甲" not in other.content.decode()
    assert "error" in other.content.decode()
    assert client.get(reverse("workforce-figures:pillar", args=[4])).status_code == 404
    assert client.post(reverse("workforce-figures:snapshot-create"), REPORT).status_code == 403
    workbook = load_workbook(io.BytesIO(client.get(reverse("workforce-figures:export")).content))
    assert "未训人员甲" not in " ".join(
        str(c.value) for s in workbook for r in s.iter_rows() for c in r
    )


@pytest.mark.parametrize(
    "query",
    [
        "?as_of=2008-13-45",
        "?as_of=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?as_of=🎉&unit=🎉",
        "?unit=1%27%20OR%201%3D1--",
        "?period_start=2009-01-01&period_end=2008-01-01",
        "?as_of=" + "9" * 500,
        "?as_of=0001-01-01",
        "?unit=99999999",
    ],
)
def test_bad_filters_give_a_message_not_an_error(
    query: str,
    role_users: dict[str, User],
    login: Callable[[User | None], Client],
    records: dict[str, Any],
) -> None:
    client = login(role_users[Role.LEADER])
    for url in (reverse("workforce-figures:index"), reverse("workforce-figures:pillar", args=[2])):
        response = client.get(url + query)
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
    assert client.get(reverse("workforce-figures:export") + query).status_code == 200


@pytest.mark.parametrize(
    "query", ["?year=abc", "?year=2008&since=2009", "?year=99999", "?year=2008&unit=x"]
)
def test_bad_report_input_shows_the_form_with_errors(
    query: str, role_users: dict[str, User], login: Callable[[User | None], Client]
) -> None:
    response = login(role_users[Role.LEADER]).get(reverse("workforce-figures:report") + query)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_yearly_report_html_pdf_and_word(
    role_users: dict[str, User], login: Callable[[User | None], Client], records: dict[str, Any]
) -> None:
    client = login(role_users[Role.LEADER])
    url = reverse("workforce-figures:report") + "?year=2008&since=2006"
    html = client.get(url).content.decode()
    assert "一是狠抓领导班子建设" in html
    assert "五是狠抓工商文化建设" in html
    assert "已连续4年被授予“最佳服务窗口”荣誉称号" in html
    pdf = client.get(url + "&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "filename*=utf-8''" in pdf["Content-Disposition"]
    docx = client.get(url + "&format=docx")
    assert docx.content.startswith(b"PK")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "一是狠抓领导班子建设" in text
    assert "勤廉典型丙" not in text
    assert "未训人员甲" not in text


def test_a_frozen_report_is_reproduced_after_records_change(
    bureau: dict[str, Unit],
    role_users: dict[str, User],
    login: Callable[[User | None], Client],
    records: dict[str, Any],
) -> None:
    client = login(role_users[Role.PERSONNEL])
    response = client.post(reverse("workforce-figures:snapshot-create"), REPORT)
    assert response.status_code == 302
    snapshot = FigureSnapshot.objects.get()
    assert (snapshot.as_of, snapshot.unit.code, snapshot.created_by) == (
        date(2008, 12, 31),
        "baotou",
        role_users[Role.PERSONNEL],
    )
    # A correction made after publication: one more city-level civilised unit in 2008.
    Honour.objects.create(
        unit=bureau["donghe"],
        title="市级文明单位",
        category=HonourCategory.CIVILISED_UNIT,
        level=HonourLevel.CITY,
        awarding_body="市文明委",
        year=2008,
    )
    frozen = client.get(
        reverse("workforce-figures:report") + "?year=2008&since=2006"
    ).content.decode()
    assert "有1个单位被命名为市级" in frozen
    live = client.get(
        reverse("workforce-figures:pillar", args=[3]) + "?as_of=2008-12-31"
    ).content.decode()
    assert 'data-figure="3.4"' in live
    assert "<strong>2</strong>" in live.split('data-figure="3.4"')[1][:400]
    again = client.post(reverse("workforce-figures:snapshot-create"), REPORT, follow=True)
    assert FigureSnapshot.objects.count() == 1
    assert "不能重复冻结" in again.content.decode()
    listing = client.get(reverse("workforce-figures:snapshots")).content.decode()
    assert "2008-12-31" in listing


def test_frozen_integrity_figures_stay_hidden_from_those_who_may_not_see_them(
    role_users: dict[str, User], login: Callable[[User | None], Client], records: dict[str, Any]
) -> None:
    login(role_users[Role.PERSONNEL]).post(reverse("workforce-figures:snapshot-create"), REPORT)
    leader = login(role_users[Role.LEADER])
    html = leader.get(
        reverse("workforce-figures:report") + "?year=2008&since=2006"
    ).content.decode()
    assert "勤廉典型丙" not in html
    assert 'data-figure="4.4"' not in html
    assert 'data-figure="4.1"' in html
    personnel = login(role_users[Role.PERSONNEL])
    html = personnel.get(
        reverse("workforce-figures:report") + "?year=2008&since=2006"
    ).content.decode()
    assert "四是狠抓党风廉政建设" not in html
    assert Decimal("1") == 1


def _scope_line(html: str) -> str:
    start = html.index('data-testid="figure-scope"')
    return html[start : html.index("</p>", start)]


def test_pages_open_on_the_latest_year_with_records_when_this_year_has_none(
    role_users: dict[str, User], login: Callable[[User | None], Client], records: dict[str, Any]
) -> None:
    """The records end in 2008: without dates the pages show 2008 and say so, with a link to
    this year; given dates are used as they are."""
    client = login(role_users[Role.LEADER])
    this_year = timezone.localdate().year
    for url in (reverse("workforce-figures:index"), reverse("workforce-figures:pillar", args=[3])):
        html = client.get(url).content.decode()
        assert "截至 2008-12-31 · 统计期 2008-01-01 至 2008-12-31" in _scope_line(html), url
        assert 'data-testid="figure-latest-year"' in html
        assert f"{this_year} 年尚无记录" in html
        assert f"as_of={timezone.localdate().isoformat()}" in html
    pillar = client.get(reverse("workforce-figures:pillar", args=[3])).content.decode()
    # 3.6: the registration office's four years of 最佳服务窗口, ending in the year shown.
    assert 'data-figure="3.6"' in pillar
    given = client.get(reverse("workforce-figures:index") + "?as_of=2007-06-30").content.decode()
    assert "截至 2007-06-30 · 统计期 2007-01-01 至 2007-06-30" in _scope_line(given)
    assert 'data-testid="figure-latest-year"' not in given
    this_year_page = client.get(
        reverse("workforce-figures:index") + f"?as_of={timezone.localdate().isoformat()}"
    ).content.decode()
    assert f"截至 {timezone.localdate().isoformat()}" in _scope_line(this_year_page)
    assert 'data-testid="figure-latest-year"' not in this_year_page


def test_pages_open_on_this_year_once_it_has_records(
    bureau: dict[str, Unit],
    role_users: dict[str, User],
    login: Callable[[User | None], Client],
    records: dict[str, Any],
) -> None:
    today = timezone.localdate()
    # A class planned for next year does not count as a record of "the latest year"…
    TrainingClass.objects.create(
        code="NEXT",
        title="明年的培训班",
        organiser=bureau["baotou"],
        category=TrainingCategory.BUSINESS,
        hours=Decimal("6"),
        start_date=date(today.year + 1, 3, 1),
        end_date=date(today.year + 1, 3, 2),
    )
    assert figures_latest_year(today=today) == 2008
    # …a class that started today does.
    TrainingClass.objects.create(
        code="NOW",
        title="今天开班",
        organiser=bureau["baotou"],
        category=TrainingCategory.BUSINESS,
        hours=Decimal("6"),
        start_date=today,
        end_date=today,
    )
    assert figures_latest_year(today=today) == today.year
    html = login(role_users[Role.LEADER]).get(reverse("workforce-figures:index")).content.decode()
    assert f"截至 {today.isoformat()} · 统计期 {today.year}-01-01" in _scope_line(html)
    assert 'data-testid="figure-latest-year"' not in html


def test_latest_year_without_any_record_is_none(bureau: dict[str, Unit]) -> None:
    assert figures_latest_year(today=date(2026, 11, 27)) is None
