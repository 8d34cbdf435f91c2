"""A participant closed since it joined a campaign stays on offer when the campaign
is edited: an untouched save would otherwise drop it and delete its targets."""

from django.urls import reverse

from zhaoshang.campaigns.factories import CampaignFactory, CampaignTargetFactory


def untouched(form) -> dict:
    """What a browser sends back for an edit form nobody changed."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(value, list):
            data[field.html_name] = [str(v) for v in value]
        elif value not in (None, False, ""):
            data[field.html_name] = value
    return data


def test_an_untouched_campaign_save_keeps_a_closed_participant_and_its_targets(county, bureau_user, client_for):
    campaign = CampaignFactory(jurisdiction=county.root, units=[county.township, county.other_township])
    CampaignTargetFactory(campaign=campaign, unit=county.other_township, funds_arrived=10_000_000)
    county.other_township.is_active = False
    county.other_township.save()
    client = client_for(bureau_user)
    url = reverse("campaigns:campaign_edit", args=[campaign.pk])
    page = client.get(url)
    assert f'value="{county.other_township.pk}" selected' in page.content.decode()
    assert client.post(url, untouched(page.context["form"])).status_code == 302
    assert set(campaign.units.all()) == {county.township, county.other_township}
    assert campaign.targets.get(unit=county.other_township).funds_arrived == 10_000_000


def test_a_closed_unit_is_not_offered_to_a_new_campaign(county, bureau_user, client_for):
    county.other_township.is_active = False
    county.other_township.save()
    form = client_for(bureau_user).get(reverse("campaigns:campaign_create")).context["form"]
    assert county.other_township not in form.fields["units"].queryset
