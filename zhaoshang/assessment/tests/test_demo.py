"""The demo county's published 乡镇 assessment."""

import pytest
from django.db import transaction
from django.test import override_settings

from zhaoshang import demo
from zhaoshang.assessment.models import Scheme, SnapshotStatus
from zhaoshang.organisation.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with transaction.atomic():
            demo.build()
            yield
            transaction.set_rollback(True)


def test_the_township_scheme_is_run_and_published_for_every_township(demo_county):
    scheme = Scheme.objects.get(name="乡镇招商引资工作考核")
    snapshot = scheme.snapshots.get()
    townships = Unit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True).count()
    assert snapshot.status == SnapshotStatus.PUBLISHED and snapshot.publicity_ends > snapshot.published_on
    assert snapshot.scores.count() == townships
    assert scheme.indicators.count() == len(snapshot.definition) >= 7
    # Some township earned funds points from verified records it can drill down to.
    lines = [line for score in snapshot.scores.all() for line in score.lines.filter(indicator_name="到位资金完成率")]
    assert any(line.points > 0 and line.record_ids for line in lines)
    assert len({score.total for score in snapshot.scores.all()}) > 1
