"""Choices of the credit registers (docs/rules/credit.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskClass(models.TextChoices):
    """企业信用风险分类 (国市监信发〔2022〕6号): from low to high risk. E is used only where the
    scheme in force enables it (some provinces, e.g. Shandong 2025, have five classes)."""

    A = "A", _("A类（信用风险低）")
    B = "B", _("B类（信用风险一般）")
    C = "C", _("C类（信用风险较高）")
    D = "D", _("D类（信用风险高）")
    E = "E", _("E类（信用风险很高）")


class Override(models.TextChoices):
    """The hard rules applied before any score (docs/rules/credit.md §2)."""

    NONE = "", _("无（按评分）")
    SERIOUS_LIST = "serious_list", _("列入严重违法失信名单")
    LICENCE_REVOKED = "licence_revoked", _("被吊销营业执照")
    ABNORMAL_LIST = "abnormal_list", _("列入经营异常名录")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class LegacyClass(models.TextChoices):
    """The 2008-era four-class scheme (企业信用分类监管, 年检 era), kept apart from the risk
    classes, for a bureau migrating its history."""

    A = "A", _("A类 守信企业（绿）")
    B = "B", _("B类 警示企业（蓝）")
    C = "C", _("C类 失信企业（黄）")
    D = "D", _("D类 严重失信企业（黑）")


class ContractLevel(models.TextChoices):
    """守合同重信用 levels, low to high."""

    A = "A", _("A级")
    AA = "AA", _("AA级")
    AAA = "AAA", _("AAA级")


class LeadingException(models.TextChoices):
    """Standing as a leading enterprise, which lets an application skip the two years at the
    level below (city level for AA, provincial or national for AAA)."""

    NONE = "", _("无")
    CITY = "city", _("市级行业龙头企业")
    PROVINCE = "province", _("省级行业龙头企业")
    NATION = "nation", _("国家级行业龙头企业")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


class PublicityStatus(models.TextChoices):
    ACTIVE = "active", _("公示中")
    EXPIRED = "expired", _("已届满")
    REVOKED = "revoked", _("已撤销")
    WITHDRAWN = "withdrawn", _("主动退出")


class MarketKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合市场")
    FARM_PRODUCE = "farm_produce", _("农贸市场")
    SPECIALISED = "specialised", _("专业市场")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("评议中")
    DECIDED = "decided", _("已评定")
