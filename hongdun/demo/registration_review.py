"""The clerk's side of the demo: the demo registrar accepts (受理) the demo applicant's submitted
establishment (包头市北辰软件有限公司), so the queue shows an accepted file with its decision date
and colour next to the ones still waiting. Idempotent: it acts only on a file still submitted."""

from hongdun.accounts.models import User
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.models import Application
from hongdun.registration.review.services import application_accept

DEMO_ACCEPTED_NAME = "包头市北辰软件有限公司"


def demo_review_load(*, registrar_username: str = "registrar") -> int:
    """Returns how many demo applications were accepted (0 on a second run)."""
    registrar = User.objects.filter(username=registrar_username).first()
    submitted = Application.objects.filter(
        name=DEMO_ACCEPTED_NAME, status=ApplicationStatus.SUBMITTED
    ).first()
    if registrar is None or submitted is None:
        return 0
    application_accept(clerk=registrar, application=submitted)
    return 1
