"""The demo bureau's org tree loads idempotently."""

from hongdun.demo.bureau import demo_bureau_load
from hongdun.orgs.models import Unit


def test_loading_the_bureau_twice_changes_nothing(bureau):
    before = list(Unit.objects.order_by("code").values_list("code", "name", "parent_id"))
    demo_bureau_load()
    assert list(Unit.objects.order_by("code").values_list("code", "name", "parent_id")) == before
