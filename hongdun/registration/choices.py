"""Choices of the registration app. Values are stable identifiers; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Who invests and how are facts of the register: defined there, re-exported for the applications.
from hongdun.enterprises.choices import (  # noqa: F401
    ContributionForm,
    EnterpriseType,
    IdType,
    MemberKind,
    MemberRole,
)


class ApplicationKind(models.TextChoices):
    ESTABLISHMENT = "establishment", _("设立登记")
    CHANGE = "change", _("变更登记")
    DEREGISTRATION = "deregistration", _("注销登记")


class DeregistrationMode(models.TextChoices):
    """简易注销 of a 个体工商户 has no public notice (条例第三十三条第三款).

    It is the same mode; the entity type selects the other path.
    """

    ORDINARY = "ordinary", _("一般注销")
    SIMPLIFIED = "simplified", _("简易注销")


# The entity types this service registers (issue 4); 农民专业合作社 follow their own law.
SUPPORTED_ENTITY_TYPES = (
    EnterpriseType.LLC,
    EnterpriseType.JSC,
    EnterpriseType.PARTNERSHIP,
    EnterpriseType.SOLE_PROPRIETORSHIP,
    EnterpriseType.BRANCH,
    EnterpriseType.INDIVIDUAL_BUSINESS,
)
ENTITY_TYPE_CHOICES = [(t.value, t.label) for t in SUPPORTED_ENTITY_TYPES]


class Currency(models.TextChoices):
    """The currency of the registered capital: 人民币, or for a foreign-invested enterprise a freely
    convertible currency ([R1] 第十三条; [R2] 第十三条). ISO 4217 codes."""

    CNY = "CNY", _("人民币")
    USD = "USD", _("美元")
    EUR = "EUR", _("欧元")
    JPY = "JPY", _("日元")
    HKD = "HKD", _("港元")
    GBP = "GBP", _("英镑")
    CHF = "CHF", _("瑞士法郎")
    AUD = "AUD", _("澳大利亚元")
    CAD = "CAD", _("加拿大元")
    SGD = "SGD", _("新加坡元")


class ApplicationStatus(models.TextChoices):
    """Statuses of docs/rules/registration.md §4, plus the applicant's draft and the
    simplified-notice stage.

    Every move between them is listed in `transitions.TRANSITIONS`; nothing else changes status.
    """

    DRAFT = "draft", _("草稿")
    # 简易注销: the commitment is published for 20 days; the final application follows the notice.
    NOTICE = "notice", _("简易注销公示中")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    SUSPENDED = "suspended", _("中止审查")
    CORRECTION_REQUIRED = "correction_required", _("需补正")
    # The applicant filed the corrected application: the earlier one is closed and
    # linked from the new one.
    SUPERSEDED = "superseded", _("已补正重新申请")
    APPROVED = "approved", _("准予登记")
    REFUSED = "refused", _("不予登记")
    NOT_COMPETENT = "not_competent", _("告知另行申请")
    WITHDRAWN = "withdrawn", _("已撤回")


# An application in one of these states holds its reservation or enterprise: a second one for
# the same reservation or enterprise is refused by the partial unique constraints.
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.NOTICE,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.SUSPENDED,
)
# The applicant may still edit the content.
EDITABLE_STATUSES = (ApplicationStatus.DRAFT,)
# The registration authority has the file (the clerk's queue).
IN_REVIEW_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.SUSPENDED,
)
FINAL_STATUSES = (
    ApplicationStatus.SUPERSEDED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.NOT_COMPETENT,
    ApplicationStatus.WITHDRAWN,
)


class ChangeItemKind(models.TextChoices):
    NAME = "name", _("名称")
    ADDRESS = "address", _("住所")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人")
    CAPITAL = "capital", _("注册资本")
    SCOPE = "scope", _("经营范围")
    MEMBERS = "members", _("股东（发起人）")
    OFFICERS = "officers", _("董事、监事、高级管理人员")
    TERM = "term", _("营业期限")


class DissolutionReason(models.TextChoices):
    """公司法第二百二十九条 grounds, plus the merger/division case that needs no liquidation."""

    ARTICLES = "articles", _("章程规定的营业期限届满或解散事由出现")
    RESOLUTION = "resolution", _("股东会决议解散")
    MERGER_DIVISION = "merger_division", _("因合并或者分立需要解散")
    REVOKED = "revoked", _("依法被吊销营业执照、责令关闭或者被撤销")
    COURT = "court", _("人民法院依法予以解散")
    BANKRUPTCY = "bankruptcy", _("宣告破产")
    OTHER = "other", _("其他原因")


class MaterialKind(models.TextChoices):
    """Materials of docs/rules/registration.md §2; labels carry the M-number."""

    APPLICATION_FORM = "application_form", _("登记申请书（M1）")
    MEMBER_QUALIFICATION = "member_qualification", _("股东主体资格文件或自然人身份证明（M2）")
    ADDRESS_PROOF = "address_proof", _("住所使用相关文件（M3）")
    ARTICLES = "articles", _("公司章程（M4）")
    APPOINTMENT = "appointment", _("法定代表人、董事、监事、高管任职文件及身份证明（M5）")
    PRE_APPROVAL = "pre_approval", _("前置许可批准文件（M6）")
    CAPITAL_VERIFICATION = "capital_verification", _("验资证明及核准文件（M7）")
    RESOLUTION = "resolution", _("决议或决定")
    ARTICLES_AMENDMENT = "articles_amendment", _("章程修正案或修改后的章程")
    LIQUIDATION_REPORT = "liquidation_report", _("清算报告或债务清偿证明")
    TAX_CLEARANCE = "tax_clearance", _("清税证明")
    COMMITMENT = "commitment", _("全体投资人承诺书")
    LICENCE_RETURN = "licence_return", _("营业执照正副本（缴回）")
    OTHER = "other", _("其他材料")


class PermitStage(models.TextChoices):
    """一般 entries need no permit; 许可 ones need it before (前置) or after (后置)."""

    NONE = "none", _("一般项目")
    PRE = "pre", _("许可项目（前置审批）")
    POST = "post", _("许可项目（后置审批）")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class ObjectorKind(models.TextChoices):
    CREDITOR = "creditor", _("债权人")
    DEPARTMENT = "department", _("政府部门")
    EMPLOYEE = "employee", _("职工")
    OTHER = "other", _("其他利害关系人")


class DisqualificationGround(models.TextChoices):
    """条例第十二条, 公司法第一百七十八条 and the 3-year bars (公示条例第十七条, 条例第四十条)."""

    NO_CIVIL_CAPACITY = "no_civil_capacity", _("无民事行为能力或者限制民事行为能力")
    CRIMINAL_SENTENCE = (
        "criminal_sentence",
        _("因经济犯罪被判处刑罚或被剥夺政治权利，执行期满未逾5年"),
    )
    SUSPENDED_SENTENCE = "suspended_sentence", _("被宣告缓刑，自缓刑考验期满之日起未逾2年")
    BANKRUPTCY_RESPONSIBLE = "bankruptcy_responsible", _("对破产清算企业负有个人责任，未逾3年")
    REVOCATION_RESPONSIBLE = (
        "revocation_responsible",
        _("对被吊销执照、责令关闭企业负有个人责任，未逾3年"),
    )
    UNPAID_DEBT = "unpaid_debt", _("个人所负数额较大的债务到期未清偿")
    DISHONEST_DEBTOR = "dishonest_debtor", _("被人民法院列为失信被执行人")
    SERIOUS_VIOLATION_LIST = (
        "serious_violation_list",
        _("列入严重违法失信名单企业的法定代表人，未逾3年"),
    )
    FRAUDULENT_REGISTRATION = "fraudulent_registration", _("提交虚假材料取得登记被撤销，未逾3年")
