"""The organisation of the demo county 清河县 (docs/domain.md §1, seed 000): leadership with
the 四大家 leaders, the bureau with three stationed teams, the development zone,
12 townships and 40 county departments in the divisions of seed 000, and one demo
login per role.

This is seed data: it writes through the ORM and treebeard directly, not through
actions.py, and history records it with no user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from zhaoshang.accounts.models import Role, RoleAssignment
from zhaoshang.core.demo import COUNTY_NAME, DEMO_PASSWORD, DemoLogin, DemoWorld

from .models import Division, LeaderBody, Person, Unit, UnitKind

WAN = 10_000  # 元 per 万元


@dataclass(frozen=True)
class DivisionSpec:
    name: str
    quota_wan: int
    competes: bool = True


# Seed 000: 一赛区 6000万元, 二赛区 5000万元, 三赛区 1000万元, 赛区以外的单位 400万元.
DIVISIONS = [
    DivisionSpec("一赛区", 6000),
    DivisionSpec("二赛区", 5000),
    DivisionSpec("三赛区", 1000),
    DivisionSpec("赛区外单位", 400, competes=False),
]

# 12 镇(区): the larger ones compete in 一赛区, the others in 二赛区.
TOWNSHIPS = {
    "一赛区": ["城关镇", "河口镇", "桥头镇", "柳林镇", "石门镇", "白沙镇"],
    "二赛区": ["青山镇", "龙泉镇", "新集镇", "双庙镇", "马坊镇", "杨湖镇"],
}

# 40 县直部门 as (full name, short name). The economic departments carry the big
# quotas (seed 000 names 经信局、农业局、商务局、旅游局 in 一赛区); the vertically
# managed 一条边单位 sit in the non-competing division.
DEPARTMENTS = {
    "一赛区": [
        ("县经济和信息化局", "经信局"),
        ("县农业农村局", "农业农村局"),
        ("县商务局", "商务局"),
        ("县文化和旅游局", "文旅局"),
        ("县发展和改革委员会", "发改委"),
        ("县财政局", "财政局"),
        ("县自然资源局", "自然资源局"),
        ("县住房和城乡建设局", "住建局"),
        ("县交通运输局", "交通局"),
        ("县水利局", "水利局"),
    ],
    "二赛区": [
        ("县市场监督管理局", "市场监管局"),
        ("县人力资源和社会保障局", "人社局"),
        ("市生态环境局清河分局", "生态环境分局"),
        ("县应急管理局", "应急管理局"),
        ("县林业局", "林业局"),
        ("县科学技术局", "科技局"),
        ("县城市管理局", "城管局"),
        ("县行政审批局", "行政审批局"),
        ("县供销合作社联合社", "供销社"),
        ("县公安局", "公安局"),
    ],
    "三赛区": [
        ("县教育局", "教育局"),
        ("县卫生健康委员会", "卫健委"),
        ("县民政局", "民政局"),
        ("县司法局", "司法局"),
        ("县审计局", "审计局"),
        ("县统计局", "统计局"),
        ("县医疗保障局", "医保局"),
        ("县退役军人事务局", "退役军人局"),
        ("县委办公室", "县委办"),
        ("县政府办公室", "政府办"),
        ("县委组织部", "组织部"),
        ("县委宣传部", "宣传部"),
        ("县委统战部", "统战部"),
        ("县委政法委", "政法委"),
        ("县工商业联合会", "工商联"),
    ],
    "赛区外单位": [
        ("国家税务总局清河县税务局", "税务局"),
        ("国网清河县供电公司", "供电公司"),
        ("清河县烟草专卖局", "烟草局"),
        ("清河县气象局", "气象局"),
        ("中国邮政清河县分公司", "邮政分公司"),
    ],
}

STATIONED_TEAMS = [("驻上海招商组", "上海"), ("驻深圳招商组", "深圳"), ("驻厦门招商组", "厦门")]

# 四大家 leaders: (name, post, body, is_principal of the leadership unit).
LEADERS = [
    ("张建国", "县委书记", LeaderBody.PARTY, True),
    ("王立新", "县长", LeaderBody.GOVERNMENT, False),
    ("李振华", "县人大常委会主任", LeaderBody.CONGRESS, False),
    ("赵文军", "县政协主席", LeaderBody.CPPCC, False),
    ("刘志强", "县委副书记", LeaderBody.PARTY, False),
    ("陈海涛", "常务副县长", LeaderBody.GOVERNMENT, False),
    ("杨红梅", "副县长", LeaderBody.GOVERNMENT, False),
    ("周明亮", "副县长", LeaderBody.GOVERNMENT, False),
]

LEADERSHIP_NAME = "县委县政府"
BUREAU_NAME = "县招商局"
ZONE_NAME = "清河经济开发区"


@dataclass(frozen=True)
class BigProjectTask:
    """A 项目个数 task of seed 000: `count` projects of `category` (any when blank)
    with a total investment of at least `min_wan` 万元."""

    unit_name: str
    count: int
    min_wan: int
    category: str = ""


# Seed 000: the zone's 到位资金30亿元, 2 个10亿元以上工业项目、1 个10亿元以上物流项目、
# 3 个5亿元以上工业项目; 经信局、农业局、商务局、旅游局 each bring one project ≥ 5亿元.
ZONE_FUNDS_TASK_WAN = 300_000
BIG_PROJECT_TASKS = [
    BigProjectTask(ZONE_NAME, 2, 100_000, "industry"),
    BigProjectTask(ZONE_NAME, 1, 100_000, "logistics"),
    BigProjectTask(ZONE_NAME, 3, 50_000, "industry"),
    BigProjectTask("县经济和信息化局", 1, 50_000),
    BigProjectTask("县农业农村局", 1, 50_000),
    BigProjectTask("县商务局", 1, 50_000),
    BigProjectTask("县文化和旅游局", 1, 50_000),
]


def funds_quota(unit: Unit) -> int | None:
    """The unit's 到位资金 task in 元: the zone's own, else its division's default."""
    if unit.name == ZONE_NAME and unit.kind == UnitKind.ZONE:
        return ZONE_FUNDS_TASK_WAN * WAN
    return unit.division.default_quota if unit.division_id else None


# The logins, each tied to a person (admin is nobody's person). The bureau and the
# leader work for the whole county, so their roles sit on the county itself.
LOGINS = [
    DemoLogin("admin", Role.ADMIN, COUNTY_NAME),
    DemoLogin("zsj", Role.BUREAU, COUNTY_NAME, f"{BUREAU_NAME}/综合科科长"),
    DemoLogin("chengguan", Role.REPORTER, "城关镇", "城关镇/招商办主任"),
    DemoLogin("chengguan_head", Role.UNIT_HEAD, "城关镇", "城关镇/党委书记"),
    DemoLogin("hekou", Role.REPORTER, "河口镇", "河口镇/招商办主任"),
    DemoLogin("xianzhang", Role.LEADER, COUNTY_NAME, f"{LEADERSHIP_NAME}/县长"),
    DemoLogin("jingxin", Role.REPORTER, "县经济和信息化局", "县经济和信息化局/招商联络员"),
    # Clears tax-linked reward rules at the compliance gate (公平竞争审查).
    DemoLogin("hegui", Role.COMPLIANCE, COUNTY_NAME, f"{BUREAU_NAME}/副局长"),
]

# Persons of the units other than the leadership: (principal post, staff posts).
POSTS = {
    UnitKind.BUREAU: ("局长", ["副局长", "综合科科长"]),
    UnitKind.ZONE: ("党工委书记", ["管委会主任", "招商局局长"]),
    UnitKind.TOWNSHIP: ("党委书记", ["镇长", "招商办主任"]),
    UnitKind.DEPARTMENT: ("主要负责人", ["招商联络员"]),
    UnitKind.STATIONED_TEAM: ("组长", ["组员"]),
}

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
_GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "文博",
    "海燕",
    "志刚",
    "晓东",
    "红霞",
    "国庆",
    "春梅",
    "永强",
    "玉兰",
    "德胜",
    "丽萍",
    "卫东",
    "小龙",
]


class _Names:
    """Deterministic, varied Chinese names: the same county on every machine."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        n = self.n
        self.n += 1
        # Steps coprime with both list lengths: no name repeats within the county.
        return _SURNAMES[(n * 7) % len(_SURNAMES)] + _GIVEN_NAMES[(n * 5) % len(_GIVEN_NAMES)]


def _unit(world: DemoWorld, parent: Unit | None, **fields) -> Unit:
    unit = Unit(**fields)
    unit._history_user = None
    if parent is None:
        unit = Unit.objects.add_root(instance=unit)
    else:
        unit = Unit.objects.add_child(parent, instance=unit)
    world.units[unit.name] = unit
    return unit


def _person(world: DemoWorld, unit: Unit, name: str, post: str, sort_order: int, **fields) -> Person:
    person = Person(name=name, post=post, unit=unit, sort_order=sort_order, **fields)
    person._history_user = None
    person.save()
    # Two 副县长 share a post: the key names the first, which is all later builders need.
    world.persons.setdefault(f"{unit.name}/{post}", person)
    return person


def _staff(world: DemoWorld, unit: Unit, names: _Names) -> None:
    principal, others = POSTS[UnitKind(unit.kind)]
    _person(world, unit, names.next(), principal, 0, is_principal=True)
    for order, post in enumerate(others, start=1):
        _person(world, unit, names.next(), post, order)


def build(world: DemoWorld) -> None:
    names = _Names()
    county = _unit(world, None, name=COUNTY_NAME, kind=UnitKind.COUNTY)
    world.county = county

    divisions = {}
    for order, spec in enumerate(DIVISIONS):
        division = Division(
            jurisdiction=county,
            name=spec.name,
            default_quota=spec.quota_wan * WAN,
            competes=spec.competes,
            sort_order=order,
        )
        division._history_user = None
        division.save()
        divisions[spec.name] = division

    leadership = _unit(world, county, name=LEADERSHIP_NAME, kind=UnitKind.LEADERSHIP, sort_order=1)
    for order, (name, post, body, principal) in enumerate(LEADERS):
        _person(world, leadership, name, post, order, leader_body=body, is_principal=principal)

    bureau = _unit(world, county, name=BUREAU_NAME, short_name="招商局", kind=UnitKind.BUREAU, sort_order=2)
    _staff(world, bureau, names)
    for order, (name, city) in enumerate(STATIONED_TEAMS):
        team = _unit(world, bureau, name=name, kind=UnitKind.STATIONED_TEAM, city=city, sort_order=order)
        _staff(world, team, names)

    # The zone has its own target (seed 000: 到位资金30亿元 …), not a division quota.
    zone = _unit(world, county, name=ZONE_NAME, short_name="开发区", kind=UnitKind.ZONE, sort_order=3)
    _staff(world, zone, names)

    order = 10
    for division_name, townships in TOWNSHIPS.items():
        for name in townships:
            unit = _unit(world, county, name=name, kind=UnitKind.TOWNSHIP, division=divisions[division_name], sort_order=order)
            _staff(world, unit, names)
            order += 1
    for division_name, departments in DEPARTMENTS.items():
        for name, short_name in departments:
            unit = _unit(
                world,
                county,
                name=name,
                short_name=short_name,
                kind=UnitKind.DEPARTMENT,
                division=divisions[division_name],
                sort_order=order,
            )
            _staff(world, unit, names)
            order += 1

    _logins(world)


def _logins(world: DemoWorld) -> None:
    # One hash for all: the demo password is public anyway, and hashing it seven
    # times with the production hasher would slow `make run` for nothing.
    password = make_password(DEMO_PASSWORD)
    for login in LOGINS:
        person = world.persons[login.person] if login.person else None
        superuser = login.role == Role.ADMIN
        user = User(
            username=login.username,
            first_name=person.name if person else "系统管理员",
            password=password,
            is_superuser=superuser,
            is_staff=superuser,
        )
        user._history_user = None
        user.save()
        assignment = RoleAssignment(user=user, role=login.role, unit=world.units[login.unit_name])
        assignment._history_user = None
        assignment.save()
        if person is not None:
            person.user = user
            person._history_user = None
            person.save(update_fields=["user"])
        world.users[login.username] = user
