"""Announcements: HR writes one message to an audience (a session's participants,
a program's alumni, a unit's ASN); a Celery job delivers it through the
notification centre (in-app always, e-mail as each person chose) in batches, and
the page shows its progress."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from asn_competency.common.models import TimeStampedModel
from training.models import Program, Session

SUBJECT_MAX = 200  # the inbox title's length (notifications.Notification.title)
BODY_MAX = 5000


class Announcement(TimeStampedModel):
    class Audience(models.TextChoices):
        SESSION = "session", _("Participants of a session")
        PROGRAM = "program", _("Alumni of a program")
        UNIT = "unit", _("ASN of an organisation unit")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("announcement status", "Draft")
        QUEUED = "queued", pgettext_lazy("announcement status", "Queued")
        SENDING = "sending", pgettext_lazy("announcement status", "Sending")
        SENT = "sent", pgettext_lazy("announcement status", "Sent")
        FAILED = "failed", pgettext_lazy("announcement status", "Failed")

    subject = models.CharField(pgettext_lazy("announcement", "subject"), max_length=SUBJECT_MAX)
    body = models.TextField(
        pgettext_lazy("announcement", "message"),
        validators=[MaxLengthValidator(BODY_MAX)],
        help_text=_("Plain text; Markdown (bold, lists, links) is shown formatted."),
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    # Exactly the target of the audience is set (a CheckConstraint holds it).
    session = models.ForeignKey(
        Session, verbose_name=_("session"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organisation unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    include_subunits = models.BooleanField(_("include sub-units"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # `total` is the audience counted when HR sent it, then the recipients frozen
    # by the job (its snapshot); `delivered` moves with every batch.
    total = models.PositiveIntegerField(_("recipients"), default=0)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    snapshot_at = models.DateTimeField(_("recipients fixed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(audience="session", session__isnull=False, program__isnull=True, unit__isnull=True)
                    | models.Q(audience="program", session__isnull=True, program__isnull=False, unit__isnull=True)
                    | models.Q(audience="unit", session__isnull=True, program__isnull=True, unit__isnull=False)
                ),
                name="announcement_target_matches_audience",
            ),
            models.CheckConstraint(
                condition=models.Q(delivered__lte=models.F("total")), name="announcement_delivered_le_total"
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("announcements:detail", args=[self.pk])

    @property
    def target(self):
        return {self.Audience.SESSION: self.session, self.Audience.PROGRAM: self.program}.get(self.audience, self.unit)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.FAILED)

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.SENDING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SENT:
            return 100
        return min(100, int(self.delivered * 100 / self.total)) if self.total else 0


class AnnouncementRecipient(models.Model):
    """One person an announcement goes to, frozen when the job starts. The row
    makes delivery exactly once: the unique pair refuses a second row, and
    `delivered_at` is set in the transaction that writes the person's notice."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement recipient")
        verbose_name_plural = _("announcement recipients")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_recipient_unique_user")
        ]
        indexes = [
            # The job's next batch reads only the rows still waiting.
            models.Index(
                fields=["announcement", "id"],
                condition=models.Q(delivered_at__isnull=True),
                name="announcement_recipient_pending",
            ),
        ]

    def __str__(self):
        return f"{self.announcement_id} -> {self.user_id}"
