"""What a figure's scope asks of a credit, kept on the credit (ProjectCredit.unit_path
and .counted, issue 13): every way a credit, a project's duplicate status or a
unit's place in the tree changes keeps the copy equal to the source, and the
figures follow it."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation import actions as unit_actions
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects import actions
from zhaoshang.projects.factories import FundEntryFactory, InvestorFactory
from zhaoshang.projects.models import UNCOUNTED, Category, DuplicateStatus, FundStatus, Project, ProjectCredit
from zhaoshang.projects.models.credits import fill_credits

SPAN = Span.range(date(2026, 1, 1), date(2026, 12, 31))
AS_OF = date(2026, 12, 31)


def stale_credits() -> list[tuple[int, str, bool]]:
    """Credits whose copy differs from their unit's path or their project's status."""
    rows = ProjectCredit.objects.annotate(
        path=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1]),
        status=Subquery(Project.objects.filter(pk=OuterRef("project_id")).values("duplicate_status")[:1]),
    ).values_list("pk", "unit_path", "counted", "path", "status")
    return [(pk, unit_path, counted) for pk, unit_path, counted, path, status in rows if unit_path != path or counted != (status not in UNCOUNTED)]


def new_project(user, unit, investor, name="新能电池生产基地"):
    return actions.do_create_project({"name": name, "investor": investor, "category": Category.INDUSTRY, "introducing_unit": unit}, None, user)


def verified(project, amount: int) -> None:
    FundEntryFactory(
        project=project, date=date(2026, 3, 1), amount=amount, status=FundStatus.VERIFIED, verified_at=timezone.make_aware(datetime(2026, 3, 2))
    )


@pytest.fixture
def original(county, reporter):
    return new_project(reporter, county.township, InvestorFactory(name="深圳新能科技有限公司"))


@pytest.fixture
def claim(original, county, other_reporter):
    """Another unit's project of the same investor: held as a suspected duplicate."""
    return new_project(other_reporter, county.other_township, original.investor, name="新能电池生产基地项目")


def test_a_new_credit_carries_its_units_path_and_counts(original, county):
    (credit,) = original.credits.all()
    assert (credit.unit_path, credit.counted) == (county.township.path, True)


def test_a_joint_split_gives_each_credit_its_own_units_path(original, county, bureau_user):
    actions.do_set_credits(original, [(county.township, 7000), (county.other_township, 3000)], bureau_user)
    assert dict(original.credits.values_list("unit_id", "unit_path")) == {
        county.township.pk: county.township.path,
        county.other_township.pk: county.other_township.path,
    }
    assert stale_credits() == []


def test_a_held_duplicate_does_not_count_until_the_bureau_calls_it_distinct(claim, bureau_user):
    assert claim.duplicate_status == DuplicateStatus.SUSPECTED
    assert list(claim.credits.values_list("counted", flat=True)) == [False]
    actions.do_mark_distinct(claim, bureau_user)
    assert list(claim.credits.values_list("counted", flat=True)) == [True]
    assert stale_credits() == []


def test_a_merged_duplicate_does_not_count_and_the_survivor_does(original, claim, bureau_user):
    actions.do_merge_projects(original, claim, bureau_user)
    assert list(claim.credits.values_list("counted", flat=True)) == [False]
    assert list(original.credits.values_list("counted", flat=True)) == [True]
    assert stale_credits() == []


def test_a_held_projects_funds_leave_the_figures_and_come_back_when_released(county, claim, bureau_user):
    verified(claim, 3_000_000)
    scope = Scope.for_unit(county.other_township)
    assert engine.funds_arrived(scope, SPAN, AS_OF).yuan == 0
    actions.do_mark_distinct(claim, bureau_user)
    assert engine.funds_arrived(scope, SPAN, AS_OF).yuan == 3_000_000


def test_moving_a_unit_moves_the_path_its_credits_carry(county, reporter, bureau_user):
    team = UnitFactory(parent=county.township, name="招商组", kind=UnitKind.SECTION)
    member = UnitFactory(parent=team, name="组员甲", kind=UnitKind.SECTION)
    project = new_project(bureau_user, member, InvestorFactory())
    verified(project, 5_000_000)
    other = Scope.for_unit(county.other_township)
    assert engine.funds_arrived(other, SPAN, AS_OF).yuan == 0

    unit_actions.do_move_unit(team, county.other_township, bureau_user)

    member.refresh_from_db()
    assert list(project.credits.values_list("unit_path", flat=True)) == [member.path]
    assert member.path.startswith(county.other_township.path)
    assert stale_credits() == []
    assert engine.funds_arrived(other, SPAN, AS_OF).yuan == 5_000_000
    assert engine.funds_arrived(Scope.for_unit(county.township), SPAN, AS_OF).yuan == 0


def test_fill_credits_mends_credits_written_without_save(original, claim, county):
    ProjectCredit.objects.update(unit_path="", counted=True)
    fill_credits()
    assert dict(ProjectCredit.objects.values_list("project_id", "unit_path")) == {
        original.pk: county.township.path,
        claim.pk: county.other_township.path,
    }
    assert stale_credits() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's collations")
@pytest.mark.django_db
def test_on_postgresql_the_credits_unit_path_compares_bytes():
    """So the planner estimates a county's credits from the column's statistics (organisation.PathField)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns WHERE table_name = 'projects_projectcredit' AND column_name = 'unit_path'"
        )
        assert cursor.fetchone() == ("C",)
