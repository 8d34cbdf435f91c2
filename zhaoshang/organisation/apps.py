from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "zhaoshang.organisation"
    verbose_name = "组织机构"
