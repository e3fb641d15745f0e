from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamecheckConfig(AppConfig):
    name = "hongdun.namecheck"
    label = "namecheck"
    verbose_name = _("企业名称自主申报")
