from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhaoshang.portal"
    verbose_name = "公开信息"
