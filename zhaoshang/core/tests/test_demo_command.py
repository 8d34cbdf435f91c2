"""`manage.py demo` builds the demo county once and prints the demo logins every time."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from zhaoshang.accounts.models import RoleAssignment
from zhaoshang import demo
from zhaoshang.organisation.models import Division, Person, Unit

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Unit, Division, Person, User, RoleAssignment, Unit.history.model)}


def test_running_demo_twice_creates_nothing_new_and_prints_the_logins_both_times():
    first = run_demo()
    after_first = counts()
    second = run_demo()

    assert counts() == after_first
    assert after_first["Unit"] == 59
    assert "已创建示范县" in first
    assert "已存在，未重复创建" in second
    for output in (first, second):
        assert "用户名" in output and "密码" in output and "角色" in output and "单位" in output
        for login in demo.logins():
            assert login.username in output
        assert demo.DEMO_PASSWORD in output
