from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """The life of an import: checked in the background, previewed, confirmed, written."""

    CHECKING = "checking", _("正在检查")
    READY = "ready", _("待确认")
    INVALID = "invalid", _("有错误")
    IMPORTING = "importing", _("正在导入")
    DONE = "done", _("已导入")
    CANCELLED = "cancelled", _("已取消")
    FAILED = "failed", _("导入失败")


# States in which a background task is (or will shortly be) working on the job; the job page
# polls for progress only in these.
RUNNING_STATUSES = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ImportStage(models.TextChoices):
    QUEUED = "queued", _("排队等待")
    READING = "reading", _("读取文件")
    CHECKING = "checking", _("逐行检查")
    WRITING = "writing", _("写入数据库")
    FINISHED = "finished", _("完成")


class ExportStatus(models.TextChoices):
    """The life of a background export: queued, written by the task, then done or failed."""

    QUEUED = "queued", _("排队等待")
    RUNNING = "running", _("正在生成")
    DONE = "done", _("已完成")
    FAILED = "failed", _("导出失败")


# The export job page polls for progress only while a task has yet to finish.
EXPORT_RUNNING_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)
