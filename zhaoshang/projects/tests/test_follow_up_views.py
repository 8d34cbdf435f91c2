"""跟踪记录 on the project page (a small htmx form) and in the API."""

from datetime import timedelta

from django.urls import reverse

from zhaoshang.projects.models import FollowUp

HTMX = {"HTTP_HX_REQUEST": "true"}


def _add(client, project, htmx=True, **data):
    return client.post(reverse("projects:follow_up_add", args=[project.pk]), data, **(HTMX if htmx else {}))


def test_reporter_records_a_follow_up_and_htmx_gets_the_section_back(project, reporter, client_for, days_ago):
    response = _add(client_for(reporter), project, date=days_ago(2).isoformat(), note="走访企业，设备已进场")
    html = response.content.decode()
    follow_up = FollowUp.objects.get()
    assert (follow_up.project, follow_up.recorded_by, follow_up.date) == (project, reporter, days_ago(2))
    assert html.lstrip().startswith('<section class="card mb-3" id="follow-ups">')
    assert "<html" not in html
    assert "走访企业，设备已进场" in html


def test_a_future_date_is_refused_in_chinese_and_nothing_is_written(project, reporter, client_for, today):
    response = _add(client_for(reporter), project, date=(today + timedelta(days=1)).isoformat(), note="计划走访")
    assert "跟踪日期不能晚于今天" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_an_empty_note_is_refused(project, reporter, client_for, today):
    response = _add(client_for(reporter), project, date=today.isoformat(), note="")
    assert "这个字段是必填项" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_without_htmx_the_browser_returns_to_the_section(project, reporter, client_for, today):
    response = _add(client_for(reporter), project, htmx=False, date=today.isoformat(), note="电话联系客商")
    assert response.url == reverse("projects:project_detail", args=[project.pk]) + "#follow-ups"
    assert FollowUp.objects.count() == 1


def test_the_page_lists_follow_ups_newest_first_and_in_the_timeline(project, reporter, client_for, days_ago):
    client = client_for(reporter)
    _add(client, project, date=days_ago(20).isoformat(), note="第一次走访")
    _add(client, project, date=days_ago(3).isoformat(), note="第二次走访")
    html = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    section = html.split('id="follow-ups"')[1].split("</section>")[0]
    assert section.index("第二次走访") < section.index("第一次走访")
    assert f"最近 {days_ago(3):%Y-%m-%d}" in section
    log = html.split('id="timeline-log"')[1].split("</ul>")[0]
    assert "跟踪记录：第一次走访" in log and "跟踪记录：第二次走访" in log


def test_a_leader_who_does_not_lead_the_project_sees_no_form_and_is_refused(project, leader, client_for, today):
    client = client_for(leader)
    html = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert reverse("projects:follow_up_add", args=[project.pk]) not in html
    assert _add(client, project, date=today.isoformat(), note="看看").status_code == 403
    assert not FollowUp.objects.exists()


def test_another_township_gets_404(project, other_reporter, client_for, today):
    assert _add(client_for(other_reporter), project, date=today.isoformat(), note="看看").status_code == 404


def test_api_lists_newest_first_and_records(project, reporter, client_for, days_ago):
    client = client_for(reporter)
    url = f"/api/v1/projects/{project.pk}/follow-ups"
    first = client.post(url, {"date": days_ago(9).isoformat(), "note": "洽谈用地"}, content_type="application/json")
    second = client.post(url, {"date": days_ago(1).isoformat(), "note": "协调供电"}, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["recorded_by"] == (reporter.get_full_name() or reporter.username)
    assert [row["note"] for row in client.get(url).json()] == ["协调供电", "洽谈用地"]


def test_api_refuses_a_future_date_with_the_field(project, reporter, client_for, today):
    response = client_for(reporter).post(
        f"/api/v1/projects/{project.pk}/follow-ups",
        {"date": (today + timedelta(days=3)).isoformat(), "note": "计划走访"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["date"]
