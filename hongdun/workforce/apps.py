from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class WorkforceConfig(app_config.ScopedAppConfig):
    name = "hongdun.workforce"
    label = "workforce"
    verbose_name = _("队伍建设")

    def ready(self) -> None:
        # The person-time rollup follows every single-row attendance write (ADR 0011).
        from hongdun.workforce.person_times import connect_signals

        connect_signals()
        # Row scope (ADR 0007, ADR 0013): the kinds, each model's unit and the unit-head role.
        super().ready()
