from django.urls import reverse


def test_reporter_sees_own_township_but_not_the_other(county, reporter, client_for):
    client = client_for(reporter)
    assert client.get(reverse("organisation:unit_detail", args=[county.township.pk])).status_code == 200
    assert client.get(reverse("organisation:unit_detail", args=[county.other_township.pk])).status_code == 404
