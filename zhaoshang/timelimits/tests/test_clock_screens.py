"""The clock screen and API: pause with a reason and resume (the deadline moves),
one extension approved by the unit head (a second refused), each in the history;
the escalations on 待办 for their addressees, one query per source."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.timelimits.engine import actions
from zhaoshang.timelimits.models import Clock, ExtensionStatus, PolicyKind
from zhaoshang.todo import registry


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def clock(county, reporter) -> Clock:
    return actions.do_start_clock(county.township, kind=PolicyKind.COMPLAINT, unit=county.township, title="用电报装迟缓", handler=reporter)


def test_the_handler_pauses_with_a_reason_and_resumes_and_the_history_says_so(client_for, reporter, clock):
    client = client_for(reporter)
    url = reverse("timelimits:clock_detail", args=[clock.pk])
    assert client.post(reverse("timelimits:clock_pause", args=[clock.pk]), {"reason": ""}).status_code == 302
    clock.refresh_from_db()
    assert clock.paused_at is None  # a pause needs its reason
    client.post(reverse("timelimits:clock_pause", args=[clock.pk]), {"reason": "等待企业补充环评材料"})
    clock.refresh_from_db()
    assert clock.paused_at is not None
    page = client.get(url).content.decode()
    assert "暂停中" in page and "等待企业补充环评材料" in page and "新增暂停" in page
    client.post(reverse("timelimits:clock_resume", args=[clock.pk]), {"next": url})
    clock.refresh_from_db()
    assert clock.paused_at is None and clock.pauses.get().ended_at is not None


def test_one_extension_approved_by_the_unit_head_moves_the_deadline_and_a_second_is_refused(client_for, reporter, unit_head, clock):
    due = clock.due_at
    client_for(reporter).post(reverse("timelimits:clock_extension", args=[clock.pk]), {"days": 3, "reason": "需现场核查"})
    response = client_for(unit_head).post(reverse("timelimits:clock_extension_decide", args=[clock.pk]), {"approve": "1"})
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.extension_status == ExtensionStatus.APPROVED and clock.extension_decided_by == unit_head
    assert clock.due_at > due
    reporter_client = client_for(reporter)
    page = reporter_client.post(reverse("timelimits:clock_extension", args=[clock.pk]), {"days": 2, "reason": "再延"}, follow=True).content.decode()
    assert "每个事项只能申请一次延期" in page
    clock.refresh_from_db()
    assert clock.extension_days == 3
    assert "已批准" in reporter_client.get(reverse("timelimits:clock_detail", args=[clock.pk])).content.decode()


def test_the_api_pauses_resumes_and_refuses_a_second_extension(client_for, reporter, unit_head, clock):
    client = client_for(reporter)
    paused = client.post(f"/api/v1/time-limits/{clock.pk}/pause", {"reason": "等待材料"}, content_type="application/json")
    assert paused.status_code == 200 and paused.json()["paused"] is True
    assert client.post(f"/api/v1/time-limits/{clock.pk}/resume").json()["paused"] is False
    client.post(f"/api/v1/time-limits/{clock.pk}/extension", {"days": 2, "reason": "核查"}, content_type="application/json")
    decided = client_for(unit_head).post(f"/api/v1/time-limits/{clock.pk}/extension/decision", {"approve": False}, content_type="application/json")
    assert decided.json()["extension_status"] == "refused"
    again = client.post(f"/api/v1/time-limits/{clock.pk}/extension", {"days": 2, "reason": "核查"}, content_type="application/json")
    assert again.status_code == 422


def test_escalations_reach_the_todo_list_of_their_addressees_in_order(county, reporter, unit_head, leader):
    clock = actions.do_start_clock(
        county.township,
        kind=PolicyKind.COMPLAINT,
        unit=county.township,
        title="用电报装迟缓",
        handler=reporter,
        now=at(2024, 11, 4, 10),
    )
    today = timezone.localdate()

    def escalations(user) -> list[str]:
        section = next((s for s in registry.sections(user, today) if s.source.key == "time_limit_escalations"), None)
        return [item.title for item in section.items] if section else []

    actions.check_time_limits(at(2024, 11, 11, 16))  # past half of ten working days
    assert escalations(reporter) == ["提醒承办人（已用50%）：用电报装迟缓"]
    assert escalations(unit_head) == [] and escalations(leader) == []
    actions.check_time_limits(at(2024, 11, 19, 9))
    assert escalations(unit_head) == ["提醒单位负责人（已用80%）：用电报装迟缓"]
    assert escalations(leader) == ["超期督办（报分管领导）：用电报装迟缓"]
    actions.do_close_clock(clock, reporter, at(2024, 11, 19, 10))
    assert escalations(reporter) == escalations(leader) == []


@pytest.mark.parametrize("persona", ["reporter", "unit_head", "leader", "bureau_user"])
def test_the_escalations_count_is_one_query(persona, request, clock, django_assert_max_num_queries):
    user = request.getfixturevalue(persona)
    list(registry.sources_for(user))  # the roles, cached for the request
    source = next(s for s in registry.sources_for(user) if s.key == "time_limit_escalations")
    with django_assert_max_num_queries(1):
        source.records(user, timezone.localdate()).count()
