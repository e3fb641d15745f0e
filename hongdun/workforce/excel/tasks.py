"""Background tasks of the Excel import and of large exports (django-tasks; run by
`manage.py db_worker`)."""

from django_tasks import task

from hongdun.workforce.excel import services


@task()
def check_import(job_id: int) -> None:
    services.import_job_check(job_id=job_id)


@task()
def apply_import(job_id: int) -> None:
    services.import_job_apply(job_id=job_id)


@task()
def write_export(job_id: int) -> None:
    services.export_job_run(job_id=job_id)
