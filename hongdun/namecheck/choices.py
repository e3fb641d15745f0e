from django.db import models
from django.utils.translation import gettext_lazy as _


class ReservationStatus(models.TextChoices):
    PENDING_REVIEW = "pending_review", _("待审核")
    RESERVED = "reserved", _("已保留")
    REFUSED = "refused", _("未通过审核")
    WITHDRAWN = "withdrawn", _("已撤回")
    USED = "used", _("已使用")
    EXPIRED = "expired", _("已过期")


# A reservation in one of these states holds its name: it is in the name index and in the
# partial unique constraint that settles races (see NameReservation.Meta).
LIVE_STATUSES = (ReservationStatus.PENDING_REVIEW, ReservationStatus.RESERVED)


class VerdictChoice(models.TextChoices):
    """The engine's verdicts (engine.types.Verdict) with their Chinese names
    (docs/rules/names.md)."""

    PASS = "pass", _("通过")
    SIMILAR = "similar", _("近似冲突")
    IDENTICAL = "identical", _("相同冲突")
    RESTRICTED = "restricted", _("限用需审批")
    PROHIBITED = "prohibited", _("禁用")


class IndexOp(models.TextChoices):
    ADD = "add", _("加入")
    REMOVE = "remove", _("移除")
    STATUS = "status", _("状态变更")
    # Written when a snapshot of the index is taken; replay ignores it (see index_store).
    SNAPSHOT = "snapshot", _("快照")
