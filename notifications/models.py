"""The in-app inbox of every notice the system sends, and who wants which notice by e-mail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    ENROLMENT = "enrolment", pgettext_lazy("notification kind", "Enrolment")
    WAITLIST_PROMOTION = "waitlist_promotion", pgettext_lazy("notification kind", "Waiting list promotion")
    REMINDER = "reminder", pgettext_lazy("notification kind", "Reminder")
    SURVEY = "survey", pgettext_lazy("notification kind", "Survey")
    FOLLOW_UP = "follow_up", pgettext_lazy("notification kind", "Follow-up")
    FEEDBACK_REPLY = "feedback_reply", pgettext_lazy("notification kind", "Reply to feedback")
    FORUM_REPLY = "forum_reply", pgettext_lazy("notification kind", "Forum reply")
    UNIT_FEEDBACK = "unit_feedback", pgettext_lazy("notification kind", "New feedback for my unit")
    ANNOUNCEMENT = "announcement", pgettext_lazy("notification kind", "Announcement")
    LEARNING_PATH = "learning_path", pgettext_lazy("notification kind", "New learning path for my gap")


class EmailChoice(models.TextChoices):
    ON = "on", pgettext_lazy("e-mail preference", "Each notice by e-mail")
    OFF = "off", pgettext_lazy("e-mail preference", "No e-mail")
    DIGEST = "digest", pgettext_lazy("e-mail preference", "One daily digest")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.CharField(_("text"), max_length=500, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # True: the recipient wants this kind in the daily digest; `emailed_at` is set
    # (claimed) when the notice went out by e-mail, alone or in a digest.
    digest = models.BooleanField(_("in the daily digest"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notif_recipient_read_created"),
            # The daily digest reads only the notices still waiting for it.
            models.Index(
                fields=["recipient"],
                condition=models.Q(digest=True, emailed_at__isnull=True),
                name="notif_digest_pending",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How a user wants one kind of notice by e-mail (in-app is always on).
    No row: e-mail on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    email = models.CharField(_("e-mail"), max_length=8, choices=EmailChoice.choices, default=EmailChoice.ON)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_unique_user_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.email}"
