from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    name = "zhaoshang.catalogues"
    verbose_name = "名录"
