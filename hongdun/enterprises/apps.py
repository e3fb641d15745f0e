from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "hongdun.enterprises"
    label = "enterprises"
    verbose_name = _("市场主体")

    def ready(self) -> None:
        # Row scope (ADR 0013): this app's record kinds and how their rows reach the org tree.
        from hongdun.enterprises.permissions import declare_scope

        declare_scope()
        # The register's sections of the public record (and the placeholders of issues 10–12).
        from hongdun.enterprises.public_record import register_sections

        register_sections()
