"""Name reservations (企业名称自主申报 and 保留) and the name-index event log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.namecheck.choices import (
    LIVE_STATUSES,
    IndexOp,
    ReservationStatus,
    VerdictChoice,
)


class NameReservation(TimeStampedModel):
    """A declared name an applicant holds at one registration authority (GD2020 Arts 16–18).

    `trade_name` and `industry_key` are the engine's parse of the name at declaration time; they
    are the keys of C-SAME-1 (same registry + same 字号 + same industry = identical), so the
    partial unique constraint below lets the database settle a race between two applicants that
    both saw the name as free: the second insert fails, whatever the in-memory indexes said.
    A name with no industry term has `industry_key` "" and collides with another such name.
    `verdict` and `findings` keep the engine's answer when the name was declared.
    """

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        on_delete=models.PROTECT,
        related_name="name_reservations",
    )
    registry = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("登记机关"),
        on_delete=models.PROTECT,
        related_name="name_reservations",
        limit_choices_to={"is_registration_authority": True},
    )
    industry = models.CharField(_("行业"), max_length=50, blank=True)
    proposed_name = models.CharField(_("申报名称"), max_length=100)
    normalized_name = models.CharField(_("规范化名称"), max_length=100, db_index=True)
    trade_name = models.CharField(_("字号"), max_length=50)
    industry_key = models.CharField(_("行业键"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ReservationStatus.choices,
        default=ReservationStatus.RESERVED,
        db_index=True,
    )
    reserved_until = models.DateField(_("保留期至"), null=True, blank=True)
    needs_pre_approval = models.BooleanField(
        _("需前置审批"),
        default=False,
        help_text=_("设立依法须经批准或经营范围有登记前须经批准的项目的，保留期为1年"),
    )
    verdict = models.CharField(_("比对结论"), max_length=16, choices=VerdictChoice.choices)
    findings = models.JSONField(_("比对意见"), default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # Names only a higher level may approve (e.g. 冠"中国", 国务院): the local review records that
    # the applicant was told to obtain the approval, and approves only citing its document.
    approval_referred_at = models.DateTimeField(_("告知取得批准时间"), null=True, blank=True)
    approval_document = models.CharField(_("批准文件文号"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("名称保留")
        verbose_name_plural = _("名称保留")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["registry", "status"]),
            models.Index(fields=["status", "reserved_until"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "trade_name", "industry_key"],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="namecheck_one_live_reservation_per_name",
                violation_error_message=_("该名称刚被他人申报保留，请换一个名称。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReservationStatus.RESERVED)
                | models.Q(reserved_until__isnull=False),
                name="namecheck_reserved_has_end_date",
                violation_error_message=_("已保留的名称必须有保留期限。"),
            ),
        ]

    def __str__(self) -> str:
        return self.proposed_name

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def notice_number(self) -> str:
        """The number printed on the notice: registry division code, year declared, serial."""
        year = timezone.localdate(self.created_at).year if self.created_at else ""
        code = self.registry.division_code if self.registry_id else ""
        return f"{code}-{year}-{self.pk:06d}"


class NameIndexEvent(models.Model):
    """Append-only log of changes to the names the index knows (registered, given up, reserved).

    Written in the same transaction as the change itself; every worker process replays the rows
    with an id above the last one it has seen before it answers a check. Ids are handed out in
    commit order (writers serialise on a lock, see services.name_index_event_append), so "id >
    last seen" never skips a row that commits late.
    """

    id = models.BigAutoField(primary_key=True)
    op = models.CharField(_("操作"), max_length=16, choices=IndexOp.choices)
    payload = models.JSONField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("名称索引事件")
        verbose_name_plural = _("名称索引事件")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.id} {self.op}"
