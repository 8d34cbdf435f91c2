"""Checks on what users type or upload: the USCC check digit (GB 32100-2015) and
evidence files (PDF/JPG/PNG judged by their bytes, not their names)."""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The 18th character for the first 17 of a 统一社会信用代码."""
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    code = (code or "").strip().upper()
    if len(code) != 18 or any(ch not in USCC_CHARSET for ch in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def validate_uscc(code: str) -> None:
    """Field validator: an empty value is allowed (foreign investors have none)."""
    if code and not is_valid_uscc(code):
        raise ValidationError("统一社会信用代码无效：应为18位，且校验位须符合GB 32100-2015", code="invalid_uscc")


# Legal-form suffixes that people add or leave out when they type a company's name;
# dropping them lets 「深圳某某科技有限公司」 and 「深圳某某科技」 match.
_NAME_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司")


@lru_cache(maxsize=50_000)
def normalise_name(name: str) -> str:
    """A comparison key for investor and project names: full-width to half-width,
    lower case, no spaces or punctuation, no legal-form suffix. Remembered: an
    import asks it of each name several times (lookup, duplicates, new investors)."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    text = "".join(ch for ch in text if ch.isalnum())
    for suffix in _NAME_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


# What an evidence file may be, recognised by its first bytes.
_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
}
_EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES)


def sniff_file_type(head: bytes) -> str | None:
    return next((kind for kind, magics in _MAGIC.items() if head.startswith(magics)), None)


def validate_evidence_file(upload: File) -> str:
    """Refuses anything but a PDF, JPG or PNG within the size limit, and a file whose
    name claims one type while its bytes are another (a renamed .exe, a PNG called
    .pdf). Returns the detected type ('pdf', 'png', 'jpg')."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    claimed = _EXTENSIONS.get(extension)
    if claimed is None:
        raise ValidationError(f"证明材料「{name}」格式不支持：只能上传PDF、JPG或PNG文件", code="file_type")
    limit = evidence_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"证明材料「{name}」超过大小限制（最大{limit // (1024 * 1024)}MB）", code="file_size")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    actual = sniff_file_type(head)
    if actual is None:
        raise ValidationError(f"证明材料「{name}」不是有效的PDF、JPG或PNG文件", code="file_content")
    if actual != claimed:
        raise ValidationError(f"证明材料「{name}」的内容与扩展名不符（实际为{actual.upper()}文件）", code="file_mismatch")
    return actual
