from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamecheckConfig(AppConfig):
    name = "hongdun.namecheck"
    label = "namecheck"
    verbose_name = _("企业名称自主申报")

    def ready(self) -> None:
        from hongdun.core.verification import document_kind_register
        from hongdun.namecheck.models import NameReservation
        from hongdun.namecheck.verification import NOTICE_KIND, reservation_notice_describe

        document_kind_register(
            NOTICE_KIND, model=NameReservation, describe=reservation_notice_describe
        )
