"""The set-based July pass against the per-enterprise service: on a random small register the
scheduled run proposes exactly the enterprises for which `abnormal_propose` succeeds, except one
documented case, an enterprise whose licence was revoked (吊销) before the window opened: the
service would accept a clerk's proposal for it, but it did not owe the report
(`disclosure.progress.due_condition`), so the run leaves it out."""

import random
from datetime import date, timedelta

import pytest
from django.db import transaction

from hongdun.core.exceptions import ApplicationError
from hongdun.disclosure.tests.factories_progress import leave_register, report
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.supervision import jobs
from hongdun.supervision.choices import AbnormalReason, JobName, ListingSource, ListingStatus
from hongdun.supervision.models import AbnormalListing
from hongdun.supervision.services_abnormal import abnormal_propose
from hongdun.supervision.tests.factories_jobs import abnormal

JULY = date(2026, 7, 1)
WINDOW_OPENS = date(2026, 1, 1)


class _UndoError(Exception):
    pass


def _service_accepts(enterprise: Enterprise) -> bool:
    try:
        with transaction.atomic():
            abnormal_propose(
                actor=None,
                enterprise=enterprise,
                reason=AbnormalReason.NOT_FILED,
                basis_on=date(2026, 6, 30),
                source=ListingSource.SCHEDULED,
                report_year=2025,
                today=JULY,
            )
            raise _UndoError
    except _UndoError:
        return True
    except ApplicationError:
        return False


def _random_register(bureau, rng: random.Random) -> list[Enterprise]:
    units = [bureau["kundulun"], bureau["jiuyuan"], bureau["qingshan"]]
    made = []
    for index in range(24):
        established = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 800))
        enterprise = register(
            f"包头市随机{index}号商贸有限公司",
            rng.choice(units),
            trade_name=f"随机{index}号",
            established_on=established,
        )
        filing = rng.choice(["none", "draft", "on_time", "late", "other_year"])
        if filing == "draft":
            report(enterprise, filed_on=None)
        elif filing == "on_time":
            report(enterprise, filed_on=date(2026, 4, 1))
        elif filing == "late":
            report(enterprise, filed_on=date(2026, 7, 1), late=True)
        elif filing == "other_year" and established.year <= 2024:
            report(enterprise, year=2024, filed_on=date(2025, 4, 1))
        status = rng.choice([None, None, None, "deregistered", "revoked", "registration_revoked"])
        if status is not None:
            left_on = rng.choice([date(2025, 10, 1), date(2026, 3, 1)])
            code = {
                "deregistered": EnterpriseStatus.DEREGISTERED,
                "revoked": EnterpriseStatus.LICENCE_REVOKED,
                "registration_revoked": EnterpriseStatus.REGISTRATION_REVOKED,
            }[status]
            leave_register(enterprise, code, max(left_on, established))
        listing = rng.choice(
            [None, None, "open_1", "proposed_1", "removed_1", "dismissed_1", "open_4"]
        )
        if listing == "open_1":
            abnormal(enterprise, listed_on=date(2025, 7, 20), report_year=2024)
        elif listing == "proposed_1":
            abnormal(enterprise, status=ListingStatus.PROPOSED, report_year=2025)
        elif listing == "removed_1":
            abnormal(enterprise, status=ListingStatus.REMOVED, report_year=2022)
        elif listing == "dismissed_1":
            abnormal(enterprise, status=ListingStatus.DISMISSED, listed_on=None, report_year=2025)
        elif listing == "open_4":
            abnormal(enterprise, reason=AbnormalReason.UNREACHABLE, facts="退信")
        made.append(enterprise)
    return made


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_set_based_pass_matches_the_service(bureau, seed):
    made = _random_register(bureau, random.Random(seed))
    for enterprise in made:
        enterprise.refresh_from_db()
    accepted = {e.pk for e in made if _service_accepts(e)}
    revoked_before_window = {
        e.pk
        for e in made
        if e.status == EnterpriseStatus.LICENCE_REVOKED
        and e.status_date is not None
        and e.status_date < WINDOW_OPENS
    }
    dry = jobs.run_step(job=JobName.JULY_PROPOSALS, day=JULY, commit=False)
    run = jobs.run_step(job=JobName.JULY_PROPOSALS, day=JULY, commit=True)
    proposed = set(
        AbnormalListing.objects.filter(proposed_by_run=run).values_list("enterprise_id", flat=True)
    )
    assert proposed == accepted - revoked_before_window
    assert dry.counts["proposed"] == run.counts["proposed"] == len(proposed)
    # and the service, asked again, now refuses every one of them (one open entry per reason)
    assert not any(_service_accepts(e) for e in made if e.pk in proposed)
