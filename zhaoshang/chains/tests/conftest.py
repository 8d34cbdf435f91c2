import pytest

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.chains.factories import make_chain, segment


@pytest.fixture
def chain(county):
    """新能源电池 of 示范县, led by 县经信局, with the segment 电芯制造 under 中游."""
    return make_chain(county.root, "新能源电池", lead_unit=county.department)


@pytest.fixture
def cell(chain):
    return segment(chain, "电芯制造")


@pytest.fixture
def lead_writer(county):
    """A reporter of the chain's lead unit (县经信局)."""
    return user_with_role(Role.REPORTER, county.department, username="lead_writer")
