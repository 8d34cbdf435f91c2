"""The demo county's 营商环境 data: every commitment state, items late and on time,
and every screen non-empty for the demo logins."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.factories import pass_second_factor
from zhaoshang.service.models import Commitment, CommitmentStatus, ServiceItem

pytestmark = pytest.mark.django_db


def test_every_commitment_state_is_there(demo_county):
    assert set(Commitment.objects.values_list("status", flat=True)) == set(CommitmentStatus.values)
    assert Commitment.objects.filter(supervised_on__isnull=False).exists()
    assert Commitment.objects.filter(breach_raised_on__isnull=False).exists()


def test_items_on_time_late_and_open(demo_county):
    today = timezone.localdate()
    assert ServiceItem.objects.filter(finished_on__isnull=True).exists()
    assert ServiceItem.objects.past_commitment(today).exists()
    assert ServiceItem.objects.filter(project__isnull=False).exists()
    assert ServiceItem.objects.filter(unit__name="城关镇").exists()


@pytest.mark.parametrize("username", ["zsj", "chengguan"])
def test_the_screens_are_not_empty(demo_county, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    pass_second_factor(client)
    items = client.get(reverse("service:item_list"))
    commitments = client.get(reverse("service:commitment_list"))
    assert items.context["page"].paginator.count > 0
    assert commitments.context["page"].paginator.count > 0
    assert "暂无数据" not in client.get(reverse("service:ranking")).content.decode()
    todo = client.get(reverse("home")).content.decode()
    assert "承诺兑现督办" in todo
