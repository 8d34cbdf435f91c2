"""The screens: a department's 待办 lists the step it owes on a township's project, it
completes it with evidence and the predicted start moves; the project page's card
compares predicted and agreed start; lists keep their query counts."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.testing import form_values
from zhaoshang.elements.models import ElementStep, StepState
from zhaoshang.elements.prediction import predict_project
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.timelimits.calendar import WorkingCalendar


def _supply_waiting(project, days=30):
    today = timezone.localdate()
    project.element_steps.filter(code__in=["filing", "land_preselect", "land_approval"]).update(state=StepState.DONE)
    project.element_steps.filter(code="land_supply").update(planned_date=WorkingCalendar().add_working_days(today, days))
    return project.element_steps.get(code="land_supply")


def test_a_department_completes_the_step_it_owes_and_the_predicted_start_moves(project, department_user, client_for):
    supply = _supply_waiting(project)
    before = predict_project(project, timezone.localdate()).start
    client = client_for(department_user)

    todo = client.get(reverse("home")).content.decode()
    assert "本单位承办的要素环节" in todo and "「新能电池项目」供地（土地出让）" in todo
    page = client.get(reverse("elements:step_detail", args=[supply.pk]))
    assert page.status_code == 200 and "办结" in page.content.decode()
    # The department does not see the rest of the township's project.
    assert client.get(reverse("projects:project_detail", args=[project.pk])).status_code == 404

    response = client.post(reverse("elements:step_complete", args=[supply.pk]), {"evidence_note": "供地批复〔2025〕8号", "version": supply.version})
    assert response.status_code == 302
    supply.refresh_from_db()
    assert supply.state == StepState.DONE
    after = predict_project(project, timezone.localdate()).start
    assert after < before
    assert after.strftime("%Y-%m-%d") in client.get(reverse("elements:step_detail", args=[supply.pk])).content.decode()


def test_the_project_card_compares_predicted_and_agreed_start(project, reporter, client_for):
    project.planned_started_on = timezone.localdate() + timedelta(days=5)
    project.save()
    _supply_waiting(project)
    content = client_for(reporter).get(reverse("elements:project_steps", args=[project.pk]), {"card": "1"}).content.decode()
    predicted = predict_project(project, timezone.localdate())
    assert predicted.is_late
    assert predicted.start.strftime("%Y-%m-%d") in content and f"晚于约定 {predicted.late_days()} 天" in content
    assert "hx-get" in client_for(reporter).get(reverse("projects:project_detail", args=[project.pk])).content.decode()


def test_a_stale_step_edit_answers_409(project, reporter, bureau_user, client_for):
    step = project.element_steps.get(code="land_supply")
    url = reverse("elements:step_edit", args=[step.pk])
    client = client_for(reporter)
    values = form_values(client.get(url).content.decode())
    assert client.post(url, {**values, "name": "供地一"}).status_code == 302
    assert client.post(url, {**values, "name": "供地二"}).status_code == 409
    assert ElementStep.objects.get(pk=step.pk).name == "供地一"


def test_completing_without_evidence_is_refused_in_chinese(project, reporter, client_for):
    step = project.element_steps.get(code="filing")
    client = client_for(reporter)
    response = client.post(reverse("elements:step_complete", args=[step.pk]), {"version": step.version}, follow=True)
    assert "办结须填写批文、合同或接电单等依据" in response.content.decode()
    assert ElementStep.objects.get(pk=step.pk).state == StepState.NOT_STARTED


def test_the_step_list_keeps_its_query_count(county, reporter, bureau_user, client_for, django_assert_max_num_queries):
    from zhaoshang.elements import actions

    for _ in range(3):
        actions.do_generate_steps(ProjectFactory(introducing_unit=county.township), "park_factory", reporter)
    client = client_for(bureau_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("elements:step_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("elements:figures"), {"list": "approved_not_started"}).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("elements:problem_list")).status_code == 200


def test_the_api_gives_the_prediction_and_completes_a_step(project, department_user, reporter, client_for):
    supply = _supply_waiting(project)
    before = predict_project(project, timezone.localdate())
    api = client_for(reporter)
    body = api.get(reverse("api:element_prediction", args=[project.pk])).json()
    assert body["predicted_start"] == before.start.isoformat() and body["critical_path"][0] == "供地（土地出让）"

    department = client_for(department_user)
    owed = department.get(reverse("api:element_step_list"), {"mine": "true"}).json()["items"]
    assert supply.pk in [row["id"] for row in owed]
    stale = department.post(
        reverse("api:element_step_complete", args=[supply.pk]),
        {"version": supply.version + 5, "evidence_note": "x"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    done = department.post(
        reverse("api:element_step_complete", args=[supply.pk]),
        {"version": supply.version, "evidence_note": "供地批复"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert api.get(reverse("api:element_prediction", args=[project.pk])).json()["predicted_start"] < before.start.isoformat()


def test_the_dashboard_loads_the_element_card_whose_figures_drill_down(project, bureau_user, client_for):
    client = client_for(bureau_user)
    assert reverse("elements:figures") + "?card=1" in client.get(reverse("dashboard")).content.decode()
    card = client.get(reverse("elements:figures"), {"card": "1"}).content.decode()
    assert 'id="elements-figures"' in card and "<html" not in card
    assert reverse("elements:figures") + "?list=approved_not_started" in card
    drill = client.get(reverse("elements:figures"), {"list": "approved_not_started"}).content.decode()
    assert "新能电池项目" in drill  # signed, not started
