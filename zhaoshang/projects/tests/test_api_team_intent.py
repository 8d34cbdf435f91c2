"""PUT /projects/{id}/team and POST /projects/{id}/intent through the API: who is
written, by whom (history), and the refusals in Chinese with nothing written."""

from datetime import timedelta

from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.projects.factories import PDF_BYTES, EvidenceFactory, StageEventFactory
from zhaoshang.projects.models import EventKind, Evidence, Project, Stage, StageEvent, TeamMember


def put_team(client, project, members):
    return client.put(reverse("api:project_set_team", args=[project.pk]), members, content_type="application/json")


def test_reporter_sets_the_team_and_the_detail_shows_it(county, project, client_for, reporter, leader):
    head = PersonFactory(name="李镇长", unit=county.township)
    county_leader = leader.person  # 县领导 may lead any project's team
    client = client_for(reporter)

    response = put_team(client, project, [{"person_id": county_leader.pk, "role": "leader"}, {"person_id": head.pk, "role": "lead"}])

    assert response.status_code == 200, response.json()
    assert [(m["person_name"], m["role"], m["role_label"]) for m in response.json()] == [
        ("王县长", "leader", "包联领导"),
        ("李镇长", "lead", "牵头负责"),
    ]
    detail = client.get(reverse("api:project_detail", args=[project.pk])).json()
    assert [(m["person_id"], m["role"]) for m in detail["team"]] == [(county_leader.pk, "leader"), (head.pk, "lead")]
    assert {m.history.first().history_user for m in TeamMember.objects.all()} == {reporter}


def test_putting_the_team_again_replaces_it_and_keeps_the_history(county, project, client_for, reporter):
    first, second = PersonFactory(unit=county.township), PersonFactory(unit=county.township)
    client = client_for(reporter)
    put_team(client, project, [{"person_id": first.pk}])

    response = put_team(client, project, [{"person_id": second.pk, "role": "tracker"}])

    assert [(m["person_id"], m["role"]) for m in response.json()] == [(second.pk, "tracker")]
    removed = TeamMember.history.filter(person_id=first.pk).order_by("history_date")
    assert [h.history_type for h in removed] == ["+", "-"]
    assert removed.last().history_user == reporter


def test_a_person_of_another_unit_cannot_join_and_nothing_is_written(county, project, client_for, reporter):
    mine = PersonFactory(unit=county.township)
    theirs = PersonFactory(name="河口干部", unit=county.other_township)

    response = put_team(client_for(reporter), project, [{"person_id": mine.pk}, {"person_id": theirs.pk}])

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "[1].person_id", "message": "第2项的人员不存在或不能加入本项目班子"}]}
    assert not TeamMember.objects.exists()


def test_an_invalid_role_and_a_repeated_person_are_refused(county, project, client_for, reporter):
    person = PersonFactory(unit=county.township)
    client = client_for(reporter)

    bad_role = put_team(client, project, [{"person_id": person.pk, "role": "boss"}])
    repeated = put_team(client, project, [{"person_id": person.pk}, {"person_id": person.pk, "role": "lead"}])
    not_a_list = put_team(client, project, {"person_id": person.pk})

    assert bad_role.status_code == repeated.status_code == not_a_list.status_code == 422
    assert bad_role.json()["detail"] == [{"field": "[0].role", "message": "第1项的班子职责无效，可选：leader、lead、tracker、member"}]
    assert repeated.json()["detail"] == [{"field": "team", "message": "班子成员不能重复"}]
    assert not_a_list.json()["detail"] == [{"field": "__all__", "message": "请求内容须为列表"}]
    assert not TeamMember.objects.exists()


def test_a_leader_who_does_not_lead_the_project_may_not_set_its_team(county, project, client_for, leader):
    response = put_team(client_for(leader), project, [{"person_id": leader.person.pk, "role": "leader"}])

    assert response.status_code == 403
    assert not TeamMember.objects.exists()


# ---------------------------------------------------------------- intent (意向)


def post_intent(client, project, body):
    return client.post(reverse("api:project_record_intent", args=[project.pk]), body, content_type="application/json")


def test_an_intent_is_recorded_but_is_not_a_signing(project, client_for, reporter, days_ago):
    StageEventFactory(project=project, stage=Stage.NEGOTIATING, date=days_ago(20))
    Project.objects.filter(pk=project.pk).update(stage=Stage.NEGOTIATING)

    response = post_intent(client_for(reporter), project, {"date": days_ago(5).isoformat(), "note": "签订框架意向协议"})

    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["stage"]) == ("intent", "negotiating")
    project.refresh_from_db()
    assert (project.stage, project.signed_on, project.contract_amount) == (Stage.NEGOTIATING, None, None)
    assert project.intent_signed_on == days_ago(5)
    assert project.history.first().history_user == reporter
    event = StageEvent.objects.get(kind=EventKind.INTENT)
    assert (event.recorded_by, event.history.first().history_user) == (reporter, reporter)
    assert not Project.objects.signed_between(days_ago(30), days_ago(0)).exists()


def test_an_uploaded_intent_file_is_linked_to_the_event(project, client_for, reporter, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(reporter)
    uploaded = client.post(
        reverse("api:project_evidence_upload", args=[project.pk]), {"kind": "intent", "file": SimpleUploadedFile("意向协议.pdf", PDF_BYTES)}
    ).json()

    response = post_intent(client, project, {"date": today.isoformat(), "evidence_ids": [uploaded["id"]]})

    assert response.status_code == 201
    assert [e["original_name"] for e in response.json()["evidence"]] == ["意向协议.pdf"]
    assert Evidence.objects.get(pk=uploaded["id"]).stage_event_id == response.json()["id"]


def test_an_intent_in_the_future_or_after_signing_is_refused(project, client_for, reporter, today):
    client = client_for(reporter)

    future = post_intent(client, project, {"date": (today + timedelta(days=1)).isoformat()})
    Project.objects.filter(pk=project.pk).update(signed_on=today, stage=Stage.SIGNED)
    signed = post_intent(client, project, {"date": today.isoformat()})

    assert future.json() == {"detail": [{"field": "date", "message": "实际日期不能晚于今天"}]}
    assert signed.json() == {"detail": [{"field": "date", "message": "项目已正式签约，无需再登记意向协议"}]}
    assert not StageEvent.objects.filter(kind=EventKind.INTENT).exists()
    project.refresh_from_db()
    assert project.intent_signed_on is None


def test_a_file_already_linked_elsewhere_is_not_taken_for_the_intent(project, client_for, reporter, today):
    linked = EvidenceFactory(project=project, stage_event=StageEventFactory(project=project), kind="intent")

    response = post_intent(client_for(reporter), project, {"date": today.isoformat(), "evidence_ids": [linked.pk]})

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "evidence", "message": "证明材料「进账单.pdf」不是本项目尚未关联的文件"}]
    assert not StageEvent.objects.filter(kind=EventKind.INTENT).exists()


def test_a_missing_date_is_named_in_chinese(project, client_for, reporter):
    response = post_intent(client_for(reporter), project, {"note": "x"})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "date", "message": "「date」为必填项"}]}
