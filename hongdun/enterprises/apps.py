from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class EnterprisesConfig(app_config.ScopedAppConfig):
    name = "hongdun.enterprises"
    label = "enterprises"
    verbose_name = _("市场主体")

    def ready(self) -> None:
        super().ready()
        # The register's sections of the public record (and the placeholders of issues 10–12).
        from hongdun.enterprises.public_record import register_sections

        register_sections()
