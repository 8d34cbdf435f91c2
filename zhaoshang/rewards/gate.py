"""The compliance gate (docs/domain.md §9). Since 2024-08-01 the 公平竞争审查条例
forbids, without a basis in law, administrative regulation or State Council
approval, rewards tied to an enterprise's tax payment or conditioned on moving its
registration, paying tax locally or being counted in local statistics. Such a rule
is enabled only with the document number of its legal basis and a compliance
reviewer's approval. One table of triggers serves the enable action, the API and
the rule page's warning."""

from __future__ import annotations

from .calculator import Base
from .models import RewardRule

REGULATION = "《公平竞争审查条例》（2024年8月1日起施行）"

RULE_TEXT = (
    f"依照{REGULATION}，没有法律、行政法规依据或者未经国务院批准，不得根据经营者缴纳的税收给予奖励，"
    "不得以迁移注册地、在本地纳税或者纳入本地统计为条件给予奖励"
)


def triggers(rule: RewardRule) -> list[str]:
    """What puts the rule behind the gate, in Chinese (empty: not gated)."""
    found = []
    if rule.base in Base.TAX_LINKED:
        found.append(f"以{Base.label(rule.base)}为奖励基数")
    for flag, text in (
        (rule.requires_relocation, "以迁移注册地为条件"),
        (rule.requires_local_tax, "以在本地纳税为条件"),
        (rule.requires_local_statistics, "以纳入本地统计为条件"),
    ):
        if flag:
            found.append(text)
    return found


def missing(rule: RewardRule) -> list[str]:
    """What a gated rule still lacks before it can be enabled."""
    if not triggers(rule):
        return []
    lacking = []
    if not rule.legal_basis.strip():
        lacking.append("未填写法律依据文号")
    if rule.compliance_approved_by_id is None:
        lacking.append("未经合规审查员审核同意")
    return lacking


def refusal(rule: RewardRule) -> str:
    """Why the rule cannot be enabled now, or "" when it can."""
    lacking = missing(rule)
    if not lacking:
        return ""
    return (
        f"不能启用：该规则{'、'.join(triggers(rule))}。{RULE_TEXT}；须填写法律依据文号并经合规审查员审核同意后方可启用（当前{'，'.join(lacking)}）。"
    )
