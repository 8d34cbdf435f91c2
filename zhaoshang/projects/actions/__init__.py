"""Every change to projects goes through here: the screens, the Excel import and the
API call these functions and nothing else.

Each action checks who may do it (PermissionDenied), checks the domain rules
(ValidationError with Chinese messages keyed by field), runs inside one
transaction, and sets `_history_user` so django-simple-history records who.
`Project.stage` and the signing fields on the project are caches of the stage
events; only `_sync_from_events` writes them.
"""

from .common import Upload
from .duplicates import do_mark_distinct, do_merge_projects
from .funds import (
    FUND_FIELDS,
    do_approve_funds,
    do_approve_funds_bulk,
    do_attach_evidence,
    do_report_funds,
    do_return_funds,
    do_return_funds_bulk,
    do_update_fund_entry,
    do_verify_funds,
    do_verify_funds_bulk,
)
from .investors import INVESTOR_FIELDS, do_add_investor_contact, do_create_investor, do_find_or_create_investor, do_update_investor
from .obstacles import (
    OBSTACLE_FIELDS,
    do_add_obstacle,
    do_add_obstacle_note,
    do_give_obstacle_instruction,
    do_record_follow_up,
    do_update_obstacle_status,
)
from .plans import do_record_monthly_investment, do_set_exchange_rate, do_set_investment_plan, plan_years
from .projects import (
    FULL_SHARE,
    NAME_SIMILARITY,
    PROJECT_FIELDS,
    check_credits_for,
    check_leader,
    creditable_units,
    do_create_project,
    do_create_project_from_screen,
    do_set_credits,
    do_set_team,
    do_update_project,
    find_duplicates,
    looks_alike,
    validate_credits,
)
from .stages import (
    allowed_stages,
    correctable_stages,
    do_correct_stage,
    do_record_intent,
    do_record_stage,
    skipped_stages,
)

__all__ = ["Upload", "FULL_SHARE", "NAME_SIMILARITY", "PROJECT_FIELDS", "check_credits_for", "check_leader", "creditable_units", "do_create_project", "do_create_project_from_screen", "do_set_credits", "do_set_team", "do_update_project", "find_duplicates", "looks_alike", "validate_credits", "FUND_FIELDS", "do_approve_funds", "do_approve_funds_bulk", "do_attach_evidence", "do_report_funds", "do_return_funds", "do_return_funds_bulk", "do_update_fund_entry", "do_verify_funds", "do_verify_funds_bulk", "OBSTACLE_FIELDS", "do_add_obstacle", "do_add_obstacle_note", "do_give_obstacle_instruction", "do_record_follow_up", "do_update_obstacle_status", "INVESTOR_FIELDS", "do_add_investor_contact", "do_create_investor", "do_find_or_create_investor", "do_update_investor", "allowed_stages", "correctable_stages", "do_correct_stage", "do_record_intent", "do_record_stage", "skipped_stages", "do_mark_distinct", "do_merge_projects", "do_record_monthly_investment", "do_set_exchange_rate", "do_set_investment_plan", "plan_years"]
