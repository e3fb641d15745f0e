"""Core adopts the in-site notices namecheck kept until now (namecheck migration 0002 renamed the
table and its index to core's names). Only the state changes here; the content type moves too, so
the permissions and admin log entries of the model keep pointing at it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _move_content_type(apps: StateApps, *, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=target, model="notification").exists():
        return
    content_type.objects.filter(app_label=source, model="notification").update(app_label=target)


def content_type_to_core(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move_content_type(apps, source="namecheck", target="core")


def content_type_to_namecheck(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move_content_type(apps, source="core", target="namecheck")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_holidayoverride"),
        ("namecheck", "0002_notification_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="标题")),
                        ("body", models.TextField(blank=True, verbose_name="内容")),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="链接")),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="阅读时间"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="时间")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="接收人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "站内通知",
                        "verbose_name_plural": "站内通知",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["user", "read_at"], name="core_notification_unread_idx"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_namecheck),
    ]
