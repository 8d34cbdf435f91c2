"""The lists the bureau keeps: seeded with the standard entries and the values
projects already had; kept on the bureau's screen with history; offered in the
project and investor forms with search, refusing values not on the list."""

from django.urls import reverse

from zhaoshang.catalogues import actions
from zhaoshang.catalogues.models import Industry, SourceRegion
from zhaoshang.catalogues.seeding import adopt_values
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory
from zhaoshang.projects.models import Investor, Project
from zhaoshang.projects.project_forms import InvestorForm, ProjectForm


def test_the_migration_seeded_the_standard_lists(db):
    assert Industry.objects.filter(name__in=["装备制造", "新能源", "生物医药"]).count() == 3
    assert SourceRegion.objects.filter(name__in=["珠三角", "长三角", "境外", "浙江"]).count() == 4


def test_values_typed_before_the_lists_join_them_and_nothing_is_lost(county):
    ProjectFactory(industry="竹木加工", source_region="温州", introducing_unit=county.township)
    InvestorFactory(region="台州")
    adopt_values(Industry, SourceRegion, Project, Investor)
    assert Industry.objects.filter(name="竹木加工").exists()
    assert set(SourceRegion.objects.filter(name__in=["温州", "台州"]).values_list("name", flat=True)) == {"温州", "台州"}
    adopt_values(Industry, SourceRegion, Project, Investor)  # again: no duplicates
    assert Industry.objects.filter(name="竹木加工").count() == 1


def test_the_bureau_adds_an_entry_and_it_is_offered_in_the_project_form(county, client_for, bureau_user, reporter):
    client_for(bureau_user).post(reverse("catalogues:industry_list"), {"name": "低空经济"})
    assert Industry.objects.get(name="低空经济").history.first().history_user == bureau_user
    html = client_for(reporter).get(reverse("projects:project_create")).content.decode()
    assert 'list="id_industry_list"' in html and '<option value="低空经济"></option>' in html


def test_a_name_already_listed_is_refused_in_chinese(county, client_for, bureau_user):
    html = client_for(bureau_user).post(reverse("catalogues:industry_list"), {"name": "新能源"}).content.decode()
    assert "「新能源」已在行业名录中" in html


def test_a_retired_entry_is_no_longer_offered_but_a_project_keeps_it(county, bureau_user, reporter):
    entry = Industry.objects.get(name="化工")
    actions.do_update_entry(entry, {"name": "化工", "sort_order": 1, "is_active": False}, bureau_user, expected_version=entry.version)
    project = ProjectFactory(industry="化工", introducing_unit=county.township)
    assert "化工" not in ProjectForm(user=reporter).fields["industry"].widget.render("industry", "")
    form = ProjectForm(user=reporter, instance=project)
    form.fields["industry"].clean("化工")  # its own value stays valid
    new = ProjectForm({"industry": "化工"}, user=reporter)
    new.is_valid()
    assert new.errors["industry"] == ["「化工」不在行业名录中，请从列表中选择"]


def test_free_text_is_refused_in_the_investor_form(db):
    form = InvestorForm({"name": "某公司", "kind": "private", "region": "火星"}, version=1)
    form.is_valid()
    assert form.errors["region"] == ["「火星」不在来源地区名录中，请从列表中选择"]


def test_the_list_page_counts_the_projects_using_each_entry(county, client_for, bureau_user, django_assert_max_num_queries):
    ProjectFactory(industry="新能源", introducing_unit=county.township)
    with django_assert_max_num_queries(24):
        response = client_for(bureau_user).get(reverse("catalogues:industry_list"))
    row = next(e for e in response.context["entries"] if e.name == "新能源")
    assert row.project_count == 1
