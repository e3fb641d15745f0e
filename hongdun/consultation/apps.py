from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "hongdun.consultation"
    label = "consultation"
    verbose_name = _("登记咨询")
