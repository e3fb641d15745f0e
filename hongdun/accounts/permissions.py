"""Role checks at the edges (views and API); row scope is applied in selectors."""

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.http import HttpRequest, HttpResponseBase
from rest_framework.permissions import BasePermission

from hongdun.accounts.roles import has_any_role


class RoleRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; users without one of `allowed_roles` get 403."""

    allowed_roles: frozenset[str] = frozenset()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_any_role(request.user, self.allowed_roles):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class HasAnyRole(BasePermission):
    """DRF permission: the user holds one of the view's `allowed_roles`."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return has_any_role(request.user, getattr(view, "allowed_roles", frozenset()))
