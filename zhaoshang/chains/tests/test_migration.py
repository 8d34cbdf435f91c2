"""The data migration's mapping of the old free-text 产业链 (seeding.attach_by_name)."""

from django.apps import apps

from zhaoshang.chains.factories import make_chain
from zhaoshang.chains.models import Attachment, Chain
from zhaoshang.chains.seeding import attach_by_name
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import ProjectFactory


def test_free_text_chains_map_to_chains_of_the_county_by_name(county):
    battery = make_chain(county.root, "新能源电池")
    other_county = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    town = UnitFactory(parent=other_county, name="邻县镇", kind=UnitKind.TOWNSHIP)
    a = ProjectFactory(introducing_unit=county.township)
    b = ProjectFactory(introducing_unit=county.other_township)
    c = ProjectFactory(introducing_unit=town)
    d = ProjectFactory(introducing_unit=county.township)
    rows = [
        (a.pk, county.township.path, "新能源 电池"),
        (b.pk, county.other_township.path, "绿色食品"),
        (c.pk, town.path, "新能源电池"),
        (d.pk, county.township.path, "  "),
    ]
    assert attach_by_name(apps, rows) == 3
    assert Attachment.objects.get(project=a).link == battery.root
    food = Chain.objects.get(county=county.root, name="绿色食品")
    assert Attachment.objects.get(project=b).link == food.root and food.links.count() == 4
    # The same name in another county is another county's chain.
    assert Attachment.objects.get(project=c).link.chain.county == other_county
    assert not Attachment.objects.filter(project=d).exists()
