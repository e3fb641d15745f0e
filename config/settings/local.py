"""The embedded demo (`make run`): SQLite under var/, an insecure key that never leaves this machine."""

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, env

SECRET_KEY = SECRET_KEY or "local-only-insecure-key-do-not-use-in-production"  # noqa: S105
DEBUG = env.bool("DJANGO_DEBUG", default=False)
