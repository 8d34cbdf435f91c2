"""Excel columns of the activity lists: the export writes exactly the rows the
list shows with its current filters."""

from __future__ import annotations

from zhaoshang.core.excel import Column
from zhaoshang.core.money import to_wan


def _names(items) -> str:
    return "、".join(item.name for item in items)


TRIP_COLUMNS = [
    Column("出发日期", lambda t: t.start_date, 12),
    Column("返回日期", lambda t: t.end_date, 12),
    Column("组织单位", lambda t: t.unit.name, 20),
    Column("目的地城市", lambda t: t.destination_city, 12),
    Column("目的地国家/地区", lambda t: t.destination_country, 12),
    Column("带队领导", lambda t: "、".join(row.person.name for row in t.leader_rows.all()), 24),
    Column("主要负责人带队", lambda t: t.is_principal_led, 12),
    Column("参加人员", lambda t: t.participants, 24),
    Column("拜访企业", lambda t: "、".join([*(i.name for i in t.investors.all()), *t.companies_met.split()]), 30),
    Column("形成线索/项目", lambda t: _names(t.leads.all()), 30),
    Column("备注", lambda t: t.notes, 30),
]

VISIT_COLUMNS = [
    Column("来访日期", lambda v: v.start_date, 12),
    Column("离开日期", lambda v: v.end_date, 12),
    Column("来访客商", lambda v: v.investor.name, 28),
    Column("接待单位", lambda v: v.host_unit.name, 20),
    Column("来访人员", lambda v: v.visitors, 20),
    Column("陪同领导", lambda v: _names(v.leaders.all()), 20),
    Column("洽谈项目", lambda v: _names(v.projects.all()), 30),
    Column("备注", lambda v: v.notes, 30),
]

EVENT_COLUMNS = [
    Column("举办日期", lambda e: e.date, 12),
    Column("活动名称", lambda e: e.name, 30),
    Column("活动类型", lambda e: e.get_kind_display(), 10),
    Column("举办地点", lambda e: e.place, 16),
    Column("境外举办", lambda e: e.is_abroad, 10),
    Column("主办单位", lambda e: e.organiser.name, 20),
    Column("签约项目数", lambda e: e.signing_count, 10),
    Column("签约金额（万元）", lambda e: to_wan(e.signing_total), 16),
]

MEMBERSHIP_COLUMNS = [
    Column("驻点招商组", lambda m: m.team.name, 16),
    Column("城市", lambda m: m.team.city, 10),
    Column("姓名", lambda m: m.person.name, 10),
    Column("职务", lambda m: m.person.post, 14),
    Column("进组日期", lambda m: m.joined_on, 12),
    Column("离组日期", lambda m: m.left_on, 12),
    Column("备注", lambda m: m.note, 24),
]

PUBLICITY_COLUMNS = [
    Column("发布日期", lambda p: p.date, 12),
    Column("报送单位", lambda p: p.unit.name, 20),
    Column("标题", lambda p: p.title, 40),
    Column("刊发媒体", lambda p: p.outlet, 16),
    Column("链接", lambda p: p.url, 30),
]


def index_columns() -> list[Column]:
    from .models import SUB_INDICES

    columns = [Column("排名", lambda r: r.rank, 8), Column("单位", lambda r: r.unit.name, 20), Column("活跃指数", lambda r: r.score, 10)]
    for key, label in SUB_INDICES:
        columns.append(Column(f"{label}（数量）", lambda r, key=key: r.raw[key], 12))
        columns.append(Column(f"{label}（分项指数）", lambda r, key=key: round(r.normalised[key], 2), 12))
    return columns
