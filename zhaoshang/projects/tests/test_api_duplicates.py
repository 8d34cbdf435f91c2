"""The bureau's duplicate queue through the API: GET /duplicates, POST
/projects/{id}/merge and /distinct, with the screens' rules and both histories kept."""

import pytest
from django.urls import reverse

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.projects.factories import FundEntryFactory, ProjectFactory
from zhaoshang.projects.models import DuplicateStatus, FundEntry, FundStatus, Project


@pytest.fixture
def pair(county, other_project):
    """城关镇's project held as a possible duplicate of 河口镇's, each with a verified arrival."""
    suspect = ProjectFactory(
        name="河口物流园（城关镇报）",
        investor=other_project.investor,
        introducing_unit=county.township,
        duplicate_status=DuplicateStatus.SUSPECTED,
        duplicate_of=other_project,
    )
    FundEntryFactory(project=suspect, amount=3_000_000, status=FundStatus.VERIFIED)
    FundEntryFactory(project=other_project, amount=5_000_000, status=FundStatus.VERIFIED)
    return suspect, other_project


def post(client, name, pk, body=None):
    return client.post(reverse(name, args=[pk]), body or {}, content_type="application/json")


def test_the_queue_lists_held_projects_with_their_match_for_the_bureau_only(pair, project, client_for, bureau_user, reporter):
    suspect, twin = pair

    body = client_for(bureau_user).get(reverse("api:duplicate_list")).json()
    refused = client_for(reporter).get(reverse("api:duplicate_list"))

    assert [(i["id"], i["duplicate_of"]["id"], i["duplicate_of"]["introducing_unit_name"]) for i in body["items"]] == [
        (suspect.pk, twin.pk, "河口镇")
    ]
    assert refused.status_code == 403
    assert refused.json() == {"detail": "无权执行该操作"}


def test_the_bureau_merges_the_held_project_into_its_match(pair, client_for, bureau_user):
    suspect, twin = pair

    response = post(client_for(bureau_user), "api:project_merge", suspect.pk, {"into_id": twin.pk})

    assert response.status_code == 200, response.json()
    assert response.json()["id"] == twin.pk
    suspect.refresh_from_db()
    assert (suspect.duplicate_status, suspect.duplicate_of_id) == (DuplicateStatus.MERGED, twin.pk)
    assert suspect.history.first().history_user == bureau_user
    assert set(FundEntry.objects.values_list("project_id", flat=True)) == {twin.pk}
    # Both histories are kept; the merged record stays, pointing at the survivor.
    assert suspect.history.count() >= 2 and twin.history.exists()


def test_the_bureau_may_keep_the_held_project_and_merge_its_match_into_it(pair, client_for, bureau_user):
    suspect, twin = pair

    response = post(client_for(bureau_user), "api:project_merge", twin.pk, {"into_id": suspect.pk})

    assert response.status_code == 200
    assert Project.objects.get(pk=twin.pk).duplicate_status == DuplicateStatus.MERGED
    assert Project.objects.get(pk=suspect.pk).duplicate_status == DuplicateStatus.NONE


def test_after_merging_both_arrivals_count_once_under_the_survivor(county, pair, client_for, bureau_user, today):
    """Held, the suspect's 300万 did not count; merged, it counts with the survivor's 500万."""
    suspect, twin = pair
    post(client_for(bureau_user), "api:project_merge", suspect.pk, {"into_id": twin.pk})

    scope, span = Scope.for_jurisdiction(county.root), Span.month(today.year, today.month)
    assert engine.summary(scope, span, today).figures["funds_arrived"].value == 8_000_000


def test_only_a_held_pair_may_be_merged(pair, project, client_for, bureau_user):
    suspect, _ = pair

    response = post(client_for(bureau_user), "api:project_merge", suspect.pk, {"into_id": project.pk})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "into_id", "message": "只能合并一对待研判的疑似重复项目"}]}
    assert Project.objects.filter(duplicate_status=DuplicateStatus.MERGED).count() == 0


def test_an_unknown_survivor_is_a_field_error(pair, client_for, bureau_user):
    suspect, _ = pair

    response = post(client_for(bureau_user), "api:project_merge", suspect.pk, {"into_id": 999_999})

    assert response.json() == {"detail": [{"field": "into_id", "message": "保留的项目不存在"}]}


def test_a_unit_user_may_not_merge_their_own_held_project(pair, client_for, reporter):
    suspect, twin = pair

    response = post(client_for(reporter), "api:project_merge", suspect.pk, {"into_id": twin.pk})

    assert response.status_code == 403
    suspect.refresh_from_db()
    assert suspect.duplicate_status == DuplicateStatus.SUSPECTED


def test_merging_with_a_joint_split_sets_the_survivors_credit(county, pair, client_for, bureau_user):
    suspect, twin = pair
    credits = [{"unit_id": county.other_township.pk, "share_bp": 6000}, {"unit_id": county.township.pk, "share_bp": 4000}]

    response = post(client_for(bureau_user), "api:project_merge", suspect.pk, {"into_id": twin.pk, "credits": credits})

    assert [(c["unit_name"], c["share_bp"]) for c in response.json()["credits"]] == [("河口镇", 6000), ("城关镇", 4000)]


def test_the_bureau_marks_a_held_project_distinct(pair, client_for, bureau_user):
    suspect, twin = pair
    client = client_for(bureau_user)

    response = post(client, "api:project_mark_distinct", suspect.pk)
    again = post(client, "api:project_mark_distinct", suspect.pk)

    assert response.status_code == 200
    assert response.json()["duplicate_status"] == DuplicateStatus.DISTINCT
    suspect.refresh_from_db()
    assert list(suspect.distinct_from.all()) == [twin]
    assert suspect.history.first().history_user == bureau_user
    assert again.status_code == 422
    assert again.json() == {"detail": [{"field": "duplicate_status", "message": "该项目不是待研判的疑似重复项目"}]}
    assert client.get(reverse("api:duplicate_list")).json()["count"] == 0


def test_the_queue_does_not_query_per_row(county, client_for, bureau_user, django_assert_max_num_queries):
    for n in range(6):
        twin = ProjectFactory(name=f"河口项目{n}", introducing_unit=county.other_township)
        ProjectFactory(
            name=f"城关项目{n}",
            investor=twin.investor,
            introducing_unit=county.township,
            duplicate_status=DuplicateStatus.SUSPECTED,
            duplicate_of=twin,
        )
    client = client_for(bureau_user)
    client.get(reverse("api:duplicate_list"))  # session and role caches warm

    with django_assert_max_num_queries(6):
        assert client.get(reverse("api:duplicate_list")).json()["count"] == 6
