"""The data migration 0004: the old free-text 产业链 of promoted projects and
inquiries mapped to a chain of the same county by name."""

import importlib

from zhaoshang.chains.factories import make_chain
from zhaoshang.chains.models import Chain
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind

migration = importlib.import_module("zhaoshang.portal.migrations.0004_chain_links")


def test_free_text_maps_to_the_chain_of_the_same_county_by_name(county):
    battery = make_chain(county.root, "新能源电池")
    other_county = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    town = UnitFactory(parent=other_county, name="邻县镇", kind=UnitKind.TOWNSHIP)
    theirs = make_chain(other_county, "新能源电池")
    index = migration.chain_index(Chain)
    # Spaces and case are ignored; the county is the one of the record's unit.
    assert migration.match(index, county.township.path, " 新能源 电池") == battery
    assert migration.match(index, county.root.path, "新能源电池") == battery
    assert migration.match(index, town.path, "新能源电池") == theirs
    # A name the county has no chain of, or none at all, maps to nothing.
    assert migration.match(index, county.township.path, "绿色食品") is None
    assert migration.match(index, county.township.path, "  ") is None
