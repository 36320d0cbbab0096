from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.models import OrgUnit

        from .models import Service
        from .selectors import public_units_forget

        # This process forgets its copies of the public units and services at once
        # (the other processes within FEEDBACK_UNIT_CACHE_SECONDS; their INSERTs re-check).
        for model in (OrgUnit, Service):
            post_save.connect(
                public_units_forget, sender=model, dispatch_uid=f"public_units_forget_save_{model.__name__}"
            )
            post_delete.connect(
                public_units_forget, sender=model, dispatch_uid=f"public_units_forget_delete_{model.__name__}"
            )
