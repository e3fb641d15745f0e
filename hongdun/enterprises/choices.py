from django.db import models
from django.utils.functional import Promise
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

# Who answers for the entity, by its type ([R2] 第六条; 《合伙企业法》第二十六条; 《个人独资企业法》
# 第二条; 《促进个体工商户发展条例》第二条): the one word used wherever the person is named (forms,
# application pages, licence, enterprise detail, API labels).
RESPONSIBLE_PERSON_TITLES: dict[str, Promise] = {
    EnterpriseType.LLC: _("法定代表人"),
    EnterpriseType.JSC: _("法定代表人"),
    EnterpriseType.FARMER_COOPERATIVE: _("法定代表人"),
    EnterpriseType.BRANCH: _("负责人"),
    EnterpriseType.INDIVIDUAL_BUSINESS: _("经营者"),
    EnterpriseType.SOLE_PROPRIETORSHIP: _("投资人"),
    EnterpriseType.PARTNERSHIP: _("执行事务合伙人"),
}
# Where entities of several types share one heading (a column of search results).
RESPONSIBLE_PERSON_ANY_TYPE = _("法定代表人（负责人）")


def responsible_person_title(entity_type: str) -> str:
    """法定代表人, 负责人, 经营者, 投资人 or 执行事务合伙人 for an entity of `entity_type`."""
    return str(RESPONSIBLE_PERSON_TITLES.get(entity_type, RESPONSIBLE_PERSON_ANY_TYPE))


# Types whose registered capital is meaningful (个体工商户 report 资金数额 optionally).
CAPITAL_REQUIRED = {EnterpriseType.LLC, EnterpriseType.JSC}


class EnterpriseStatus(models.TextChoices):
    """Register statuses. 吊销 and 撤销 are different acts, so their names never share a word:

    - 吊销营业执照 (LICENCE_REVOKED, a penalty): the enterprise still exists until it is
      deregistered, and its name stays registered (《企业名称登记管理规定》第十七条(一));
    - 撤销登记 (REGISTRATION_REVOKED, 《市场主体登记管理条例》第四十条: a registration obtained by
      false materials is undone): the enterprise leaves the register and its name is protected
      for one year from the decision (第十七条(三)).
    """

    ACTIVE = "active", _("存续")
    LICENCE_REVOKED = "revoked", _("吊销")  # stored value kept from before the rename
    REGISTRATION_REVOKED = "registration_revoked", _("撤销登记")
    DEREGISTERED = "deregistered", _("注销")
    MOVED_OUT = "moved_out", _("迁出")


class MemberKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    LEGAL_ENTITY = "legal_entity", _("法人或其他组织")


class MemberRole(models.TextChoices):
    """How the member invests, by entity type.

    A 分公司 has none: its head office answers for it.
    """

    SHAREHOLDER = "shareholder", _("股东")
    PROMOTER = "promoter", _("发起人")
    GENERAL_PARTNER = "general_partner", _("普通合伙人")
    LIMITED_PARTNER = "limited_partner", _("有限合伙人")
    INVESTOR = "investor", _("投资人")
    OPERATOR = "operator", _("经营者")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAU_PERMIT = "hk_macau_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    USCC = "uscc", _("统一社会信用代码")
    OTHER = "other", _("其他")


class ContributionForm(models.TextChoices):
    """Forms of contribution.

    公司法第四十八条 allows money and valuable, transferable property; 条例第十三条
    forbids the rest.
    """

    MONEY = "money", _("货币")
    IN_KIND = "in_kind", _("实物")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("知识产权")
    LAND_USE_RIGHT = "land_use_right", _("土地使用权")
    EQUITY = "equity", _("股权")
    CREDITOR_RIGHT = "creditor_right", _("债权")
    LABOUR = "labour", _("劳务")
    CREDIT = "credit", _("信用")
    PERSONAL_NAME = "personal_name", _("自然人姓名")
    GOODWILL = "goodwill", _("商誉")
    FRANCHISE = "franchise", _("特许经营权")
    ENCUMBERED_PROPERTY = "encumbered_property", _("设定担保的财产")


# The forms a company contribution may take: money and property that can be valued and
# transferred (《公司法》第四十八条); labour, credit, a person's name, goodwill, franchises and
# encumbered property may not be contributed (《市场主体登记管理条例》第十三条).
LAWFUL_CONTRIBUTION_FORMS = (
    ContributionForm.MONEY,
    ContributionForm.IN_KIND,
    ContributionForm.INTELLECTUAL_PROPERTY,
    ContributionForm.LAND_USE_RIGHT,
    ContributionForm.EQUITY,
    ContributionForm.CREDITOR_RIGHT,
)
