"""A target's holder who has since left (a person out of office, a unit closed)
stays on offer when the target is edited, so correcting its amount does not fail
or drop the holder; new targets go to serving persons and active units only."""

from django.urls import reverse

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.targets.factories import TargetFactory


def test_a_person_target_is_corrected_after_its_holder_has_left(county, period, client_for, bureau_user):
    holder = PersonFactory(name="周干部", unit=county.township, is_active=False)
    target = TargetFactory(period=period, unit=None, person=holder, amount=10_000_000)
    url = reverse("targets:target_edit", args=[target.pk])
    client = client_for(bureau_user)
    assert holder in client.get(url).context["form"].fields["person"].queryset
    response = client.post(
        url, {"period": period.pk, "kind": "funds_arrived", "person": holder.pk, "amount_input": "1200", "version": target.version}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.person, target.amount) == (holder, 12_000_000)


def test_a_unit_target_is_corrected_after_its_unit_was_closed(county, period, target, client_for, bureau_user):
    county.township.is_active = False
    county.township.save()
    response = client_for(bureau_user).post(
        reverse("targets:target_edit", args=[target.pk]),
        {"period": period.pk, "kind": "funds_arrived", "unit": county.township.pk, "amount_input": "4500", "version": target.version},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.unit, target.amount) == (county.township, 45_000_000)


def test_a_new_target_offers_no_departed_person(county, period, client_for, bureau_user):
    holder = PersonFactory(name="周干部", unit=county.township, is_active=False)
    form = client_for(bureau_user).get(reverse("targets:target_create")).context["form"]
    assert holder not in form.fields["person"].queryset
    assert county.township in form.fields["unit"].queryset
