"""Moving the notices from namecheck to core keeps every row (table renamed, not recreated), and the
move can be undone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("namecheck", "0001_reservations_index_events_notifications"),
    ("core", "0002_holidayoverride"),
]
AFTER = [
    ("namecheck", "0002_notification_moves_to_core"),
    ("core", "0003_notification_moved_from_namecheck"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def test_existing_notices_survive_the_move_and_the_way_back(make_user):
    reader = make_user("applicant")
    try:
        old_apps = migrate(BEFORE)
        assert "namecheck_notification" in tables()
        assert "core_notification" not in tables()
        old = old_apps.get_model("namecheck", "Notification")
        old.objects.create(
            user_id=reader.pk, title="名称已保留：沃德", body="保留期至…", url="/names/1/"
        )
        old.objects.create(user_id=reader.pk, title="名称审核通过", body="")
        content_type = old_apps.get_model("contenttypes", "ContentType")
        content_type.objects.get_or_create(app_label="namecheck", model="notification")

        new_apps = migrate(AFTER)
        assert "core_notification" in tables()
        assert "namecheck_notification" not in tables()
        moved = new_apps.get_model("core", "Notification")
        assert sorted(moved.objects.filter(user_id=reader.pk).values_list("title", flat=True)) == [
            "名称审核通过",
            "名称已保留：沃德",
        ]
        types = new_apps.get_model("contenttypes", "ContentType").objects
        assert types.filter(app_label="core", model="notification").exists()
        assert not types.filter(app_label="namecheck", model="notification").exists()

        back_apps = migrate(BEFORE)
        assert "namecheck_notification" in tables()
        back = back_apps.get_model("namecheck", "Notification")
        assert back.objects.filter(user_id=reader.pk).count() == 2
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
