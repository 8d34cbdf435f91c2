from datetime import date

import pytest
from django.core.management import call_command

from zhaoshang.timelimits.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_seed_calendar_restores_a_missing_year_and_leaves_an_edited_one_alone(capsys):
    CalendarDay.objects.filter(date__year=2024).delete()
    CalendarDay.objects.filter(date__year=2025).exclude(date=date(2025, 10, 1)).delete()
    call_command("seed_calendar")
    assert CalendarDay.objects.filter(date=date(2024, 10, 12), kind="workday").exists()
    assert CalendarDay.objects.filter(date__year=2025).count() == 1
    assert "补录" in capsys.readouterr().out


def test_check_time_limits_reports_how_many_steps_it_fired(capsys):
    call_command("check_time_limits")
    assert capsys.readouterr().out.splitlines() == ["发出 0 条时限预警", "上报 0 个要素问题", "逾期未付奖励转为承诺事项 0 项"]
