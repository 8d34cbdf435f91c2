"""Forms that respect people's time (issue 11 point 5): the error summary on top
links to each field, and the only unit a user may choose comes chosen."""

from django.urls import reverse

from zhaoshang.core.templatetags.error_summary import summary_lines
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.projects.project_forms import CreditFormSet, ProjectForm

CREATE = reverse("projects:project_create")


def test_a_failed_create_lists_every_error_on_top_with_a_link_to_its_field(county, client_for, reporter):
    response = client_for(reporter).post(
        CREATE, {"credits-TOTAL_FORMS": "1", "credits-INITIAL_FORMS": "0", "team-TOTAL_FORMS": "1", "team-INITIAL_FORMS": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    start = html.index("data-error-summary")
    summary = html[start : html.index("</ul>", start)]
    assert "提交未成功，请修改以下" in summary
    assert '<a class="alert-link" href="#id_name">项目名称：这个字段是必填项。</a>' in summary
    assert 'href="#id_investor">客商：请从客商库选择客商，或填写新客商名称' in summary
    # The summary comes before the first field.
    assert html.index("data-error-summary") < html.index('id="id_name"')


def test_the_long_project_form_is_shown_in_titled_sections(county, client_for, reporter):
    html = client_for(reporter).get(CREATE).content.decode()
    legends = ["基本情况", "客商", "投资与落地", "重点与要素", "计划节点", "形象进度"]
    positions = [html.index(f'mb-3">{title}</legend>') for title in legends]
    assert positions == sorted(positions)
    assert html.index("计划节点</legend>") < html.index('id="id_planned_signed_on"')


def test_every_visible_field_is_in_exactly_one_section(county, reporter):
    form = ProjectForm(user=reporter)
    placed = [field.name for _, fields in form.sections() for field in fields]
    assert sorted(placed) == sorted(field.name for field in form.visible_fields())


def test_formset_rows_are_named_by_number_and_a_clean_form_says_nothing(county, reporter):
    credits = CreditFormSet({"credits-TOTAL_FORMS": "2", "credits-INITIAL_FORMS": "0", "credits-1-share": "30"}, prefix="credits")
    credits.is_valid()
    assert [line.message for line in summary_lines(credits)] == ["第2行 分成单位和分成比例须同时填写"]
    assert summary_lines(ProjectForm(user=reporter)) == []


def test_a_reporter_with_one_unit_finds_it_chosen(county, client_for, reporter):
    html = client_for(reporter).get(CREATE).content.decode()
    select = html[html.index('name="introducing_unit"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{county.township.pk}" selected>　城关镇</option>' in select
    assert select.count("<option") == 1


def test_a_user_with_several_units_still_chooses(county, reporter):
    UnitFactory(parent=county.township, name="城关镇东村")
    field = ProjectForm(user=reporter).fields["introducing_unit"]
    assert field.initial is None and field.empty_label
