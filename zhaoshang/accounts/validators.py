from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's zh-hans catalogue leaves this message (a plural form) in English."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"


class DemoPasswordValidator:
    """The demo password is printed in README.md and on every `make run`: no login
    created or changed through a screen, the API or a management command may use it.
    (The demo loader sets it on the demo logins directly, without validation.)"""

    def validate(self, password: str, user=None) -> None:
        from zhaoshang.core.demo import DEMO_PASSWORD

        if password.strip().lower() == DEMO_PASSWORD:
            raise ValidationError("这是公开的演示密码，不能用作正式密码。", code="password_is_demo")

    def get_help_text(self) -> str:
        return "不能使用公开的演示密码。"


class RevokeApiTokensOnChange:
    """Not a check: Django calls every validator's password_changed() after any
    set_password() is saved (the screens, the API, `changepassword`), which makes
    it the one hook that no path around it misses. A changed password ends every
    API token of the login: a token leaked with the old password dies with it."""

    def validate(self, password: str, user=None) -> None:
        pass

    def get_help_text(self) -> str:
        return ""

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .actions import do_revoke_all_tokens

        do_revoke_all_tokens(user, reason="修改密码，令牌作废")
