"""The register's list flags (`Enterprise.on_abnormal_list`, `listed_unreachable`,
`on_serious_list`), recomputed from the listings in force. Every service that lists, removes or
revokes calls `refresh_standing` inside its transaction, so the flags registration reads never
disagree with the lists."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from hongdun.enterprises.models import Enterprise
from hongdun.supervision.choices import AbnormalReason, ListingStatus
from hongdun.supervision.models import AbnormalListing, SeriousListing


def refresh_standing(enterprise_ids: Iterable[int]) -> int:
    """Set the three flags of these enterprises from their listings in force (one UPDATE);
    returns the number of rows updated."""
    ids = sorted(set(enterprise_ids))
    if not ids:
        return 0
    listed = AbnormalListing.objects.filter(enterprise=OuterRef("pk"), status=ListingStatus.LISTED)
    return Enterprise.objects.filter(pk__in=ids).update(
        on_abnormal_list=Exists(listed),
        listed_unreachable=Exists(listed.filter(reason=AbnormalReason.UNREACHABLE)),
        on_serious_list=Exists(
            SeriousListing.objects.filter(enterprise=OuterRef("pk"), status=ListingStatus.LISTED)
        ),
    )
