"""The demo applications load once, in the intended states, and a second run adds nothing."""

import pytest

from hongdun.demo.bureau import demo_enterprises_load
from hongdun.demo.registration import demo_registration_load
from hongdun.orgs.models import Unit
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.models import Application
from hongdun.registration.selectors import running_notices

pytestmark = pytest.mark.django_db


def test_demo_registration_is_idempotent(bureau: dict[str, Unit]) -> None:
    demo_enterprises_load(count=60, seed=3, with_history=False)
    assert demo_registration_load() == 5
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.CORRECTION_REQUIRED,
            ApplicationStatus.DRAFT,
            ApplicationStatus.NOTICE,
        ]
    )
    assert running_notices().count() == 1
    corrected = Application.objects.get(status=ApplicationStatus.CORRECTION_REQUIRED)
    assert corrected.correction_items.count() == 2
    assert demo_registration_load() == 0
    assert Application.objects.count() == 5
