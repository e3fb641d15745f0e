from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """What is read across the registers: the staff workbench, the portal's front page, and the
    workforce figures with their yearly report and snapshots.

    It sits above the domain apps: it may import them, none of them imports it (the
    import-linter contract in pyproject.toml). It has no models of its own: the year-end
    snapshots stay in the `workforce` app's table (`workforce.FigureSnapshot`), see ADR 0016.
    """

    name = "hongdun.reporting"
    label = "reporting"
    verbose_name = _("统计与工作台")
