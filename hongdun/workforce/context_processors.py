from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from hongdun.workforce.permissions import RecordKind, can_use_workforce, can_view


def workforce(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """Whether to show the workforce menu and its figures; evaluated only when a template asks."""
    user: Any = request.user

    def show() -> bool:
        return can_use_workforce(user)

    def show_figures() -> bool:
        return can_view(user, RecordKind.FIGURES)

    return {"can_use_workforce": show, "can_read_workforce_figures": show_figures}
