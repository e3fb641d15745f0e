"""Explicit hooks: how a lower app tells the apps above it that something happened, without
importing them.

An app declares a `Hook` next to its services (`enterprises.hooks.enterprise_changed`); an app that
must follow it registers a receiver in its `AppConfig.ready()`. The declaring service calls every
receiver in registration order, synchronously, inside its own transaction, so a receiver's writes
commit or roll back with the change. Unlike Django signals there is no sender filtering, no weak
references and no dispatch at a distance: a reader finds the receivers by searching for the hook's
name, and a receiver is an ordinary typed function (the hook's type parameter is its signature).
"""

from collections.abc import Callable
from typing import Generic, TypeVar

Receiver = TypeVar("Receiver", bound=Callable[..., None])


class Hook(Generic[Receiver]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Receiver] = []

    def register(self, receiver: Receiver) -> Receiver:
        """Add a receiver once: registering the same function again changes nothing, so a
        `ready()` that runs twice does not double the calls. Returns it (usable as a decorator)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def unregister(self, receiver: Receiver) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def receivers(self) -> tuple[Receiver, ...]:
        """The receivers in registration order; the caller calls each with its keyword arguments."""
        return tuple(self._receivers)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"
