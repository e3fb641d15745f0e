from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hongdun.accounts.roles import STAFF_ROLES, Role, user_roles
from hongdun.core.scope import permits


def site(request: HttpRequest) -> dict[str, Any]:
    """The bureau's name and the user's roles, for the layouts' headers and menus."""
    roles = user_roles(request.user)
    is_staff_user = bool(roles & STAFF_ROLES)
    return {
        "bureau_name": settings.HONGDUN["BUREAU_NAME"],
        "user_roles": roles,
        "user_role_labels": [Role(code).label for code in sorted(roles)],
        "is_staff_user": is_staff_user,
        # The header links only to what the role may open (the register's pages ask the same
        # question of the scope table; the kind is named as a string, the platform imports no
        # domain app).
        "may_read_register": permits(request.user, "enterprises.enterprise"),
        "may_follow_annual_reports": permits(request.user, "disclosure.annualreport"),
        "may_read_abnormal_list": permits(request.user, "supervision.listing"),
        "may_read_inspections": permits(request.user, "supervision.inspection"),
        "may_read_credit_classes": permits(request.user, "credit.classification"),
        "may_read_contract_credit": permits(request.user, "credit.contract"),
        "may_read_markets": permits(request.user, "credit.market"),
        # Rule codes (C-SAME-1 …) are staff shorthand; see hongdun.core.rule_codes.
        "show_rule_codes": is_staff_user,
    }
