"""The load test of `make bench` (dashboard/loadbench.py) runs only there; here: it
imports, and it asks for the URLs the list page and the API list really have."""

from django.urls import reverse

from zhaoshang.dashboard import loadbench


def test_the_load_test_targets_the_list_page_and_the_api_list():
    assert set(loadbench.TARGETS.values()) == {reverse("projects:project_list"), reverse("api:project_list")}
