from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone


def record_last_login(sender, user: User, **kwargs) -> None:
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)


# set_password() keeps the plain password on the object (`_password`) until the
# save, where Django itself uses it to call the validators' password_changed().
# Every path that changes a password goes through it: 修改密码, the admin's reset,
# `manage.py changepassword`, a shell.


def refuse_demo_password(sender, instance: User, **kwargs) -> None:
    """The last guard behind DemoPasswordValidator, for a path that skips the
    validators (a shell, a script). The demo loader stores the demo hash directly
    and so passes."""
    from zhaoshang.core.demo import DEMO_PASSWORD

    raw = getattr(instance, "_password", None)
    if raw is not None and raw.strip().lower() == DEMO_PASSWORD:
        raise ValidationError("这是公开的演示密码，不能用作正式密码。", code="password_is_demo")


def revoke_tokens_on_password_change(sender, instance: User, created: bool, **kwargs) -> None:
    """A changed password ends every API token of the login: a token leaked with
    the old password dies with it."""
    if not created and getattr(instance, "_password", None) is not None:
        from .actions import do_revoke_all_tokens

        do_revoke_all_tokens(instance, reason="修改密码，令牌作废")


def scope_changed(sender, **kwargs) -> None:
    """A role, unit or person was saved or deleted: the logins' kept scopes are
    stale once the transaction commits (access.kept_for)."""
    from . import access

    access.scope_changed()
