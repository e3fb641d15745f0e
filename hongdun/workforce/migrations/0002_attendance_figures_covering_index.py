"""A covering index for the training figures (人次 per class) over a million attendance rows.

The figure "person-times" counts distinct (class, person) pairs among the rows of a period marked
present or late. With every column it reads in one index, ordered by class and person, the database
answers it from the index alone, in class order, without a lookup per row or a sort. It is created
with plain SQL (the same statement on SQLite and PostgreSQL) so that the model state owned by the
workforce models is unchanged.
"""

from django.db import migrations

INDEX = "wf_att_figures_cover"
COLUMNS = "training_class_id, person_id, status, date, unit_id, hours"


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {INDEX} ON workforce_attendance ({COLUMNS})",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
