"""The demo projects: built through the actions on a small county (30 projects), with every stage
and fund status, consistent figures, and nothing new on a second run."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.core.demo import DemoWorld
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, UnitKind
from zhaoshang.projects import demo
from zhaoshang.projects.models import (
    PIPELINE,
    Currency,
    DuplicateStatus,
    EventKind,
    ExchangeRate,
    FundEntry,
    FundStatus,
    Obstacle,
    Project,
    ProjectCredit,
    Stage,
    StageEvent,
)

COUNT = 30


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> DemoWorld:
    """A small county with the demo logins (taken by username, as the builder does),
    built once for the module inside a transaction rolled back at the end; each test
    runs in its own savepoint on top of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
        township = UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP)
        other = UnitFactory(parent=root, name="河口镇", kind=UnitKind.TOWNSHIP)
        department = UnitFactory(parent=root, name="县经济和信息化局", kind=UnitKind.DEPARTMENT)
        users = {
            "zsj": user_with_role(Role.BUREAU, root, username="zsj"),
            "chengguan": user_with_role(Role.REPORTER, township, username="chengguan"),
            "chengguan_head": user_with_role(Role.UNIT_HEAD, township, username="chengguan_head"),
            "hekou": user_with_role(Role.REPORTER, other, username="hekou"),
            "jingxin": user_with_role(Role.REPORTER, department, username="jingxin"),
        }
        PersonFactory(name="王立新", post="县长", unit=root, leader_body=LeaderBody.GOVERNMENT)
        PersonFactory(name="李振华", post="镇长", unit=township)
        world = DemoWorld(county=root, units={u.name: u for u in (township, other, department)}, users=users)
        demo.build(world, count=COUNT)
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _db(built, db) -> None:
    """Each test in a savepoint on top of the module's county."""


def test_the_builder_makes_about_the_asked_number_of_projects(built):
    assert COUNT <= Project.objects.count() <= COUNT + 3


def test_every_stage_and_every_fund_status_is_present(built):
    stages = set(Project.objects.values_list("stage", flat=True))
    statuses = set(FundEntry.objects.values_list("status", flat=True))

    assert stages == set(Stage.values)
    assert statuses == set(FundStatus.values)


def test_a_second_run_creates_nothing(built):
    before = (Project.objects.count(), StageEvent.objects.count(), FundEntry.objects.count(), Project.history.count())

    demo.build(built, count=COUNT)

    assert (Project.objects.count(), StageEvent.objects.count(), FundEntry.objects.count(), Project.history.count()) == before


def test_verified_figures_come_only_from_verified_entries_with_evidence(built):
    verified = FundEntry.objects.filter(verified_at__isnull=False)

    assert set(verified.values_list("status", flat=True)) == {FundStatus.VERIFIED}
    assert not verified.filter(evidence__isnull=True).exists()
    assert verified.aggregate(s=Sum("amount"))["s"] == FundEntry.objects.verified().aggregate(s=Sum("amount"))["s"]
    assert not FundEntry.objects.exclude(status=FundStatus.VERIFIED).filter(verified_at__isnull=False).exists()


def test_the_signing_on_each_project_mirrors_its_signing_event(built):
    for project in Project.objects.exclude(signed_on=None):
        event = project.events.active().get(kind=EventKind.STAGE, stage=Stage.SIGNED)
        assert (project.signed_on, project.contract_amount) == (event.date, event.contract_amount)
        assert event.evidence.filter(kind="contract").exists()


def test_stage_events_are_dated_in_order_and_recorded_on_their_day(built):
    today = timezone.localdate()
    for project in Project.objects.all():
        dates = [e.date for e in project.events.filter(kind=EventKind.STAGE).order_by("date", "id")]
        assert dates == sorted(dates)
        assert all(d <= today for d in dates)
    event = StageEvent.objects.order_by("date").first()
    assert timezone.localtime(event.recorded_at).date() == event.date


def test_planted_cases_are_there(built):
    today = timezone.localdate()
    signed_then_nothing = (
        Project.objects.counted()
        .filter(stage=Stage.SIGNED, signed_on__lte=today - timedelta(days=90))
        .exclude(fund_entries__status=FundStatus.VERIFIED)
    )

    assert signed_then_nothing.count() >= 3
    assert Project.objects.filter(duplicate_status=DuplicateStatus.SUSPECTED).count() >= 3
    assert ProjectCredit.objects.filter(share_bp__lt=10_000).exists()
    assert Obstacle.objects.overdue(today).exists()
    assert set(ExchangeRate.objects.filter(currency=Currency.USD).values_list("year", flat=True)) >= {2024, 2025, 2026}


def test_every_pipeline_stage_was_reached_through_events(built):
    reached = set(StageEvent.objects.filter(kind=EventKind.STAGE).values_list("stage", flat=True))

    assert set(PIPELINE) <= reached


def test_demo_changes_are_recorded_as_the_demo_users(built):
    users = {h.history_user.username for h in Project.history.all() if h.history_user}

    assert users <= {"zsj", "chengguan", "hekou", "jingxin", "chengguan_head"}
    assert "zsj" in users
