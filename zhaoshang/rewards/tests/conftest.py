from datetime import date

import pytest

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.projects.models import Stage
from zhaoshang.rewards.calculator import Base
from zhaoshang.rewards.factories import FinderFactory, FinderShareFactory, RewardRuleFactory
from zhaoshang.rewards.models import RuleStatus

WAN = 10_000


@pytest.fixture
def reviewer(county):
    """A compliance reviewer of the county (合规审查员)."""
    return user_with_role(Role.COMPLIANCE, county.root, username="reviewer")


@pytest.fixture
def project(county):
    """城关镇's signed project: 1,500万 fixed investment, signed 2025-03-01, one finder
    registered before signing."""
    project = ProjectFactory(
        name="新材料项目",
        introducing_unit=county.township,
        stage=Stage.SIGNED,
        total_investment=1500 * WAN,
        signed_on=date(2025, 3, 1),
        planned_producing_on=date(2025, 12, 31),
    )
    FinderShareFactory(project=project, finder=FinderFactory(name="张三", registered_on=date(2025, 1, 10)))
    return project


@pytest.fixture
def other_project(county):
    project = ProjectFactory(name="河口镇项目", introducing_unit=county.other_township, stage=Stage.SIGNED, signed_on=date(2025, 3, 1))
    FinderShareFactory(project=project, finder=FinderFactory(name="李四"))
    return project


@pytest.fixture
def rule(db):
    return RewardRuleFactory(name="固定资产投资引荐奖励", code="fixed", status=RuleStatus.ENABLED)


@pytest.fixture
def tax_rule(db):
    return RewardRuleFactory(name="地方留成税收奖励", code="tax", base=Base.LOCAL_TAX)
