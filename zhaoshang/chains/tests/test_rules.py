"""Link states follow the rules stored as data; overrides need a reason; a state
change caused by an attachment is written on the chain's timeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.chains import actions
from zhaoshang.chains.models import ChainEvent, LinkState, LinkStateRule
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory


def test_the_default_rules_are_seeded(db):
    assert list(LinkStateRule.objects.values_list("min_count", "state")) == [(0, "missing"), (1, "weak"), (3, "strong")]


def test_a_third_local_above_size_enterprise_turns_a_weak_link_strong_and_writes_the_timeline(chain, cell, bureau_user, county):
    first, second = InvestorFactory(), InvestorFactory()
    actions.do_attach(cell, bureau_user, investor=first, is_local_above_size=True)
    cell.refresh_from_db()
    assert cell.state == LinkState.WEAK
    actions.do_attach(cell, bureau_user, investor=second, is_local_above_size=True)
    # Not above size: does not count.
    actions.do_attach(cell, bureau_user, investor=InvestorFactory(), is_local_above_size=False)
    # A project of an enterprise already counted does not count twice.
    actions.do_attach(cell, bureau_user, project=ProjectFactory(investor=first, introducing_unit=county.township), is_local_above_size=True)
    cell.refresh_from_db()
    assert cell.state == LinkState.WEAK
    before = ChainEvent.objects.filter(link=cell).count()

    third = ProjectFactory(name="宏远电芯项目", introducing_unit=county.township)
    actions.do_attach(cell, bureau_user, project=third, is_local_above_size=True)

    cell.refresh_from_db()
    assert cell.state == LinkState.STRONG
    event = ChainEvent.objects.filter(link=cell).first()
    assert ChainEvent.objects.filter(link=cell).count() == before + 1
    assert (event.old_state, event.new_state, event.chain) == (LinkState.WEAK, LinkState.STRONG, chain)
    assert "宏远电芯项目" in event.text and event.user == bureau_user
    # The level above (中游) counts its segments' enterprises too.
    cell.parent.refresh_from_db()
    assert cell.parent.state == LinkState.STRONG


def test_the_rules_are_data(chain, cell, bureau_user):
    LinkStateRule.objects.filter(min_count=3).update(min_count=2)
    actions.do_attach(cell, bureau_user, investor=InvestorFactory(), is_local_above_size=True)
    actions.do_attach(cell, bureau_user, investor=InvestorFactory(), is_local_above_size=True)
    cell.refresh_from_db()
    assert cell.state == LinkState.STRONG


def test_detaching_lowers_the_state_again(chain, cell, bureau_user):
    attachment = actions.do_attach(cell, bureau_user, investor=InvestorFactory(), is_local_above_size=True)
    actions.do_detach(attachment, bureau_user)
    cell.refresh_from_db()
    assert cell.state == LinkState.MISSING
    assert ChainEvent.objects.filter(link=cell, new_state=LinkState.MISSING).exists()


def test_an_override_needs_a_reason_and_is_kept_in_history(cell, bureau_user):
    with pytest.raises(ValidationError):
        actions.do_override_state(cell, LinkState.STRONG, "  ", bureau_user)
    cell.refresh_from_db()
    assert cell.state == LinkState.MISSING and cell.override_state == ""

    actions.do_override_state(cell, LinkState.WEAK, "县外配套企业已覆盖本环节", bureau_user)
    cell.refresh_from_db()
    assert (cell.state, cell.rule_state) == (LinkState.WEAK, LinkState.MISSING)
    latest = cell.history.first()
    assert (latest.override_state, latest.history_change_reason, latest.history_user) == (LinkState.WEAK, "县外配套企业已覆盖本环节", bureau_user)
    assert ChainEvent.objects.filter(link=cell, new_state=LinkState.WEAK).exists()
    # Lifting the override also needs a reason.
    with pytest.raises(ValidationError):
        actions.do_override_state(cell, "", "", bureau_user)
    actions.do_override_state(cell, "", "认定期满", bureau_user)
    cell.refresh_from_db()
    assert cell.state == LinkState.MISSING


def test_only_the_bureau_and_the_lead_unit_manage_a_chain(cell, reporter, lead_writer):
    with pytest.raises(PermissionDenied):
        actions.do_attach(cell, reporter, investor=InvestorFactory())
    with pytest.raises(PermissionDenied):
        actions.do_override_state(cell, LinkState.STRONG, "理由", reporter)
    actions.do_attach(cell, lead_writer, investor=InvestorFactory())


def test_links_form_a_tree_under_the_levels(chain, cell, bureau_user):
    product = actions.do_add_link(cell, {"name": "磷酸铁锂电芯"}, bureau_user)
    assert (product.tier, product.stream, product.parent) == ("product", "mid", cell)
    with pytest.raises(ValidationError):
        actions.do_add_link(product, {"name": "更下一级"}, bureau_user)
    with pytest.raises(ValidationError):
        actions.do_add_link(chain.root, {"name": "第四游"}, bureau_user)
    actions.do_attach(product, bureau_user, investor=InvestorFactory())
    with pytest.raises(ValidationError):
        actions.do_delete_link(cell, bureau_user)
