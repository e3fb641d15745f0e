"""Row scope of the supervision registers (ADR 0013): a listing belongs to the authority that
decides it (the enterprise's registration authority when proposed); an inspection plan and its
tasks to the unit that carries it out. Who reads and edits them is their rows of
`hongdun.core.scope_rules`."""

from django.utils.translation import gettext_lazy as _

from hongdun.core.scope import register_kind, register_model

LISTING = "supervision.listing"
INSPECTION = "supervision.inspection"


def declare_scope() -> None:
    from hongdun.supervision.models import (
        AbnormalListing,
        InspectionPlan,
        InspectionTask,
        InspectorRelation,
        ListingObjection,
        RemovalRequest,
        SeriousListing,
    )

    register_kind(LISTING, label=_("经营异常名录和严重违法失信名单"))
    register_model(AbnormalListing, kind=LISTING, unit="authority")
    register_model(RemovalRequest, kind=LISTING, unit="listing__authority")
    register_model(ListingObjection, kind=LISTING, unit="listing__authority")
    register_model(SeriousListing, kind=LISTING, unit="authority")
    register_kind(INSPECTION, label=_("双随机抽查"))
    register_model(InspectionPlan, kind=INSPECTION, unit="unit")
    register_model(InspectionTask, kind=INSPECTION, unit="plan__unit")
    register_model(InspectorRelation, kind=INSPECTION, unit="person__unit")
