"""Load the shipped representative subset of the business-scope catalogue (marked non-official).

The file sits in hongdun/registration/data/; this migration parses it itself (no app code), and
only adds codes that are not there yet, so it never overwrites an imported official catalogue.
"""

import csv
import io
from pathlib import Path

from django.db import migrations

SUBSET = Path(__file__).resolve().parents[1] / "data" / "scope_catalogue_subset.csv"
SOURCE = "代表性子集（非官方）"
STAGES = {"": "none", "前置": "pre", "后置": "post"}


def load(apps, schema_editor):
    entry_model = apps.get_model("registration", "ScopeCatalogueEntry")
    text = SUBSET.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    existing = set(entry_model.objects.values_list("code", flat=True))
    rows = []
    for record in csv.DictReader(io.StringIO("\n".join(lines))):
        if record["code"] in existing:
            continue
        rows.append(
            entry_model(
                code=record["code"],
                wording=record["wording"],
                industry_code=record["industry_code"],
                industry_name=record["industry_name"],
                permit_stage=STAGES[record["permit_stage"]],
                permit_name=record["permit_name"],
                permit_authority=record["permit_authority"],
                keywords=record["keywords"],
                source=SOURCE,
            )
        )
    entry_model.objects.bulk_create(rows, batch_size=500)


def unload(apps, schema_editor):
    apps.get_model("registration", "ScopeCatalogueEntry").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("registration", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
