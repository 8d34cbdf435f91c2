from django.contrib.auth.models import User
from django.utils import timezone


def record_last_login(sender, user: User, **kwargs) -> None:
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)
