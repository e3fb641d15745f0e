from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "hongdun.registration"
    label = "registration"
    verbose_name = _("登记预审与网上登记")

    def ready(self) -> None:
        # Row scope (ADR 0013): this app's record kinds and how their rows reach the org tree.
        from hongdun.registration.permissions import declare_scope

        declare_scope()
