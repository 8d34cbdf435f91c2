"""A project's history as its page shows it: the project's own changes merged in
time order with those of its stage events, fund entries, obstacles, evidence,
follow-ups and investment plans, and with its credit split (分成) and team (班子)
told as whole lists before → after, since a clerk changes them as one list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from zhaoshang.core.history import EMPTY, Change, Entry, Format, Story, describe, look_up, newest_first, who
from zhaoshang.organisation.models import Person, Unit

from .fund_forms import WAN_LABEL, amount_in_wan
from .models import (
    Currency,
    EventKind,
    Evidence,
    EvidenceKind,
    FollowUp,
    FundEntry,
    InvestmentPlan,
    MonthlyInvestment,
    NoteKind,
    Obstacle,
    ObstacleCategory,
    ObstacleNote,
    Project,
    ProjectCredit,
    Stage,
    StageEvent,
    TeamMember,
    TeamRole,
)


def wan(amount: int, currency: str = Currency.CNY) -> str:
    """Integer 元 (or US cents) → '1,200.00 万元' ('12.00 万美元')."""
    return f"{amount_in_wan(amount, currency or Currency.CNY):,.2f} {WAN_LABEL[Currency(currency or Currency.CNY)]}"


def money_in(currency_field: str) -> Format:
    """An amount read in the currency its row names."""
    return lambda record, value: wan(value, getattr(record, currency_field))


def _event_subject(event) -> str:
    """A stage event (or its historical row) by what it records and its date."""
    if event.kind == EventKind.INTENT:
        return f"{EventKind.INTENT.label} {event.date:%Y-%m-%d}"
    if event.kind == EventKind.CORRECTION:
        return f"{EventKind.CORRECTION.label}为「{Stage(event.stage).label}」 {event.date:%Y-%m-%d}"
    return f"{Stage(event.stage).label} {event.date:%Y-%m-%d}"


def _fund_subject(entry) -> str:
    """A fund entry (or its historical row) by its date and amount."""
    return f"{entry.date:%Y-%m-%d} {wan(entry.amount, entry.currency)}"


# Evidence and corrections point at events and entries: named as their own entries are.
NAMERS = {StageEvent: _event_subject, FundEntry: _fund_subject}


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


STORIES: dict[type, Story] = {
    Project: Story(Project, formats={"total_investment": money_in("currency"), "contract_amount": money_in("currency")}),
    StageEvent: Story(
        StageEvent,
        noun="阶段事件",
        subject=_event_subject,
        # What the event is and its date are in the subject.
        created=["contract_amount", "company_uscc", "landing_unit", "note"],
        # When an event was recorded or voided is the entry's own time.
        hidden=frozenset({"recorded_at", "recorded_by", "voided_at"}),
        formats={"contract_amount": money_in("contract_currency")},
    ),
    FundEntry: Story(
        FundEntry,
        noun="到位资金",
        subject=_fund_subject,
        # Date and amount are in the subject; the workflow times are the entries' own.
        created=["kind", "corrects", "note"],
        hidden=frozenset({"reported_at", "reported_by", "approved_at", "verified_at", "returned_at"}),
        formats={"amount": money_in("currency")},
    ),
    Obstacle: Story(
        Obstacle,
        noun="问题",
        subject=lambda r: f"{_label(ObstacleCategory.choices, r.category)}：{r.description[:20]}",
        created=["category", "description", "responsible_unit", "deadline"],
        hidden=frozenset({"raised_at", "raised_by", "resolved_at", "instructed_at"}),
    ),
    ObstacleNote: Story(
        ObstacleNote,
        noun="问题办理记录",
        subject=lambda r: _label(NoteKind.choices, r.kind),
        created=["obstacle", "text", "attachment_name"],
        # The stored file has a random name; the clerk knows it by attachment_name.
        hidden=frozenset({"kind", "author", "created_at", "attachment", "attachment_type"}),
    ),
    Evidence: Story(
        Evidence,
        noun="证明材料",
        subject=lambda r: f"{r.original_name}（{_label(EvidenceKind.choices, r.kind)}）",
        created=["stage_event", "fund_entry"],
        # The stored file has a random name; the clerk knows it by original_name.
        hidden=frozenset({"file", "content_type", "size", "uploaded_at", "uploaded_by"}),
    ),
    FollowUp: Story(
        FollowUp,
        noun="跟踪记录",
        subject=lambda r: f"{r.date:%Y-%m-%d}",
        created=["note"],
        hidden=frozenset({"recorded_at", "recorded_by"}),
    ),
    InvestmentPlan: Story(
        InvestmentPlan,
        noun="年度投资计划",
        subject=lambda r: f"{r.year}年",
        created=["planned_amount"],
    ),
    MonthlyInvestment: Story(
        MonthlyInvestment,
        noun="月度完成投资",
        subject=lambda r: f"{r.month}月",
        created=["completed_amount"],
        hidden=frozenset({"plan"}),
    ),
}


def _rows(model: type, **filters: Any):
    """The history of every record that ever matched `filters`: a fund entry moved
    here from a merged duplicate brings its earlier rows, and its move reads as a
    change of 项目."""
    ever = model.history.filter(**filters).values("id")
    return model.history.filter(id__in=ever).select_related("history_user")


def project_history(project: Project) -> list[Entry]:
    """Every change to the project and to what belongs to it, newest first; a
    bounded number of queries however long the history."""
    plans = list(_rows(InvestmentPlan, project_id=project.pk))
    rows = [
        (STORIES[Project], project.history.select_related("history_user")),
        (STORIES[StageEvent], _rows(StageEvent, project_id=project.pk)),
        (STORIES[FundEntry], _rows(FundEntry, project_id=project.pk)),
        (STORIES[Obstacle], _rows(Obstacle, project_id=project.pk)),
        (STORIES[ObstacleNote], _rows(ObstacleNote, obstacle__project_id=project.pk)),
        (STORIES[Evidence], _rows(Evidence, project_id=project.pk)),
        (STORIES[FollowUp], _rows(FollowUp, project_id=project.pk)),
        (STORIES[InvestmentPlan], plans),
        (STORIES[MonthlyInvestment], _rows(MonthlyInvestment, plan_id__in={p.id for p in plans})),
    ]
    credits = list(_rows(ProjectCredit, project_id=project.pk))
    team = list(_rows(TeamMember, project_id=project.pk))
    names = look_up({Unit: {r.unit_id for r in credits}, Person: {r.person_id for r in team}})
    result = describe(rows, NAMERS)
    result += _list_changes(credits, "分成", lambda r: (r.unit_id, r.share_bp), lambda state: _credits_text(state, names))
    result += _list_changes(team, "项目班子", lambda r: (r.person_id, r.role), lambda state: _team_text(state, names))
    return newest_first(result)


def _credits_text(state: dict, names) -> str:
    shares = sorted(state.values(), key=lambda item: (-item[1], names.get((Unit, item[0]), "")))
    return "、".join(f"{names.get((Unit, unit_id), '（已删除的单位）')} {share / 100:g}%" for unit_id, share in shares)


def _team_text(state: dict, names) -> str:
    order = {role: n for n, role in enumerate(TeamRole.values)}
    members = sorted(state.values(), key=lambda item: (order.get(item[1], 99), names.get((Person, item[0]), "")))
    return "、".join(f"{_label(TeamRole.choices, role)}：{names.get((Person, person_id), '（已删除的人员）')}" for person_id, role in members)


def _list_changes(records: Iterable, label: str, value: Callable[[Any], tuple], text: Callable[[dict], str]) -> list[Entry]:
    """One entry per change of a list kept as rows (a credit per unit, a member per
    person): the whole list before → after. The actions give the rows of one change
    the same history time."""
    state: dict[Any, tuple] = {}
    result: list[Entry] = []
    group: list = []

    def close() -> None:
        if not group:
            return
        before = text(state) or EMPTY
        for record in group:
            if record.history_type == "-":
                state.pop(record.id, None)
            else:
                state[record.id] = value(record)
        after = text(state) or EMPTY
        if before != after:
            first = group[0]
            reasons = {r.history_change_reason for r in group if r.history_change_reason}
            result.append(
                Entry(
                    when=group[-1].history_date,
                    who=who(first),
                    kind=f"修改{label}",
                    reason="；".join(sorted(reasons)),
                    changes=[Change(label, before, after)],
                )
            )
        group.clear()

    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        if group and (record.history_user_id, record.history_date) != (group[0].history_user_id, group[0].history_date):
            close()
        group.append(record)
    close()
    return result
