from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhaoshang.accounts"
    verbose_name = "账号与权限"
