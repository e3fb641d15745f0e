from collections.abc import Callable

from django.http import HttpRequest

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import permits
from hongdun.workforce.permissions import RecordKind, can_use_workforce


def workforce(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """Whether to show the workforce menu and its figures; evaluated only when a template asks."""
    user: AnyUser = request.user

    def show() -> bool:
        return can_use_workforce(user)

    def show_figures() -> bool:
        return permits(user, RecordKind.FIGURES)

    return {"can_use_workforce": show, "can_read_workforce_figures": show_figures}
