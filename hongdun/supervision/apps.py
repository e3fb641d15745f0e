from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class SupervisionConfig(app_config.ScopedAppConfig):
    name = "hongdun.supervision"
    label = "supervision"
    verbose_name = _("监管：经营异常名录、严重违法失信名单、双随机抽查")
