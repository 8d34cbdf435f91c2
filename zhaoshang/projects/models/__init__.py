"""Projects (项目), investors (客商库), stage events, funds arrived, obstacles:
docs/domain.md §3.

Rules for whoever reads these tables (the metric engine in particular):

- Money is integer: 元 when `currency` is CNY, cents when it is USD. Convert with
  `ExchangeRate.to_cny(amount, currency, year)`.
- `Project.stage` is a *cache* of the project's stage events, maintained only by
  `actions.py`. The truth is `StageEvent` rows: never edited, never deleted; a
  bureau correction marks them `voided_at` and adds a correction event. Figures as
  of date D read the events with `date <= D` that were not voided by D
  (`StageEvent.objects.as_of(D)`).
- Signing data (contract date and amount) lives on the `signed` event and is
  mirrored on the project (`signed_on`, `contract_amount`) for lists and filters.
- Funds count as verified as of D when verified with `verified_at <= D`: `arrived_by(moment)`,
  `verified_by(day)` (to the end of the day), `FundEntry.objects.verified_as_of`.
- Credit: each project has `ProjectCredit` rows whose `share_bp` (basis points)
  sum to 10000. Metrics multiply by share_bp / 10000.
- Duplicates: a merged project keeps its own history and points to the survivor
  (`duplicate_of`); its events, fund entries, obstacles and evidence move to the
  survivor. `Project.objects.counted()` excludes merged projects and projects
  still held as suspected duplicates, so nothing is counted twice.
"""

from .choices import (
    INITIAL_STAGES,
    PIPELINE,
    SIZE_BANDS,
    UNCOUNTED,
    YI,
    Category,
    Currency,
    DuplicateStatus,
    EnvScreening,
    InvestorKind,
    KeyLevel,
    LandStatus,
    Stage,
    TeamRole,
    counted_q,
)
from .funds import (
    Evidence,
    EvidenceKind,
    FundEntry,
    FundEntryQuerySet,
    FundKind,
    FundStatus,
    arrived_by,
    evidence_path,
    pending_at,
    pending_on,
    verified_by,
)
from .imports import ImportKind, ImportLog, ImportLogQuerySet, ImportStatus, import_file_path
from .investors import Investor, InvestorContact, InvestorQuerySet, mask_email, mask_name
from .obstacles import OBSTACLE_TRANSITIONS, NoteKind, Obstacle, ObstacleCategory, ObstacleNote, ObstacleQuerySet, ObstacleStatus, obstacle_note_path
from .plans import ExchangeRate, ExchangeRateQuerySet, InvestmentPlan, MonthlyInvestment, rates_read_once
from .followups import FollowUp, FollowUpQuerySet
from .credits import ProjectCredit
from .projects import (
    PLANNED_DATES,
    EventKind,
    Project,
    ProjectQuerySet,
    StageEvent,
    StageEventQuerySet,
    TeamMember,
    events_as_of,
    investing_at_least,
    planned_date,
    planned_date_errors,
    reached,
)

__all__ = ["Category", "Currency", "DuplicateStatus", "EnvScreening", "INITIAL_STAGES", "InvestorKind", "KeyLevel", "LandStatus", "PIPELINE", "SIZE_BANDS", "Stage", "TeamRole", "UNCOUNTED", "YI", "counted_q", "Investor", "InvestorContact", "InvestorQuerySet", "mask_email", "mask_name", "EventKind", "FollowUp", "FollowUpQuerySet", "PLANNED_DATES", "Project", "ProjectCredit", "ProjectQuerySet", "StageEvent", "StageEventQuerySet", "TeamMember", "events_as_of", "investing_at_least", "planned_date", "planned_date_errors", "reached", "Evidence", "EvidenceKind", "FundEntry", "FundEntryQuerySet", "FundKind", "FundStatus", "arrived_by", "evidence_path", "pending_at", "pending_on", "verified_by", "ExchangeRate", "ExchangeRateQuerySet", "InvestmentPlan", "MonthlyInvestment", "rates_read_once", "NoteKind", "OBSTACLE_TRANSITIONS", "Obstacle", "ObstacleCategory", "ObstacleNote", "ObstacleQuerySet", "ObstacleStatus", "obstacle_note_path", "ImportKind", "ImportLog", "ImportLogQuerySet", "ImportStatus", "import_file_path"]
