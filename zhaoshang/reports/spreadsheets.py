"""Excel export of the circular archive."""

from zhaoshang.core.excel import Column

CIRCULAR_COLUMNS = [
    Column("辖区", lambda c: c.jurisdiction.name, 14),
    Column("通报期间", lambda c: c.period_label, 16),
    Column("版本", lambda c: c.version, 8),
    Column("状态", lambda c: c.get_status_display(), 10),
    Column("进度（%）", lambda c: c.progress, 10),
    Column("生成人", lambda c: c.requested_by.get_full_name() or c.requested_by.username, 14),
    Column("申请时间", lambda c: c.requested_at, 20),
    Column("完成时间", lambda c: c.finished_at, 20),
    Column("错误信息", lambda c: c.error, 40),
]
