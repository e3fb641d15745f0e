"""Background tasks of the Excel import and of large exports (django-tasks; run by
`manage.py db_worker`). They are declared in `services.py` (imports go one way: tasks → services);
this module keeps the task paths that queued tasks were stored with before."""

from hongdun.workforce.excel.services import apply_import, check_import, write_export

__all__ = ["apply_import", "check_import", "write_export"]
