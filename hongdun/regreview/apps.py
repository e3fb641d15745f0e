from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegreviewConfig(AppConfig):
    name = "hongdun.regreview"
    label = "regreview"
    verbose_name = _("登记审查")

    def ready(self) -> None:
        # Row scope (ADR 0013): this app's record kinds and how their rows reach the org tree.
        from hongdun.regreview.permissions import declare_scope

        declare_scope()
