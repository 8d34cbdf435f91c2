"""The data migrations' mapping of old free-text 产业链 (projects in chains 0002,
promoted projects and inquiries in portal 0004): matched to a chain of the same
county by name, a chain created for a name the county has none of, nothing lost."""

from django.apps import apps

from zhaoshang.chains.factories import make_chain
from zhaoshang.chains.models import Chain, Link
from zhaoshang.chains.seeding import root_for, root_links
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind


def test_free_text_maps_to_the_chain_of_the_same_county_by_name(county):
    battery = make_chain(county.root, "新能源电池")
    other_county = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    theirs = make_chain(other_county, "新能源电池")
    roots = root_links(apps)
    # Spaces and case are ignored; the county is the one the caller found for the record.
    assert root_for(apps, roots, county.root, " 新能源 电池").chain == battery
    assert root_for(apps, roots, other_county, "新能源电池").chain == theirs
    assert root_for(apps, roots, county.root, "  ") is None


def test_a_name_the_county_has_no_chain_of_gets_one_so_nothing_is_lost(county):
    roots = root_links(apps)
    food = root_for(apps, roots, county.root, "绿色食品")
    assert food.tier == "root" and food.chain.name == "绿色食品" and food.chain.county == county.root
    assert sorted(Link.objects.filter(parent=food).values_list("name", flat=True)) == ["上游", "下游", "中游"]
    # The same name again (another record) finds the chain just created.
    assert root_for(apps, roots, county.root, "绿色 食品") == food
    assert Chain.objects.filter(name="绿色食品").count() == 1
