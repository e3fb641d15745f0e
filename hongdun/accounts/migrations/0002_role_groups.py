"""Create one group per role so every environment has the same roles from the start."""

from django.db import migrations

ROLE_CODES = [
    "applicant",
    "registrar",
    "supervisor",
    "personnel",
    "discipline",
    "leader",
    "administrator",
]


def create_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        group_model.objects.get_or_create(name=code)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
