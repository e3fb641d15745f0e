"""Constraint helpers shared by the workforce records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def ordered_dates(prefix: str, start: str, end: str) -> models.CheckConstraint:
    """`end` is empty or not before `start` (a dated record never ends before it begins)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=f"{prefix}_{end}_after_{start}",
        violation_error_message=_("结束日期不能早于开始日期。"),
    )


def exactly_one_subject(prefix: str) -> models.CheckConstraint:
    """A record about a person or a unit names exactly one of them (two FKs, not a generic FK)."""
    return models.CheckConstraint(
        condition=(models.Q(person__isnull=False) & models.Q(unit__isnull=True))
        | (models.Q(person__isnull=True) & models.Q(unit__isnull=False)),
        name=f"{prefix}_person_xor_unit",
        violation_error_message=_("请在“个人”和“单位”中选择且只选择一个。"),
    )


def year_in_range(prefix: str, field: str = "year") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 1949}) & models.Q(**{f"{field}__lte": 2100}),
        name=f"{prefix}_{field}_plausible",
        violation_error_message=_("年度应在 1949 至 2100 之间。"),
    )


def not_negative(prefix: str, field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}),
        name=f"{prefix}_{field}_not_negative",
        violation_error_message=_("数值不能为负数。"),
    )
