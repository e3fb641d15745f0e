"""Synthetic, realistic Chinese enterprise names for seeding a demo register. Pure Python.

A name follows the structure of the name rules (docs/rules/names.md §1-2): region + 字号
(trade name) + industry + organisational form, with the region sometimes in full-width brackets
after the 字号, and branch names built as a full parent name + locality + 分公司. Every choice is
drawn from one `random.Random`, so a seed reproduces a register exactly.

Realism that the search and name-check benchmarks depend on:

* 字号 frequencies are Zipf-like: a few popular words (红光, 鑫源, 宏达 …) recur tens of times in
  20,000 names, across industries and divisions, while random combinations of a ranked character
  pool keep adding new 字号 as the register grows.
* A returned division code always agrees with any division named in the name; names without a
  district go to a division weighted towards the urban districts.

Everything is fictional: 字号 are built from characters, never from real persons' names, and a
list of well-known brands and region names is kept out of the 字号.
"""

import random
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["BAOTOU_DIVISIONS", "ENTERPRISE_TYPES", "GeneratedName", "NameGenerator"]

T = TypeVar("T")

ENTERPRISE_TYPES = (
    "llc",
    "jsc",
    "partnership",
    "sole_proprietorship",
    "branch",
    "individual_business",
    "farmer_cooperative",
)

# The county-level divisions of 包头市 (GB/T 2260), for callers that have no gazetteer at hand.
BAOTOU_DIVISIONS: tuple[tuple[str, str], ...] = (
    ("150202", "东河区"),
    ("150203", "昆都仑区"),
    ("150204", "青山区"),
    ("150205", "石拐区"),
    ("150206", "白云鄂博矿区"),
    ("150207", "九原区"),
    ("150221", "土默特右旗"),
    ("150222", "固阳县"),
    ("150223", "达尔罕茂明安联合旗"),
    ("150271", "包头稀土高新技术产业开发区"),
)


@dataclass(frozen=True, slots=True)
class GeneratedName:
    name: str  # the full registered name, e.g. 包头市红光机械设备有限公司
    trade_name: str  # the 字号, contiguous inside `name`, e.g. 红光
    industry: str  # the industry term used, e.g. 机械设备 ("" if none)
    enterprise_type: str  # one of ENTERPRISE_TYPES


class _Weighted(Generic[T]):
    """Draws one value per `rng.random()` call via bisect over precomputed cumulative weights.

    `rng.choices` costs about three times as much per call, which matters at a million names.
    """

    __slots__ = ("_cum", "_total", "_values")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        values: list[T] = []
        cum: list[float] = []
        total = 0.0
        for value, weight in pairs:
            if weight > 0:
                total += weight
                values.append(value)
                cum.append(total)
        if not values:
            raise ValueError("nothing to choose from")
        # An infinite last bound keeps a rounding-high draw inside the table.
        cum[-1] = float("inf")
        self._values = tuple(values)
        self._cum = tuple(cum)
        self._total = total

    def pick(self, rng: random.Random) -> T:
        return self._values[bisect_right(self._cum, rng.random() * self._total)]


def _zipf(items: Sequence[T], exponent: float, offset: float = 0.0) -> _Weighted[T]:
    """Zipf-Mandelbrot weights by list position: the offset flattens the head."""
    return _Weighted(
        (item, 1.0 / (rank + offset) ** exponent) for rank, item in enumerate(items, 1)
    )


def _parse_table(table: str) -> list[tuple[str, float, str]]:
    """Parse 'term:weight[:forms]' tokens; '-' stands for an empty term."""
    rows: list[tuple[str, float, str]] = []
    for token in table.split():
        parts = token.split(":")
        term = "" if parts[0] == "-" else parts[0]
        rows.append((term, float(parts[1]), parts[2] if len(parts) > 2 else ""))
    return rows


def _parse_forms(forms: str) -> _Weighted[str]:
    """Parse 'form[*weight],form…' into a sampler (weight 1 when omitted)."""
    pairs: list[tuple[str, float]] = []
    for item in forms.split(","):
        form, _, weight = item.partition("*")
        pairs.append((form, float(weight) if weight else 1.0))
    return _Weighted(pairs)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _unique(chars: str) -> str:
    return "".join(dict.fromkeys(chars))


# --- 字号 material --------------------------------------------------------------------------

# Characters common in Chinese 字号, most popular first (the rank drives the Zipf weights).
# Left out on purpose: 中/国/第/最/军/党 (restricted or misleading,
# docs/rules/names.md §1.2-1.3), 区/县/旗/市/
# 省 (would read as a region) and digits (N-CHAR-1).
_POOL = _unique(
    "鑫华盛源达泰恒通昌隆金宏瑞兴德信利富佳鹏海天新安和顺丰汇博创捷锦泽誉晟鼎嘉祥福永诚聚益"
    "凯辉峰腾蒙红光荣旺宝亿万众合成美康乐远大东北西南方正立志威伟俊豪雄杰英奥润泓浩洋波澜清"
    "沣淼森林松柏桦枫桐竹兰梅菊莲荷芳茂苑蓝青绿紫彤丹白银铜钰铭锐锋磊岩石峻岭山水川河江湖泉"
    "溪港湾洲原野田禾谷穗春夏秋冬晨曦阳明昊晖昱星辰宇云雨雪霖露霞虹彩丽雅静宁平睦仁义礼智忠"
    "真善朴实厚笃敬卓越超胜冠优精尚品上弘道乾坤元亨贞吉庆喜欣悦怡逸舒畅航帆舟程途路驰骏马龙"
    "凤麒麟鹤鹰雁燕鸿羚鹿狮虎豹骐骥飞翔升起振旭晓昭煌炎焱烨耀亮晶莹璞琦琪瑶璐珑珍珠玉翠碧璟"
    "琨瑜璇韵律艺文墨书诗画舞歌策谋略思睿慧哲贤圣尊贵邦盟联协同共享惠普广阔瀚沃饶盈满溢沛淳"
    "澄洁净纯粹致臻至草牧驼敖乌赛罕巴特塔苏那慕科数维讯迅速力世纪时代今古久长千百兆佰仟禧禄"
    "寿财启开拓展进步稳固坚强壮健九三友阴黄塞外疆鸣泰极佑轩宸铂钧铄骁奕骋擎霆澍沐洪涛淇潇"
)

# Characters that more often close a 字号 than open one (宏达, 鑫源, 恒通 …); weighted up in
# the second position.
_CLOSERS = frozenset("达源通盛泰隆昌祥兴丰利成和顺安德信峰辉宇远航强发鑫旺祥福瑞泽华康诚汇鼎")

# The most popular whole 字号, most popular first. Among these 红光 is the example of the
# comparison rules (BD2017) and should recur.
_HEAD_WORDS = _words(
    "红光 鑫源 宏达 恒通 华鑫 金鼎 瑞丰 德信 泰和 盛世 天成 鑫盛 兴旺 华泰 金诚 恒达 永盛 祥瑞 "
    "博远 汇通 鼎盛 鑫达 隆盛 昌盛 福源 嘉禾 鹏程 宏远 新源 安泰 顺达 丰源 金泰 瑞祥 利民 富源 "
    "佳和 天和 鑫泰 华盛 恒泰 通达 金源 宏盛 德隆 信达 凯达 辉煌 腾飞 蒙源 草原 鹿城 阴山 塞外 "
    "黄河 山水 金鹏 宏图 鸿运 鑫隆 万通 百川 众诚 合力 同心 立新 振兴 兴隆 昌达 金汇 华源 瑞达 "
    "宏昌 永恒 天马 骏马 鑫宇 金宇 华宇 天宇 恒源 通泰 泰丰 丰泰 晟达 嘉信 诚信 和顺 聚丰 益民 "
    "凯旋 辉腾 峰达 金辉 锦程 锦华 泽源 誉丰 鼎信 祥和 福瑞 永兴 九州 三和 北疆 东方 远大 大地 "
    "春天 阳光 蓝天 白云 青松 绿源 金穗 丰收 康泰 安康 乐康 美佳 佳美 宝丰 宝源 荣盛 旺达 亿达 "
    "万隆 众合 和信 信和 德丰 源丰 达丰 瑞通 通汇 博创 锦绣 泽华 晟源 鼎鑫 嘉瑞 祥泰 福泰 永达 "
    "诚达 聚源 益丰 凯盛 辉达 峰源 腾达 蒙晟 蒙泰 敖包 赛罕 乌兰 苏和 巴特 那达 塔拉 牧野 驼铃"
)

_THREE_WORDS = _words(
    "敕勒川 金草原 绿草原 草原情 塞上春 塞外春 北疆红 蒙之源 鹿城人 新世纪 新时代 金阳光 "
    "红太阳 百灵鸟 牧羊人 老字号 蓝天下 黄河湾 阴山下 金骆驼 白骏马 乌兰花 萨日朗 格桑花"
)

_FOUR_WORDS = _words(
    "金色阳光 希拉穆仁 阳光草原 北疆明珠 塞外明珠 草原明珠 黄河明珠 万家灯火 四季常青 吉祥如意 "
    "蓝天白云 金色草原 草原之星 鹿城之光 阴山之巅 塞北人家 草原人家 鸿运当头 百年老店 天长地久"
)

# Added in front of a 2-character 字号 to make a 3-character one (新红光, 老鑫源 …).
_PREFIXES = _Weighted(
    (c, w)
    for c, w in zip("新老大小金华鑫恒天宏", (5, 1, 3, 0.5, 2, 1.5, 1.5, 1, 1, 1), strict=True)
)
_SUFFIXES = _Weighted((c, 1.0) for c in "源达盛泰祥隆通兴丰")

# Common surnames for 个体工商户 字号 such as 老王 or 王记: a surname alone, never a full name.
_SURNAMES = _zipf(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋"
    "蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万"
    "段雷钱汤尹黎易常武乔贺赖龚文",
    0.9,
    2.0,
)
_SURNAME_STYLES = _Weighted(
    [("老{}", 35.0), ("{}记", 30.0), ("{}家", 15.0), ("{}氏", 10.0), ("小{}", 10.0)]
)

# 字号 the generator must not produce: well-known real brands (the register is fictional), words
# docs/rules/names.md §1.2 prohibits, and regions (N-ZIHAO-2). Callers can add more (e.g. a
# gazetteer).
_RESERVED_TRADE_NAMES = _words(
    "华为 海尔 格力 联想 恒大 万科 万达 华润 海信 伊利 蒙牛 蒙草 鹿王 小肥羊 小尾羊 包钢 北方 "
    "京东 腾讯 百度 阿里 苏宁 国美 长城 同仁 一机 北重 伊泰 汇源 泰康 平安 光大 民生 招商 兴业 "
    "汇丰 正大 捷达 金地 恒瑞 东华 大和 东亚 "
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 广西 海南 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾 内蒙古 内蒙 "
    "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安 锡林郭勒 阿拉善 "
    "长春 大庆 安庆 泰安 南宁 丽江 九江 天水 吉安 永安 瑞安 瑞金 瑞丽 东阳 江山 海宁 福安 德兴"
)

# Substrings that must not appear anywhere in a 字号: prohibited or restricted words
# (docs/rules/names.md
# §1.2 P-1, P-8, R-1) and province-level or nearby city names, which would read as a region.
_FORBIDDEN_FRAGMENTS = _words(
    "大和 东亚 国家 中国 中华 第一 最佳 蒙牛 伊利 "
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 广西 海南 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾 内蒙 "
    "呼和浩特 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 锡林郭勒 阿拉善"
)

# --- industries and forms ------------------------------------------------------------------

# GB/T 4754-2017-style industry terms and common business phrases used by companies, with
# relative frequencies (商贸, 科技 and 建筑工程 dominate real registers).
_COMPANY_INDUSTRIES = _parse_table(
    """
    商贸:60 科技:45 建筑工程:32 贸易:22 网络科技:14 信息技术:10 信息科技:6 网络技术:3 机械设备:14
    机电设备:8 建筑安装工程:6 装饰工程:12 建筑装饰工程:7 装饰装修工程:4 餐饮管理:10 餐饮服务:6
    餐饮:4 物流:12 运输:10 道路运输:3 货运:3 仓储物流:2 房地产开发:8 置业:4 房地产经纪:3
    物业管理:8 物业服务:5 稀土材料:4 稀土新材料:3 稀土科技:3 稀土永磁:1 磁材:1 钢铁:3 冶金:3
    冶金设备:2 钢材:3 金属材料:3 钢结构:3 煤炭:4 煤炭销售:2 矿业:5 矿山机械:1 化工:4 精细化工:1
    电力:3 电力工程:4 电力设备:2 电气:4 电气设备:2 农牧业:5 畜牧业:3 牧业:2 农业科技:3 农业:3
    乳业:2 食品:6 肉业:1 粮油:2 医药:3 药业:1 大药房:2 医疗器械:4 医疗科技:1 健康管理:2
    文化传媒:10 文化传播:5 文化艺术:2 广告:6 广告传媒:4 影视文化:1 教育咨询:5 教育科技:4 旅游:3
    旅行社:2 酒店管理:3 酒店:2 汽车销售:4 汽车维修:3 汽车服务:3 汽车租赁:1 汽车配件:1
    电子商务:6 环保科技:5 环保工程:3 环境工程:2 环境科技:2 新能源:5 新能源科技:3 光伏:2
    光伏科技:1 风电:1 能源:3 能源科技:2 节能科技:2 燃气:1 热力:1 供热:1 劳务服务:6 劳务派遣:3
    人力资源:4 人力资源服务:2 商务信息咨询:5 信息咨询:3 企业管理咨询:6 企业管理:3 财务咨询:4
    财税咨询:2 会计服务:2 家政服务:4 保洁服务:2 清洁服务:1 实业:8 实业发展:3 投资:2 投资管理:3
    工贸:5 经贸:3 商业管理:2 供应链管理:3 进出口贸易:1 国际贸易:1 工程机械:3 机械制造:3
    机械加工:3 建材:5 新型建材:2 水泥制品:2 混凝土:2 市政工程:4 园林绿化工程:4 园林绿化:3
    水利工程:2 路桥工程:2 工程技术:2 工程咨询:2 工程管理:2 工程项目管理:1 安防科技:2 消防工程:2
    消防设备:2 消防科技:1 智能科技:4 电子科技:4 软件:2 软件开发:2 数据科技:1 通信工程:2
    通信技术:2 办公设备:2 印刷:2 包装:2 服装:2 服饰:2 羊绒制品:2 纺织:1 生物科技:3 饲料:1
    种业:1 农资:1 石化:1 天然气:1 水务:1 检测技术:2 检验检测:1 测绘:1 规划设计:1 建筑设计:1
    装饰设计:2 家具:2 家居:2 门窗:1 电器:2 五金机电:2 五金:2 租赁:2 设备租赁:1 仓储:2
    搬家服务:1 再生资源:2 再生资源回收:1 铸造:1 耐火材料:1 焊材:1 管业:1 暖通工程:1 防水工程:1
    保温材料:1 照明:1 电线电缆:1 自动化设备:1 仪器仪表:1 轮胎:1 润滑油:1 石材:1 茶业:1 酒业:1
    奶业:1 草业:1 养殖:2 种养殖:1 农产品:1 果蔬:1 会展服务:1 体育文化:1 健身:1 养老服务:2
    计算机:1 互联网科技:1
    """
)

# 个体工商户: a shop-like industry with the forms it takes (店/馆/部/行/坊/超市/门市 …);
# '-' is a name with no industry term, such as 红光超市.
_SHOP_INDUSTRIES = _parse_table(
    """
    五金:10:店*3,门市,商店 五金建材:5:店*2,门市 建材:4:门市,商店,店 家常菜:10:馆 烧麦:4:馆
    手把肉:2:馆 莜面:2:馆 面:5:馆 拉面:3:馆,店 饺子:3:馆 火锅:6:店 烧烤:6:店 小吃:4:店,部
    快餐:4:店 奶茶:3:店 蒙餐:2:馆 烤肉:2:店 麻辣烫:3:店 包子:2:铺 蛋糕:2:坊,店 烘焙:2:坊 面包:1:坊
    豆腐:1:坊 粮油:4:店*2,门市 日用百货:5:店,超市 食杂:4:店 副食:3:店 便利:6:店 -:8:超市
    生鲜:3:超市 水果:5:店*2,行 蔬菜:3:店 烟酒:6:店*2,行,商行 茶叶:2:店,行 服装:6:店*3,行 鞋:2:店
    童装:2:店 通讯:5:部*2,店 手机:3:店 电脑:2:部,店 家电维修:2:部 理发:4:店 美发:4:店
    美容美发:3:店 汽车修理:4:部*2,厂 汽车美容:2:店 洗车:2:行 汽配:3:行*2,店 摩托车修理:1:部
    干洗:2:店 文具:2:店 图文:2:店,部 装饰:2:部 门窗:2:部 家具:2:店,行 灯饰:1:店 窗帘:2:店
    鲜花:2:店 眼镜:2:店 母婴:2:店 宠物:1:店 鲜肉:2:店 牛羊肉:3:店 饮品:2:店 奶食品:2:店 炒货:1:店
    调料:1:店,行 床上用品:1:店 渔具:1:店 电动车:2:行 自行车:1:行 家政服务:2:部 缝纫:1:部
    照相:1:馆 摄影:2:馆,店 书:1:店 酒:1:坊 足疗:1:店
    """
)

# 个人独资企业: non-company forms (docs/rules/names.md §2.2: 部, 经营部, 商行, 中心, 工作室, 厂 …).
_SOLE_INDUSTRIES = _parse_table(
    """
    商贸:10:部*2,经营部*3 五金:4:经营部*2,商行,门市部 建材:5:经销部*2,经营部*2,商行
    钢材:3:经销部,经营部 装饰:3:工作室,部 装饰材料:2:经销部 广告:3:部,中心,工作室
    信息咨询:3:中心,服务部 家政:2:服务部,服务中心 汽车修理:3:厂*2,部 机械加工:3:厂 食品:2:厂
    农资:2:经销部,门市部 日用品:2:商行 烟酒:2:商行 电器:2:经营部,商行 文化传播:2:工作室,中心
    设计:2:工作室 摄影:1:工作室 服装:2:店,商行 塑钢门窗:2:厂,加工部 印刷:1:厂 养殖:3:场
    种植:1:场 商务信息咨询:2:中心 教育咨询:2:中心 餐饮:3:店,部 木器:1:加工厂 面粉:1:厂 砖:1:厂
    酒:1:坊
    """
)

# 合伙企业: the bracketed liability marker follows 企业/中心/事务所 (docs/rules/names.md §2.2).
_PARTNERSHIP_INDUSTRIES = _parse_table(
    """
    投资管理:8:中心（有限合伙）*3,合伙企业（有限合伙）*3,中心（普通合伙）
    股权投资:5:合伙企业（有限合伙）*3,中心（有限合伙） 股权投资基金:2:合伙企业（有限合伙）
    企业管理咨询:6:中心（有限合伙）*2,合伙企业（有限合伙）*2,中心（普通合伙）,合伙企业（普通合伙）
    企业管理:6:中心（有限合伙）*2,合伙企业（有限合伙）*2,合伙企业（普通合伙）
    创业投资:3:中心（有限合伙）,合伙企业（有限合伙）*2
    资产管理:2:中心（有限合伙）,合伙企业（有限合伙）
    科技:3:合伙企业（有限合伙）*2,中心（有限合伙） 商务信息咨询:3:中心（普通合伙）,中心（有限合伙）
    文化传媒:2:中心（有限合伙）,合伙企业（普通合伙）
    会计师:3:事务所（特殊普通合伙）*2,事务所（普通合伙）
    税务师:1:事务所（普通合伙） 资产评估:1:事务所（普通合伙） 建筑工程:1:合伙企业（普通合伙）
    """
)

_COOP_INDUSTRIES = _parse_table(
    """
    农机:10 种植:12 养殖:12 种养殖:6 马铃薯种植:3 蔬菜种植:4 肉羊养殖:5 奶牛养殖:3 生猪养殖:2
    肉牛养殖:3 家禽养殖:1 玉米种植:2 杂粮种植:2 葵花种植:1 食用菌种植:1 中药材种植:1 设施农业:1
    农牧业:3 农业:2 植保:1 农机服务:2 养蜂:1 林业:1 苗木:1
    """
)

_LLC_FORMS = _Weighted([("有限公司", 83.0), ("有限责任公司", 14.0), ("集团有限公司", 3.0)])
_JSC_FORMS = _Weighted([("股份有限公司", 92.0), ("集团股份有限公司", 5.0), ("股份公司", 3.0)])
_PARENT_FORMS = _Weighted([("有限公司", 80.0), ("有限责任公司", 12.0), ("股份有限公司", 8.0)])
_COOP_FORMS = _Weighted([("专业合作社", 88.0), ("农民专业合作社", 8.0), ("合作社", 4.0)])
_BRANCH_SUFFIXES = _Weighted([("分公司", 1.0)])
# Retail and catering chains open 分店, manufacturers 分厂 (GD2020 Art 13); the rest 分公司.
_SHOP_BRANCH_SUFFIXES = _Weighted([("分公司", 80.0), ("分店", 20.0)])
_PLANT_BRANCH_SUFFIXES = _Weighted([("分公司", 80.0), ("分厂", 20.0)])
_SHOP_LIKE = frozenset(
    _words("商贸 餐饮管理 餐饮服务 餐饮 大药房 酒店管理 汽车销售 家居 家具 电器 服装 服饰")
)
_PLANT_LIKE = frozenset(
    _words(
        "机械制造 机械加工 铸造 水泥制品 混凝土 食品 乳业 包装 印刷 钢结构 耐火材料 羊绒制品 管业"
    )
)
_ORDINALS = _zipf(["第" + n for n in "一二三四五六七八九十"], 1.2)

# Where a branch's parent is registered when that is outside the city (the branch still is here).
_OTHER_PARENT_REGIONS = (
    ("呼和浩特市", 5.0),
    ("鄂尔多斯市", 4.0),
    ("巴彦淖尔市", 2.0),
    ("乌兰察布市", 1.5),
    ("赤峰市", 1.0),
    ("北京", 3.0),
    ("天津", 1.0),
    ("河北", 1.0),
    ("山西", 1.0),
    ("陕西", 1.0),
    ("宁夏", 1.0),
    ("山东", 1.0),
)

_TYPE_SHARES = _Weighted(
    [
        ("llc", 55.0),
        ("jsc", 2.0),
        ("partnership", 3.0),
        ("sole_proprietorship", 3.0),
        ("branch", 5.0),
        ("individual_business", 30.0),
        ("farmer_cooperative", 2.0),
    ]
)

# --- divisions -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DivisionInfo:
    """How a division is written in names, and how much of each kind of business it hosts."""

    short: tuple[str, ...] = ()  # colloquial short forms, 昆区 for 昆都仑区
    stem: str = ""  # the name without its 区/县 suffix, used for branches: 昆都仑分公司
    places: tuple[str, ...] = ()  # towns inside the division that name branches: 萨拉齐分公司
    standalone: tuple[str, ...] = ()  # forms that may open a company name without the city
    after_city: tuple[str, ...] = ()  # forms written after 包头市 (default: the full name)
    company: float = 1.0  # relative share of companies registered there
    shop: float = 1.0  # relative share of 个体工商户
    rural: float = 1.0  # relative share of farmer co-operatives


# Baotou specifics: the urban districts (昆都仑, 青山, 东河, 九原) hold most firms, the 旗/县 most
# co-operatives. Unknown divisions fall back to rules by suffix in `_derive_info`.
_KNOWN_DIVISIONS: dict[str, _DivisionInfo] = {
    "东河区": _DivisionInfo(stem="东河", places=("沙尔沁",), company=18, shop=20, rural=4),
    "昆都仑区": _DivisionInfo(short=("昆区",), stem="昆都仑", company=30, shop=27, rural=0.5),
    "青山区": _DivisionInfo(stem="青山", company=22, shop=20, rural=0.5),
    "石拐区": _DivisionInfo(stem="石拐", places=("五当召",), company=1, shop=1.5, rural=3),
    "白云鄂博矿区": _DivisionInfo(
        short=("白云矿区", "白云区"), stem="白云鄂博", company=0.5, shop=1.5, rural=1
    ),
    "九原区": _DivisionInfo(
        stem="九原", places=("哈林格尔", "麻池"), company=14, shop=12, rural=10
    ),
    "土默特右旗": _DivisionInfo(
        short=("土右旗",),
        places=("萨拉齐", "美岱召"),
        standalone=("土默特右旗", "土右旗"),
        company=4,
        shop=8,
        rural=30,
    ),
    "固阳县": _DivisionInfo(stem="固阳", standalone=("固阳县",), company=2, shop=4, rural=15),
    "达尔罕茂明安联合旗": _DivisionInfo(
        short=("达茂旗",),
        places=("百灵庙",),
        standalone=("达尔罕茂明安联合旗", "达茂旗"),
        company=1.5,
        shop=3,
        rural=12,
    ),
    "包头稀土高新技术产业开发区": _DivisionInfo(
        short=("稀土高新区", "高新区"),
        standalone=("包头稀土高新区",),
        after_city=("稀土高新区",),
        company=7,
        shop=3,
        rural=0.2,
    ),
}

_ZONE_MARKERS = ("开发区", "高新区", "新区", "园区", "工业区")


def _derive_info(name: str) -> _DivisionInfo:
    """Fallback for a division not in `_KNOWN_DIVISIONS`, from its suffix alone."""
    if any(marker in name for marker in _ZONE_MARKERS):
        return _DivisionInfo(standalone=(name,), company=0.3, shop=0.2, rural=0.1)
    if name.endswith(("县", "旗", "市")):
        stem = name[:-1] if name.endswith("县") and len(name) >= 3 else ""
        return _DivisionInfo(stem=stem, standalone=(name,), company=0.25, shop=0.4, rural=3)
    stem = name[:-1] if name.endswith("区") and len(name) >= 3 else ""
    return _DivisionInfo(stem=stem, company=1, shop=1, rural=1)


@dataclass(frozen=True, slots=True)
class _Division:
    code: str
    name: str
    info: _DivisionInfo
    # Samplers over the ways to write the division in each position of a name.
    after_city: _Weighted[str]
    standalone: _Weighted[str] | None
    shop_region: _Weighted[str]
    branch_locality: _Weighted[str]


_REGION_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "矿区",
    "新区",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "省",
)


def _with_stripped_suffix(words: Iterable[str]) -> set[str]:
    """Each word, plus the word without its administrative suffix (泰安市 → 泰安)."""
    result: set[str] = set()
    for word in words:
        result.add(word)
        for suffix in _REGION_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                result.add(word[: -len(suffix)])
                break
    return result


class NameGenerator:
    """Generates (name, division code) pairs for a city's register, deterministically per rng.

    `divisions` are the county-level divisions of the city as (code, name). `city` and
    `province` are the names that open most names. `reserved_trade_names` adds words that must
    never be a 字号 (for instance every county name of a gazetteer; suffixes are stripped too).
    """

    def __init__(
        self,
        rng: random.Random,
        *,
        divisions: Sequence[tuple[str, str]],
        city: str = "包头市",
        province: str = "内蒙古",
        reserved_trade_names: Iterable[str] = (),
    ) -> None:
        if not divisions:
            raise ValueError("at least one division is needed")
        self._rng = rng
        self._city = city
        self._city_short = city.removesuffix("市")
        self._province = province
        self._divisions = tuple(self._build_division(code, name) for code, name in divisions)

        self._company_divisions = _Weighted((d, d.info.company) for d in self._divisions)
        self._shop_divisions = _Weighted((d, d.info.shop) for d in self._divisions)
        self._rural_divisions = _Weighted((d, d.info.rural) for d in self._divisions)
        standalone = [
            ((d, d.standalone), d.info.company) for d in self._divisions if d.standalone is not None
        ]
        # A city of districts only has no division that may open a company name on its own.
        self._standalone_divisions = _Weighted(standalone) if standalone else None
        self._other_parent_regions = _Weighted(
            (region, weight)
            for region, weight in _OTHER_PARENT_REGIONS
            if not region.startswith(self._city_short)
        )

        # Zipf exponents tuned so that over 20,000 names the top 字号 recurs a few dozen times
        # and about half of all 字号 are unique (tail grows with N through combinations).
        self._head = _zipf(_HEAD_WORDS, 1.0, 8.0)
        self._first_char = _zipf(_POOL, 0.75, 3.0)
        self._second_char = _Weighted(
            (c, (3.0 if c in _CLOSERS else 1.0) / (rank + 3.0) ** 0.75)
            for rank, c in enumerate(_POOL, 1)
        )
        self._three_words = _zipf(_THREE_WORDS, 0.3)
        self._four_words = _zipf(_FOUR_WORDS, 0.3)

        self._company_industries = _Weighted((t, w) for t, w, _ in _COMPANY_INDUSTRIES)
        self._coop_industries = _Weighted((t, w) for t, w, _ in _COOP_INDUSTRIES)
        self._shop_industries = _Weighted(((t, _parse_forms(f)), w) for t, w, f in _SHOP_INDUSTRIES)
        self._sole_industries = _Weighted(((t, _parse_forms(f)), w) for t, w, f in _SOLE_INDUSTRIES)
        self._partnership_industries = _Weighted(
            ((t, _parse_forms(f)), w) for t, w, f in _PARTNERSHIP_INDUSTRIES
        )

        industries = {
            t
            for table in (
                _COMPANY_INDUSTRIES,
                _SHOP_INDUSTRIES,
                _SOLE_INDUSTRIES,
                _PARTNERSHIP_INDUSTRIES,
                _COOP_INDUSTRIES,
            )
            for t, _, _ in table
        }
        # The two-character head and tail of a longer term (水利 of 水利工程) read as industry
        # words too, so they are kept out as whole 字号 as well.
        industry_words = industries | {t[:2] for t in industries} | {t[-2:] for t in industries}
        # N-ZIHAO-2: neither an industry term nor a region may be the 字号.
        self._reserved = (
            _with_stripped_suffix([*_RESERVED_TRADE_NAMES, *reserved_trade_names, city, province])
            | industry_words
            | {name for _, name in divisions}
        )
        fragments = [*_FORBIDDEN_FRAGMENTS, self._city_short]
        self._forbidden = re.compile("|".join(map(re.escape, fragments)))

        # Every way a division can be named; used to reject a name that mentions a division
        # other than the one it is registered in (e.g. a 字号 such as 青山 outside 青山区).
        alias_codes: dict[str, str] = {}
        for division in self._divisions:
            for alias in self._aliases(division):
                alias_codes.setdefault(alias, division.code)
        self._alias_codes = alias_codes
        # Longest first so that 白云鄂博矿区 wins over 白云鄂博; ties sorted for reproducibility.
        by_length = sorted(alias_codes, key=lambda alias: (-len(alias), alias))
        self._alias_re = re.compile("|".join(map(re.escape, by_length)))

        self._builders = {
            "llc": self._llc,
            "jsc": self._jsc,
            "partnership": self._partnership,
            "sole_proprietorship": self._sole_proprietorship,
            "branch": self._branch,
            "individual_business": self._individual_business,
            "farmer_cooperative": self._farmer_cooperative,
        }

    # --- public ----------------------------------------------------------------------------

    def generate(self) -> tuple[GeneratedName, str]:
        """One name and the code of the division it is registered in."""
        kind = _TYPE_SHARES.pick(self._rng)
        build = self._builders[kind]
        alias_codes = self._alias_codes
        while True:
            name, code = build()
            # A rare accidental mention of another division (a 字号 like 九原 or 青山) is
            # redrawn within the same type, so the type shares stay as configured.
            if all(alias_codes[m] == code for m in self._alias_re.findall(name.name)):
                return name, code

    # --- setup helpers ---------------------------------------------------------------------

    def _build_division(self, code: str, name: str) -> _Division:
        info = _KNOWN_DIVISIONS.get(name) or _derive_info(name)
        after_city = _Weighted((form, 1.0) for form in info.after_city or (name,))
        standalone = (
            _Weighted((form, 3.0 if i == 0 else 1.0) for i, form in enumerate(info.standalone))
            if info.standalone
            else None
        )
        # 个体工商户 are commonly named after the district alone (昆都仑区红光五金店).
        shop_forms = [(name, 6.0)] + [(s, 2.0) for s in info.short]
        if info.standalone:
            shop_forms = [(s, 3.0) for s in info.standalone] + [(s, 1.0) for s in info.short]
        # A zone's official name is too long to repeat in a branch name; its short form is used.
        locality = [(name, 3.0)] if not info.after_city else [(s, 3.0) for s in info.after_city]
        if info.stem:
            locality.append((info.stem, 3.0))
        locality += [(s, 1.5) for s in info.short]
        locality += [(p, 1.5) for p in info.places]
        return _Division(
            code=code,
            name=name,
            info=info,
            after_city=after_city,
            standalone=standalone,
            shop_region=_Weighted(shop_forms),
            branch_locality=_Weighted(locality),
        )

    @staticmethod
    def _aliases(division: _Division) -> set[str]:
        info = division.info
        aliases = {division.name, *info.short, *info.places, *info.standalone, *info.after_city}
        if info.stem:
            aliases.add(info.stem)
        return aliases

    # --- 字号 -------------------------------------------------------------------------------

    def _trade_name(self) -> str:
        rng = self._rng
        while True:
            u = rng.random()
            if u < 0.70:
                trade = self._two()
            elif u < 0.90:
                trade = self._three()
            elif u < 0.98:
                trade = self._four()
            else:
                trade = self._five_plus()
            if trade not in self._reserved and not self._forbidden.search(trade):
                return trade

    def _two(self) -> str:
        rng = self._rng
        if rng.random() < 0.12:
            return self._head.pick(rng)
        first = self._first_char.pick(rng)
        second = self._second_char.pick(rng)
        while second == first:
            second = self._second_char.pick(rng)
        return first + second

    def _three_random(self) -> str:
        rng = self._rng
        return self._first_char.pick(rng) + self._first_char.pick(rng) + self._second_char.pick(rng)

    def _three(self) -> str:
        rng = self._rng
        u = rng.random()
        if u < 0.35:
            return _PREFIXES.pick(rng) + self._two()
        if u < 0.80:
            return self._three_random()
        if u < 0.95:
            return self._two() + _SUFFIXES.pick(rng)
        return self._three_words.pick(rng)

    def _four(self) -> str:
        rng = self._rng
        u = rng.random()
        if u < 0.70:
            return self._two() + self._two()
        if u < 0.80:
            return self._four_words.pick(rng)
        return _PREFIXES.pick(rng) + self._three_random()

    def _five_plus(self) -> str:
        rng = self._rng
        u = rng.random()
        if u < 0.70:
            return self._two() + self._three_random()
        if u < 0.85:
            return self._three_words.pick(rng) + self._two()
        return self._three_random() + self._three_random()

    def _shop_trade_name(self) -> str:
        # 个体工商户 are often named after the owner's surname: 老王, 王记, 王家.
        if self._rng.random() < 0.3:
            return _SURNAME_STYLES.pick(self._rng).format(_SURNAMES.pick(self._rng))
        return self._trade_name()

    # --- regions ---------------------------------------------------------------------------

    def _company_name(
        self,
        trade: str,
        industry: str,
        form: str,
        *,
        district_share: float,
        province_share: float,
        bracket_ok: bool = True,
    ) -> tuple[str, str]:
        """A company-style name and its division code, with the region shares of
        docs/rules/names.md §1.

        City 包头市 (optionally + district) ~70%, province ~14%, a 旗/县 alone ~6%, no leading
        region ~10% (mostly the bracketed region after the 字号, N-REGION-3).
        """
        rng = self._rng
        u = rng.random()
        # Partnerships already end in a bracket and small local firms always carry a region, so
        # for them the no-region share goes to the city.
        city_share = (0.84 if bracket_ok else 0.94) - province_share
        if u < city_share:
            division = self._company_divisions.pick(rng)
            if rng.random() < district_share:
                region = self._city + division.after_city.pick(rng)
            else:
                region = self._city
            return region + trade + industry + form, division.code
        if u < city_share + province_share:
            division = self._company_divisions.pick(rng)
            return self._province + trade + industry + form, division.code
        if u < city_share + province_share + 0.06 and self._standalone_divisions is not None:
            division, forms = self._standalone_divisions.pick(rng)
            return forms.pick(rng) + trade + industry + form, division.code
        division = self._company_divisions.pick(rng)
        if not bracket_ok:
            return self._city + trade + industry + form, division.code
        v = rng.random()
        if v < 0.25 or not industry:
            return trade + industry + form, division.code
        bracket = "（" + (self._city_short if rng.random() < 0.7 else self._province) + "）"
        if v < 0.75 or form.startswith("集团"):
            return trade + industry + bracket + form, division.code
        return trade + bracket + industry + form, division.code

    # --- builders, one per enterprise type -------------------------------------------------

    def _llc(self) -> tuple[GeneratedName, str]:
        rng = self._rng
        trade = self._trade_name()
        # A few firms registered with no industry term (GD2020 Art 6 allows it).
        industry = "" if rng.random() < 0.02 else self._company_industries.pick(rng)
        form = _LLC_FORMS.pick(rng)
        name, code = self._company_name(
            trade, industry, form, district_share=0.25, province_share=0.14
        )
        return GeneratedName(name, trade, industry, "llc"), code

    def _jsc(self) -> tuple[GeneratedName, str]:
        rng = self._rng
        trade = self._trade_name()
        industry = self._company_industries.pick(rng)
        form = _JSC_FORMS.pick(rng)
        # Companies limited by shares are the larger firms, more often named after the province.
        name, code = self._company_name(
            trade, industry, form, district_share=0.05, province_share=0.40
        )
        return GeneratedName(name, trade, industry, "jsc"), code

    def _partnership(self) -> tuple[GeneratedName, str]:
        rng = self._rng
        trade = self._trade_name()
        industry, forms = self._partnership_industries.pick(rng)
        name, code = self._company_name(
            trade,
            industry,
            forms.pick(rng),
            district_share=0.3,
            province_share=0.14,
            bracket_ok=False,
        )
        return GeneratedName(name, trade, industry, "partnership"), code

    def _sole_proprietorship(self) -> tuple[GeneratedName, str]:
        rng = self._rng
        trade = self._trade_name()
        industry, forms = self._sole_industries.pick(rng)
        # Small firms usually carry their district: 包头市九原区红光商贸部.
        name, code = self._company_name(
            trade,
            industry,
            forms.pick(rng),
            district_share=0.6,
            province_share=0.04,
            bracket_ok=False,
        )
        return GeneratedName(name, trade, industry, "sole_proprietorship"), code

    def _branch(self) -> tuple[GeneratedName, str]:
        """Parent full name + locality + 分公司 (N-BRANCH-1), registered where the branch is."""
        rng = self._rng
        trade = self._trade_name()
        industry = self._company_industries.pick(rng)
        parent_form = _PARENT_FORMS.pick(rng)
        u = rng.random()
        local_parent = u < 0.45
        if local_parent:
            parent = self._city + trade + industry + parent_form
        elif u < 0.70:
            parent = self._province + trade + industry + parent_form
        elif u < 0.90:
            parent = self._other_parent_regions.pick(rng) + trade + industry + parent_form
        else:
            bracket = "（" + self._province + "）"
            parent = trade + industry + bracket + parent_form
        v = rng.random()
        if local_parent:
            if v < 0.7:
                division = self._company_divisions.pick(rng)
                locality = division.branch_locality.pick(rng)
            else:
                division = self._company_divisions.pick(rng)
                locality = _ORDINALS.pick(rng)
        elif v < 0.5:
            division = self._company_divisions.pick(rng)
            locality = self._city_short
        elif v < 0.65:
            division = self._company_divisions.pick(rng)
            locality = self._city
        else:
            division = self._company_divisions.pick(rng)
            locality = division.branch_locality.pick(rng)
        if industry in _SHOP_LIKE:
            suffixes = _SHOP_BRANCH_SUFFIXES
        elif industry in _PLANT_LIKE:
            suffixes = _PLANT_BRANCH_SUFFIXES
        else:
            suffixes = _BRANCH_SUFFIXES
        name = parent + locality + suffixes.pick(rng)
        return GeneratedName(name, trade, industry, "branch"), division.code

    def _individual_business(self) -> tuple[GeneratedName, str]:
        """个体工商户: short shop names, usually opened by the district alone."""
        rng = self._rng
        trade = self._shop_trade_name()
        industry, forms = self._shop_industries.pick(rng)
        form = forms.pick(rng)
        division = self._shop_divisions.pick(rng)
        u = rng.random()
        if u < 0.60:
            region = division.shop_region.pick(rng)
        elif u < 0.88:
            region = self._city + division.after_city.pick(rng)
        else:
            region = ""
        return GeneratedName(
            region + trade + industry + form, trade, industry, "individual_business"
        ), division.code

    def _farmer_cooperative(self) -> tuple[GeneratedName, str]:
        rng = self._rng
        trade = self._trade_name()
        industry = self._coop_industries.pick(rng)
        division = self._rural_divisions.pick(rng)
        if division.standalone is not None and rng.random() < 0.8:
            region = division.standalone.pick(rng)
        else:
            region = self._city + division.after_city.pick(rng)
        name = region + trade + industry + _COOP_FORMS.pick(rng)
        return GeneratedName(name, trade, industry, "farmer_cooperative"), division.code
