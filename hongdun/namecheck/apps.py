from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamecheckConfig(AppConfig):
    name = "hongdun.namecheck"
    label = "namecheck"
    verbose_name = _("企业名称自主申报")

    def ready(self) -> None:
        # Row scope (ADR 0013): this app's record kinds and how their rows reach the org tree.
        from hongdun.namecheck.permissions import declare_scope

        declare_scope()
