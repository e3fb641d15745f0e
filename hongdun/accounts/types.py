"""The types of who acts: a signed-in `User` or Django's `AnonymousUser`.

Signatures take `AnyUser` where a request's user arrives (selectors, permission checks) and
`User` where only a signed-in member of staff or applicant can arrive (services after the view's
role check).
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from hongdun.accounts.models import User

AnyUser: TypeAlias = User | AnonymousUser

__all__ = ["AnyUser", "User"]
