from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseType(models.TextChoices):
    LLC = "llc", _("有限责任公司")
    JSC = "jsc", _("股份有限公司")
    PARTNERSHIP = "partnership", _("合伙企业")
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("个人独资企业")
    BRANCH = "branch", _("分公司")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    FARMER_COOPERATIVE = "farmer_cooperative", _("农民专业合作社")


# GB 32100 position 2 for codes issued by market regulation (position 1 = "9").
USCC_CATEGORY = {
    EnterpriseType.LLC: "1",
    EnterpriseType.JSC: "1",
    EnterpriseType.PARTNERSHIP: "1",
    EnterpriseType.SOLE_PROPRIETORSHIP: "1",
    EnterpriseType.BRANCH: "1",
    EnterpriseType.INDIVIDUAL_BUSINESS: "2",
    EnterpriseType.FARMER_COOPERATIVE: "3",
}

# Types whose registered capital is meaningful (个体工商户 report 资金数额 optionally).
CAPITAL_REQUIRED = {EnterpriseType.LLC, EnterpriseType.JSC}


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    REVOKED = "revoked", _("吊销")
    DEREGISTERED = "deregistered", _("注销")
    MOVED_OUT = "moved_out", _("迁出")
