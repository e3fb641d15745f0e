"""What the register tells the apps above it (see `hongdun.core.hooks`).

`enterprise_changed` is called by the enterprise services after a registration, a rename or a
status change is saved (its history row exists), inside the service's transaction. The name check
registers the receiver that keeps its name index in step (`hongdun.namecheck.apps`); the register
itself imports nothing of the name check.
"""

from datetime import date
from typing import TYPE_CHECKING, Literal, Protocol

from hongdun.core.hooks import Hook

if TYPE_CHECKING:
    from hongdun.enterprises.models import Enterprise

EnterpriseChange = Literal["registered", "renamed", "status"]


class EnterpriseChangedReceiver(Protocol):
    def __call__(
        self,
        *,
        enterprise: "Enterprise",
        change: EnterpriseChange,
        previous_name: str = "",
        effective_on: date | None = None,
    ) -> None: ...


enterprise_changed: Hook[EnterpriseChangedReceiver] = Hook("enterprise_changed")


def enterprise_changed_notify(
    *,
    enterprise: "Enterprise",
    change: EnterpriseChange,
    previous_name: str = "",
    effective_on: date | None = None,
) -> None:
    for receiver in enterprise_changed.receivers():
        receiver(
            enterprise=enterprise,
            change=change,
            previous_name=previous_name,
            effective_on=effective_on,
        )
