from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class RegreviewConfig(app_config.ScopedAppConfig):
    name = "hongdun.registration.review"
    label = "regreview"
    verbose_name = _("登记审查")

    def ready(self) -> None:
        from hongdun.core.verification import document_kind_register
        from hongdun.registration.review.choices import DocumentKind
        from hongdun.registration.review.models import IssuedDocument
        from hongdun.registration.review.verification import (
            issued_document_describe,
            verification_kind,
        )

        # Row scope (ADR 0013): issued documents follow their application's row of the table.
        super().ready()
        # Licences and refusal notices carry a verification code the public /verify/ page checks.
        for kind in DocumentKind:
            document_kind_register(
                verification_kind(kind), model=IssuedDocument, describe=issued_document_describe
            )
