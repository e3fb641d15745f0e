"""The base of every app whose records are row-scoped (ADR 0013)."""

from importlib import import_module

from django.apps import AppConfig


class ScopedAppConfig(AppConfig):
    """At start, the app declares its record kinds and how their rows reach the org tree: its
    `permissions.declare_scope()` (the row of each kind is in `hongdun/core/scope_rules.py`).

    An apps.py imports this module, not the class: Django takes the config of an app whose
    apps.py holds exactly one AppConfig class.
    """

    def ready(self) -> None:
        import_module(f"{self.name}.permissions").declare_scope()
