"""Who may do what with a case: it is read by the units that handle or received it
and by the bureau; handled by whoever may write for its current unit; visited back
by the bureau or the unit, but never by the person who handled or closed it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from zhaoshang.accounts import access
from zhaoshang.organisation.models import Unit

from .models import Case, CaseStatus


def can_receive(user: User | AnonymousUser) -> bool:
    return bool(access.write_paths(user))


def can_handle_case(user: User | AnonymousUser, case: Case) -> bool:
    return access.covers(access.write_paths(user), case.unit.path)


def is_bureau_over(user: User | AnonymousUser, case: Case) -> bool:
    return access.covers(access.bureau_paths(user), case.unit.path)


def can_transfer(user: User | AnonymousUser, case: Case) -> bool:
    return case.status in (CaseStatus.NEW, CaseStatus.HANDLING) and can_handle_case(user, case)


def can_visit(user: User | AnonymousUser, case: Case) -> bool:
    """The same predicate the button and do_record_visit use."""
    return (
        case.status == CaseStatus.CLOSED
        and (can_handle_case(user, case) or is_bureau_over(user, case))
        and user.pk not in (case.handler_id, case.closed_by_id)
    )


def units_for_cases(user: User | AnonymousUser):
    """Units a case may be given to by this user: those under the units it writes for
    (the bureau: its whole jurisdiction)."""
    from zhaoshang.organisation.models import subtree_q

    return Unit.objects.filter(subtree_q(access.write_paths(user)), is_active=True).order_by("path")


def transfer_targets(case: Case):
    """Any active unit of the case's county."""
    return Unit.objects.filter(path__startswith=case.unit.path[: Unit.steplen], is_active=True).exclude(pk=case.unit_id).order_by("path")


def get_case_for_user(user: User, pk: int, write: bool = False) -> Case:
    """The case, 404 when the user may not see it, 403 when he may see but not act."""
    case = get_object_or_404(Case.objects.visible_to(user).select_related("unit", "intake_unit", "investor", "project"), pk=pk)
    if write and not (can_handle_case(user, case) or is_bureau_over(user, case)):
        raise PermissionDenied
    return case
