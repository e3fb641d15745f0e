"""Command line: check names against a file of existing names, or snapshot an index.

    python -m hongdun.namecheck.engine check --existing FILE [--registry R] [--industry I]
        [--as-of YYYY-MM-DD] [--similar-blocks] NAME…
    python -m hongdun.namecheck.engine check --index DIR [...] NAME…
    python -m hongdun.namecheck.engine build-index --existing FILE --out DIR

FILE has one existing name per line, or tab-separated ``name<TAB>registry[<TAB>status<TAB>date]``
(status: registered | reserved | deregistered | renamed | registration_revoked, or
存续/保留/注销/变更/撤销 (撤销登记); 吊销 (licence revoked) reads as registered: such an enterprise
still exists and keeps its name; `revoked` is accepted for registration_revoked;
date: YYYY-MM-DD, the reservation's last day for `reserved`, else the day the name was given up).
Blank lines and lines starting with # are skipped; FILE may be ``-`` for stdin. With no NAME (or
NAME ``-``) the names to check are read from stdin, one per line. `check` prints one JSON verdict
per line and exits 0 whatever the verdicts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any, TextIO

from .check import check, is_blocking
from .index import NameIndex
from .parse import parse
from .reference import ReferenceData, load_reference
from .types import CheckContext, CheckResult, EngineConfig, NameStatus, StoredName

STATUS_WORDS: dict[str, NameStatus] = {
    **{s.value: s for s in NameStatus},
    "存续": NameStatus.REGISTERED,
    "在业": NameStatus.REGISTERED,
    "登记": NameStatus.REGISTERED,
    "保留": NameStatus.RESERVED,
    "预留": NameStatus.RESERVED,
    "注销": NameStatus.DEREGISTERED,
    "变更": NameStatus.RENAMED,
    "更名": NameStatus.RENAMED,
    "撤销": NameStatus.REGISTRATION_REVOKED,
    "撤销登记": NameStatus.REGISTRATION_REVOKED,
    "revoked": NameStatus.REGISTRATION_REVOKED,  # the value before the 撤销/吊销 split
    # 吊销营业执照: the enterprise still exists and its name stays registered (GD2020 第十七条).
    "吊销": NameStatus.REGISTERED,
    "吊销营业执照": NameStatus.REGISTERED,
    "licence_revoked": NameStatus.REGISTERED,
    "license_revoked": NameStatus.REGISTERED,
}


class InputError(ValueError):
    pass


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _lines(stream: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, 1):
        text = line.rstrip("\r\n")
        if text.strip() and not text.lstrip().startswith("#"):
            yield number, text


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"{where}: bad date {text!r} (YYYY-MM-DD)") from exc


def read_existing(stream: TextIO, default_registry: str, source: str = "FILE") -> list[StoredName]:
    """Parse an existing-names file into StoredName records (ids are line numbers)."""
    stored: list[StoredName] = []
    for number, text in _lines(stream):
        where = f"{source}:{number}"
        columns = [c.strip() for c in text.split("\t")]
        name = columns[0]
        registry = columns[1] if len(columns) > 1 and columns[1] else default_registry
        status = NameStatus.REGISTERED
        status_date: date | None = None
        reserved_until: date | None = None
        if len(columns) > 2 and columns[2]:
            found = STATUS_WORDS.get(columns[2].lower())
            if found is None:
                raise InputError(f"{where}: unknown status {columns[2]!r}")
            status = found
        if len(columns) > 3 and columns[3]:
            day = _date(columns[3], where)
            if status is NameStatus.RESERVED:
                reserved_until = day
            else:
                status_date = day
        stored.append(StoredName(number, name, registry, status, status_date, reserved_until))
    return stored


def build_from(stored: Sequence[StoredName], ref: ReferenceData) -> NameIndex:
    return NameIndex.build((s, parse(s.name, ref)) for s in stored)


def result_json(result: CheckResult, config: EngineConfig) -> dict[str, Any]:
    return {
        "name": result.name,
        "verdict": result.verdict.value,
        "blocking": is_blocking(result, config),
        "findings": [
            {
                "rule": f.rule,
                "verdict": f.verdict.value,
                "article": f.article,
                "message": f.message,
                "fix": f.fix,
                "part": f.part,
                "conflicts": list(f.conflicts),
            }
            for f in result.findings
        ],
        "parsed": asdict(result.parsed),
    }


def _open_existing(path: str) -> TextIO:
    if path == "-":
        return sys.stdin
    return open(path, encoding="utf-8-sig")


def _load_existing(path: str, registry: str) -> list[StoredName]:
    stream = _open_existing(path)
    try:
        return read_existing(stream, registry, path)
    finally:
        if stream is not sys.stdin:
            stream.close()


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    ref = load_reference()
    config = EngineConfig(similar_blocks=args.similar_blocks)
    registry = args.registry
    if args.index:
        index = NameIndex.load(args.index)
        if registry is None:
            registry = ""
    else:
        stored = _load_existing(args.existing, args.registry or "")
        if registry is None:
            registries = {s.registry for s in stored}
            registry = registries.pop() if len(registries) == 1 else ""
            if registries:
                _err("warning: the existing names span several registries; pass --registry")
        index = build_from(stored, ref)
    ctx = CheckContext(
        registry=registry,
        industry=args.industry or "",
        as_of=_date(args.as_of, "--as-of") if args.as_of else None,
    )
    names: list[str] = list(args.names)
    if not names or names == ["-"]:
        names = [text.strip() for _, text in _lines(sys.stdin)]
    for name in names:
        result = check(name, ctx, index, ref, config)
        out.write(json.dumps(result_json(result, config), ensure_ascii=False) + "\n")
        out.flush()
    return 0


def cmd_build_index(args: argparse.Namespace, out: TextIO) -> int:
    ref = load_reference()
    stored = _load_existing(args.existing, args.registry or "")

    def progress(stage: str, count: int) -> None:
        _err(f"{stage}: {count}")

    index = NameIndex.build(((s, parse(s.name, ref)) for s in stored), progress)
    index.save(args.out)
    out.write(
        json.dumps(
            {"records": len(index), "memory_bytes": index.memory_bytes(), "out": args.out},
            ensure_ascii=False,
        )
        + "\n"
    )
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hongdun.namecheck.engine",
        description="Enterprise-name checking engine (名称自主申报核查).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="check names; one JSON verdict per line")
    source = chk.add_mutually_exclusive_group(required=True)
    source.add_argument("--existing", metavar="FILE", help="existing names (or - for stdin)")
    source.add_argument("--index", metavar="DIR", help="an index snapshot (build-index)")
    chk.add_argument("--registry", help="registration authority (default: the file's only one)")
    chk.add_argument("--industry", help="the applicant's declared industry")
    chk.add_argument("--as-of", help="the day of the check, YYYY-MM-DD (default: today)")
    chk.add_argument(
        "--similar-blocks", action="store_true", help="report similar names as blocking"
    )
    chk.add_argument("names", nargs="*", metavar="NAME", help="names to check (default: stdin)")
    chk.set_defaults(func=cmd_check)
    build = sub.add_parser("build-index", help="snapshot an index of the existing names")
    build.add_argument("--existing", metavar="FILE", required=True)
    build.add_argument("--registry", help="registry of lines that name none")
    build.add_argument("--out", metavar="DIR", required=True)
    build.set_defaults(func=cmd_build_index)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args, out or sys.stdout)
    except (InputError, OSError) as exc:
        _err(f"error: {exc}")
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
