"""The person-time rollup (ADR 0011): one row per (class, person) with attendance, backfilled here
from the attendance rows already stored. The backfill's SQL is a frozen copy of
`hongdun.workforce.person_times._rollup_select`, so later changes to that module do not change what
this migration did."""

import django.db.models.deletion
from django.db import migrations, models

ATTENDED = "status IN ('present', 'late')"
CHUNK = 500


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM workforce_trainingclass ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "INSERT INTO workforce_persontime"
                " (training_class_id, person_id, unit_id, first_date, last_date, sessions, hours)"
                " SELECT training_class_id, person_id,"
                f" CASE WHEN MIN(CASE WHEN {ATTENDED} THEN unit_id END)"
                f" = MAX(CASE WHEN {ATTENDED} THEN unit_id END)"
                f" THEN MIN(CASE WHEN {ATTENDED} THEN unit_id END) END,"
                f" MIN(CASE WHEN {ATTENDED} THEN date END),"
                f" MAX(CASE WHEN {ATTENDED} THEN date END),"
                f" SUM(CASE WHEN {ATTENDED} THEN 1 ELSE 0 END),"
                f" COALESCE(SUM(CASE WHEN {ATTENDED} THEN hours END), 0)"
                f" FROM workforce_attendance WHERE training_class_id IN ({marks})"
                " GROUP BY training_class_id, person_id",
                chunk,
            )
            cursor.execute(
                "INSERT INTO workforce_persontimetotal"
                " (training_class_id, first_date, last_date, person_times, hours)"
                " SELECT training_class_id, MIN(first_date), MAX(last_date), COUNT(*), SUM(hours)"
                f" FROM workforce_persontime WHERE training_class_id IN ({marks})"
                " AND sessions > 0 GROUP BY training_class_id",
                chunk,
            )


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('workforce', '0003_drop_unused_import_job'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonTimeTotal',
            fields=[
                ('training_class', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='workforce.trainingclass', verbose_name='培训班')),
                ('first_date', models.DateField(verbose_name='首次出勤日期')),
                ('last_date', models.DateField(verbose_name='末次出勤日期')),
                ('person_times', models.PositiveIntegerField(verbose_name='人次')),
                ('hours', models.DecimalField(decimal_places=1, max_digits=9, verbose_name='获得学时')),
            ],
            options={
                'verbose_name': '培训班人次合计',
                'verbose_name_plural': '培训班人次合计',
                'ordering': ['training_class'],
            },
        ),
        migrations.CreateModel(
            name='PersonTime',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_date', models.DateField(null=True, verbose_name='首次出勤日期')),
                ('last_date', models.DateField(null=True, verbose_name='末次出勤日期')),
                ('sessions', models.PositiveIntegerField(default=0, verbose_name='出勤课次数')),
                ('hours', models.DecimalField(decimal_places=1, default=0, max_digits=7, verbose_name='获得学时')),
                ('person', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workforce.person', verbose_name='人员')),
                ('training_class', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workforce.trainingclass', verbose_name='培训班')),
                ('unit', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit', verbose_name='参训时所在单位')),
            ],
            options={
                'verbose_name': '培训人次',
                'verbose_name_plural': '培训人次',
                'ordering': ['training_class', 'person'],
                'indexes': [models.Index(fields=['unit', 'first_date', 'last_date', 'training_class', 'sessions', 'hours'], name='wf_pt_unit_cover'), models.Index(fields=['person', 'first_date', 'last_date', 'sessions', 'unit'], name='wf_pt_person_cover')],
                'constraints': [models.UniqueConstraint(fields=('training_class', 'person'), name='wf_persontime_unique')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
