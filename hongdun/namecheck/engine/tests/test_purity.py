"""The engine is pure Python: importing any of its modules imports no Django."""

from hongdun.testing.fresh_python import imports_of


def test_importing_every_engine_module_imports_no_django() -> None:
    modules, django = imports_of("hongdun.namecheck.engine")
    expected = {"index", "conflicts", "check", "__main__", "types", "tests.test_purity"}
    assert expected <= {m.removeprefix("hongdun.namecheck.engine.") for m in modules}
    assert django == []
