from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.core import history
from zhaoshang.projects import actions
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.projects.models import FollowUp


@pytest.fixture
def project(county):
    return ProjectFactory(introducing_unit=county.township)


def test_the_township_reporter_records_a_follow_up_with_history(project, reporter):
    follow_up = actions.do_record_follow_up(project, timezone.localdate(), "赴企业协调用电", reporter)
    assert follow_up.recorded_by == reporter
    assert history.entries(follow_up)[0].who == reporter.get_full_name()


def test_another_township_cannot_record_a_follow_up(project, other_reporter):
    with pytest.raises(PermissionDenied):
        actions.do_record_follow_up(project, timezone.localdate(), "越权", other_reporter)
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(("days_ahead", "note", "field"), [(1, "明天的跟踪", "date"), (0, "  ", "note")])
def test_future_dates_and_empty_notes_are_refused(project, reporter, days_ahead, note, field):
    with pytest.raises(ValidationError) as refused:
        actions.do_record_follow_up(project, timezone.localdate() + timedelta(days=days_ahead), note, reporter)
    assert field in refused.value.message_dict
