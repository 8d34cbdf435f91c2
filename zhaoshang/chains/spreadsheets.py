"""Excel columns of the target list (the import reads the same headers back)."""

from __future__ import annotations

from zhaoshang.core.excel import Column

TARGET_COLUMNS = [
    Column("产业链", lambda t: t.link.chain.name, 16),
    Column("环节", lambda t: t.link.name, 16),
    Column("环节状态", lambda t: t.link.get_state_display(), 10),
    Column("企业名称", lambda t: t.name, 28),
    Column("统一社会信用代码", lambda t: t.uscc, 22),
    Column("企业层级", lambda t: t.get_tier_display(), 12),
    Column("信息来源", lambda t: t.source, 16),
    Column("招引理由", lambda t: t.reason, 30),
    Column("责任单位", lambda t: t.owner_unit.name, 16),
    Column("责任人", lambda t: t.owner.name if t.owner else "", 10),
    Column("对接进度", lambda t: t.get_contact_stage_display(), 10),
    Column("转化项目", lambda t: t.project.name if t.project else "", 24),
]
