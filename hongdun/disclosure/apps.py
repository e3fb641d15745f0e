from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "hongdun.disclosure"
    label = "disclosure"
    verbose_name = _("企业信息公示")
