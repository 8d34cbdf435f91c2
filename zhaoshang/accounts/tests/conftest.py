"""Fixtures for the accounts tests; the personas themselves live in the root conftest."""

import pytest
from django.test import Client

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role

PASSWORD = "zhaoshang-test-pw"


@pytest.fixture
def account(county):
    """A login managed by the admin: 城关镇's clerk 张三, a reporter."""
    return user_with_role(Role.REPORTER, county.township, username="zhangsan", first_name="张三")


@pytest.fixture
def admin_client(admin_user, client_for) -> Client:
    return client_for(admin_user)


@pytest.fixture
def strict_client() -> Client:
    """A client that enforces CSRF, as a browser's forged request would meet it."""
    return Client(enforce_csrf_checks=True)
