from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class CreditConfig(app_config.ScopedAppConfig):
    name = "hongdun.credit"
    label = "credit"
    verbose_name = _("信用监管：企业信用风险分类、守合同重信用、文明诚信市场")

    def ready(self) -> None:
        super().ready()
        from hongdun.credit import hooks

        hooks.connect()
