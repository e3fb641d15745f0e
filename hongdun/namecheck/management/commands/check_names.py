"""Check a list of names (one per line) against the register; print one JSON verdict per line."""

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hongdun.core.exceptions import ApplicationError
from hongdun.namecheck.selectors import registry_get
from hongdun.namecheck.services import names_check_batch

CHUNK = 5_000


class Command(BaseCommand):
    help = (
        "Check enterprise names read from FILE (or - for standard input), one per line, against "
        "the register's name index; print one JSON verdict per line, in input order."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a UTF-8 text file with one name per line, or -")
        parser.add_argument(
            "--registry",
            default="",
            help="division code of the registration authority, e.g. 150203 (without it only "
            "structure and content rules apply: conflicts are checked per registry)",
        )
        parser.add_argument("--industry", default="", help="the declared industry, if any")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, default=None, help="check as of YYYY-MM-DD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            registry = registry_get(code=options["registry"]) if options["registry"] else None
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if registry is None:
            self.stderr.write("no --registry: only structure and content rules are checked")
        source = options["file"]
        if source == "-":
            self._run(sys.stdin, registry, options)
            return
        try:
            with Path(source).open(encoding="utf-8-sig") as handle:
                self._run(handle, registry, options)
        except OSError as error:
            raise CommandError(f"cannot read {source}: {error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{source} is not UTF-8 text: {error}") from error

    def _run(self, lines: TextIO, registry: Any, options: dict[str, Any]) -> None:
        chunk: list[str] = []
        for line in lines:
            name = line.strip()
            if name:
                chunk.append(name)
            if len(chunk) >= CHUNK:
                self._check(chunk, registry, options)
                chunk = []
        if chunk:
            self._check(chunk, registry, options)

    def _check(self, names: list[str], registry: Any, options: dict[str, Any]) -> None:
        try:
            results = names_check_batch(
                registry=registry,
                industry=options["industry"],
                names=names,
                as_of=options["as_of"],
            )
        except ApplicationError as error:
            if error.field != "names":
                raise CommandError(error.message) from error
            # One unusable line must not stop a list: check the lines one by one instead.
            results = [self._one(name, registry, options) for name in names]
        for result in results:
            self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _one(self, name: str, registry: Any, options: dict[str, Any]) -> dict[str, Any]:
        try:
            (result,) = names_check_batch(
                registry=registry,
                industry=options["industry"],
                names=[name],
                as_of=options["as_of"],
            )
        except ApplicationError as error:
            return {"name": name, "error": error.message}
        return result
