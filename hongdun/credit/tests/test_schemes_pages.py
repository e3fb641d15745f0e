"""The scheme pages: who reads and who edits, the new-version form prefilled from the version in
force, its refusals (each on its field, nothing created), activation and its audit."""

from __future__ import annotations

from typing import Any

import pytest

from hongdun.accounts.roles import Role
from hongdun.core.models import AuditLog
from hongdun.credit.engine.scheme import DEFAULT_DEFINITION, DEFAULT_SAMPLING, scheme_from_data
from hongdun.credit.forms_schemes import SchemeForm
from hongdun.credit.models import CreditScheme
from hongdun.credit.tests import factories_classes as f

BASE = "/staff/credit/classes/schemes/"
NEW = f"{BASE}new/"


def form_data(**changes: Any) -> dict[str, Any]:
    """What the prefilled form posts (from the default scheme), with `changes`."""
    form = SchemeForm(definition=DEFAULT_DEFINITION, sampling=DEFAULT_SAMPLING)
    data: dict[str, Any] = {"name": "2027年方案", "note": "按新规定调整"}
    for name in form.fields:
        if name in data:
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.fixture
def active(db: None) -> CreditScheme:
    return f.scheme(1)


def test_the_prefilled_form_posts_the_scheme_it_shows(active: CreditScheme) -> None:
    form = SchemeForm(form_data(), definition=DEFAULT_DEFINITION, sampling=DEFAULT_SAMPLING)
    assert form.is_valid(), form.errors
    data = form.scheme_data()
    assert data["definition"] == DEFAULT_DEFINITION
    assert data["sampling"] == {k: v for k, v in DEFAULT_SAMPLING.items() if k in "ABCDE"}
    scheme_from_data(data["definition"], data["sampling"])


@pytest.mark.parametrize("path", [BASE, f"{BASE}{{pk}}/", NEW])
def test_anonymous_goes_to_login(client: Any, active: CreditScheme, path: str) -> None:
    response = client.get(path.format(pk=active.pk))
    assert response.status_code == 302
    assert "/login" in response["Location"]
    response = client.post(f"{BASE}{active.pk}/activate/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize(
    "role", [Role.APPLICANT, Role.REGISTRAR, Role.PERSONNEL, Role.DISCIPLINE, "no_role"]
)
def test_wrong_roles_get_403(login: Any, role_users: Any, active: CreditScheme, role: str) -> None:
    client = login(role_users[role])
    for path in (BASE, f"{BASE}{active.pk}/", NEW):
        assert client.get(path).status_code == 403, path
    assert client.post(NEW, form_data()).status_code == 403
    assert client.post(f"{BASE}{active.pk}/activate/").status_code == 403
    assert CreditScheme.objects.count() == 1


@pytest.mark.parametrize("who", [Role.SUPERVISOR, Role.LEADER, "jiuyuan_supervisor"])
def test_readers_read_but_do_not_edit(
    login: Any, role_users: Any, make_user: Any, bureau: Any, active: CreditScheme, who: str
) -> None:
    user = (
        make_user(Role.SUPERVISOR, bureau["jiuyuan"])
        if who == "jiuyuan_supervisor"
        else role_users[who]
    )
    client = login(user)
    listing = client.get(BASE)
    assert listing.status_code == 200
    assert 'data-scheme="1" data-active="1"' in listing.text
    assert 'data-testid="scheme-create-link"' not in listing.text
    detail = client.get(f"{BASE}{active.pk}/")
    assert detail.status_code == 200
    assert 'data-testid="activate-form"' not in detail.text
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    other = f.scheme(2, active=False)
    assert client.post(f"{BASE}{other.pk}/activate/").status_code == 403
    assert CreditScheme.objects.get(is_active=True) == active


def test_detail_shows_the_versions_values_and_runs(
    login: Any, role_users: Any, active: CreditScheme
) -> None:
    import datetime

    run = f.run(datetime.date(2026, 7, 1), active)
    text = login(role_users[Role.LEADER]).get(f"{BASE}{active.pk}/").text
    assert 'data-indicator="filing"' in text
    assert "年报报送" in text
    assert "达到满风险的次数（full）：3" in text
    assert 'data-class="C"' in text
    assert "0.6" in text
    assert "根据需要" in text  # D's frequency: as needed
    assert f'href="/staff/credit/classes/runs/{run.pk}/"' in text
    assert "列入经营异常名录" in text


def test_new_version_prefilled_saved_inactive_and_audited(
    login: Any, role_users: Any, active: CreditScheme
) -> None:
    admin = role_users[Role.ADMINISTRATOR]
    client = login(admin)
    page = client.get(NEW)
    assert page.status_code == 200
    assert 'name="weight__filing" value="15"' in page.text
    assert 'name="sampling__A__ratio" value="0.05"' in page.text
    assert "方案1（修订）" in page.text
    response = client.post(
        NEW,
        form_data(weight__filing="10", weight__penalties="20", sampling__A__ratio="0.03"),
    )
    assert response.status_code == 302
    row = CreditScheme.objects.get(version=2)
    assert response["Location"] == f"{BASE}{row.pk}/"
    assert not row.is_active
    assert row.created_by == admin
    assert row.definition["weights"]["filing"] == 10
    assert row.definition["weights"]["penalties"] == 20
    assert row.sampling["A"] == {"ratio": "0.03", "max_per_year": 1}
    assert CreditScheme.objects.get(is_active=True) == active
    entry = AuditLog.objects.get(action="credit.scheme.create")
    assert entry.object_id == str(row.pk)
    assert entry.actor == admin


REFUSALS = [
    # (what is wrong, changes, the field that says so, words of the message)
    ("weights do not sum", {"weight__filing": "20"}, "weight_total", "各指标权重之和为105"),
    ("negative weight", {"weight__age": "-5"}, "weight__age", "不能为负数"),
    ("weight not a number", {"weight__filing": "十五"}, "weight__filing", "请填写数值"),
    ("thresholds out of order", {"threshold__B": "8"}, "threshold__B", "严格递增"),
    ("threshold above the total", {"threshold__C": "120"}, "threshold__C", "超出0至100的范围"),
    ("D threshold without class E", {"threshold__D": "60"}, "threshold__D", "未启用E类"),
    ("class E without a D threshold", {"class_e": "on"}, "threshold__D", "缺少D类的分值上限"),
    ("serious class E without class E", {"serious_class": "E"}, "serious_class", "不可用"),
    ("ratio of 0", {"sampling__A__ratio": "0"}, "sampling__A__ratio", "须大于0"),
    ("missing ratio", {"sampling__B__ratio": ""}, "sampling__B__ratio", "缺少B类的抽查比例"),
    ("ratio above 1", {"sampling__C__ratio": "1.5"}, "sampling__C__ratio", "大于1"),
    ("frequency of 0", {"sampling__C__max_per_year": "0"}, "sampling__C__max_per_year", "不小于1"),
    (
        "parameter out of range",
        {"param__age__mature_months": "6"},
        "param__age__mature_months",
        "须大于新设企业月数",
    ),
    ("filing factor above 1", {"param__filing__late": "2"}, "param__filing__late", "0到1之间"),
    ("no name", {"name": ""}, "name", "请填写方案名称"),
    ("unknown class", {"abnormal_floor": "Z"}, "abnormal_floor", "请从列表中选择类别"),
]


@pytest.mark.parametrize(
    ("case", "changes", "field", "words"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_new_version_refusals(
    login: Any,
    role_users: Any,
    active: CreditScheme,
    case: str,
    changes: dict[str, str],
    field: str,
    words: str,
) -> None:
    response = login(role_users[Role.ADMINISTRATOR]).post(NEW, form_data(**changes))
    assert response.status_code == 400, case
    marker = f'data-testid="error-{field}">'
    assert marker in response.text, (case, field)
    shown = response.text[response.text.index(marker) :].split("</small>")[0]
    assert words in shown, (case, shown)
    assert CreditScheme.objects.count() == 1
    assert not AuditLog.objects.filter(action="credit.scheme.create").exists()


def test_activation_switches_the_version_in_force(
    login: Any, role_users: Any, active: CreditScheme
) -> None:
    admin = role_users[Role.ADMINISTRATOR]
    client = login(admin)
    newer = f.scheme(2, active=False)
    page = client.get(f"{BASE}{newer.pk}/")
    assert 'data-testid="activate-form"' in page.text
    response = client.post(f"{BASE}{newer.pk}/activate/", follow=True)
    assert "已启用方案版本 2" in response.text
    newer.refresh_from_db()
    active.refresh_from_db()
    assert newer.is_active
    assert newer.activated_at is not None
    assert not active.is_active
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"credit.scheme.activate", "credit.scheme.deactivate"} <= actions
    again = client.post(f"{BASE}{newer.pk}/activate/", follow=True)
    assert "已是当前启用的方案" in again.text
    assert CreditScheme.objects.filter(is_active=True).count() == 1
    assert client.post(f"{BASE}999999/activate/").status_code == 404


def test_activation_refuses_a_version_that_does_not_parse(
    login: Any, role_users: Any, active: CreditScheme
) -> None:
    broken = f.scheme(
        2, active=False, sampling={**DEFAULT_SAMPLING, "A": {"ratio": "0", "max_per_year": 1}}
    )
    response = login(role_users[Role.ADMINISTRATOR]).post(
        f"{BASE}{broken.pk}/activate/", follow=True
    )
    assert "须大于0" in response.text
    active.refresh_from_db()
    assert active.is_active


def test_the_services_refuse_non_administrators(role_users: Any, active: CreditScheme) -> None:
    from hongdun.core.exceptions import ApplicationError
    from hongdun.credit.services_schemes import scheme_activate, scheme_create_version

    other = f.scheme(2, active=False)
    for role in (Role.SUPERVISOR, Role.LEADER, Role.REGISTRAR):
        with pytest.raises(ApplicationError):
            scheme_activate(other, role_users[role])
        with pytest.raises(ApplicationError):
            scheme_create_version(
                {"name": "x", "definition": DEFAULT_DEFINITION, "sampling": DEFAULT_SAMPLING},
                role_users[role],
            )
    assert CreditScheme.objects.count() == 2
    assert CreditScheme.objects.get(is_active=True) == active
