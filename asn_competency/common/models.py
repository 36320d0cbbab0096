from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for every model of the project: creation and update times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A Celery task to send once the transaction that recorded it has committed
    (transactional outbox, see asn_competency.common.outbox). Rows are written in
    the caller's transaction, so the work exists exactly when the data does, and
    wait here while the broker is down."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True, encoder=DjangoJSONEncoder)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set by the worker when the task has run to the end: a second delivery of the
    # same message (at-least-once) is then skipped (see common.celery_task).
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # The relay reads only pending rows; sent ones pile up until purged.
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="common_outbox_pending"),
        ]

    def __str__(self):
        return f"{self.task} #{self.pk} ({'sent' if self.sent_at else 'pending'})"
