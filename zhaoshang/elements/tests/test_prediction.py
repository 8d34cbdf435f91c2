"""The predicted start follows the critical path of unfinished blocking steps, in
working days of the calendar (hand-computed dates; 2025 has its holidays seeded)."""

from datetime import date

import pytest

from zhaoshang.elements.alerts import late_starts
from zhaoshang.elements.models import StepState
from zhaoshang.elements.prediction import predict_project
from zhaoshang.projects.models import Project
from zhaoshang.timelimits.calendar import WorkingCalendar

TODAY = date(2025, 3, 3)  # a Monday


def _finish(project, *codes):
    project.element_steps.filter(code__in=codes).update(state=StepState.DONE, completed_on=TODAY)


@pytest.fixture
def land_waiting(project):
    """Filing and land approval done; 供地 planned for Monday 2025-06-16, the binding date."""
    _finish(project, "filing", "land_preselect", "land_approval")
    project.element_steps.filter(code="land_supply").update(planned_date=date(2025, 6, 16))
    return project


def test_the_prediction_follows_the_land_chain(land_waiting):
    prediction = predict_project(land_waiting, TODAY)
    # 供地 06-16 → 不动产权证 +5 = 06-23 → 规划许可 +10 = 07-07 → 施工许可 +7 = 07-16 → start the next working day.
    assert prediction.start == date(2025, 7, 17)
    assert [step.code for step in prediction.critical] == [
        "land_supply",
        "land_certificate",
        "planning_permit",
        "construction_permit",
    ]
    assert not prediction.is_late  # agreed 2025-07-20


def test_delaying_land_supply_by_ten_working_days_moves_the_start_ten_working_days_and_raises_the_alert(land_waiting):
    before = predict_project(land_waiting, TODAY)
    assert late_starts(Project.objects.all(), TODAY) == []
    calendar = WorkingCalendar()
    land_waiting.element_steps.filter(code="land_supply").update(planned_date=calendar.add_working_days(date(2025, 6, 16), 10))

    after = predict_project(land_waiting, TODAY)

    assert after.start == calendar.add_working_days(before.start, 10) == date(2025, 7, 31)
    assert after.is_late and after.late_days() == 11
    [alert] = late_starts(Project.objects.all(), TODAY)
    assert alert.project == land_waiting and alert.prediction.start == date(2025, 7, 31)


def test_finishing_a_non_blocking_step_changes_nothing(land_waiting):
    before = predict_project(land_waiting, TODAY)
    _finish(land_waiting, "labour", "power_connect", "water")
    assert predict_project(land_waiting, TODAY).start == before.start


def test_finishing_a_step_on_the_critical_path_moves_the_start_earlier(land_waiting):
    _finish(land_waiting, "land_supply")
    # 不动产权证 from today 03-10 → 规划 03-24; 环评 20 days → 03-31 now sets 施工许可:
    # +7 skipping 清明 (04-04) → 04-10; start 04-11.
    prediction = predict_project(land_waiting, TODAY)
    assert prediction.start == date(2025, 4, 11)
    assert [step.code for step in prediction.critical] == ["environment", "construction_permit"]


def test_holidays_are_not_working_days(project):
    """Everything done but 施工许可 (7 working days) from 2025-09-26: the National Day
    holiday (10-01…10-08) and the make-up Saturday 09-28 and 10-11 are counted right."""
    project.element_steps.exclude(code="construction_permit").update(state=StepState.DONE)
    prediction = predict_project(project, date(2025, 9, 26))
    # Working days after 09-26: 09-28 (Sun, make-up), 09-29, 09-30, 10-09, 10-10, 10-11 (Sat, make-up), 10-13.
    assert prediction.start == date(2025, 10, 14)


def test_a_project_with_everything_done_has_nothing_blocking_its_start(project):
    project.element_steps.update(state=StepState.DONE)
    prediction = predict_project(project, TODAY)
    assert prediction.start is None and not prediction.is_late
