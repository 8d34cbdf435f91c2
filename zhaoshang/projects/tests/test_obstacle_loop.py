"""The obstacle loop (issue 11.3): the responsible department reads only what it
needs, keeps a thread of handling notes, proposes 销号 with evidence; the project's
unit confirms or returns it; a leader gives 批示 on an escalated problem."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.models import Person
from zhaoshang.projects import actions
from zhaoshang.projects.factories import PDF_BYTES, ObstacleFactory, pdf_file
from zhaoshang.projects.history import project_history
from zhaoshang.projects.models import NoteKind, ObstacleStatus
from zhaoshang.todo import registry
from zhaoshang.todo.models import Notification, NotificationKind


@pytest.fixture
def department_user(county):
    """A reporter of 县经信局, the department the problem is handed to."""
    return user_with_role(Role.REPORTER, county.department, username="jingxin")


@pytest.fixture
def obstacle(project, county):
    return ObstacleFactory(project=project, responsible_unit=county.department, description="供电线路未接通")


def kinds(obstacle) -> list[str]:
    return [note.kind for note in obstacle.notes.all()]


def todo_keys(user, today) -> dict[str, int]:
    return {s.source.key: s.count for s in registry.sections(user, today) if s.count}


def propose(obstacle, user, **kwargs):
    return actions.do_update_obstacle_status(
        obstacle, ObstacleStatus.PROPOSED, user, note="已接通10千伏线路", evidence=pdf_file("接电验收单.pdf"), **kwargs
    )


# ---------------------------------------------------------------- actions


def test_the_department_keeps_a_thread_of_notes_instead_of_one_field(obstacle, department_user):
    actions.do_add_obstacle_note(obstacle, "已约供电公司现场踏勘", department_user)
    actions.do_add_obstacle_note(obstacle, "线路方案已批复", department_user, pdf_file("批复.pdf"))
    notes = list(obstacle.notes.all())
    assert [n.text for n in notes] == ["已约供电公司现场踏勘", "线路方案已批复"]
    assert (notes[1].attachment_name, notes[1].attachment_type, notes[1].author) == ("批复.pdf", "application/pdf", department_user)


def test_a_note_needs_text_and_a_handler(obstacle, department_user, other_reporter):
    with pytest.raises(ValidationError):
        actions.do_add_obstacle_note(obstacle, "  ", department_user)
    with pytest.raises(PermissionDenied):
        actions.do_add_obstacle_note(obstacle, "不是我的问题", other_reporter)


def test_the_department_cannot_close_but_proposes_with_evidence(obstacle, department_user):
    with pytest.raises(ValidationError) as refused:
        actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, department_user, note="已解决")
    assert "项目所属单位确认" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        actions.do_update_obstacle_status(obstacle, ObstacleStatus.PROPOSED, department_user, note="已解决")
    assert refused.value.message_dict == {"evidence": ["申请销号须附证明材料"]}

    proposed = propose(obstacle, department_user)

    assert proposed.status == ObstacleStatus.PROPOSED
    assert proposed.resolved_at is None
    note = proposed.notes.get()
    assert (note.kind, note.attachment_name) == (NoteKind.PROPOSAL, "接电验收单.pdf")


def test_the_project_unit_confirms_and_only_then_it_is_closed(obstacle, department_user, unit_head, reporter):
    propose(obstacle, department_user)
    assert Notification.objects.filter(recipient__in=[reporter, unit_head], kind=NotificationKind.OBSTACLE_PROPOSED).count() == 2

    closed = actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, unit_head)

    assert closed.status == ObstacleStatus.RESOLVED
    assert closed.resolved_at is not None
    assert kinds(closed) == [NoteKind.PROPOSAL, NoteKind.CLOSED]
    assert Notification.objects.get(recipient=department_user, kind=NotificationKind.OBSTACLE_CLOSED)


def test_the_project_unit_returns_a_proposal_with_a_reason(obstacle, department_user, reporter):
    propose(obstacle, department_user)
    with pytest.raises(ValidationError) as refused:
        actions.do_update_obstacle_status(obstacle, ObstacleStatus.IN_PROGRESS, reporter)
    assert refused.value.message_dict == {"note": ["退回须说明原因"]}

    returned = actions.do_update_obstacle_status(obstacle, ObstacleStatus.IN_PROGRESS, reporter, note="企业反映仍未通电")

    assert returned.status == ObstacleStatus.IN_PROGRESS
    assert kinds(returned) == [NoteKind.PROPOSAL, NoteKind.RETURNED]
    assert Notification.objects.get(recipient=department_user, kind=NotificationKind.OBSTACLE_RETURNED).text.endswith("企业反映仍未通电")


def test_the_department_cannot_answer_its_own_proposal(obstacle, department_user):
    propose(obstacle, department_user)
    with pytest.raises(ValidationError):
        actions.do_update_obstacle_status(obstacle, ObstacleStatus.RESOLVED, department_user, note="自己确认")


def test_the_leader_it_was_escalated_to_gives_an_instruction(obstacle, reporter, leader, bureau_user, department_user):
    governor = Person.objects.get(user=leader)
    with pytest.raises(PermissionDenied):  # not escalated yet
        actions.do_give_obstacle_instruction(obstacle, "抓紧办理", leader)
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, note="需县领导协调", escalated_to=governor)
    with pytest.raises(PermissionDenied):
        actions.do_give_obstacle_instruction(obstacle, "抓紧办理", bureau_user)

    obstacle.refresh_from_db()
    instructed = actions.do_give_obstacle_instruction(obstacle, "请供电公司一周内接通", leader, expected_version=obstacle.version)

    assert (instructed.instruction, instructed.instructed_by) == ("请供电公司一周内接通", governor)
    assert instructed.status == ObstacleStatus.IN_PROGRESS  # back to the department, as instructed
    assert kinds(instructed) == [NoteKind.ESCALATION, NoteKind.INSTRUCTION]
    assert Notification.objects.filter(kind=NotificationKind.OBSTACLE_INSTRUCTED, recipient=department_user).exists()
    assert Notification.objects.filter(kind=NotificationKind.OBSTACLE_INSTRUCTED, recipient=reporter).exists()


def test_the_instruction_and_the_thread_are_in_the_project_history(obstacle, reporter, leader):
    governor = Person.objects.get(user=leader)
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, note="需县领导协调", escalated_to=governor)
    actions.do_give_obstacle_instruction(obstacle, "请供电公司一周内接通", leader)
    text = "\n".join(
        f"{e.kind} {e.subject} {e.who} " + " ".join(f"{c.field}：{c.old} → {c.new}" for c in e.changes) for e in project_history(obstacle.project)
    )
    assert "领导批示：（空） → 请供电公司一周内接通" in text
    assert "批示领导：（空） → 王县长" in text
    assert "新增问题办理记录 上报" in text
    assert "instruction" not in text


# ---------------------------------------------------------------- 待办


def test_each_step_waits_on_the_right_person(obstacle, department_user, reporter, leader, today):
    assert todo_keys(department_user, today) == {"assigned_obstacles": 1}
    propose(obstacle, department_user)
    assert todo_keys(department_user, today) == {}
    assert todo_keys(reporter, today) == {"closures_to_confirm": 1}
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.IN_PROGRESS, reporter, note="仍未通电")
    assert todo_keys(reporter, today) == {}
    assert todo_keys(department_user, today) == {"assigned_obstacles": 1}
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, department_user, note="协调", escalated_to=Person.objects.get(user=leader))
    assert todo_keys(department_user, today) == {}
    assert todo_keys(leader, today)["escalated_obstacles"] == 1


# ---------------------------------------------------------------- screens


def test_the_department_reads_the_obstacle_page_but_not_the_project(obstacle, department_user, client_for):
    client = client_for(department_user)
    page = client.get(reverse("projects:obstacle_detail", args=[obstacle.pk])).content.decode()
    assert "新能电池生产基地" in page and "供电线路未接通" in page
    assert "申请销号" in page and "记录办理情况" in page
    assert "打开项目" not in page
    assert client.get(reverse("projects:project_detail", args=[obstacle.project_id])).status_code == 404


def test_another_obstacle_of_the_project_is_not_the_departments(obstacle, department_user, client_for, county):
    other = ObstacleFactory(project=obstacle.project, responsible_unit=county.township)
    assert client_for(department_user).get(reverse("projects:obstacle_detail", args=[other.pk])).status_code == 404


def test_the_loop_through_the_screens(obstacle, department_user, reporter, client_for):
    department = client_for(department_user)
    url = reverse("projects:obstacle_detail", args=[obstacle.pk])
    department.post(reverse("projects:obstacle_note", args=[obstacle.pk]), {"text": "已对接供电公司"})
    response = department.post(reverse("projects:obstacle_propose", args=[obstacle.pk]), {"note": "已通电", "version": obstacle.version})
    assert response.status_code == 400  # no evidence: the page says why
    assert "证明材料" in response.content.decode()
    response = department.post(
        reverse("projects:obstacle_propose", args=[obstacle.pk]),
        {"note": "已通电", "version": obstacle.version, "evidence": SimpleUploadedFile("验收单.pdf", PDF_BYTES)},
    )
    assert response["Location"] == url

    page = client_for(reporter).get(url).content.decode()
    assert "确认销号" in page and "验收单.pdf" in page
    obstacle.refresh_from_db()
    client_for(reporter).post(reverse("projects:obstacle_status", args=[obstacle.pk]), {"status": "resolved", "version": obstacle.version})
    obstacle.refresh_from_db()
    assert obstacle.status == ObstacleStatus.RESOLVED
    note = obstacle.notes.get(kind=NoteKind.PROPOSAL)
    download = department.get(reverse("projects:obstacle_attachment", args=[note.pk]))
    assert (download.status_code, b"".join(download.streaming_content)) == (200, PDF_BYTES)


def test_the_board_row_control_offers_only_what_the_user_may_do(obstacle, department_user, reporter, client_for):
    propose(obstacle, department_user)
    board = reverse("projects:obstacle_board")
    department_page = client_for(department_user).get(board).content.decode()
    assert f'hx-post="{reverse("projects:obstacle_status", args=[obstacle.pk])}"' not in department_page
    owner_page = client_for(reporter).get(board).content.decode()
    assert "确认销号" in owner_page and "退回重办" in owner_page


def test_the_board_row_answers_htmx_with_the_row(obstacle, reporter, client_for):
    client = client_for(reporter)
    url = reverse("projects:obstacle_status", args=[obstacle.pk])
    response = client.post(url, {"status": "in_progress", "version": obstacle.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<tr" in response.content.decode() and "办理中" in response.content.decode()

    stale = client.post(url, {"status": "resolved", "note": "已解决", "version": obstacle.version}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    assert 'role="alert"' in stale.content.decode()

    obstacle.refresh_from_db()
    refused = client.post(url, {"status": "resolved", "version": obstacle.version}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert "销号须填写办理情况" in refused.content.decode()


def test_the_leader_instructs_from_the_obstacle_page(obstacle, reporter, leader, client_for):
    actions.do_update_obstacle_status(obstacle, ObstacleStatus.ESCALATED, reporter, note="协调", escalated_to=Person.objects.get(user=leader))
    obstacle.refresh_from_db()
    client = client_for(leader)
    url = reverse("projects:obstacle_detail", args=[obstacle.pk])
    assert "批示内容" in client.get(url).content.decode()
    client.post(reverse("projects:obstacle_instruct", args=[obstacle.pk]), {"text": "特事特办", "version": obstacle.version})
    assert "特事特办" in client.get(url).content.decode()


# ---------------------------------------------------------------- API


def test_the_loop_through_the_api(obstacle, department_user, reporter, leader, client_for):
    department = client_for(department_user)
    note = department.post(reverse("api:obstacle_note", args=[obstacle.pk]), {"text": "已对接"})
    assert note.status_code == 201 and note.json()["kind"] == "note"
    refused = department.post(reverse("api:obstacle_proposal", args=[obstacle.pk]), {"note": "已通电"})
    assert refused.status_code in (400, 422)
    proposal = department.post(
        reverse("api:obstacle_proposal", args=[obstacle.pk]),
        {"note": "已通电", "evidence": SimpleUploadedFile("验收单.pdf", PDF_BYTES), "version": obstacle.version},
    )
    assert proposal.json()["status"] == "proposed"

    detail = client_for(reporter).get(reverse("api:obstacle_detail", args=[obstacle.pk])).json()
    assert [n["kind"] for n in detail["notes"]] == ["note", "proposal"]
    closed = client_for(reporter).post(
        reverse("api:obstacle_status", args=[obstacle.pk]), {"status": "resolved", "version": detail["version"]}, content_type="application/json"
    )
    assert closed.json()["status"] == "resolved"
    refused = client_for(leader).post(reverse("api:obstacle_instruction", args=[obstacle.pk]), {"text": "好"}, content_type="application/json")
    assert refused.status_code == 403


def test_the_leaders_sit_beside_the_townships_and_can_be_named(project, county):
    from zhaoshang.organisation.factories import PersonFactory, UnitFactory
    from zhaoshang.organisation.models import LeaderBody, UnitKind
    from zhaoshang.projects.summaries import escalation_leaders

    leadership = UnitFactory(parent=county.root, name="县委县政府", kind=UnitKind.LEADERSHIP)
    governor = PersonFactory(name="李县长", unit=leadership, leader_body=LeaderBody.GOVERNMENT)
    assert list(escalation_leaders(project)) == [governor]
