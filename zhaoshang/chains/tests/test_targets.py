"""Target companies become leads the way an accepted inquiry does."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.chains import actions
from zhaoshang.chains.factories import TargetFactory
from zhaoshang.chains.models import ContactStage, TargetCompany
from zhaoshang.projects.factories import InvestorFactory, make_uscc
from zhaoshang.projects.models import Investor, Stage


def test_adding_a_target_for_a_unit_the_user_writes_for(cell, reporter, county):
    target = actions.do_add_target(
        {"link": cell, "name": "宁德某电池股份有限公司", "tier": "listed", "source": "展会", "owner_unit": county.township}, reporter
    )
    assert TargetCompany.objects.visible_to(reporter).get() == target
    with pytest.raises(ValidationError):
        actions.do_add_target({"link": cell, "name": "甲公司", "tier": "listed", "owner_unit": county.other_township}, reporter)


def test_converting_a_target_creates_investor_and_lead_keeping_the_origin(cell, reporter, county):
    target = TargetFactory(link=cell, name="远景动力股份有限公司", tier="unicorn", owner_unit=county.township)
    project = actions.do_convert_target(target, reporter)
    target.refresh_from_db()
    assert (target.project, target.investor, target.contact_stage) == (project, project.investor, ContactStage.CONVERTED)
    assert (project.stage, project.introducing_unit, project.investor.name) == (Stage.LEAD, county.township, "远景动力股份有限公司")
    assert "产业链目标企业（新能源电池·电芯制造" in project.events.get().note
    assert [a.link for a in project.chain_attachments.all()] == [cell]
    with pytest.raises(ValidationError):
        actions.do_convert_target(target, reporter)


def test_converting_links_the_investor_already_in_the_register(cell, reporter, county):
    existing = InvestorFactory(name="星源材质股份有限公司", uscc=make_uscc(77))
    target = TargetFactory(link=cell, name="星源材质有限公司", uscc=make_uscc(77), owner_unit=county.township)
    project = actions.do_convert_target(target, reporter)
    assert project.investor == existing and Investor.objects.count() == 1


def test_other_units_neither_see_nor_convert_a_target(cell, other_reporter, lead_writer, county):
    target = TargetFactory(link=cell, owner_unit=county.township)
    assert not TargetCompany.objects.visible_to(other_reporter).exists()
    with pytest.raises(PermissionDenied):
        actions.do_convert_target(target, other_reporter)
    # The chain's lead unit sees and works it.
    assert TargetCompany.objects.visible_to(lead_writer).get() == target
