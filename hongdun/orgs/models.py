"""The one org tree of the bureau: city bureau → county/district bureaus and branches → stations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from tree_queries.models import TreeNode

from hongdun.orgs.choices import UnitKind


class Unit(TreeNode):
    """A unit of the bureau. A unit that registers market entities (登记机关) has a division code.

    The 6-digit GB/T 2260 administrative-division code is what positions 3–8 of every USCC the unit
    issues carry, so it is required for a registration authority and unique among them.
    """

    code = models.SlugField(_("机构代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=UnitKind.choices)
    division_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, help_text=_("6 位 GB/T 2260 代码")
    )
    is_registration_authority = models.BooleanField(_("登记机关"), default=False)
    ordering_key = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["ordering_key", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_registration_authority=True) | ~models.Q(division_code=""),
                name="registration_authority_has_division_code",
                violation_error_message=_("登记机关必须填写 6 位行政区划代码。"),
            ),
            models.UniqueConstraint(
                fields=["division_code"],
                condition=models.Q(is_registration_authority=True),
                name="one_registration_authority_per_division",
                violation_error_message=_("该行政区划已有登记机关。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name
