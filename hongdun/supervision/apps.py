from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class SupervisionConfig(app_config.ScopedAppConfig):
    name = "hongdun.supervision"
    label = "supervision"
    verbose_name = _("监管：经营异常名录、严重违法失信名单、双随机抽查")

    def ready(self) -> None:
        super().ready()
        # The public record's sections 列入经营异常名录信息, 列入严重违法失信名单信息 and
        # 抽查检查结果信息 replace the register's placeholders
        # (hongdun.enterprises.public_sections).
        from hongdun.supervision.public_sections import register_sections

        register_sections()
        # The abnormal list's decision notices carry verification codes (/verify/).
        from hongdun.supervision.abnormal_documents import register_documents

        register_documents()
