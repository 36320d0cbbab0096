from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_answer_tally(sender, using="default", **kwargs):  # noqa: ARG001  (signal signature)
    from .tally import install

    install(using=using)


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # The triggers that keep AnswerTally exact (idempotent; see evaluation.tally).
        post_migrate.connect(_install_answer_tally, sender=self, dispatch_uid="evaluation_answer_tally")
