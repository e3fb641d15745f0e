"""The types of who acts: a signed-in `User` or Django's `AnonymousUser`.

Signatures take `AnyUser` where a request's user arrives (selectors, permission checks) and
`User` where only a signed-in member of staff or applicant can arrive (services after the view's
role check).
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from hongdun.accounts.models import User

AnyUser: TypeAlias = User | AnonymousUser


def signed_in(user: AnyUser) -> User:
    """The request's user as the signed-in `User` a service expects. Views call it behind a mixin
    that has already sent anonymous users to the login page; should one slip through, 403."""
    if not user.is_authenticated:
        raise PermissionDenied
    return user


__all__ = ["AnyUser", "User", "signed_in"]
