"""Chains for tests: make_chain builds a chain with its root and the three levels
the way do_create_chain does, without a login."""

from __future__ import annotations

import factory

from zhaoshang.organisation.models import Unit

from .models import Chain, Link, LinkTier, Stream, TargetCompany, Tier


def make_chain(county: Unit, name: str = "新能源电池", lead_unit: Unit | None = None, **fields) -> Chain:
    chain = Chain.objects.create(county=county, name=name, lead_unit=lead_unit or county, **fields)
    root = Link.objects.create(chain=chain, tier=LinkTier.ROOT, name=name)
    for order, stream in enumerate(Stream, start=1):
        Link.objects.create(chain=chain, parent=root, tier=LinkTier.LEVEL, stream=stream, name=stream.label, order=order)
    return chain


def level(chain: Chain, stream: str) -> Link:
    return chain.links.get(tier=LinkTier.LEVEL, stream=stream)


def segment(chain: Chain, name: str, stream: str = Stream.MIDSTREAM) -> Link:
    parent = level(chain, stream)
    return Link.objects.create(chain=chain, parent=parent, tier=LinkTier.SEGMENT, stream=stream, name=name)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetCompany

    name = factory.Sequence(lambda n: f"目标企业{n}股份有限公司")
    tier = Tier.LISTED
    source = "行业协会名录"
