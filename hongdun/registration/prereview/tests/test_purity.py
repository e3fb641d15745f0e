"""The pre-review is pure Python: importing any of its modules imports no Django."""

from __future__ import annotations

import json
from pathlib import Path

from hongdun.testing.fresh_python import imports_of


def test_importing_every_prereview_module_imports_no_django() -> None:
    modules, django = imports_of("hongdun.registration.prereview")
    found = {m.removeprefix("hongdun.registration.prereview.") for m in modules}
    assert {"rules", "types", "config", "samples", "tests.test_items"} <= found
    assert django == []


def test_shipped_rule_file_loads_and_marks_unverified_rules() -> None:
    from hongdun.registration.prereview.config import DEFAULT_RULES_FILE, default_rules

    raw = json.loads(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))
    assert raw["_unverified"], "UNVERIFIED rules must be listed in the data file"
    rules = default_rules()
    assert rules.contribution_years == 5
    assert rules.member_counts["llc"] == (1, 50)


def test_broken_rule_file_is_refused(tmp_path: Path) -> None:
    import pytest

    from hongdun.registration.prereview.config import RuleConfigError, load_rules_file

    bad = tmp_path / "rules.json"
    bad.write_text('{"contribution_years": "five"}', encoding="utf-8")
    with pytest.raises(RuleConfigError):
        load_rules_file(bad)
