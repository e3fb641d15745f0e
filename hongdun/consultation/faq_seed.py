"""Seed of the consultation's FAQ: categories and about fifty entries written by the Hongdun team
(data/faqs.toml, with its sources in the file header)."""

import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from hongdun.consultation.models import Faq, FaqCategory, FaqSource

FAQ_SEED_FILE = Path(__file__).resolve().parent / "data" / "faqs.toml"


def faq_seed_data(path: Path = FAQ_SEED_FILE) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def faq_seed_load(path: Path = FAQ_SEED_FILE) -> int:
    """Create the categories and the entries that are missing; returns how many FAQs were added.

    Idempotent. Categories are updated to the file's names and order; an entry that already
    exists (by its key) is left alone, so edits made in the back office survive a re-seed.
    """
    data = faq_seed_data(path)
    categories: dict[str, FaqCategory] = {}
    for ordering, row in enumerate(data["category"], start=1):
        category, _created = FaqCategory.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "description": row.get("description", ""),
                "ordering": ordering,
            },
        )
        categories[row["code"]] = category
    existing = set(Faq.objects.exclude(seed_key="").values_list("seed_key", flat=True))
    new = [
        Faq(
            seed_key=row["key"],
            category=categories[row["category"]],
            title=row["title"].strip(),
            body=row["body"].strip(),
            basis=row.get("basis", "").strip(),
            source=FaqSource.TEAM,
        )
        for row in data["faq"]
        if row["key"] not in existing
    ]
    Faq.objects.bulk_create(new)
    return len(new)
