"""The workforce fixtures (users of every workforce role, a record of every kind in two units):
the figures are computed from those records."""

from hongdun.workforce.tests.conftest import samples, wf_users

__all__ = ["samples", "wf_users"]
