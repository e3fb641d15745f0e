from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo bureau (fictional people and enterprises), loaded by `manage.py seed_demo`.

    Top layer: it may import every app; no other app imports it (the import-linter contract in
    pyproject.toml says so). It has no models.
    """

    name = "hongdun.demo"
    label = "demo"
    verbose_name = _("演示数据")
