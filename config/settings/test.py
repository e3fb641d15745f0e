"""Settings for the test suite: fast hashing, in-memory mail and cache."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Tests never run collectstatic: WhiteNoise serves from the finders and does not scan STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Private uploads of a test run go to a throwaway folder, not var/private.
PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="hongdun-test-private-"))
HONGDUN = {
    **HONGDUN,  # noqa: F405
    "REGISTRATION_PRIVATE_ROOT": str(PRIVATE_ROOT / "registration"),
    "PUBLIC_BASE_URL": HONGDUN["PUBLIC_BASE_URL"] or "http://127.0.0.1:8000",  # noqa: F405
}
# Tasks run inside the request that enqueues them, so tests see their outcome at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
