"""The chain screens: scoping, the link tree editing, the map's drill-down, the
target list (filters, export), untouched forms saving nothing."""

import io

import openpyxl
import pytest
from django.urls import reverse

from zhaoshang.chains import actions
from zhaoshang.chains.factories import TargetFactory, make_chain
from zhaoshang.chains.models import Link, LinkState, TargetCompany
from zhaoshang.core.testing import form_values
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory


@pytest.fixture
def foreign_chain(db):
    """A chain of another county, which 示范县's logins never see."""
    other = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    return make_chain(other, "邻县食品")


def test_every_login_of_the_county_reads_its_chains_but_not_another_countys(chain, foreign_chain, reporter, client_for):
    client = client_for(reporter)
    page = client.get(reverse("chains:chain_list"))
    assert "新能源电池" in page.content.decode() and "邻县食品" not in page.content.decode()
    assert client.get(reverse("chains:chain_detail", args=[chain.pk])).status_code == 200
    assert client.get(reverse("chains:chain_detail", args=[foreign_chain.pk])).status_code == 404
    assert client.get(reverse("chains:link_drill", args=[foreign_chain.root.pk])).status_code == 404
    assert client.get(reverse("chains:chain_map", args=[chain.pk])).status_code == 200


def test_a_unit_that_does_not_lead_the_chain_cannot_edit_it(chain, cell, reporter, lead_writer, client_for):
    client = client_for(reporter)
    assert client.get(reverse("chains:chain_edit", args=[chain.pk])).status_code == 403
    assert client.post(reverse("chains:link_add", args=[cell.pk]), {"name": "电解液"}).status_code == 403
    assert client.post(reverse("chains:link_override", args=[cell.pk]), {"state": "strong", "reason": "x"}).status_code == 403
    assert client.get(reverse("chains:chain_create")).status_code == 403
    lead = client_for(lead_writer)
    assert lead.post(reverse("chains:link_add", args=[cell.pk]), {"name": "电解液"}).status_code == 302
    assert Link.objects.filter(parent=cell, name="电解液").exists()


def test_the_bureau_creates_a_chain_with_its_levels(county, bureau_user, client_for):
    client = client_for(bureau_user)
    response = client.post(reverse("chains:chain_create"), {"name": "绿色食品", "lead_unit": county.department.pk, "sort_order": 1})
    assert response.status_code == 302
    chain = county.root.chains.get()
    assert [link.name for link in chain.links.order_by("order") if link.tier == "level"] == ["上游", "中游", "下游"]


def test_override_without_a_reason_is_refused_on_the_screen(cell, bureau_user, client_for):
    client = client_for(bureau_user)
    response = client.post(reverse("chains:link_override", args=[cell.pk]), {"state": "strong", "reason": ""}, follow=True)
    assert "须填写理由" in response.content.decode()
    cell.refresh_from_db()
    assert cell.state == LinkState.MISSING


def test_attaching_on_the_screen_and_the_drill_down(cell, bureau_user, county, client_for):
    client = client_for(bureau_user)
    project = ProjectFactory(name="电芯一期", introducing_unit=county.township)
    investor = InvestorFactory(name="本地电芯有限公司")
    client.post(reverse("chains:link_attach", args=[cell.pk]), {"project": project.pk, "is_local_above_size": "on"})
    client.post(reverse("chains:link_attach", args=[cell.pk]), {"investor": investor.pk})
    TargetFactory(link=cell, name="远方锂电股份有限公司", owner_unit=county.township)
    cell.refresh_from_db()
    assert cell.state == LinkState.WEAK
    # The list counts the segments by state: 0 missing, 1 weak, 0 strong.
    listing = client.get(reverse("chains:chain_list")).content.decode()
    assert '<td class="text-end">0</td><td class="text-end">1</td><td class="text-end">0</td>' in listing
    # The map's drill-down of the level above lists what its segments hold.
    drill = client.get(reverse("chains:link_drill", args=[cell.parent_id]), headers={"HX-Request": "true"}).content.decode()
    assert "电芯一期" in drill and "本地电芯有限公司" in drill and "远方锂电股份有限公司" in drill
    assert "<html" not in drill


def test_targets_are_scoped_filtered_and_exported(cell, county, reporter, other_reporter, client_for):
    TargetFactory(link=cell, name="甲锂电股份有限公司", tier="listed", owner_unit=county.township)
    TargetFactory(link=cell, name="乙材料有限公司", tier="unicorn", owner_unit=county.township, contact_stage="visited")
    TargetFactory(link=cell, name="丙科技有限公司", owner_unit=county.other_township)
    client = client_for(reporter)
    page = client.get(reverse("chains:target_list")).content.decode()
    assert "甲锂电" in page and "乙材料" in page and "丙科技" not in page
    page = client.get(reverse("chains:target_list"), {"tier": "unicorn"}).content.decode()
    assert "乙材料" in page and "甲锂电" not in page
    export = client.get(reverse("chains:target_export"), {"contact_stage": "visited"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["乙材料有限公司"]
    other = client_for(other_reporter)
    target = TargetCompany.objects.get(name="甲锂电股份有限公司")
    assert other.get(reverse("chains:target_detail", args=[target.pk])).status_code == 404


def test_untouched_edit_forms_change_nothing(chain, cell, county, bureau_user, client_for):
    chain.deputies.add(*[])
    target = TargetFactory(link=cell, owner_unit=county.township, reason="锂电龙头\n配套需求大")
    client = client_for(bureau_user)
    for name, pk, record in (
        ("chains:chain_edit", chain.pk, chain),
        ("chains:link_edit", cell.pk, cell),
        ("chains:target_edit", target.pk, target),
    ):
        url = reverse(name, args=[pk])
        before = record.history.count()
        response = client.post(url, form_values(client.get(url).content.decode()))
        assert response.status_code == 302, response.content.decode()[:2000]
        assert record.history.count() == before, name


def test_a_stale_target_save_answers_409(cell, county, bureau_user, client_for):
    target = TargetFactory(link=cell, owner_unit=county.township)
    client = client_for(bureau_user)
    url = reverse("chains:target_edit", args=[target.pk])
    data = form_values(client.get(url).content.decode())
    actions.do_update_target(target, {"source": "招商推介会"}, bureau_user, expected_version=target.version)
    data["name"] = "改名股份有限公司"
    assert client.post(url, data).status_code == 409


def test_converting_on_the_screen_opens_the_new_lead(cell, county, reporter, client_for):
    target = TargetFactory(link=cell, owner_unit=county.township)
    response = client_for(reporter).post(reverse("chains:target_convert", args=[target.pk]))
    target.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("projects:project_detail", args=[target.project_id])
