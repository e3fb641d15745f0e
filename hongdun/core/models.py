"""Base model and the audit log shared by every app."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every row records when it was created and last changed."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who did what to which object, with the values before and after; written by services only."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=64)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象标识"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class HolidayOverride(TimeStampedModel):
    """One day whose status an administrator fixes by hand; it beats the chinese-calendar data.

    The library ships the State Council's holiday notices up to the last year it knows (2026 in
    the installed version). For later years the bureau records the published holidays and 调休
    make-up working days here; a row also corrects the library if a notice is ever amended.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("休息日（节假日）")
        WORKING_DAY = "working_day", _("工作日（调休上班）")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：春节、国庆节调休"))
    note = models.TextField(
        _("备注"), blank=True, help_text=_("来源，例如国务院办公厅通知的名称和日期")
    )

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"


class Notification(models.Model):
    """An in-site notice to one user (站内通知), written by `notification_services.notify`.

    Any app notifies through the platform, so no domain app imports another to tell a user
    something. The table was namecheck's first (core migration 0003 took it over with its rows).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="core_notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class DocumentVerification(models.Model):
    """The verification code printed on an issued document (告知书, 营业执照, 通知书), and who
    issued it when. The public page `/verify/` finds the document by this code and asks the app
    that owns it what the document is and whether it still holds (see `core.verification`).

    The issuer is kept here as issued: the registration authority that decided, so the page names
    the same authority as the paper even if the clerk later moves to another unit.
    """

    code = models.CharField(_("验证码"), max_length=16, unique=True)
    kind = models.CharField(_("文书类型"), max_length=64)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("文书对象类型"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("文书对象标识"))
    document = GenericForeignKey("content_type", "object_id")
    issuer = models.ForeignKey(
        "orgs.Unit", verbose_name=_("签发机关"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("签发日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文书验证码")
        verbose_name_plural = _("文书验证码")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"],
                name="core_one_verification_code_per_document",
                violation_error_message=_("该文书已有验证码。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"
