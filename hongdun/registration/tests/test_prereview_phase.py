"""Which pre-review the applicant's next step is checked against (one rule, used by the pages and
the API alike)."""

import pytest

from hongdun.registration.choices import ApplicationKind, ApplicationStatus, DeregistrationMode
from hongdun.registration.models import Application
from hongdun.registration.prereview.types import Phase
from hongdun.registration.services import application_prereview_phase

D, S = ApplicationKind.DEREGISTRATION, ApplicationKind.ESTABLISHMENT


@pytest.mark.parametrize(
    ("kind", "mode", "status", "entity_type", "phase"),
    [
        # A simplified deregistration in draft publishes its notice first …
        (D, DeregistrationMode.SIMPLIFIED, ApplicationStatus.DRAFT, "llc", Phase.PUBLISH_NOTICE),
        # … except an individual business, which has no notice period.
        (
            D,
            DeregistrationMode.SIMPLIFIED,
            ApplicationStatus.DRAFT,
            "individual_business",
            Phase.SUBMIT,
        ),
        # After the notice, the application itself is submitted.
        (D, DeregistrationMode.SIMPLIFIED, ApplicationStatus.NOTICE, "llc", Phase.SUBMIT),
        (D, DeregistrationMode.ORDINARY, ApplicationStatus.DRAFT, "llc", Phase.SUBMIT),
        (S, "", ApplicationStatus.DRAFT, "llc", Phase.SUBMIT),
    ],
)
def test_the_phase_of_the_next_step(kind, mode, status, entity_type, phase):
    application = Application(
        kind=kind, deregistration_mode=mode, status=status, entity_type=entity_type
    )
    assert application_prereview_phase(application=application) == phase
