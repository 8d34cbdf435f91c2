from datetime import date

import pytest

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.elements import actions
from zhaoshang.elements.defaults import seed_templates
from zhaoshang.elements.models import StepTemplate
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.projects.models import Stage
from zhaoshang.timelimits.models import CalendarDay, Policy
from zhaoshang.timelimits.seeding import seed_calendar, seed_policies


@pytest.fixture(autouse=True)
def seeded(db):
    """What the data migrations wrote, again (a browser test's flush empties tables)."""
    seed_policies(Policy)
    seed_calendar(CalendarDay)
    seed_templates(StepTemplate)


@pytest.fixture
def department_user(county):
    """A reporter of 县经信局, the department that owes steps on townships' projects."""
    return user_with_role(Role.REPORTER, county.department, username="jingxin")


@pytest.fixture
def project(county, reporter):
    """A signed township project on new land, agreed to start on 2025-07-20, whose
    land steps are owed by 县经信局 (standing in for the land bureau)."""
    project = ProjectFactory(name="新能电池项目", introducing_unit=county.township, stage=Stage.SIGNED, planned_started_on=date(2025, 7, 20))
    actions.do_generate_steps(project, "new_land", reporter)
    project.element_steps.filter(kind="land").update(responsible_unit=county.department)
    return project
