from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "hongdun.registration"
    label = "registration"
    verbose_name = _("登记预审与网上登记")
