"""Facts about the signed-in user (roles, row scope) computed once per request, kept beside the
request rather than on the user object.

Pages ask the same question several times (the queue, its filter form and the menu all need the
user's scope), so the answer is memoised for the length of one request. Outside a request
(services called from tests, management commands, worker threads) nothing is memoised and every
call reads the database afresh, so a change of roles or units is seen at once.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponseBase

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("hongdun_request_memo", default=None)


def per_request(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, memoised under `key` while a request is being served."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


@contextmanager
def request_memo() -> Iterator[None]:
    """One request's memo: opened by the middleware, and by tests that need the same lifetime."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    """Opens an empty memo for each request and drops it when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with request_memo():
            return self.get_response(request)
