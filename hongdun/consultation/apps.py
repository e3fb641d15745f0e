from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class ConsultationConfig(app_config.ScopedAppConfig):
    name = "hongdun.consultation"
    label = "consultation"
    verbose_name = _("登记咨询")
