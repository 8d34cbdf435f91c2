"""The case list's Excel export (every cell through core/excel.py)."""

from __future__ import annotations

from django.utils import timezone

from zhaoshang.core.excel import Column


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


CASE_COLUMNS = [
    Column("编号", lambda c: c.number, 14),
    Column("诉求标题", lambda c: c.title, 30),
    Column("企业名称", lambda c: c.investor_name, 24),
    Column("统一社会信用代码", lambda c: c.uscc, 20),
    Column("来源渠道", lambda c: c.get_channel_display(), 10),
    Column("诉求类型", lambda c: c.get_case_type_display(), 10),
    Column("紧急程度", lambda c: c.get_urgency_display(), 10),
    Column("外商投诉", lambda c: "是" if c.foreign else "否", 8),
    Column("承办单位", lambda c: c.unit.name, 16),
    Column("状态", lambda c: c.get_status_display(), 12),
    Column("登记时间", lambda c: _moment(c.received_at), 16),
    Column("签收时间", lambda c: _moment(c.accepted_at), 16),
    Column("办结时间", lambda c: _moment(c.closed_at), 16),
    Column("问题已解决", lambda c: "是" if c.resolved else "否", 8),
    Column("办理结果", lambda c: c.result, 30),
]
