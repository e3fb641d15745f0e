"""The demo bureau: Baotou's real org tree and division codes, fictional people and enterprises.

Everything here is idempotent: loading twice neither duplicates nor fails.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.identity import resident_id_check_digit
from hongdun.enterprises.choices import USCC_CATEGORY, EnterpriseStatus, EnterpriseType
from hongdun.enterprises.demo_names import NameGenerator
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.search_keys import fold
from hongdun.enterprises.services import history_stamp, search_index_rebuild, uscc_allocate
from hongdun.orgs.choices import UnitKind
from hongdun.orgs.divisions import county_level_divisions
from hongdun.orgs.models import Unit

DEMO_PASSWORD = "Hongdun#2026"  # noqa: S105 - printed by `make run`; demo machines only
CITY_CODE = "1502"
CITY_DIVISION = "150200"

# County-level units of Baotou: urban districts are branches (分局) of the city bureau, the banners
# and the county have their own bureaus. Codes come from the vendored division data.
COUNTY_UNITS = [
    ("150202", "donghe", UnitKind.BRANCH, "东河区分局", "Donghe District Branch"),
    ("150203", "kundulun", UnitKind.BRANCH, "昆都仑区分局", "Kundulun District Branch"),
    ("150204", "qingshan", UnitKind.BRANCH, "青山区分局", "Qingshan District Branch"),
    ("150205", "shiguai", UnitKind.BRANCH, "石拐区分局", "Shiguai District Branch"),
    (
        "150206",
        "baiyunebo",
        UnitKind.BRANCH,
        "白云鄂博矿区分局",
        "Bayan Obo Mining District Branch",
    ),
    ("150207", "jiuyuan", UnitKind.BRANCH, "九原区分局", "Jiuyuan District Branch"),
    (
        "150221",
        "tuyou",
        UnitKind.COUNTY_BUREAU,
        "土默特右旗市场监督管理局",
        "Tumed Right Banner Bureau",
    ),
    ("150222", "guyang", UnitKind.COUNTY_BUREAU, "固阳县市场监督管理局", "Guyang County Bureau"),
    (
        "150223",
        "damao",
        UnitKind.COUNTY_BUREAU,
        "达尔罕茂明安联合旗市场监督管理局",
        "Darhan Muminggan United Banner Bureau",
    ),
]
CITY_OFFICES = [
    ("registration-office", "登记注册科", "Registration Section"),
    ("personnel-office", "政工科", "Personnel Section"),
    ("discipline-office", "纪检组", "Discipline Inspection Group"),
]

# Fictional staff; none is a person named in the source article.
DEMO_USERS: list[dict[str, Any]] = [
    {
        "username": "admin",
        "full_name": "系统管理员",
        "role": Role.ADMINISTRATOR,
        "unit": "baotou",
        "superuser": True,
    },
    {"username": "leader", "full_name": "赵启航", "role": Role.LEADER, "unit": "baotou"},
    {
        "username": "personnel",
        "full_name": "孙雅琴",
        "role": Role.PERSONNEL,
        "unit": "personnel-office",
    },
    {
        "username": "discipline",
        "full_name": "周正言",
        "role": Role.DISCIPLINE,
        "unit": "discipline-office",
    },
    {"username": "registrar", "full_name": "钱晓岚", "role": Role.REGISTRAR, "unit": "kundulun"},
    {
        "username": "registrar_jiuyuan",
        "full_name": "吴海峰",
        "role": Role.REGISTRAR,
        "unit": "jiuyuan",
    },
    {"username": "supervisor", "full_name": "郑立诚", "role": Role.SUPERVISOR, "unit": "donghe"},
    {"username": "applicant", "full_name": "冯小满", "role": Role.APPLICANT, "unit": None},
]


@transaction.atomic
def demo_bureau_load() -> dict[str, Unit]:
    """The org tree of 包头市市场监督管理局 and one demo login per role."""
    divisions = county_level_divisions()
    city, _ = Unit.objects.update_or_create(
        code="baotou",
        defaults={
            "name": "包头市市场监督管理局",
            "name_en": "Baotou Administration for Market Regulation",
            "short_name": "市局",
            "kind": UnitKind.CITY_BUREAU,
            "division_code": CITY_DIVISION,
            "is_registration_authority": True,
            "parent": None,
            "ordering_key": 0,
        },
    )
    units = {"baotou": city}
    for order, (code, name, name_en) in enumerate(CITY_OFFICES, start=1):
        units[code], _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": UnitKind.OFFICE,
                "parent": city,
                "ordering_key": order,
            },
        )
    for order, (division, code, kind, name, name_en) in enumerate(COUNTY_UNITS, start=10):
        if divisions[division].city_code != CITY_CODE:
            raise ValueError(f"{division} is not a division of Baotou")
        unit, _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name if kind == UnitKind.COUNTY_BUREAU else f"包头市市场监督管理局{name}",
                "name_en": name_en,
                "short_name": divisions[division].name,
                "kind": kind,
                "division_code": division,
                "is_registration_authority": True,
                "parent": city,
                "ordering_key": order,
            },
        )
        units[code] = unit
        for number in (1, 2):
            station_code = f"{code}-station-{number}"
            units[station_code], _ = Unit.objects.update_or_create(
                code=station_code,
                defaults={
                    "name": f"{divisions[division].name}第{'一二'[number - 1]}市场监督管理所",
                    "name_en": f"{name_en} Station {number}",
                    "kind": UnitKind.STATION,
                    "parent": unit,
                    "ordering_key": number,
                },
            )
    units["hi-tech"], _ = Unit.objects.update_or_create(
        code="hi-tech",
        defaults={
            "name": "包头市市场监督管理局稀土高新区分局",
            "name_en": "Rare Earth Hi-Tech Zone Branch",
            "kind": UnitKind.BRANCH,
            "parent": city,
            "ordering_key": 30,
        },
    )
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(username=spec["username"])
        user.full_name = spec["full_name"]
        user.unit = units[spec["unit"]] if spec["unit"] else None
        user.is_superuser = user.is_staff = bool(spec.get("superuser"))
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[spec["role"]]])
    return units


# --- fictional people and enterprises ------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文巴图苏和"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉俊峰建国海波宇浩然欣怡"
    "子涵梓轩雨晨思远嘉琪志强晓东丽华宏伟文博巴特尔其木格乌云娜仁"
)
ROADS = [
    "钢铁大街",
    "阿尔丁大街",
    "民族东路",
    "民族西路",
    "白云路",
    "青年路",
    "友谊大街",
    "幸福路",
    "呼得木林大街",
    "建设路",
    "巴彦塔拉大街",
    "南门外大街",
    "和平路",
    "工业路",
    "富强路",
    "团结大街",
    "文化路",
    "劳动路",
    "黄河大街",
    "建华路",
    "少先路",
    "林荫路",
    "沼潭路",
    "赛罕路",
]
SCOPE_BY_KEYWORD = [
    (
        "科技",
        [
            "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
            "软件开发",
            "信息系统集成服务",
        ],
    ),
    ("信息", ["信息技术咨询服务", "软件开发", "计算机系统服务"]),
    ("网络", ["互联网销售（除销售需要许可的商品）", "网络技术服务", "软件开发"]),
    ("商贸", ["日用百货销售", "五金产品零售", "建筑材料销售", "金属材料销售"]),
    ("贸易", ["货物进出口", "技术进出口", "金属材料销售", "煤炭及制品销售"]),
    ("机械", ["机械设备销售", "通用设备修理", "机械零件、零部件加工"]),
    ("建筑", ["建设工程施工", "建筑材料销售", "土石方工程施工"]),
    ("装饰", ["住宅室内装饰装修", "建筑装饰材料销售"]),
    ("餐饮", ["餐饮服务", "食品销售", "餐饮管理"]),
    (
        "物流",
        [
            "普通货物仓储服务（不含危险化学品等需许可审批的项目）",
            "道路货物运输（不含危险货物）",
            "国内货物运输代理",
        ],
    ),
    ("运输", ["道路货物运输（不含危险货物）", "装卸搬运"]),
    ("房地产", ["房地产开发经营", "物业管理", "住房租赁"]),
    ("物业", ["物业管理", "家政服务", "停车场服务"]),
    ("稀土", ["稀土功能材料销售", "新材料技术研发", "有色金属合金销售"]),
    ("农", ["谷物种植", "农业机械服务", "农产品的生产、销售、加工、运输、贮藏及其他相关服务"]),
    ("牧", ["牲畜饲养", "畜牧专业及辅助性活动", "饲料原料销售"]),
    ("汽车", ["汽车新车销售", "汽车零配件零售", "机动车修理和维护"]),
    ("医", ["第一类医疗器械销售", "第二类医疗器械销售", "保健食品（预包装）销售"]),
    ("食品", ["食品销售", "食品互联网销售", "农副产品销售"]),
    ("文化", ["组织文化艺术交流活动", "广告设计、代理", "会议及展览服务"]),
    ("咨询", ["企业管理咨询", "信息咨询服务（不含许可类信息咨询服务）", "社会经济咨询服务"]),
]
GENERIC_SCOPE = [
    "日用百货销售",
    "五金产品零售",
    "信息咨询服务（不含许可类信息咨询服务）",
    "办公用品销售",
]


def _fictional_id_number(rng: random.Random, division: str) -> str:
    """An ID number of the GB 11643 shape with a valid check digit; it belongs to nobody."""
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 47))
    body = f"{division}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + resident_id_check_digit(body)


def _scope_for(name: str, rng: random.Random) -> list[str]:
    for keyword, entries in SCOPE_BY_KEYWORD:
        if keyword in name:
            return rng.sample(entries, k=min(len(entries), rng.randint(2, 3)))
    return rng.sample(GENERIC_SCOPE, k=2)


@dataclass(slots=True)
class _Planned:
    enterprise: Enterprise
    final_name: str
    final_status: str
    status_date: date | None
    old_name: str | None
    renamed_on: date | None


def _plan(
    rng: random.Random, generator: NameGenerator, authorities: dict[str, Unit], today: date
) -> _Planned:
    generated, division = generator.generate()
    etype = EnterpriseType(generated.enterprise_type)
    # 股份有限公司 are registered by the city (《市场主体登记管理条例实施细则》第四条).
    authority = (
        authorities[CITY_DIVISION]
        if etype == EnterpriseType.JSC
        else authorities.get(division) or authorities[CITY_DIVISION]
    )
    # Registrations grew over the years: draw the year with weight rising towards today.
    year = min(today.year, 1995 + int((today.year - 1995 + 1) * rng.random() ** 0.6))
    established = date(year, 1, 1) + timedelta(days=rng.randrange(0, 365))
    established = min(established, today - timedelta(days=1))
    capital: Decimal | None = None
    if etype in (
        EnterpriseType.LLC,
        EnterpriseType.JSC,
        EnterpriseType.PARTNERSHIP,
        EnterpriseType.FARMER_COOPERATIVE,
    ):
        base = rng.choice([10, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000])
        capital = Decimal(base * 10_000 * (100 if etype == EnterpriseType.JSC else 1))
    elif etype in (EnterpriseType.INDIVIDUAL_BUSINESS, EnterpriseType.SOLE_PROPRIETORSHIP):
        capital = Decimal(rng.choice([1, 2, 3, 5, 10, 20, 50]) * 10_000)
    district = county_level_divisions().get(authority.division_code)
    district_name = district.name if district else "昆都仑区"
    legal_rep = rng.choice(SURNAMES) + "".join(
        rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2]))
    )
    enterprise = Enterprise(
        uscc="",
        name=generated.name,
        name_search=fold(generated.name),
        trade_name=generated.trade_name,
        enterprise_type=etype,
        legal_rep_name=legal_rep,
        legal_rep_id_number=_fictional_id_number(rng, authority.division_code),
        registered_capital=capital,
        established_on=established,
        term_start=established,
        term_end=None
        if rng.random() < 0.7
        else established + timedelta(days=365 * rng.choice([10, 20, 30])),
        address=f"内蒙古自治区包头市{district_name}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
        business_scope=_scope_for(generated.name, rng),
        registration_authority=authority,
        status=EnterpriseStatus.ACTIVE,
        status_date=established,
    )
    roll = rng.random()
    final_status, status_date = EnterpriseStatus.ACTIVE.value, None
    if roll < 0.15:
        final_status = (
            EnterpriseStatus.DEREGISTERED
            if roll < 0.085
            else EnterpriseStatus.LICENCE_REVOKED
            if roll < 0.14
            else EnterpriseStatus.MOVED_OUT
        )
        span = max(1, (today - established).days)
        status_date = established + timedelta(days=rng.randrange(1, span + 1))
    old_name, renamed_on = None, None
    if rng.random() < 0.04 and (today - established).days > 60:
        old, _division = generator.generate()
        if old.enterprise_type == generated.enterprise_type:
            old_name = old.name
            renamed_on = established + timedelta(days=rng.randrange(30, (today - established).days))
            if status_date and renamed_on >= status_date:
                renamed_on = established + (status_date - established) / 2
    return _Planned(enterprise, generated.name, final_status, status_date, old_name, renamed_on)


def demo_enterprises_load(
    *,
    count: int,
    seed: int,
    with_history: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    today: date | None = None,
) -> int:
    """Add `count` fictional enterprises unless the register already has some; returns how many."""
    if Enterprise.objects.exists():
        return 0
    today = today or date.today()  # noqa: DTZ011 - a calendar date in the bureau's own zone is meant
    rng = random.Random(seed)
    authorities = {u.division_code: u for u in Unit.objects.filter(is_registration_authority=True)}
    divisions = county_level_divisions()
    generator = NameGenerator(
        rng,
        divisions=[
            (code, divisions[code].name) for code in sorted(authorities) if code in divisions
        ],
    )
    batch_size = 5_000
    added = 0
    with transaction.atomic():
        while added < count:
            planned = [
                _plan(rng, generator, authorities, today)
                for _ in range(min(batch_size, count - added))
            ]
            _assign_usccs(planned)
            _write_batch(planned, with_history=with_history)
            added += len(planned)
            if progress:
                progress("enterprises", added, count)
        search_index_rebuild(
            progress=(lambda done, total: progress("search index", done, total))
            if progress
            else None
        )
    return added


def _assign_usccs(planned: list[_Planned]) -> None:
    wanted: dict[tuple[str, str], list[Enterprise]] = {}
    for item in planned:
        e = item.enterprise
        key = (
            e.registration_authority.division_code,
            USCC_CATEGORY[EnterpriseType(e.enterprise_type)],
        )
        wanted.setdefault(key, []).append(e)
    for (division, category), enterprises in wanted.items():
        codes = uscc_allocate(division_code=division, category=category, count=len(enterprises))
        for enterprise, code in zip(enterprises, codes, strict=True):
            enterprise.uscc = code


def _write_batch(planned: list[_Planned], *, with_history: bool) -> None:
    """Insert one batch; with history, replay each life: established, renamed, status changed."""
    if not with_history:
        for item in planned:
            _apply_final(item)
        Enterprise.objects.bulk_create([p.enterprise for p in planned], batch_size=1_000)
        return
    for item in planned:
        if item.old_name:
            item.enterprise.name = item.old_name
            item.enterprise.name_search = fold(item.old_name)
        history_stamp(item.enterprise, on=item.enterprise.established_on)
    bulk_create_with_history([p.enterprise for p in planned], Enterprise, batch_size=1_000)
    renamed = [p for p in planned if p.old_name]
    for item in renamed:
        item.enterprise.name = item.final_name
        item.enterprise.name_search = fold(item.final_name)
        history_stamp(item.enterprise, on=item.renamed_on or item.enterprise.established_on)
    if renamed:
        bulk_update_with_history(
            [p.enterprise for p in renamed], Enterprise, ["name", "name_search"], batch_size=1_000
        )
    changed = [p for p in planned if p.final_status != EnterpriseStatus.ACTIVE]
    for item in changed:
        item.enterprise.status = item.final_status
        item.enterprise.status_date = item.status_date
        history_stamp(item.enterprise, on=item.status_date or item.enterprise.established_on)
    if changed:
        bulk_update_with_history(
            [p.enterprise for p in changed], Enterprise, ["status", "status_date"], batch_size=1_000
        )


def _apply_final(item: _Planned) -> None:
    item.enterprise.status = item.final_status
    item.enterprise.status_date = item.status_date or item.enterprise.established_on
