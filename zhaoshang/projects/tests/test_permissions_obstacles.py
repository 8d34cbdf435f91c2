"""Who may open each URL of the obstacle loop, screens and API. In this world the
obstacle of 城关镇's project is handed to 河口镇, so `other_reporter` plays the
responsible department: it reads and works that obstacle, never another one of
the project (404), never the project itself (test_obstacle_loop)."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
# The obstacle's page: its project's unit, the department, and everyone who reads the county.
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
# Working on it: the project's unit and the department (and the bureau); the leader reads.
WORK = {"anonymous": LOGIN, "reporter": 302, "other_reporter": 302, "unit_head": 302, "leader": 403, "bureau_user": 302, "admin_user": 302}
# An obstacle of the same project handed to someone else: the department gets 404.
FOREIGN = {"anonymous": LOGIN, "other_reporter": 404}
# 批示: only the leader the problem was escalated to.
INSTRUCT = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 302, "bureau_user": 403, "admin_user": 403}

API_READ = {**READ, "anonymous": 401}
API_WORK = {**WORK, "anonymous": 401, "reporter": 200, "other_reporter": 200, "unit_head": 200, "bureau_user": 200, "admin_user": 200}
API_NOTE = {**API_WORK, "reporter": 201, "other_reporter": 201, "unit_head": 201, "bureau_user": 201, "admin_user": 201}
API_FOREIGN = {"anonymous": 401, "other_reporter": 404}
API_INSTRUCT = {**INSTRUCT, "anonymous": 401, "leader": 200}


def obstacle(w):
    return [w.obstacle.pk]


def foreign(w):
    return [w.foreign.pk]


def escalated(w):
    return [w.escalated.pk]


def proposal(w):
    return {"note": "已解决", "version": w.obstacle.version, "evidence": SimpleUploadedFile("验收单.pdf", b"%PDF-1.4\n%%EOF\n")}


def note(w):
    return {"text": "已对接企业"}


def instruction(w):
    return {"text": "特事特办", "version": w.escalated.version}


CASES = [
    Case("projects:obstacle_detail", READ, args=obstacle),
    Case("projects:obstacle_detail", FOREIGN, args=foreign),
    Case("projects:obstacle_note", WORK, args=obstacle, method="post", data=note),
    Case("projects:obstacle_note", FOREIGN, args=foreign, method="post", data=note),
    Case("projects:obstacle_note", {"anonymous": LOGIN, "reporter": 405}, args=obstacle),
    Case("projects:obstacle_propose", WORK, args=obstacle, method="post", data=proposal),
    Case("projects:obstacle_propose", FOREIGN, args=foreign, method="post", data=proposal),
    Case("projects:obstacle_instruct", INSTRUCT, args=escalated, method="post", data=instruction),
    Case("projects:obstacle_instruct", FOREIGN, args=foreign, method="post", data=instruction),
    Case("projects:obstacle_attachment", READ, args=lambda w: [w.note.pk]),
    Case("projects:obstacle_attachment", FOREIGN, args=lambda w: [w.foreign_note.pk]),
    Case("api:obstacle_detail", API_READ, args=obstacle),
    Case("api:obstacle_detail", API_FOREIGN, args=foreign),
    Case("api:obstacle_note", API_NOTE, args=obstacle, method="post_form", data=note),
    Case("api:obstacle_note", API_FOREIGN, args=foreign, method="post_form", data=note),
    Case("api:obstacle_proposal", API_WORK, args=obstacle, method="post_form", data=proposal),
    Case("api:obstacle_instruction", API_INSTRUCT, args=escalated, method="post", data=instruction),
]


@pytest.fixture
def world(county, reporter, leader):
    from zhaoshang.organisation.models import Person
    from zhaoshang.projects import actions
    from zhaoshang.projects.factories import ObstacleFactory, ProjectFactory, pdf_file
    from zhaoshang.projects.models import ObstacleStatus

    w = SimpleNamespace(**vars(county))
    w.project = ProjectFactory(name="新能电池生产基地", introducing_unit=county.township)
    w.obstacle = ObstacleFactory(project=w.project, responsible_unit=county.other_township)
    w.foreign = ObstacleFactory(project=w.project, responsible_unit=county.department)
    w.escalated = ObstacleFactory(
        project=w.project,
        responsible_unit=county.other_township,
        status=ObstacleStatus.ESCALATED,
        escalated_to=Person.objects.get(user=leader),
    )
    w.note = actions.do_add_obstacle_note(w.obstacle, "现场踏勘", reporter, pdf_file("踏勘记录.pdf"))
    w.foreign_note = actions.do_add_obstacle_note(w.foreign, "现场踏勘", reporter, pdf_file("踏勘记录.pdf"))
    return w


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
