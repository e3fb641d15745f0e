from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    LICENCE = "licence", _("营业执照")
    REFUSAL_NOTICE = "refusal_notice", _("不予登记通知书")


class DeadlineLevel(models.TextChoices):
    """The queue's colours by working days left until the statutory decision date."""

    OK = "ok", _("期限充裕")
    WARN = "warn", _("临近期限")
    DUE = "due", _("今日到期")
    OVERDUE = "overdue", _("已超期")
    # 中止审查: the clock stands still until the review resumes (the date then moves on).
    SUSPENDED = "suspended", _("期限暂停")


class DeadlineFilter(models.TextChoices):
    OVERDUE = "overdue", _("已超期")
    TODAY = "today", _("今日到期（含超期）")
    SOON = "soon", _("临近期限（含今日、超期）")
    OK = "ok", _("期限充裕")
