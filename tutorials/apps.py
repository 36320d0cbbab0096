from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TutorialsConfig(AppConfig):
    name = "tutorials"
    label = "tutorials"
    verbose_name = _("E-government application tutorials")
