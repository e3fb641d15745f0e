"""The embedded demo (`make run`): SQLite under var/ and a key that never leaves this machine."""

from config.settings.base import *  # noqa: F403
from config.settings.base import HONGDUN, SECRET_KEY, env

SECRET_KEY = SECRET_KEY or "local-only-insecure-key-do-not-use-in-production"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# `make run` passes the host and port it serves on; a bare `manage.py runserver` gets the default.
HONGDUN = {**HONGDUN, "PUBLIC_BASE_URL": HONGDUN["PUBLIC_BASE_URL"] or "http://127.0.0.1:8000"}
