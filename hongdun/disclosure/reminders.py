"""The reminder to file the annual report (docs/rules/disclosure.md §2.6).

`ANNUAL_REPORT_REMINDER_DAYS` days before the last day of the open window (and on any later day
of the window, so a job that did not run on the day still catches up), every enterprise that
owes the report, is still in the register (存续), has not filed it and has someone who acts for it
on the portal gets one notice per authorised user — once per enterprise and report year.

Once is kept by the table, not by the job: each batch inserts its `ReportReminder` rows with
ON CONFLICT DO NOTHING on the unique (enterprise, year), marked with the run's id, and notifies
only the rows that carry its own id. A second run finds nothing left to select; two runs at the
same moment both try to insert, and the database lets exactly one row in per enterprise (on
PostgreSQL the second insert waits for the first transaction and then skips its rows). The notices
are written in the same transaction as the rows that claim them, so a failed batch leaves
neither; the e-mails leave after commit (`notify`).

Selection is set-based: one query per batch of enterprise ids (keyset on id), one for the batch's
authorised users, one insert, one read-back; the notices are one row per recipient.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from hongdun.accounts.models import User
from hongdun.core.notification_services import notify
from hongdun.disclosure.models import AnnualReport, ReportReminder
from hongdun.disclosure.progress import due_condition, open_window_year, report_deadline
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.registration.models import EnterpriseAuthorisation

BATCH_SIZE = 1_000
# The portal's annual-report filing pages (issue 9 lane "reports": /enterprise/annual-reports/).
FILING_URL = "/enterprise/annual-reports/"


def reminder_days() -> int:
    return int(settings.HONGDUN.get("ANNUAL_REPORT_REMINDER_DAYS", 30))


def reminder_year(today: date) -> int | None:
    """The report year whose reminder is due on `today`: the open window's year, from
    `ANNUAL_REPORT_REMINDER_DAYS` days before its last day up to that day; None otherwise."""
    year = open_window_year(today)
    if year is None:
        return None
    last_day = report_deadline(year)
    return year if today >= last_day - timedelta(days=reminder_days()) else None


def _live_authorisations(today: date) -> QuerySet[EnterpriseAuthorisation]:
    return EnterpriseAuthorisation.objects.filter(revoked_at__isnull=True).exclude(
        valid_until__lt=today
    )


def reminder_candidates(*, year: int, today: date) -> QuerySet[Enterprise]:
    """The enterprises still to remind for `year`: owing it, 存续, not filed, with a live portal
    authorisation, not reminded yet."""
    filed = AnnualReport.objects.filter(
        enterprise=OuterRef("pk"), year=year, first_submitted_at__isnull=False
    )
    reminded = ReportReminder.objects.filter(enterprise=OuterRef("pk"), year=year)
    authorised = _live_authorisations(today).filter(enterprise=OuterRef("pk"))
    return (
        Enterprise.objects.filter(due_condition(year), status=EnterpriseStatus.ACTIVE)
        .filter(Exists(authorised))
        .filter(~Exists(filed), ~Exists(reminded))
    )


@dataclass(frozen=True)
class ReminderRun:
    year: int | None
    enterprises: int = 0
    notices: int = 0


def _notice(enterprise: Enterprise, year: int) -> tuple[str, str]:
    last_day = report_deadline(year)
    title = _("请于%(date)s前报送%(year)s年度报告") % {
        "date": f"{last_day:%Y-%m-%d}",
        "year": year,
    }
    body = _(
        "%(name)s（统一社会信用代码 %(uscc)s）尚未报送%(year)s年度的年度报告。"
        "请在%(date)s前通过“年度报告”报送并公示；逾期未报送的，将被列入经营异常名录"
        "（《企业信息公示暂行条例》第八条、第十七条）。已报送的请忽略本通知。"
    ) % {
        "name": enterprise.name,
        "uscc": enterprise.uscc,
        "year": year,
        "date": f"{last_day:%Y-%m-%d}",
    }
    return title, body


@transaction.atomic
def _remind_batch(
    *, enterprise_ids: list[int], year: int, today: date, run: uuid.UUID
) -> tuple[int, int]:
    recipients: dict[int, list[int]] = defaultdict(list)
    rows = (
        _live_authorisations(today)
        .filter(enterprise_id__in=enterprise_ids)
        .order_by("enterprise_id", "user_id")
        .values_list("enterprise_id", "user_id")
        .distinct()
    )
    for enterprise_id, user_id in rows:
        recipients[enterprise_id].append(user_id)
    now = timezone.now()
    ReportReminder.objects.bulk_create(
        [
            ReportReminder(
                enterprise_id=enterprise_id,
                year=year,
                sent_at=now,
                recipients=len(recipients[enterprise_id]),
                run=run,
            )
            for enterprise_id in enterprise_ids
            if recipients[enterprise_id]
        ],
        ignore_conflicts=True,
    )
    ours = list(
        ReportReminder.objects.filter(run=run, enterprise_id__in=enterprise_ids).values_list(
            "enterprise_id", flat=True
        )
    )
    if not ours:
        return 0, 0
    # An enterprise that started a report shows on it when it was reminded.
    AnnualReport.objects.filter(enterprise_id__in=ours, year=year).update(reminder_sent_at=now)
    enterprises = Enterprise.objects.filter(pk__in=ours).only("pk", "name", "uscc")
    users = User.objects.in_bulk({uid for eid in ours for uid in recipients[eid]})
    notices = 0
    for enterprise in enterprises:
        title, body = _notice(enterprise, year)
        for user_id in recipients[enterprise.pk]:
            notify(recipient=users[user_id], title=title, body=body, url=FILING_URL)
            notices += 1
    return len(ours), notices


def reminders_send(*, today: date | None = None, batch_size: int = BATCH_SIZE) -> ReminderRun:
    """Send the annual-report reminders due on `today` (China time; default today). Idempotent:
    running again, or twice at once, sends nothing more."""
    today = today or timezone.localdate()
    year = reminder_year(today)
    if year is None:
        return ReminderRun(year=None)
    run = uuid.uuid4()
    enterprises = notices = 0
    last_id = 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            batch = list(
                reminder_candidates(year=year, today=today)
                .filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                break
            last_id = batch[-1]
            sent, written = _remind_batch(enterprise_ids=batch, year=year, today=today, run=run)
            enterprises += sent
            notices += written
    return ReminderRun(year=year, enterprises=enterprises, notices=notices)


# --- background task (django-tasks; run by `manage.py db_worker`) ------------------------------


@task()
def send_annual_report_reminders(today: str | None = None) -> dict[str, int | None]:
    """The reminder job as a task (e.g. enqueued by a scheduler); `today` as YYYY-MM-DD."""
    result = reminders_send(today=date.fromisoformat(today) if today else None)
    return {"year": result.year, "enterprises": result.enterprises, "notices": result.notices}
