"""Pillar 5 — culture (工商文化建设): activities with participants and results, pairing
assistance (对口支持, 结对帮扶) with visits, funds and outcomes, and donation campaigns with
per-person amounts."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.workforce.choices import ActivityKind, DonationKind, FundKind, PairingKind, Prize
from hongdun.workforce.models.base import ordered_dates, ranked_subject_constraints
from hongdun.workforce.models.people import Person

HISTORY_EXCLUDED = ["created_at", "updated_at"]


class CultureActivity(TimeStampedModel):
    """A cultural activity: a tournament, an exhibition, a reading group, a theory seminar."""

    title = models.CharField(_("活动名称"), max_length=150)
    kind = models.CharField(_("活动类型"), max_length=16, choices=ActivityKind.choices)
    organiser = models.ForeignKey(
        "orgs.Unit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    description = models.TextField(_("活动情况"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("文化活动")
        verbose_name_plural = _("文化活动")
        ordering = ["-start_date"]
        constraints = [
            ordered_dates("wf_activity", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["organiser", "title", "start_date"],
                name="wf_activity_unique",
                violation_error_message=_("该活动已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityParticipant(TimeStampedModel):
    """A person or a unit (team) taking part in an activity, in an event, with its result."""

    activity = models.ForeignKey(
        CultureActivity,
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("个人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activity_participations",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("单位（代表队）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.CharField(_("项目/作品"), max_length=100, blank=True)
    result = models.CharField(_("成绩"), max_length=60, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    prize = models.CharField(_("奖项"), max_length=16, choices=Prize.choices, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("活动参与")
        verbose_name_plural = _("活动参与")
        ordering = ["activity", "rank", "id"]
        constraints = ranked_subject_constraints(
            "wf_participant",
            "activity",
            person_message=_("该人员已参加此活动项目。"),
            unit_message=_("该单位已参加此活动项目。"),
        )

    def __str__(self) -> str:
        who = self.person.name if self.person_id and self.person else str(self.unit)
        return f"{self.activity} · {who}"


class PairingProject(TimeStampedModel):
    """A pairing: a city branch supporting a banner bureau (对口支持), or a unit helping a village
    (结对帮扶). The partner is a unit of the bureau or, outside it, a named place."""

    kind = models.CharField(_("类型"), max_length=24, choices=PairingKind.choices)
    title = models.CharField(_("项目名称"), max_length=150)
    supporting_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("支持单位"), on_delete=models.PROTECT, related_name="+"
    )
    partner_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("受援单位（系统内）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner_name = models.CharField(
        _("受援对象（系统外）"), max_length=100, blank=True, help_text=_("如：土右旗小召子村")
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    goals = models.TextField(_("帮扶目标"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("对口支持/结对帮扶")
        verbose_name_plural = _("对口支持/结对帮扶")
        ordering = ["-start_date"]
        constraints = [
            ordered_dates("wf_pairing", "start_date", "end_date"),
            models.CheckConstraint(
                condition=(models.Q(partner_unit__isnull=False) & models.Q(partner_name=""))
                | (models.Q(partner_unit__isnull=True) & ~models.Q(partner_name="")),
                name="wf_pairing_one_partner",
                violation_error_message=_("请填写受援单位（系统内）或受援对象（系统外）中的一项。"),
            ),
            models.UniqueConstraint(
                fields=["supporting_unit", "title"],
                name="wf_pairing_unique",
                violation_error_message=_("该单位已有同名帮扶项目。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PairingVisit(TimeStampedModel):
    """A visit made for a pairing project, and what it achieved."""

    project = models.ForeignKey(
        PairingProject, verbose_name=_("帮扶项目"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    leader = models.ForeignKey(
        Person,
        verbose_name=_("带队人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participant_count = models.PositiveSmallIntegerField(_("参加人数"), default=1)
    content = models.TextField(_("走访内容"))
    outcome = models.TextField(_("成效"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("帮扶走访")
        verbose_name_plural = _("帮扶走访")
        ordering = ["project", "visited_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "visited_on"],
                name="wf_pairingvisit_unique",
                violation_error_message=_("该项目在此日期已有走访记录。"),
            ),
            models.CheckConstraint(
                condition=models.Q(participant_count__gte=1),
                name="wf_pairingvisit_participants_positive",
                violation_error_message=_("参加人数至少为 1。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.visited_on}"


class PairingFund(TimeStampedModel):
    """Money or goods (valued) given under a pairing project."""

    project = models.ForeignKey(
        PairingProject, verbose_name=_("帮扶项目"), on_delete=models.CASCADE, related_name="funds"
    )
    given_on = models.DateField(_("日期"))
    kind = models.CharField(
        _("形式"), max_length=16, choices=FundKind.choices, default=FundKind.CASH
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("用途"), max_length=150)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("帮扶资金物资")
        verbose_name_plural = _("帮扶资金物资")
        ordering = ["project", "given_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="wf_pairingfund_amount_positive",
                violation_error_message=_("金额须大于 0。"),
            ),
            models.UniqueConstraint(
                fields=["project", "given_on", "purpose"],
                name="wf_pairingfund_unique",
                violation_error_message=_("该笔帮扶资金已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} ¥{self.amount}"


class PairingOutcome(TimeStampedModel):
    """A result of a pairing project worth reporting (a road, a cooperative, a trained official)."""

    project = models.ForeignKey(
        PairingProject,
        verbose_name=_("帮扶项目"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    achieved_on = models.DateField(_("日期"))
    title = models.CharField(_("成效"), max_length=150)
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("帮扶成效")
        verbose_name_plural = _("帮扶成效")
        ordering = ["project", "achieved_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "title"],
                name="wf_pairingoutcome_unique",
                violation_error_message=_("该成效已登记。"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class DonationCampaign(TimeStampedModel):
    """A donation campaign: staff donations, special party dues (特殊党费), or donations organised
    through an association (e.g. 个私协会), whose donors are outside the bureau.

    `reported_total` is for association campaigns where only the association's total is known
    (the article's "近1250万元"); for staff and party-dues campaigns totals are computed from rows.
    """

    title = models.CharField(_("活动名称"), max_length=150)
    kind = models.CharField(_("类型"), max_length=24, choices=DonationKind.choices)
    organiser = models.ForeignKey(
        "orgs.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    cause = models.CharField(_("事由"), max_length=150, help_text=_("如：抗震救灾"))
    association = models.CharField(_("组织协会"), max_length=100, blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    reported_total = models.DecimalField(
        _("协会报送总额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reported_in_kind_total = models.DecimalField(
        _("协会报送物资折价（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("捐款活动")
        verbose_name_plural = _("捐款活动")
        ordering = ["-start_date"]
        constraints = [
            ordered_dates("wf_campaign", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["organiser", "title"],
                name="wf_campaign_unique",
                violation_error_message=_("该单位已有同名捐款活动。"),
            ),
            models.CheckConstraint(
                condition=(models.Q(reported_total__isnull=True) | models.Q(reported_total__gte=0))
                & (
                    models.Q(reported_in_kind_total__isnull=True)
                    | models.Q(reported_in_kind_total__gte=0)
                ),
                name="wf_campaign_totals_not_negative",
                violation_error_message=_("报送总额不能为负数。"),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=DonationKind.ASSOCIATION) | models.Q(association=""),
                name="wf_campaign_association_only_for_association",
                violation_error_message=_("只有协会组织的捐款活动填写组织协会。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Donation(TimeStampedModel):
    """One contribution to a campaign: by a person of the bureau (staff or retired), or, for
    association campaigns, by a named outside donor. One row per person per campaign."""

    campaign = models.ForeignKey(
        DonationCampaign,
        verbose_name=_("捐款活动"),
        on_delete=models.CASCADE,
        related_name="donations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("捐款人（本系统）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    donor_name = models.CharField(_("捐款人（系统外）"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, default=0)
    in_kind_value = models.DecimalField(
        _("物资折价（元）"), max_digits=12, decimal_places=2, default=0
    )
    donated_on = models.DateField(_("日期"))

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("捐款明细")
        verbose_name_plural = _("捐款明细")
        ordering = ["campaign", "unit__ordering_key", "id"]
        indexes = [models.Index(fields=["campaign", "unit"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(donor_name=""))
                | (models.Q(person__isnull=True) & ~models.Q(donor_name="")),
                name="wf_donation_one_donor",
                violation_error_message=_("请填写本系统捐款人或系统外捐款人中的一项。"),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0)
                & models.Q(in_kind_value__gte=0)
                & (models.Q(amount__gt=0) | models.Q(in_kind_value__gt=0)),
                name="wf_donation_positive",
                violation_error_message=_("金额和物资折价不能为负数，且至少一项大于 0。"),
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=models.Q(person__isnull=False),
                name="wf_donation_person_unique",
                violation_error_message=_("该人员在此活动中已有捐款记录。"),
            ),
            models.UniqueConstraint(
                fields=["campaign", "donor_name", "donated_on"],
                condition=models.Q(person__isnull=True),
                name="wf_donation_outside_unique",
                violation_error_message=_("该捐款人在此日期已有捐款记录。"),
            ),
        ]

    def __str__(self) -> str:
        who = self.person.name if self.person_id and self.person else self.donor_name
        return f"{self.campaign} · {who} ¥{self.amount}"
