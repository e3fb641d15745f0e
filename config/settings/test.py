"""Settings for the test suite: fast hashing, in-memory mail and cache."""

import tempfile

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
# Uploaded registration materials of a test run go to a throwaway folder, not var/private.
HONGDUN = {
    **HONGDUN,  # noqa: F405
    "REGISTRATION_PRIVATE_ROOT": tempfile.mkdtemp(prefix="hongdun-test-private-"),
}
