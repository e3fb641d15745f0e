"""Domain errors: services raise them; the API handler and portal views turn them into responses."""

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain refused the request; `message` is translated and shown to the user."""

    def __init__(
        self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
