from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "asn_competency.common"
    label = "common"
    verbose_name = "Common"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
