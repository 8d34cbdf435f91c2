from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone


def record_last_login(sender, user: User, **kwargs) -> None:
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)


def refuse_demo_password(sender, instance: User, **kwargs) -> None:
    """The last guard behind DemoPasswordValidator, for the paths that skip the
    validators (`createsuperuser --noinput`, a shell): set_password() keeps the
    plain password on the object until it is saved. The demo loader stores the
    demo hash directly and so passes."""
    from zhaoshang.core.demo import DEMO_PASSWORD

    raw = getattr(instance, "_password", None)
    if raw is not None and raw.strip().lower() == DEMO_PASSWORD:
        raise ValidationError("这是公开的演示密码，不能用作正式密码。", code="password_is_demo")
