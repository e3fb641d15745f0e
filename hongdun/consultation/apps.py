from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "hongdun.consultation"
    label = "consultation"
    verbose_name = _("登记咨询")

    def ready(self) -> None:
        # Row scope (ADR 0013): this app's record kinds and how their rows reach the org tree.
        from hongdun.consultation.permissions import declare_scope

        declare_scope()
