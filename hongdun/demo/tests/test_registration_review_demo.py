"""The demo registrar accepts the demo's submitted establishment once; a second run does nothing."""

import pytest

from hongdun.demo.bureau import demo_enterprises_load
from hongdun.demo.registration import demo_registration_load
from hongdun.demo.registration_review import DEMO_ACCEPTED_NAME, demo_review_load
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.models import Application, ApplicationEvent

pytestmark = pytest.mark.django_db


def test_demo_review_is_idempotent(bureau):
    assert demo_review_load() == 0  # nothing submitted yet
    demo_enterprises_load(count=60, seed=3, with_history=False)
    demo_registration_load()
    assert demo_review_load() == 1
    accepted = Application.objects.get(name=DEMO_ACCEPTED_NAME)
    assert accepted.status == ApplicationStatus.ACCEPTED
    assert accepted.decision_due is not None
    assert demo_review_load() == 0
    assert ApplicationEvent.objects.filter(application=accepted, action="accept").count() == 1
