"""The register tells the name check of its changes through its hook, wired in the app's ready()."""

from hongdun.enterprises.hooks import enterprise_changed
from hongdun.namecheck.services import name_index_enterprise_changed


def test_the_name_index_follows_the_register_through_its_hook():
    assert enterprise_changed.receivers().count(name_index_enterprise_changed) == 1
