from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class RegistrationConfig(app_config.ScopedAppConfig):
    name = "hongdun.registration"
    label = "registration"
    verbose_name = _("登记预审与网上登记")
