"""`seed_demo` builds a realistic register and is safe to run twice."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from hongdun.accounts.models import User
from hongdun.enterprises import uscc
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise, SearchGram, SearchPosting
from hongdun.enterprises.selectors import enterprise_search_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    out = StringIO()
    call_command("seed_demo", "--enterprises", "1500", "--seed", "3", stdout=out)
    return out.getvalue()


def test_seed_loads_enterprises_and_logins(seeded):
    assert Enterprise.objects.count() == 1500
    assert "added 1,500 enterprises" in seeded
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "registrar",
        "leader",
        "applicant",
    }


def test_seed_is_idempotent(seeded):
    uscc_before = set(Enterprise.objects.values_list("uscc", flat=True))
    postings_before = SearchPosting.objects.count()
    out = StringIO()
    call_command("seed_demo", "--enterprises", "1500", "--seed", "3", stdout=out)
    assert "none added" in out.getvalue()
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == uscc_before
    assert SearchPosting.objects.count() == postings_before
    assert User.objects.filter(username="admin").count() == 1


def test_seeded_data_is_valid_and_varied(seeded):
    rows = list(
        Enterprise.objects.values_list(
            "uscc", "name", "trade_name", "status", "registration_authority__division_code"
        )
    )
    for code, name, trade_name, _status, division in rows:
        assert uscc.validate(code, strict=True) == code
        assert code[2:8] == division
        assert trade_name in name
        assert not re.search(r"\s", name)
    statuses = dict(Enterprise.objects.values_list("status").annotate(n=Count("id")))
    assert statuses[EnterpriseStatus.ACTIVE] > 1000
    assert statuses.get(EnterpriseStatus.DEREGISTERED, 0) > 0
    assert statuses.get(EnterpriseStatus.LICENCE_REVOKED, 0) > 0
    assert len({division for *_rest, division in rows}) >= 5


def test_seeded_history_has_renames_and_status_changes(seeded):
    changed = Enterprise.objects.exclude(status=EnterpriseStatus.ACTIVE).first()
    assert changed is not None
    assert changed.history.count() >= 2
    renamed = [
        e
        for e in Enterprise.objects.all()[:1500]
        if e.history.values("name").distinct().count() > 1
    ]
    assert renamed, "some enterprises should have a former name"


def test_seeded_index_answers_like_a_like_scan(seeded):
    popular = (
        Enterprise.objects.exclude(trade_name="")
        .values("trade_name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert popular is not None
    query = popular["trade_name"][:2]
    expected = set(Enterprise.objects.filter(name__contains=query).values_list("id", flat=True))
    assert enterprise_search_ids(raw_query=query) == expected
    for gram in SearchGram.objects.order_by("-df")[:20]:
        assert gram.df == SearchPosting.objects.filter(gram=gram).count()
