"""Indexes on registration.Application for the clerk queue, kept in this app so that the
registration app's models stay as they are (a migration may only declare indexes of its own app's
models, hence raw SQL with no model state; the syntax is the same on SQLite and PostgreSQL).

- (submitted_at, id): "newest first" and "by submission" pages walk the index and stop after one
  page instead of sorting every application in the clerk's scope (100,000 → 25 rows read).
- (status, authority_id, decision_due, submitted_at): the open queue (3 statuses × the units in
  scope) is read from the index alone, deadline and receipt time included, before the sort.

The regreview benchmark (bench/registration_queue_bench.py) measures both.
"""

from django.db import migrations

TABLE = "registration_application"

INDEXES = {
    "regreview_app_submitted_idx": "(submitted_at, id)",
    "regreview_app_queue_idx": "(status, authority_id, decision_due, submitted_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("regreview", "0001_initial"),
        ("registration", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
