"""Constraint helpers shared by the workforce records."""

from typing import Any

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


def rank_positive(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(rank__isnull=True) | models.Q(rank__gte=1),
        name=f"{prefix}_rank_positive",
        violation_error_message=_("名次从 1 开始。"),
    )


def ranked_subject_constraints(
    prefix: str, parent: str, *, person_message: Any, unit_message: Any
) -> list[models.BaseConstraint]:
    """A ranked entry of a person or a unit in an event of `parent` (a contest, an activity):
    exactly one subject, ranks from 1, and each subject once per event of the parent."""
    return [
        exactly_one_subject(prefix),
        rank_positive(prefix),
        models.UniqueConstraint(
            fields=[parent, "person", "event"],
            condition=models.Q(person__isnull=False),
            name=f"{prefix}_person_unique",
            violation_error_message=person_message,
        ),
        models.UniqueConstraint(
            fields=[parent, "unit", "event"],
            condition=models.Q(unit__isnull=False),
            name=f"{prefix}_unit_unique",
            violation_error_message=unit_message,
        ),
    ]


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
