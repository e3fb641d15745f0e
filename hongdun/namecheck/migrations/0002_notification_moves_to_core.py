"""The in-site notices move to the platform (core): namecheck gives up the model, and its table and
index take core's names, rows and all. Core migration 0003 then adopts the model without touching
the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("namecheck", "0001_reservations_index_events_notifications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RenameIndex(
                    model_name="notification",
                    old_name="namecheck_n_user_id_f80d13_idx",
                    new_name="core_notification_unread_idx",
                ),
                migrations.AlterModelTable(name="notification", table="core_notification"),
            ],
            state_operations=[migrations.DeleteModel(name="Notification")],
        ),
    ]
