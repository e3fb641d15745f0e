from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamecheckConfig(AppConfig):
    name = "hongdun.namecheck"
    label = "namecheck"
    verbose_name = _("企业名称自主申报")

    def ready(self) -> None:
        # The name index follows the register: every registration, rename and status change of an
        # enterprise is passed here by the register's hook (the register does not import us).
        from hongdun.enterprises.hooks import enterprise_changed
        from hongdun.namecheck.services import name_index_enterprise_changed

        enterprise_changed.register(name_index_enterprise_changed)
