"""Two people edit the same record: the second save is refused with what changed."""

import pytest

from zhaoshang.projects import actions
from zhaoshang.core.versions import ConflictError
from zhaoshang.projects.factories import with_evidence
from zhaoshang.projects.models import FundKind, Project


def test_the_second_of_two_saves_of_a_project_is_refused_naming_the_changed_fields(project, reporter, unit_head):
    loaded = project.version
    first = actions.do_update_project(project, {"total_investment": 80_000_000, "progress_text": "已平整土地"}, loaded, reporter)
    assert first.version == loaded + 1

    with pytest.raises(ConflictError) as excinfo:
        actions.do_update_project(project, {"name": "改个名字"}, loaded, unit_head)
    message = excinfo.value.message
    assert message.startswith(f"保存失败：该项目已被{reporter.get_full_name()}于")
    assert "总投资" in message and "形象进度" in message
    assert set(excinfo.value.changed_fields) == {"总投资", "形象进度"}
    project.refresh_from_db()
    assert (project.name, project.total_investment) == ("新能电池生产基地", 80_000_000)


def test_saving_with_the_current_version_succeeds_again_and_again(project, reporter):
    for amount in (1, 2, 3):
        project = actions.do_update_project(project, {"total_investment": amount}, project.version, reporter)
    assert Project.objects.get(pk=project.pk).version == 4


def test_recording_a_stage_does_not_invalidate_an_open_edit_form(project, reporter, days_ago):
    loaded = project.version
    actions.do_record_stage(project, "stalled", days_ago(1), reporter, note="等待用地指标")
    saved = actions.do_update_project(project, {"progress_text": "暂停"}, loaded, reporter)
    assert saved.stage == "stalled"


def test_the_second_of_two_saves_of_a_fund_entry_is_refused(project, reporter, unit_head, days_ago):
    entry = actions.do_report_funds(project, {"date": days_ago(2), "amount": 1_000, "kind": FundKind.CAPITAL}, reporter)
    loaded = entry.version
    actions.do_update_fund_entry(entry, {"amount": 2_000}, loaded, reporter)
    with pytest.raises(ConflictError) as excinfo:
        actions.do_update_fund_entry(entry, {"note": "补充说明"}, loaded, reporter)
    assert "该笔到位资金" in excinfo.value.message and "金额" in excinfo.value.message


def test_approval_after_the_form_was_loaded_makes_the_edit_stale(project, reporter, unit_head, bureau_user, days_ago):
    entry = with_evidence(actions.do_report_funds(project, {"date": days_ago(2), "amount": 1_000, "kind": FundKind.CAPITAL}, reporter))
    loaded = entry.version
    actions.do_approve_funds(entry, unit_head)
    actions.do_return_funds(entry, "请补充进账单", bureau_user)
    with pytest.raises(ConflictError) as excinfo:
        actions.do_update_fund_entry(entry, {"amount": 5}, loaded, reporter)
    assert "状态" in excinfo.value.message
