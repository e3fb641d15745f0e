"""Documents the registration authority issues on a decision: the business licence (营业执照) and
the refusal notice (不予登记通知书). The PDF is rendered once, when the decision is made, and kept
in private storage: what the applicant downloads later is exactly what was issued that day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hongdun.registration.review.choices import DocumentKind
from hongdun.registration.storage import private_storage_callable


def document_upload_to(instance: "IssuedDocument", filename: str) -> str:
    return f"regreview/{instance.application_id}/{instance.kind}-{instance.number}.pdf"


class IssuedDocument(models.Model):
    """One issued PDF of one application; a licence is issued again on each approved change."""

    application = models.ForeignKey(
        "registration.Application",
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    kind = models.CharField(_("文书类型"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("文书编号"), max_length=40)
    file = models.FileField(
        _("文件"), upload_to=document_upload_to, storage=private_storage_callable, max_length=200
    )
    filename = models.CharField(_("下载文件名"), max_length=120)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    issued_on = models.DateField(_("签发日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("登记文书")
        verbose_name_plural = _("登记文书")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                name="regreview_one_document_of_a_kind_per_application",
                violation_error_message=_("该申请已签发此类文书。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
