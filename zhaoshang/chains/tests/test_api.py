"""The chain API reads with the screens' scope."""

from django.urls import reverse

from zhaoshang.chains import actions
from zhaoshang.chains.factories import TargetFactory, make_chain
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import InvestorFactory


def test_chains_links_and_targets_are_read_within_scope(chain, cell, county, reporter, other_reporter, bureau_user, client_for):
    make_chain(UnitFactory(name="邻县", kind=UnitKind.COUNTY), "邻县食品")
    actions.do_attach(cell, bureau_user, investor=InvestorFactory(), is_local_above_size=True)
    mine = TargetFactory(link=cell, name="甲公司", owner_unit=county.township)
    theirs = TargetFactory(link=cell, name="乙公司", owner_unit=county.other_township)
    client = client_for(reporter)

    chains = client.get(reverse("api:chain_list")).json()
    assert [c["name"] for c in chains["items"]] == ["新能源电池"]
    links = {link["name"]: link for link in client.get(reverse("api:chain_links", args=[chain.pk])).json()}
    assert (links["电芯制造"]["state"], links["电芯制造"]["local_above_size"]) == ("weak", 1)
    assert links["中游"]["state"] == "weak" and links["上游"]["state"] == "missing"

    targets = client.get(reverse("api:chain_target_list")).json()
    assert [t["name"] for t in targets["items"]] == ["甲公司"]
    assert client.get(reverse("api:chain_target_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("api:chain_target_detail", args=[theirs.pk])).status_code == 404
    assert [t["name"] for t in client_for(other_reporter).get(reverse("api:chain_target_list")).json()["items"]] == ["乙公司"]
    assert client_for(None).get(reverse("api:chain_list")).status_code == 401
