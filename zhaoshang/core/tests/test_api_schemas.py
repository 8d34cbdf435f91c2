"""OpenAPI names a component after its schema class: two classes of one name
describe one endpoint with the other's fields (the reward trial's StepOut once
replaced the element steps' in the published schema)."""

from collections import defaultdict

from ninja import Schema

import zhaoshang.api  # noqa: F401  (loads every router and its schemas)


def _ours(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("zhaoshang."):
            found.append(sub)
        found += _ours(sub)
    return found


def test_every_api_schema_has_a_name_of_its_own():
    modules = defaultdict(set)
    for schema in _ours(Schema):
        modules[schema.__name__].add(schema.__module__)
    assert {name: sorted(found) for name, found in modules.items() if len(found) > 1} == {}
