"""The explicit hook: receivers are called once each, in registration order."""

from collections.abc import Callable

from hongdun.core.hooks import Hook


def test_receivers_are_kept_once_each_in_registration_order():
    calls: list[tuple[str, int]] = []

    def first(*, value: int) -> None:
        calls.append(("first", value))

    def second(*, value: int) -> None:
        calls.append(("second", value))

    hook: Hook[Callable[..., None]] = Hook("test")
    hook.register(first)
    hook.register(second)
    hook.register(first)  # a ready() that runs twice registers nothing new
    for receiver in hook.receivers():
        receiver(value=7)
    assert calls == [("first", 7), ("second", 7)]

    hook.unregister(first)
    hook.unregister(first)  # unregistering an absent receiver is harmless
    assert hook.receivers() == (second,)
