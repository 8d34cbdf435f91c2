import factory
from django.contrib.auth.models import User

from .models import RoleAssignment


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("zhaoshang-test-pw")


def user_with_role(role: str, unit, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def pass_second_factor(client) -> None:
    """For a client logged in with force_login: the session counts as having
    passed the second factor, as force_login skips the login form altogether.
    (accounts/tests/test_second_factor.py goes through the real steps.)"""
    from .second_factor import SESSION_KEY, VERIFIED

    session = client.session
    session[SESSION_KEY] = VERIFIED
    session.save()


def publish_scope_changes() -> None:
    """What a commit does, for a test whose transaction never commits: publish the
    scope changes waiting for it (access.scope_changed), so that the logins' scopes
    are kept again from here on (until then they are read afresh every time)."""
    from django.db import connection

    from . import access

    for _savepoints, func, _robust in connection.run_on_commit:
        if isinstance(func, access._Publication):
            func()
