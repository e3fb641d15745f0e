from collections.abc import Callable

from django.http import HttpRequest

from hongdun.accounts.types import AnyUser
from hongdun.workforce.permissions import can_use_workforce


def workforce(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """Whether to show the workforce menu; evaluated only when a template asks (one query)."""
    user: AnyUser = request.user

    def show() -> bool:
        return can_use_workforce(user)

    return {"can_use_workforce": show}
