"""The embedded demo (`make run`): SQLite under var/ and a key that never leaves this machine."""

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, env

SECRET_KEY = SECRET_KEY or "local-only-insecure-key-do-not-use-in-production"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
