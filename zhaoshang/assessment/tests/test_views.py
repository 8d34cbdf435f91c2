"""The assessment screens and API: untouched saves, objections, scoping, drill-down."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.assessment import actions
from zhaoshang.assessment.models import Objection, Scheme
from zhaoshang.cases.models import Case
from zhaoshang.core.testing import form_values


def _state(scheme):
    scheme = Scheme.objects.get(pk=scheme.pk)
    return scheme.version, scheme.history.count(), list(scheme.indicators.values()), [list(i.targets.values()) for i in scheme.indicators.all()]


@pytest.mark.parametrize("screen", ["assessment:scheme_edit", "assessment:indicators_edit", "assessment:targets_edit"])
def test_a_form_saved_untouched_changes_nothing(screen, world, client_for, bureau_user):
    scheme = world["scheme"]
    args = [scheme.pk] if screen != "assessment:targets_edit" else [scheme.pk, scheme.indicators.first().pk]
    client = client_for(bureau_user)
    url = reverse(screen, args=args)
    before = _state(scheme)
    response = client.post(url, form_values(client.get(url).content.decode()))
    assert response.status_code == 302
    assert _state(scheme) == before


def test_targets_are_typed_in_wan_and_stored_in_yuan(world, client_for, bureau_user):
    scheme, county = world["scheme"], world["county"]
    indicator = scheme.indicators.first()
    client = client_for(bureau_user)
    url = reverse("assessment:targets_edit", args=[scheme.pk, indicator.pk])
    page = form_values(client.get(url).content.decode())
    assert page[f"u{county.township.pk}"] == "100.0000"
    client.post(url, {**page, f"u{county.township.pk}": "250"})
    assert indicator.targets.get(unit=county.township).target == 2_500_000


def test_indicators_are_added_on_the_screen(world, client_for, bureau_user):
    scheme = world["scheme"]
    client = client_for(bureau_user)
    url = reverse("assessment:indicators_edit", args=[scheme.pk])
    page = form_values(client.get(url).content.decode())
    extra = int(page["ind-TOTAL_FORMS"]) - 1
    page.update(
        {
            f"ind-{extra}-name": "逾期未开工",
            f"ind-{extra}-kind": "deduction",
            f"ind-{extra}-source": "not_started",
            f"ind-{extra}-weight": "0",
            f"ind-{extra}-per_item": "0.1",
        }
    )
    assert client.post(url, page).status_code == 302
    assert scheme.indicators.count() == 5 and scheme.indicators.last().name == "逾期未开工"


@pytest.fixture
def published(world, bureau_user):
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    return actions.do_publish(snapshot, bureau_user, today=timezone.localdate())


def test_a_unit_objects_on_the_snapshot_page_and_a_case_is_opened(world, published, client_for, reporter):
    county = world["county"]
    client = client_for(reporter)
    page = client.get(reverse("assessment:snapshot_detail", args=[published.pk])).content.decode()
    assert "提出异议" in page
    response = client.post(reverse("assessment:snapshot_object", args=[published.pk]), {"unit": county.township.pk, "reason": "漏计到位资金"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.case.unit == county.bureau and objection.raised_by == reporter


def test_another_unit_cannot_object_for_this_one(world, published, client_for, other_reporter):
    client_for(other_reporter).post(reverse("assessment:snapshot_object", args=[published.pk]), {"unit": world["county"].township.pk, "reason": "x"})
    assert not Case.objects.exists()


def test_a_unit_sees_only_its_own_scores(world, published, client_for, other_reporter, leader):
    url = reverse("assessment:snapshot_detail", args=[published.pk])
    page = client_for(other_reporter).get(url).content.decode()
    assert "河口镇" in page and "城关镇" not in page
    scores = client_for(other_reporter).get(reverse("api:assessment_score_list", args=[published.pk])).json()
    assert [row["unit_name"] for row in scores] == ["河口镇"]
    assert {row["unit_name"] for row in client_for(leader).get(reverse("api:assessment_score_list", args=[published.pk])).json()} == {
        "城关镇",
        "河口镇",
    }


def test_a_frozen_result_is_hidden_from_units_until_published(world, bureau_user, client_for, reporter):
    snapshot = actions.do_run_scheme(world["scheme"], None, bureau_user)
    assert client_for(reporter).get(reverse("assessment:snapshot_detail", args=[snapshot.pk])).status_code == 404
    assert client_for(reporter).get(reverse("api:assessment_snapshot_list", args=[world["scheme"].pk])).json() == []


def test_a_score_drills_down_to_its_fund_entries(world, published, client_for, reporter):
    score = published.scores.get(unit=world["county"].township)
    page = client_for(reporter).get(reverse("assessment:line_records", args=[score.pk, 1])).content.decode()
    assert "城关项目" in page and "150.00" in page


def test_difference_report_lists_the_late_fund(world, published, client_for, bureau_user):
    page = client_for(bureau_user).get(reverse("assessment:snapshot_differences", args=[published.pk])).content.decode()
    assert str(world["late"].pk) in page and "108.00" in page


def test_scores_export(world, published, client_for, bureau_user):
    response = client_for(bureau_user).get(reverse("assessment:snapshot_export", args=[published.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_snapshot_page_queries_do_not_grow_with_units(world, published, client_for, bureau_user, django_assert_max_num_queries):
    client = client_for(bureau_user)
    with django_assert_max_num_queries(25):
        client.get(reverse("assessment:snapshot_detail", args=[published.pk]))


def test_the_bureau_marks_a_project_falsified_on_its_page(world, client_for, bureau_user):
    client = client_for(bureau_user)
    page = client.get(reverse("projects:project_detail", args=[world["town"].pk])).content.decode()
    assert "认定弄虚作假" in page
    client.post(reverse("assessment:project_falsify", args=[world["town"].pk]), {"reason": "虚报开工"})
    assert world["town"].falsified_marks.get().reason == "虚报开工"
    assert "已认定" in client.get(reverse("projects:project_detail", args=[world["town"].pk])).content.decode()


def test_run_button_freezes_a_result(world, client_for, bureau_user):
    response = client_for(bureau_user).post(reverse("assessment:scheme_run", args=[world["scheme"].pk]), {"cut_off": "2026-06-30"})
    assert response.status_code == 302 and world["scheme"].snapshots.get().cut_off == date(2026, 6, 30)


def test_result_as_word_names_units_and_publicity(world, published, client_for, bureau_user):
    import io

    from docx import Document

    response = client_for(bureau_user).get(reverse("assessment:snapshot_word", args=[published.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    table = [[c.text for c in row.cells] for row in Document(io.BytesIO(response.content)).tables[0].rows]
    assert "结果的通报" in text and "公示至" in text
    assert table[1][:3] == ["1", "城关镇", "98.00"]


def test_scheme_page_shows_the_history_of_indicators_and_targets(world, client_for, bureau_user, reporter):
    scheme, county = world["scheme"], world["county"]
    indicator = scheme.indicators.first()
    actions.do_set_targets(indicator, {county.township.pk: 2_000_000}, scheme.version, bureau_user)
    page = client_for(bureau_user).get(reverse("assessment:scheme_detail", args=[scheme.pk])).content.decode()
    assert "修改指标目标" in page and "变更记录" in page
    assert "变更记录" not in client_for(reporter).get(reverse("assessment:scheme_detail", args=[scheme.pk])).content.decode()
