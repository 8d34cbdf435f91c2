
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.history import save_with_history as _save
from zhaoshang.core.ranges import EARLIEST_DATE, validate_amount

from ..models import (
    Evidence,
    EvidenceKind,
    FundEntry,
    Project,
)
from ..validators import CONTENT_TYPES, validate_evidence_file


@dataclass(frozen=True)
class Upload:
    """An evidence file on its way in, with what it proves."""

    kind: str
    file: File


# ---------------------------------------------------------------- helpers


def _section_link(project: Project, section: str) -> str:
    """Where a notification about a project's funds or obstacles is dealt with."""
    return reverse("projects:project_detail", args=[project.pk]) + f"#{section}"


def _fund_label(entry: FundEntry) -> str:
    return f"「{entry.project.name}」{entry.date:%Y-%m-%d}的到位资金"


def _check_fields(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    """Unknown keys are a programming error in the caller, not a user mistake."""
    if unknown := set(data) - allowed:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


def _not_future(day: date, field: str = "date", label: str = "实际日期") -> None:
    """An actual date: happened already, and not before the earliest plausible date."""
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    if day < EARLIEST_DATE:
        raise ValidationError({field: f"{label}不能早于{EARLIEST_DATE:%Y-%m-%d}"})


def _plausible_amount(amount: int, field: str) -> None:
    try:
        validate_amount(amount)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _require_reason(reason: str, message: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: message})
    return reason


def _clean(obj: models.Model, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=True)


def _attach(project: Project, upload: Upload, user: User, **links: Any) -> Evidence:
    detected = validate_evidence_file(upload.file)
    if upload.kind not in EvidenceKind.values:
        raise ValidationError({"evidence": "证明材料类型无效"})
    evidence = Evidence(
        project=project,
        kind=upload.kind,
        original_name=(upload.file.name or "").rsplit("/", 1)[-1][:200],
        content_type=CONTENT_TYPES[detected],
        size=upload.file.size or 0,
        uploaded_by=user,
        **links,
    )
    evidence.file.save(upload.file.name, upload.file, save=False)
    _save(evidence, user)
    return evidence
