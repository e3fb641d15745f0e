from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class NamecheckConfig(app_config.ScopedAppConfig):
    name = "hongdun.namecheck"
    label = "namecheck"
    verbose_name = _("企业名称自主申报")

    def ready(self) -> None:
        # The name index follows the register: every registration, rename and status change of an
        # enterprise is passed here by the register's hook (the register does not import us).
        from hongdun.core.verification import document_kind_register
        from hongdun.enterprises.hooks import enterprise_changed
        from hongdun.namecheck.models import NameReservation
        from hongdun.namecheck.services import name_index_enterprise_changed
        from hongdun.namecheck.verification import NOTICE_KIND, reservation_notice_describe

        enterprise_changed.register(name_index_enterprise_changed)
        # 名称保留告知书 carry a verification code that the public /verify/ page checks.
        document_kind_register(
            NOTICE_KIND, model=NameReservation, describe=reservation_notice_describe
        )
        super().ready()
