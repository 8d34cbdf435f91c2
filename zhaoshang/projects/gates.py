"""Stage gates (docs/domain.md §3): what entering a stage requires, in one table.
`actions.do_record_stage` refuses a stage whose requirements are missing
(`gate_errors`), and `project_forms.StageForm` asks for exactly these inputs, with
the same messages, for every stage being entered (the target and any it skips)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import EvidenceKind, Stage


@dataclass(frozen=True)
class Requirement:
    field: str  # the key of the action's refusal and of the form's input
    message: str  # shown when it is missing
    evidence: tuple[str, ...] = ()  # for field "evidence": any of these kinds


GATES: dict[Stage, tuple[Requirement, ...]] = {
    Stage.SIGNED: (
        Requirement("contract_amount", "签约须填写合同金额（大于0）"),
        Requirement("evidence", "签约须上传正式合同（意向协议不算签约）", (EvidenceKind.CONTRACT,)),
    ),
    Stage.REGISTERED: (
        Requirement("company_uscc", "落地须填写项目公司统一社会信用代码"),
        Requirement("landing_unit", "落地须填写落地园区/乡镇"),
    ),
    Stage.STARTED: (Requirement("evidence", "开工须上传现场照片或施工许可", (EvidenceKind.SITE_PHOTO, EvidenceKind.PERMIT)),),
}

# Which event an evidence file belongs to, when several stages are entered at once.
EVIDENCE_STAGE = {
    EvidenceKind.CONTRACT: Stage.SIGNED,
    EvidenceKind.LICENCE: Stage.REGISTERED,
    EvidenceKind.SITE_PHOTO: Stage.STARTED,
    EvidenceKind.PERMIT: Stage.STARTED,
}


def requirement(stage: Stage, field: str) -> Requirement | None:
    return next((r for r in GATES.get(stage, ()) if r.field == field), None)


def requires(stages: list[Stage], field: str) -> bool:
    """Whether entering any of `stages` asks for `field` (the form's question)."""
    return any(requirement(stage, field) for stage in stages)
