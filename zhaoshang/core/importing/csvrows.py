"""CSV files from other systems (the government service platform exports CSV),
read like core/excel.read_rows: the same limits, header check and Chinese
refusals, so a Spec that accepts CSV (`Spec.csv`) runs the same pipeline."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings

from zhaoshang.core.excel import ImportFileError

# The platform exports UTF-8 (with or without BOM); older offices save as GBK.
ENCODINGS = ("utf-8-sig", "gb18030")


def is_csv(upload) -> bool:
    return (getattr(upload, "name", "") or "").lower().endswith(".csv")


def read_csv_rows(upload, headers: list[str], required: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, {header: value}) for every non-blank line. Raises
    ImportFileError for a file too large, in an unknown encoding, empty, or
    without the required headers."""
    if getattr(upload, "size", 0) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件超过 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB，请拆分后导入")
    raw = upload.read()
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 编码")
    reader = csv.reader(io.StringIO(text))
    found = [h.strip() for h in next(reader, [])]
    if not found:
        raise ImportFileError("文件是空的")
    missing = [h for h in required if h not in found]
    if missing:
        raise ImportFileError("缺少表头：" + "、".join(missing) + "。请使用系统提供的模板")
    positions = {h: found.index(h) for h in headers if h in found}
    count = 0
    for number, values in enumerate(reader, start=2):
        if all(not v.strip() for v in values):
            continue
        count += 1
        if count > settings.IMPORT_MAX_ROWS:
            raise ImportFileError(f"一次最多导入 {settings.IMPORT_MAX_ROWS} 行")
        yield number, {h: values[i] if i < len(values) else None for h, i in positions.items()}
