from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "zhaoshang.campaigns"
    verbose_name = "竞赛活动"
