from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _holiday_override_changed(**kwargs: Any) -> None:
    from hongdun.core.workdays import calendar_changed

    calendar_changed()


class CoreConfig(AppConfig):
    name = "hongdun.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from hongdun.core.checks import check_scope_table

        checks.register(check_scope_table)
        # The working-day tables are cached per year; any edit of an override (admin, back office,
        # shell) must drop them, so the hook sits on the model rather than in one service.
        post_save.connect(
            _holiday_override_changed, sender="core.HolidayOverride", dispatch_uid="workdays-save"
        )
        post_delete.connect(
            _holiday_override_changed, sender="core.HolidayOverride", dispatch_uid="workdays-del"
        )
        # Start-up warnings for a deployment that would issue wrong documents (fonts, address).
        from hongdun.core import system_checks

        checks.register(system_checks.public_base_url_check)
        checks.register(system_checks.pdf_fonts_check)
