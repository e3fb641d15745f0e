from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CITY_BUREAU = "city_bureau", _("市局")
    COUNTY_BUREAU = "county_bureau", _("旗县区局")
    BRANCH = "branch", _("分局")
    STATION = "station", _("工商所")
    OFFICE = "office", _("内设机构")
