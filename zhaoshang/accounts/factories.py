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
