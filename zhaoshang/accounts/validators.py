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
