"""Code lists of the workforce records; orders used by figures are explicit."""

import json
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def ethnicities() -> list[dict[str, str]]:
    """GB/T 3304 ethnic groups: code, name, romanized name, letter code (data/SOURCE.md)."""
    with (DATA_DIR / "ethnicities.json").open(encoding="utf-8") as handle:
        rows: list[dict[str, str]] = json.load(handle)
    return rows


def ethnicity_choices() -> list[tuple[str, str]]:
    return [(row["code"], row["name"]) for row in ethnicities()]


HAN_CODE = "01"


# --- people ---------------------------------------------------------------------------------------


class Gender(models.TextChoices):
    # GB/T 2261.1 codes 1 and 2.
    MALE = "1", _("男")
    FEMALE = "2", _("女")


class PoliticalStatus(models.TextChoices):
    # GB/T 4762 政治面貌, grouped: the eight democratic parties share one entry.
    PARTY_MEMBER = "01", _("中共党员")
    PROBATIONARY_MEMBER = "02", _("中共预备党员")
    LEAGUE_MEMBER = "03", _("共青团员")
    DEMOCRATIC_PARTY = "04", _("民主党派成员")
    NON_PARTISAN = "12", _("无党派人士")
    MASSES = "13", _("群众")


PARTY_MEMBER_STATUSES = frozenset(
    {PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY_MEMBER}
)


class StaffCategory(models.TextChoices):
    """编制 and management category; the first three are cadres (干部), the others are not."""

    CIVIL_SERVANT = "civil_servant", _("公务员")
    REFERENCE_CIVIL_SERVANT = "reference_civil_servant", _("参照公务员法管理人员")
    INSTITUTION_STAFF = "institution_staff", _("事业编制人员")
    WORKER = "worker", _("工勤人员")
    CONTRACT = "contract", _("编外聘用人员")


CADRE_CATEGORIES = frozenset(
    {
        StaffCategory.CIVIL_SERVANT,
        StaffCategory.REFERENCE_CIVIL_SERVANT,
        StaffCategory.INSTITUTION_STAFF,
    }
)


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    RETIRED = "retired", _("离退休")
    LEFT = "left", _("调离/离职")
    DECEASED = "deceased", _("去世")


class FamilyRelation(models.TextChoices):
    SPOUSE = "spouse", _("配偶")
    FATHER = "father", _("父亲")
    MOTHER = "mother", _("母亲")
    SON = "son", _("儿子")
    DAUGHTER = "daughter", _("女儿")
    FATHER_IN_LAW = "father_in_law", _("岳父/公公")
    MOTHER_IN_LAW = "mother_in_law", _("岳母/婆婆")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER = "other", _("其他")


class EducationLevel(models.TextChoices):
    # GB/T 4658 学历, coarse groups as cadre statistics use them; order from highest.
    DOCTORAL = "doctoral", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中专")
    HIGH_SCHOOL = "high_school", _("高中")
    JUNIOR_OR_BELOW = "junior_or_below", _("初中及以下")


# Higher number = higher level; "college or above" is rank >= 4, "bachelor or above" rank >= 5.
EDUCATION_RANK: dict[str, int] = {
    EducationLevel.JUNIOR_OR_BELOW: 1,
    EducationLevel.HIGH_SCHOOL: 2,
    EducationLevel.SECONDARY_VOCATIONAL: 3,
    EducationLevel.COLLEGE: 4,
    EducationLevel.BACHELOR: 5,
    EducationLevel.MASTER: 6,
    EducationLevel.DOCTORAL: 7,
}


class Degree(models.TextChoices):
    NONE = "", _("无学位")
    BACHELOR = "bachelor", _("学士")
    MASTER = "master", _("硕士")
    DOCTOR = "doctor", _("博士")


DEGREE_RANK: dict[str, int] = {
    Degree.NONE: 0,
    Degree.BACHELOR: 1,
    Degree.MASTER: 2,
    Degree.DOCTOR: 3,
}


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", _("全日制")
    IN_SERVICE = "in_service", _("在职")


class Rank(models.TextChoices):
    """职级 (administrative level) as the bureau's cadre statistics band it."""

    DIVISION_CHIEF = "division_chief", _("正处级")
    DEPUTY_DIVISION = "deputy_division", _("副处级")
    SECTION_CHIEF = "section_chief", _("正科级")
    DEPUTY_SECTION = "deputy_section", _("副科级")
    SECTION_MEMBER = "section_member", _("科员")
    CLERK = "clerk", _("办事员")
    UNRANKED = "unranked", _("无职级")


# Higher number = higher rank; "deputy section level and above" (副科级以上) is >= 3.
RANK_ORDER: dict[str, int] = {
    Rank.UNRANKED: 0,
    Rank.CLERK: 1,
    Rank.SECTION_MEMBER: 2,
    Rank.DEPUTY_SECTION: 3,
    Rank.SECTION_CHIEF: 4,
    Rank.DEPUTY_DIVISION: 5,
    Rank.DIVISION_CHIEF: 6,
}


class RankBand(models.TextChoices):
    DIVISION = "division", _("处级")
    SECTION = "section", _("科级")
    BELOW_SECTION = "below_section", _("科级以下")


RANK_BAND: dict[str, str] = {
    Rank.DIVISION_CHIEF: RankBand.DIVISION,
    Rank.DEPUTY_DIVISION: RankBand.DIVISION,
    Rank.SECTION_CHIEF: RankBand.SECTION,
    Rank.DEPUTY_SECTION: RankBand.SECTION,
    Rank.SECTION_MEMBER: RankBand.BELOW_SECTION,
    Rank.CLERK: RankBand.BELOW_SECTION,
    Rank.UNRANKED: RankBand.BELOW_SECTION,
}


class RankKind(models.TextChoices):
    LEADING = "leading", _("领导职务")
    NON_LEADING = "non_leading", _("非领导职务/职级")


class PostCategory(models.TextChoices):
    LEADERSHIP = "leadership", _("领导职位")
    NON_LEADERSHIP = "non_leadership", _("非领导职位")
    PROFESSIONAL = "professional", _("专业技术岗位")
    WORKER = "worker", _("工勤岗位")


class PositionEndReason(models.TextChoices):
    NONE = "", _("—")
    PROMOTED = "promoted", _("晋升")
    TRANSFERRED = "transferred", _("调任/交流")
    REMOVED = "removed", _("免职")
    RETIRED = "retired", _("退休")
    OTHER = "other", _("其他")


class ReservePoolKind(models.TextChoices):
    GRASSROOTS = "grassroots", _("基层干部")
    MINORITY = "minority", _("少数民族干部")
    FEMALE = "female", _("妇女干部")
    YOUNG = "young", _("年轻干部")
    GENERAL = "general", _("后备干部")


class PoolExitReason(models.TextChoices):
    NONE = "", _("—")
    PROMOTED = "promoted", _("已提拔使用")
    AGED_OUT = "aged_out", _("超龄")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("不再符合条件")
    REMOVED = "removed", _("调整出库")
    LEFT = "left", _("调离")


# --- pillar 1: leadership teams -------------------------------------------------------------------


class TeamLevel(models.TextChoices):
    """Which teams a target applies to: the unit kinds they lead."""

    CITY = "city", _("市局领导班子")
    GRASSROOTS_BUREAU = "grassroots_bureau", _("基层局（旗县区局、分局）领导班子")
    STATION = "station", _("工商所领导班子")
    OFFICE = "office", _("机关科室负责人")


class TeamRole(models.TextChoices):
    HEAD = "head", _("正职（局长/所长）")
    PARTY_SECRETARY = "party_secretary", _("党组（支部）书记")
    DEPUTY = "deputy", _("副职")
    DISCIPLINE_LEAD = "discipline_lead", _("纪检组长")
    MEMBER = "member", _("其他成员")


class TeamMetric(models.TextChoices):
    AVERAGE_AGE = "average_age", _("平均年龄（岁）")
    COLLEGE_OR_ABOVE_SHARE = "college_or_above_share", _("大专以上学历比例（%）")
    BACHELOR_OR_ABOVE_SHARE = "bachelor_or_above_share", _("本科以上学历比例（%）")
    WOMEN_COUNT = "women_count", _("女干部人数")
    MINORITY_COUNT = "minority_count", _("少数民族干部人数")
    YOUNG_COUNT = "young_count", _("年轻干部人数")
    WOMEN_SHARE = "women_share", _("女干部比例（%）")
    MINORITY_SHARE = "minority_share", _("少数民族干部比例（%）")
    YOUNG_SHARE = "young_share", _("年轻干部比例（%）")


class TargetComparison(models.TextChoices):
    AT_LEAST = "at_least", _("不低于")
    AT_MOST = "at_most", _("不高于")
    ABOUT = "about", _("约为（±3）")


class LitigationResult(models.TextChoices):
    PENDING = "pending", _("审理中")
    UPHELD = "upheld", _("维持/驳回诉讼请求")
    REVOKED = "revoked", _("撤销")
    CHANGED = "changed", _("变更")
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("确认违法")
    ORDERED_TO_ACT = "ordered_to_act", _("责令履行")
    WITHDRAWN = "withdrawn", _("撤诉")
    SETTLED = "settled", _("调解结案")
    OTHER = "other", _("其他")


class TrialStage(models.TextChoices):
    FIRST = "first", _("一审")
    SECOND = "second", _("二审")
    RETRIAL = "retrial", _("再审")


# --- pillar 2: learning ---------------------------------------------------------------------


class TrainingCategory(models.TextChoices):
    POLITICAL = "political", _("政治学习")
    BUSINESS = "business", _("业务学习")
    LAW = "law", _("法律法规学习")
    PARTY_INTEGRITY = "party_integrity", _("党建和党风廉政教育")
    COMPUTING = "computing", _("计算机应用和电子政务")
    WRITING = "writing", _("公文写作")
    GENERAL_KNOWLEDGE = "general_knowledge", _("公务员其他知识")
    ROTATION = "rotation", _("干部轮训")
    OTHER = "other", _("其他")


class TeachingMethod(models.TextChoices):
    LECTURE = "lecture", _("讲授式")
    RESEARCH = "research", _("研究式")
    CASE = "case", _("案例式")
    SIMULATION = "simulation", _("模拟式")
    EXPERIENTIAL = "experiential", _("体验式")


class Delivery(models.TextChoices):
    CLASSROOM = "classroom", _("课堂面授")
    ONLINE = "online", _("网络培训")
    DISTANCE = "distance", _("远程教育")
    VIDEO = "video", _("电化教育/视频讲座")
    SELF_STUDY = "self_study", _("自学")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    LATE = "late", _("迟到")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("缺席")


# Statuses that count as having attended (人次 counts these).
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class StudyKind(models.TextChoices):
    MORNING = "morning", _("晨学")
    THURSDAY = "thursday", _("每周四例行学习")
    DISTANCE = "distance", _("远程教育学习")
    OTHER = "other", _("其他集中学习")


class CompetitionKind(models.TextChoices):
    SKILLS = "skills", _("技能比武")
    KNOWLEDGE = "knowledge", _("知识竞赛")
    SPEECH = "speech", _("演讲比赛")
    OTHER = "other", _("其他")


class Prize(models.TextChoices):
    NONE = "", _("未获奖")
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    EXCELLENCE = "excellence", _("优秀奖")
    SPECIAL = "special", _("特等奖")
    ORGANISATION = "organisation", _("组织奖")


# --- pillar 3 and shared: honours ----------------------------------------------------------------


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    REGION = "region", _("自治区（省）级")
    CITY = "city", _("市级")
    COUNTY = "county", _("旗县区级")
    SYSTEM = "system", _("系统内")


class HonourCategory(models.TextChoices):
    """Groups the article counts by; the title itself is free text as the award document has it."""

    CIVILISED_UNIT = "civilised_unit", _("文明单位")
    CIVILISED_WINDOW = "civilised_window", _("文明示范窗口")
    CIVILISED_TRADE_POINT = "civilised_trade_point", _("文明行业示范点")
    YOUTH_CIVILISATION = "youth_civilisation", _("青年文明号")
    SATISFIED_ENFORCEMENT = "satisfied_enforcement", _("人民满意行政执法单位")
    BEST_SERVICE_WINDOW = "best_service_window", _("最佳服务窗口")
    DISCLOSURE_MODEL = "disclosure_model", _("政务公开示范点")
    ETHNIC_UNITY = "ethnic_unity", _("民族团结进步模范集体")
    ADVANCED_COLLECTIVE = "advanced_collective", _("先进集体")
    ADVANCED_INDIVIDUAL = "advanced_individual", _("先进个人")
    COMPETITION_PRIZE = "competition_prize", _("竞赛获奖")
    OTHER = "other", _("其他")


class HonourField(models.TextChoices):
    """Which pillar an honour belongs to, so each overview counts its own."""

    CIVIC = "civic", _("精神文明建设")
    LEARNING = "learning", _("学习培训")
    INTEGRITY = "integrity", _("党风廉政建设")
    CULTURE = "culture", _("工商文化建设")
    WORK = "work", _("业务工作")


class DisclosureCategory(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    ENFORCEMENT = "enforcement", _("行政执法")
    FEES = "fees", _("行政收费")
    PROCEDURE = "procedure", _("办事程序")
    OTHER = "other", _("其他")


class DisclosureChannel(models.TextChoices):
    WEBSITE = "website", _("门户网站")
    SERVICE_HALL = "service_hall", _("办事大厅公开栏/电子屏")
    PRESS = "press", _("报刊")
    BROADCAST = "broadcast", _("广播电视")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    BULLETIN = "bulletin", _("公开栏")
    OTHER = "other", _("其他")


# --- pillar 4: integrity --------------------------------------------------------------------


class CheckResult(models.TextChoices):
    PENDING = "", _("未考核")
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


# Ratings counted as "satisfied" in a satisfaction percentage.
SATISFIED_RATINGS = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)


class SupervisionKind(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("执法监督")
    EFFICIENCY = "efficiency", _("效能监察")
    CONDUCT_REVIEW = "conduct_review", _("行风评议")


class EvaluatorKind(models.TextChoices):
    PEOPLES_CONGRESS_WORK = "pc_work", _("人大工作评议")
    PEOPLES_CONGRESS_DUTY = "pc_duty", _("人大述职评议")
    DEMOCRATIC_APPRAISAL = "democratic_appraisal", _("民主评议政风行风")
    GOVERNMENT = "government", _("政府考核")
    OTHER = "other", _("其他")


class EvaluationGrade(models.TextChoices):
    NONE = "", _("—")
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")


# --- pillar 5: culture ----------------------------------------------------------------------


class ActivityKind(models.TextChoices):
    SPORTS = "sports", _("文体竞赛")
    EXHIBITION = "exhibition", _("书画摄影作品展")
    STUDY_GROUP = "study_group", _("读书研讨")
    THEORY = "theory", _("理论研究")
    EXCHANGE = "exchange", _("思想交流")
    VOLUNTEER = "volunteer", _("志愿服务")
    OTHER = "other", _("其他")


class PairingKind(models.TextChoices):
    INTERNAL_SUPPORT = "internal_support", _("对口支持（系统内）")
    VILLAGE_ASSISTANCE = "village_assistance", _("结对帮扶")
    CO_BUILDING = "co_building", _("结对共建")


class FundKind(models.TextChoices):
    CASH = "cash", _("资金")
    MATERIAL = "material", _("物资（折价）")
    PROJECT = "project", _("项目投入")


class DonationKind(models.TextChoices):
    STAFF_DONATION = "staff_donation", _("干部职工捐款")
    SPECIAL_PARTY_DUES = "special_party_dues", _("特殊党费")
    ASSOCIATION = "association", _("协会组织捐款捐物")
