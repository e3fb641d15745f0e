"""Choices of the supervision registers (docs/rules/supervision.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AbnormalReason(models.IntegerChoices):
    """The four reasons for listing (《企业信息公示暂行条例》第十七条; 经营异常名录管理办法)."""

    NOT_FILED = 1, _("未按照规定的期限公示年度报告")
    IMMEDIATE_NOT_PUBLISHED = 2, _("未在责令的期限内公示有关企业信息")
    FALSE_INFORMATION = 3, _("公示企业信息隐瞒真实情况、弄虚作假")
    UNREACHABLE = 4, _("通过登记的住所或者经营场所无法联系")


class ListingStatus(models.TextChoices):
    """One entry's life: proposed (a candidate) → listed → removed; or proposed → dismissed."""

    PROPOSED = "proposed", _("待决定")
    LISTED = "listed", _("已列入")
    DISMISSED = "dismissed", _("不予列入")
    REMOVED = "removed", _("已移出")


# The entries still in force or awaiting a decision: at most one per enterprise and reason (or
# ground), a database constraint (races of two clerks or a clerk and the scheduled run).
OPEN_LISTING_STATUSES = (ListingStatus.PROPOSED, ListingStatus.LISTED)


class ListingSource(models.TextChoices):
    """Where a candidate came from."""

    SCHEDULED = "scheduled", _("定时任务（未报送年度报告）")
    ORDER = "order", _("责令公示期满未公示")
    VERIFICATION = "verification", _("核查发现")
    RETURNED_LETTER = "returned_letter", _("邮寄专用信函无法送达")
    INSPECTION = "inspection", _("抽查检查：通过登记的住所无法联系")
    CLERK = "clerk", _("登记机关依职权")


class RemovalGround(models.TextChoices):
    """How the enterprise cured the reason (第十七条第二款), or why else it leaves the list."""

    REPORT_FILED = "report_filed", _("已补报未报年份的年度报告并公示")
    INFORMATION_PUBLISHED = "information_published", _("已公示有关企业信息")
    INFORMATION_CORRECTED = "information_corrected", _("已更正公示信息")
    ADDRESS_CHANGED = "address_changed", _("已办理住所或经营场所变更登记")
    REACHABLE = "reachable", _("经核实可以通过登记的住所或经营场所联系")
    OBJECTION_UPHELD = "objection_upheld", _("异议成立，撤销列入")
    WRONGLY_LISTED = "wrongly_listed", _("列入有误，依职权更正")


# Which grounds cure which reason (the removal application is refused when the ground does not fit
# the reason, or when the records do not show the cure).
CURES: dict[int, tuple[str, ...]] = {
    AbnormalReason.NOT_FILED: (RemovalGround.REPORT_FILED,),
    AbnormalReason.IMMEDIATE_NOT_PUBLISHED: (RemovalGround.INFORMATION_PUBLISHED,),
    AbnormalReason.FALSE_INFORMATION: (RemovalGround.INFORMATION_CORRECTED,),
    AbnormalReason.UNREACHABLE: (RemovalGround.ADDRESS_CHANGED, RemovalGround.REACHABLE),
}


class RequestStatus(models.TextChoices):
    """A removal application or an objection."""

    PENDING = "pending", _("待处理")
    GRANTED = "granted", _("准予")
    REFUSED = "refused", _("不予准许")
    WITHDRAWN = "withdrawn", _("已撤回")


class SeriousGround(models.TextChoices):
    """Grounds of the serious-violation list. The first is the escalation of 第十七条; the others
    are entered by a clerk with their legal basis (《市场监督管理严重违法失信名单管理办法》,
    总局令第44号: its text is not verified here, so the list is data a deployment may extend)."""

    ABNORMAL_THREE_YEARS = "abnormal_three_years", _("列入经营异常名录届满3年仍未履行相关义务")
    FRAUDULENT_REGISTRATION = (
        "fraudulent_registration",
        _("提交虚假材料或者采取其他欺诈手段隐瞒重要事实取得登记，被撤销登记"),
    )
    SERIOUS_PENALTY = "serious_penalty", _("因严重违法行为受到较重行政处罚")
    OTHER = "other", _("其他法律、行政法规规定的情形")


class InspectionKind(models.TextChoices):
    UNTARGETED = "untargeted", _("不定向抽查")
    TARGETED = "targeted", _("定向抽查")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已公布抽取结果")
    CLOSED = "closed", _("已完成")


class InspectionResult(models.TextChoices):
    PENDING = "pending", _("待检查")
    NORMAL = "normal", _("未发现问题")
    NOT_FOUND = "not_found", _("通过登记的住所（经营场所）无法联系")
    PROBLEMS = "problems", _("发现问题，已责令改正或移送处理")
    REFUSED = "refused", _("不配合检查，情节严重")
    CLOSED_DOWN = "closed_down", _("已注销或被吊销")


class RelationKind(models.TextChoices):
    """Recorded relations between an inspector and an enterprise (conflicts of interest, 回避)."""

    RELATIVE = "relative", _("近亲属在该企业任职或持股")
    INVESTOR = "investor", _("本人持股或曾任职")
    BUSINESS = "business", _("有经济往来")
    OTHER = "other", _("其他可能影响公正的关系")


class JobName(models.TextChoices):
    """The steps of `manage.py run_scheduled`, in the order they run."""

    JULY_PROPOSALS = "july_proposals", _("未报送年度报告的企业列入候选")
    THREE_YEAR_REMINDERS = "three_year_reminders", _("届满3年前60日提醒")
    SERIOUS_ESCALATIONS = "serious_escalations", _("届满3年列入严重违法失信名单候选")
    SERIOUS_REMOVALS_DUE = "serious_removals_due", _("严重违法失信名单届满移出候选")
    INSPECTION_RESULTS_DUE = "inspection_results_due", _("抽查结果到期公示")
    # Registered by the credit app (hongdun.credit.hooks) through `jobs.register_step`.
    CREDIT_RECLASSIFICATION = "credit_reclassification", _("企业信用风险分类（每月）")
    CONTRACT_CREDIT_UPKEEP = "contract_credit_upkeep", _("守合同重信用公示届满和撤销")
