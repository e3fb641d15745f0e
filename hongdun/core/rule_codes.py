"""Who may read the rule codes (C-SAME-1, REG-CAP-2 …) of name-check findings and pre-review
defects. They are the clerks' shorthand for where a rule is written down; the public reads the
cited article, the message and the fix instead, so portal pages, public documents and the API's
answers to applicants and anonymous callers leave the codes out."""

from collections.abc import Iterable, Mapping
from typing import Any

from hongdun.accounts.roles import STAFF_ROLES, user_roles

# Keys under which the API and the domain errors carry lists of findings or defects.
RULED_LISTS = ("findings", "defects")


def rule_codes_visible(user: Any) -> bool:
    """Staff may see rule codes; applicants and anonymous users may not."""
    return user is not None and bool(user_roles(user) & STAFF_ROLES)


def without_rule_codes(items: Iterable[Any]) -> list[Any]:
    """The findings or defects with their `rule` key removed (other items kept as they are)."""
    return [
        {key: value for key, value in item.items() if key != "rule"}
        if isinstance(item, Mapping)
        else item
        for item in items
    ]


def rule_codes_for(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """`data` (an API answer or an error's extra fields) as `user` may read it: the lists under
    RULED_LISTS lose their rule codes unless the user is staff."""
    if rule_codes_visible(user):
        return data
    return {
        key: without_rule_codes(value) if key in RULED_LISTS and isinstance(value, list) else value
        for key, value in data.items()
    }
