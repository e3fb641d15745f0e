from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class SupervisionConfig(app_config.ScopedAppConfig):
    name = "hongdun.supervision"
    label = "supervision"
    verbose_name = _("监管：经营异常名录、严重违法失信名单、双随机抽查")

    def ready(self) -> None:
        super().ready()
        # The abnormal list's decision notices carry verification codes (/verify/).
        from hongdun.supervision.abnormal_documents import register_documents

        register_documents()
