"""The unit head approves or returns 已填报 entries in bulk from 待办, through
do_approve_funds / do_return_funds, all or nothing, and only entries the bureau
could verify (the evidence rule of 核实)."""

import pytest
from django.urls import reverse

from zhaoshang.projects.factories import EvidenceFactory, FundEntryFactory, ProjectFactory
from zhaoshang.projects.models import FundStatus
from zhaoshang.todo.models import Notification, NotificationKind

URL = reverse("todo:funds_decide")


@pytest.fixture
def entries(county, reporter):
    project = ProjectFactory(introducing_unit=county.township)
    made = [FundEntryFactory(project=project, reported_by=reporter) for _ in range(2)]
    for entry in made:
        EvidenceFactory(project=project, fund_entry=entry)
    return made


def statuses(entries) -> list[str]:
    return [type(e).objects.get(pk=e.pk).status for e in entries]


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_unit_head_approves_the_ticked_entries(client_for, unit_head, reporter, entries):
    response = client_for(unit_head).post(URL, {"entries": [e.pk for e in entries], "decision": "approve"}, follow=True)

    assert statuses(entries) == [FundStatus.UNIT_APPROVED] * 2
    assert "已审核通过 2 笔到位资金" in messages_of(response)
    assert Notification.objects.filter(recipient=reporter, kind=NotificationKind.FUNDS_APPROVED).count() == 2


def test_an_entry_without_evidence_stops_the_whole_approval(client_for, unit_head, entries, county):
    bare = FundEntryFactory(project=entries[0].project)

    response = client_for(unit_head).post(URL, {"entries": [entries[0].pk, bare.pk], "decision": "approve"}, follow=True)

    assert statuses([entries[0], bare]) == [FundStatus.REPORTED] * 2
    assert "核实前须有银行进账单、验资报告等证明材料" in messages_of(response)
    assert "本次未处理任何条目" in messages_of(response)


def test_returning_needs_a_reason(client_for, unit_head, entries):
    response = client_for(unit_head).post(URL, {"entries": [entries[0].pk], "decision": "return"}, follow=True)

    assert statuses(entries) == [FundStatus.REPORTED] * 2
    assert "退回须填写原因" in messages_of(response)


def test_returned_entries_carry_the_reason_to_the_reporter(client_for, unit_head, reporter, entries):
    client_for(unit_head).post(URL, {"entries": [e.pk for e in entries], "decision": "return", "reason": "缺少盖章"})

    assert statuses(entries) == [FundStatus.RETURNED] * 2
    texts = list(Notification.objects.filter(recipient=reporter).values_list("text", flat=True))
    assert len(texts) == 2 and all(text.endswith("被退回：缺少盖章") for text in texts)


def test_another_townships_entry_is_refused_and_nothing_changes(client_for, unit_head, entries, county):
    foreign = FundEntryFactory(project=ProjectFactory(introducing_unit=county.other_township))
    EvidenceFactory(project=foreign.project, fund_entry=foreign)

    response = client_for(unit_head).post(URL, {"entries": [entries[0].pk, foreign.pk], "decision": "approve"}, follow=True)

    assert statuses([entries[0], foreign]) == [FundStatus.REPORTED] * 2
    assert "无权审核" in messages_of(response)


def test_nothing_ticked_says_so(client_for, unit_head, entries):
    response = client_for(unit_head).post(URL, {"decision": "approve"}, follow=True)

    assert "请勾选要处理的到位资金" in messages_of(response)


def test_approving_twice_is_refused_the_second_time(client_for, unit_head, entries):
    client = client_for(unit_head)
    client.post(URL, {"entries": [entries[0].pk], "decision": "approve"})

    response = client.post(URL, {"entries": [entries[0].pk], "decision": "approve"}, follow=True)

    assert "无权审核" in messages_of(response)
    assert statuses(entries) == [FundStatus.UNIT_APPROVED, FundStatus.REPORTED]
