from __future__ import annotations

from datetime import date

import factory

from zhaoshang.accounts.factories import UserFactory
from zhaoshang.organisation.factories import UnitFactory

from .models import Commitment, CommitmentSource, CommitmentStatus, Milestone, ServiceItem


class ServiceItemFactory(factory.django.DjangoModelFactory):
    """Stored as given: pass due_on and used_days (the actions compute them from
    the calendar; tests of that go through `do_create_service_item`)."""

    class Meta:
        model = ServiceItem

    number = factory.Sequence(lambda n: f"SP{n:08d}")
    unit = factory.SubFactory(UnitFactory)
    name = "建设工程规划许可"
    applicant = factory.Sequence(lambda n: f"申请人{n}有限公司")
    accepted_on = date(2026, 3, 2)
    committed_days = 5
    statutory_days = 20
    due_on = date(2026, 3, 9)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    unit = factory.SubFactory(UnitFactory)
    source = CommitmentSource.AGREEMENT
    source_ref = "投资协议第五条"
    content = factory.Sequence(lambda n: f"承诺事项{n}：按约定给予设备补助")
    due_on = date(2026, 6, 30)
    status = CommitmentStatus.DUE
    last_progress_on = date(2026, 1, 5)
    created_by = factory.SubFactory(UserFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    title = "完成资金拨付审批"
    due_on = date(2026, 4, 30)
