"""Online registration consultation (网上登记咨询): the FAQ knowledge base and the public's
questions, answered by registrars within a working-day deadline."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hongdun.core.models import TimeStampedModel


class FaqCategory(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    ordering = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("问答分类")
        verbose_name_plural = _("问答分类")
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name


class FaqSource(models.TextChoices):
    TEAM = "team", _("红盾团队编写")
    ANSWER = "answer", _("由咨询答复整理")


class Faq(TimeStampedModel):
    """One question and answer of the knowledge base. Only published entries are public."""

    category = models.ForeignKey(
        FaqCategory, verbose_name=_("分类"), on_delete=models.PROTECT, related_name="faqs"
    )
    title = models.CharField(_("问题"), max_length=200)
    body = models.TextField(_("解答"))
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=FaqSource.choices)
    # The seed loader's stable key, so loading the seed again updates instead of duplicating.
    seed_key = models.CharField(_("种子标识"), max_length=40, blank=True, editable=False)
    is_published = models.BooleanField(_("已发布"), default=True)
    helpful_count = models.PositiveIntegerField(_("有帮助"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("没帮助"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编写人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["category__ordering", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"], condition=~models.Q(seed_key=""), name="faq_unique_seed_key"
            )
        ]
        indexes = [models.Index(fields=["is_published", "category"])]

    def __str__(self) -> str:
        return self.title


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    CLAIMED = "claimed", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已关闭")


OPEN_STATUSES = (QuestionStatus.PENDING, QuestionStatus.CLAIMED)


class Question(TimeStampedModel):
    """A question from the public. The asker reads it through the unguessable `token` link (or
    their account); the e-mail and phone are for replies only and never shown publicly."""

    token = models.UUIDField(_("查询码"), default=uuid.uuid4, unique=True, editable=False)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提问人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_questions",
    )
    asker_name = models.CharField(_("称呼"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    category = models.ForeignKey(
        FaqCategory, verbose_name=_("分类"), on_delete=models.PROTECT, related_name="questions"
    )
    authority = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("答复机关"),
        on_delete=models.PROTECT,
        related_name="consultation_questions",
    )
    authority_chosen = models.BooleanField(_("提问人指定了登记机关"), default=False)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("问题内容"))
    status = models.CharField(
        _("状态"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    due_date = models.DateField(_("答复期限"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    close_reason = models.TextField(_("关闭原因"), blank=True)
    faq = models.OneToOneField(
        Faq,
        verbose_name=_("已发布为常见问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_question",
    )

    class Meta:
        verbose_name = _("咨询问题")
        verbose_name_plural = _("咨询问题")
        ordering = ["due_date", "created_at", "id"]
        indexes = [models.Index(fields=["authority", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="claimed") | models.Q(assignee__isnull=False),
                name="consultation_claimed_has_assignee",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered") | ~models.Q(answer=""),
                name="consultation_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """The reference the asker quotes: ZX + submission date + id."""
        day = timezone.localtime(self.created_at).strftime("%Y%m%d") if self.created_at else ""
        return f"ZX{day or '00000000'}{self.pk or 0:06d}"
