from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "asn_competency.common"
    label = "common"
    verbose_name = "Common"
