"""What every Django benchmark does before it measures: its own database, set up and migrated."""

import os
from pathlib import Path


def sqlite_url(path: Path) -> str:
    """The bench's own SQLite file (under var/bench/, never the developer's database)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def setup_django(
    database_url: str, *, settings_module: str = "config.settings.local", migrate: bool = True
) -> None:
    """Point Django at `database_url` (DJANGO_SETTINGS_MODULE wins when set), set it up and,
    unless told otherwise, migrate the database."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
