from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_answer_tally(sender, using="default", **kwargs):  # noqa: ARG001  (signal signature)
    from . import citizen_tags, tally

    tally.install(using=using)
    citizen_tags.install(using=using)


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # The triggers that keep AnswerTally and CitizenTags exact (idempotent; see
        # evaluation.tally and evaluation.citizen_tags).
        post_migrate.connect(_install_answer_tally, sender=self, dispatch_uid="evaluation_answer_tally")
