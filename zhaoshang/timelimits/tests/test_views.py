from datetime import date

import pytest
from django.urls import reverse

from zhaoshang.timelimits.models import CalendarDay, DayKind, Policy


@pytest.fixture
def complaint():
    return Policy.objects.get(kind="complaint", urgency="normal")


def test_the_policy_list_shows_the_defaults_of_the_domain(client_for, reporter):
    page = client_for(reporter).get(reverse("timelimits:policy_list")).content.decode()
    assert "外商投诉受理" in page and "商务部令2020年第3号" in page
    assert "24 个工作小时" in page
    assert reverse("timelimits:policy_edit", args=[Policy.objects.first().pk]) not in page


def test_the_bureau_changes_a_limit_and_history_keeps_who(client_for, bureau_user, complaint):
    url = reverse("timelimits:policy_edit", args=[complaint.pk])
    response = client_for(bureau_user).post(url, {"limit": 8, "unit": "days", "basis": "县政府办2026年1号", "version": complaint.version})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.limit, complaint.basis, complaint.version) == (8, "县政府办2026年1号", 2)
    assert complaint.history.latest().history_user == bureau_user


def test_a_stale_policy_save_is_refused_with_409(client_for, bureau_user, complaint):
    url = reverse("timelimits:policy_edit", args=[complaint.pk])
    client = client_for(bureau_user)
    client.post(url, {"limit": 8, "unit": "days", "basis": "", "version": 1})
    response = client.post(url, {"limit": 9, "unit": "days", "basis": "", "version": 1})
    assert response.status_code == 409
    complaint.refresh_from_db()
    assert complaint.limit == 8


def test_a_limit_of_zero_is_refused_naming_the_field(client_for, bureau_user, complaint):
    url = reverse("timelimits:policy_edit", args=[complaint.pk])
    response = client_for(bureau_user).post(url, {"limit": 0, "unit": "days", "basis": "", "version": complaint.version})
    assert response.status_code == 200
    assert "时限" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.limit == 10


def test_the_calendar_lists_the_year_with_its_make_up_days(client_for, reporter):
    page = client_for(reporter).get(reverse("timelimits:calendar"), {"year": 2024}).content.decode()
    assert "2024-10-12" in page and "调休上班" in page
    assert "calendar-warning" not in page
    assert "增加节假日或调休上班日" not in page


def test_a_year_without_data_shows_the_monday_to_friday_warning(client_for, reporter):
    page = client_for(reporter).get(reverse("timelimits:calendar"), {"year": 2035}).content.decode()
    assert "calendar-warning" in page and "2035年" in page and "周一至周五" in page


def test_the_bureau_adds_a_holiday_and_the_calendar_follows_it(client_for, bureau_user):
    response = client_for(bureau_user).post(reverse("timelimits:calendar"), {"date": "2024-11-15", "kind": "holiday", "name": "县庆"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2024")
    entry = CalendarDay.objects.get(date=date(2024, 11, 15))
    assert (entry.kind, entry.name, entry.history.latest().history_user) == (DayKind.HOLIDAY, "县庆", bureau_user)


def test_a_weekend_cannot_be_made_a_holiday(client_for, bureau_user):
    response = client_for(bureau_user).post(reverse("timelimits:calendar"), {"date": "2024-11-16", "kind": "holiday", "name": "x"})
    assert response.status_code == 200
    assert "2024-11-16是周末" in response.content.decode()
    assert not CalendarDay.objects.filter(date=date(2024, 11, 16)).exists()


def test_the_bureau_removes_a_make_up_day(client_for, bureau_user):
    entry = CalendarDay.objects.get(date=date(2024, 10, 12))
    response = client_for(bureau_user).post(reverse("timelimits:calendar_day_delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=date(2024, 10, 12)).exists()


def test_the_last_day_of_a_year_cannot_be_removed(client_for, bureau_user):
    CalendarDay.objects.filter(date__year=2024).exclude(date=date(2024, 10, 12)).delete()
    entry = CalendarDay.objects.get(date=date(2024, 10, 12))
    response = client_for(bureau_user).post(reverse("timelimits:calendar_day_delete", args=[entry.pk]), follow=True)
    assert "最后一天" in response.content.decode()
    assert CalendarDay.objects.filter(pk=entry.pk).exists()


def test_the_api_gives_the_calendar_of_a_year_and_warns_for_an_unknown_one(client_for, reporter):
    client = client_for(reporter)
    known = client.get(reverse("api:working_calendar"), {"year": 2024}).json()
    assert known["known"] and {"date": "2024-10-12", "kind": "workday", "name": "国庆节调休"} in known["days"]
    unknown = client.get(reverse("api:working_calendar"), {"year": 2035}).json()
    assert (unknown["known"], unknown["days"]) == (False, []) and "周一至周五" in unknown["warning"]


def test_the_api_lists_the_escalations_addressed_to_the_caller(client_for, county, reporter, unit_head):
    from datetime import datetime

    from django.utils import timezone

    from zhaoshang.timelimits.engine.actions import check_time_limits, do_start_clock

    start = timezone.make_aware(datetime(2024, 11, 4, 9))
    do_start_clock(county.township, kind="consult", unit=county.township, title="咨询用地政策", handler=reporter, now=start)
    check_time_limits(timezone.make_aware(datetime(2024, 11, 6, 13)))
    mine = client_for(reporter).get(reverse("api:my_escalations")).json()
    assert [(e["level"], e["title"]) for e in mine] == [(50, "咨询用地政策")]
    assert [e["level"] for e in client_for(unit_head).get(reverse("api:my_escalations")).json()] == [80]
