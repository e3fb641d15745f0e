"""Fill the name-search keys of every application that has left the draft states (later ones are
written by the services when they do).

The key function is copied here, not imported, so this migration keeps doing what it did when
`registration.name_keys` changes.
"""

from django.db import migrations

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _keys(name):
    folded = name.translate(_ASCII_LOWER)
    return {folded[i : i + n] for n in (1, 2) for i in range(len(folded) - n + 1)}


def fill_name_keys(apps, schema_editor):
    Application = apps.get_model("registration", "Application")
    Key = apps.get_model("registration", "ApplicationNameKey")
    rows = (
        Application.objects.exclude(status__in=["draft", "notice"])
        .order_by("id")
        .values_list("id", "name")
        .iterator(chunk_size=5000)
    )
    batch = []
    for pk, name in rows:
        batch.extend(Key(key=key, application_id=pk) for key in _keys(name))
        if len(batch) >= 20000:
            Key.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Key.objects.bulk_create(batch, batch_size=5000)



class Migration(migrations.Migration):
    dependencies = [("registration", "0003_queue_indexes_and_name_keys")]

    operations = [migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=True)]
