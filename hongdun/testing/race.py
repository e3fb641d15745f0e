"""`race()`: run contenders at the same moment in threads and collect what each one got.

Races are settled by constraints and row locks (PostgreSQL; the in-memory SQLite test database
serialises all access, so race tests skip there). Every barrier has a timeout so that a contender
that dies or deadlocks fails the test with a message instead of hanging the suite; the timeout is a
guard, never a measurement.
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pytest
from django.db import connections

from hongdun.core.exceptions import ApplicationError

T = TypeVar("T")

# Long enough for a loaded CI machine; only reached when something is already broken.
BARRIER_TIMEOUT_SECONDS = 60.0


def barrier(parties: int, *, timeout: float = BARRIER_TIMEOUT_SECONDS) -> threading.Barrier:
    """A barrier that breaks (BrokenBarrierError) instead of waiting for ever; for tests that hold
    contenders at a second point (e.g. after a check, before the write)."""
    return threading.Barrier(parties, timeout=timeout)


@dataclass
class RaceOutcome(Generic[T]):
    """What the contenders got: returned values, expected refusals, and anything else."""

    won: list[T] = field(default_factory=list)
    # Any: the refusal types are the caller's (ApplicationError by default, with .field, .extra).
    refused: list[Any] = field(default_factory=list)
    failed: list[BaseException] = field(default_factory=list)


def race(
    contenders: Sequence[Callable[[], T]],
    *,
    refusals: tuple[type[BaseException], ...] = (ApplicationError,),
    timeout: float = BARRIER_TIMEOUT_SECONDS,
) -> RaceOutcome[T]:
    """Start every contender in its own thread, release them together, wait for all of them.

    A contender's return value goes to `won`, an exception of a `refusals` type to `refused`, any
    other exception (a broken barrier included) to `failed`. Each thread closes its database
    connections when done. Raises AssertionError if a thread is still running after `timeout`.
    """
    start = barrier(len(contenders), timeout=timeout)
    outcome: RaceOutcome[T] = RaceOutcome()
    lock = threading.Lock()

    def run(contender: Callable[[], T]) -> None:
        try:
            start.wait()
            result = contender()
            with lock:
                outcome.won.append(result)
        except refusals as error:
            with lock:
                outcome.refused.append(error)
        except BaseException as error:  # collected and asserted on by the test
            with lock:
                outcome.failed.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,), daemon=True) for c in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise AssertionError(f"race contenders still running after {timeout}s: {stuck}")
    return outcome


def race_same(
    contenders: int,
    act: Callable[[], T],
    *,
    refusals: tuple[type[BaseException], ...] = (ApplicationError,),
    timeout: float = BARRIER_TIMEOUT_SECONDS,
) -> RaceOutcome[T]:
    """`race()` with the same action `contenders` times (a double submission, many clicks)."""
    return race([act] * contenders, refusals=refusals, timeout=timeout)


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


# Race tests need concurrent connections; the in-memory SQLite test database serialises all
# access, so they run on PostgreSQL (DATABASE_URL) and are skipped on SQLite.
needs_concurrent_connections = pytest.mark.skipif(
    _vendor() != "postgresql",
    reason="needs concurrent connections; the in-memory SQLite test database serialises all access",
)
