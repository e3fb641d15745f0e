"""Drop the two raw-SQL queue indexes of 0002: the queue's indexes are now declared in
registration.Application's Meta (registration 0003, with the columns the queue's filters read).

`IF EXISTS` makes this safe whichever of the two ran first, on SQLite and PostgreSQL alike; going
back recreates them as 0002 did.
"""

from django.db import migrations

TABLE = "registration_application"

INDEXES = {
    "regreview_app_submitted_idx": "(submitted_at, id)",
    "regreview_app_queue_idx": "(status, authority_id, decision_due, submitted_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("regreview", "0002_queue_indexes_on_registration_application"),
        ("registration", "0003_queue_indexes_and_name_keys"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"DROP INDEX IF EXISTS {name}",
            reverse_sql=f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {columns}",
        )
        for name, columns in INDEXES.items()
    ]
