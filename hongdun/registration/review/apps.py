from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegreviewConfig(AppConfig):
    name = "hongdun.registration.review"
    label = "regreview"
    verbose_name = _("登记审查")
