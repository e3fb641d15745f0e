"""Choices of the disclosure app. Values are stable identifiers; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportForm(models.TextChoices):
    """Which annual-report form the entity files (docs/rules/disclosure.md §2)."""

    ENTERPRISE = "enterprise", _("企业年度报告")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户年度报告")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上报送")
    PAPER = "paper", _("纸质报送")


class OperatingStatus(models.TextChoices):
    """存续状态 as the report states it (《企业信息公示暂行条例》第九条(二))."""

    OPERATING = "operating", _("开业")
    SUSPENDED = "suspended", _("歇业")
    LIQUIDATING = "liquidating", _("清算")


class WebsiteKind(models.TextChoices):
    WEBSITE = "website", _("网站")
    ONLINE_SHOP = "online_shop", _("网店")


class ImmediateKind(models.TextChoices):
    """The immediate disclosures of 《企业信息公示暂行条例》第十条 (and 《公司法》第四十条)."""

    CONTRIBUTION = "contribution", _("股东认缴和实缴出资")
    EQUITY_CHANGE = "equity_change", _("股权变更")
    LICENCE = "licence", _("行政许可")
    IP_PLEDGE = "ip_pledge", _("知识产权出质")
    PENALTY = "penalty", _("行政处罚")
