from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class EnterprisesConfig(app_config.ScopedAppConfig):
    name = "hongdun.enterprises"
    label = "enterprises"
    verbose_name = _("市场主体")
