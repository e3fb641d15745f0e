from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceExcelConfig(AppConfig):
    name = "hongdun.workforce.excel"
    label = "workforce_excel"
    verbose_name = _("队伍建设 Excel 导入导出")
