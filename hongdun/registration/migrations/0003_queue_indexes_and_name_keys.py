"""The clerk queue's indexes on Application, declared in its Meta (they replace the two raw-SQL
indexes of regreview 0002, which regreview 0003 drops), and the table of its name-search keys
(filled by 0004)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0002_trade_name_id_index'),
        ('namecheck', '0001_reservations_index_events_notifications'),
        ('orgs', '0001_initial'),
        ('registration', '0002_scope_catalogue_subset'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApplicationNameKey',
            fields=[
                ('pk', models.CompositePrimaryKey('key', 'application_id', blank=True, editable=False, primary_key=True, serialize=False)),
                ('key', models.CharField(max_length=2, verbose_name='检索键')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registration.application')),
            ],
            options={
                'verbose_name': '申请名称检索键',
                'verbose_name_plural': '申请名称检索键',
            },
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['status', 'authority', 'decision_due', 'submitted_at', 'kind', 'entity_type'], include=['id'], name='registration_app_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['submitted_at', 'id', 'authority', 'status'], name='registration_app_recv_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['status', 'number', 'authority'], include=['id'], name='registration_app_number_idx'),
        ),
    ]
