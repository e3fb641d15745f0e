"""The licence (营业执照) and the refusal notice (不予登记通知书) as verifiable documents.

Each issued PDF carries a code, and the public page `/verify/` asks `issued_document_describe`
whether the document still holds: a licence is replaced by the one issued after a change, and
lapses when the entity is deregistered."""

from django.utils.translation import gettext as _

from hongdun.core.verification import DocumentFacts, Standing, mask_person_name
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.registration.choices import ApplicationKind
from hongdun.registration.review.choices import DocumentKind
from hongdun.registration.review.models import IssuedDocument

KIND_PREFIX = "regreview."


def verification_kind(kind: str) -> str:
    """The platform's name of a document kind of this app (`regreview.licence`, …)."""
    return KIND_PREFIX + kind


def _licence_describe(document: IssuedDocument) -> DocumentFacts:
    enterprise = document.enterprise
    if enterprise is None:  # every licence names its entity (see services._issue_licence)
        raise ValueError(f"licence {document.pk} has no enterprise")
    newer = (
        IssuedDocument.objects.filter(
            enterprise=enterprise, kind=DocumentKind.LICENCE, pk__gt=document.pk
        )
        .order_by("-pk")
        .first()
    )
    if newer is not None:
        standing = Standing.SUPERSEDED
        explanation = _(
            "该市场主体已于%(date)s换发营业执照（文书编号%(number)s），本执照已被取代，不再有效。"
        ) % {"date": newer.issued_on.isoformat(), "number": newer.number}
    elif enterprise.status != EnterpriseStatus.ACTIVE:
        standing = Standing.VOID
        explanation = _("该市场主体的登记状态为“%(status)s”，营业执照已失效。") % {
            "status": EnterpriseStatus(enterprise.status).label
        }
    else:
        standing = Standing.VALID
        explanation = _("本执照为该市场主体现行有效的营业执照。")
    return DocumentFacts(
        title=_("营业执照"),
        number=document.number,
        holder=enterprise.name,
        subject_label=_("统一社会信用代码"),
        subject=enterprise.uscc,
        standing=standing,
        explanation=explanation,
    )


def _refusal_describe(document: IssuedDocument) -> DocumentFacts:
    application = document.application
    applicant = application.applicant
    name = getattr(applicant, "full_name", "") or applicant.get_username()
    subject = application.name or (str(application.enterprise) if application.enterprise else "")
    return DocumentFacts(
        title=_("不予登记通知书"),
        number=document.number,
        holder=mask_person_name(name),
        subject_label=_("申请事项"),
        subject=f"{subject} {ApplicationKind(application.kind).label}".strip(),
        standing=Standing.VALID,
        explanation=_("本通知书所载不予登记决定由签发机关作出。"),
    )


def issued_document_describe(document: IssuedDocument) -> DocumentFacts:
    if document.kind == DocumentKind.LICENCE:
        return _licence_describe(document)
    return _refusal_describe(document)
