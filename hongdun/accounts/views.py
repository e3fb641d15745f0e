"""Login: staff land on their workbench, applicants and the public on the portal."""

from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url

from hongdun.accounts.forms import LoginForm
from hongdun.accounts.roles import STAFF_ROLES, has_any_role

# The back office's front page (the workbench); named, not imported: accounts is the platform and
# the workbench belongs to the reporting layer above it.
STAFF_LANDING = "backoffice:dashboard"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        """Where a login without `next` goes: the workbench for staff, else LOGIN_REDIRECT_URL."""
        if has_any_role(self.request.user, STAFF_ROLES):
            return resolve_url(STAFF_LANDING)
        return super().get_default_redirect_url()
