"""Private file storage for uploaded materials: under var/private, never under a served root."""

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files with no base_url: they are only ever streamed by a permission-checked view."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("location", settings.HONGDUN["REGISTRATION_PRIVATE_ROOT"])
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("private files have no public URL")


class _LazyPrivateStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = PrivateStorage()


private_storage = _LazyPrivateStorage()


def private_storage_callable() -> Any:
    """Callable for FileField(storage=...): keeps migrations free of a settings-dependent path."""
    return private_storage


def material_upload_to(instance: Any, filename: str) -> str:
    """A random name in the application's folder; the original name is kept on the row only."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"registration/{instance.application_id}/{uuid.uuid4().hex}{suffix}"
