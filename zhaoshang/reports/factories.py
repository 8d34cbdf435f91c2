"""Small factories with arguments (STYLE.md)."""

import factory

from zhaoshang.accounts.factories import UserFactory

from .models import Circular, CircularStatus


class CircularFactory(factory.django.DjangoModelFactory):
    """CircularFactory(jurisdiction=county.root, status=CircularStatus.DONE): a row
    only; files are attached by generation (actions.do_run_circular)."""

    class Meta:
        model = Circular

    year = 2026
    month = 10
    status = CircularStatus.QUEUED
    requested_by = factory.SubFactory(UserFactory)
