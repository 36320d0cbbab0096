"""Learning paths: HR's ordered route (programs and e-government tutorials) that
takes an ASN from one level of a competency to the next, and the ASN who follow it.

Progress is never stored: a program step is done when the ASN has a completed
enrolment in any session of the program, a tutorial step when the tutorial is
completed; selectors compute it in SQL (paths/selectors.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Competency, Employee
from asn_competency.common.models import TimeStampedModel

# A path goes from level `from_level` to `from_level + 1` (PermenPANRB 38/2017: levels 1-5).
FROM_LEVELS = (1, 2, 3, 4)
FROM_LEVEL_CHOICES = [(level, str(level)) for level in FROM_LEVELS]


class LearningPath(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("learning path", "Draft")
        PUBLISHED = "published", pgettext_lazy("learning path", "Published")
        ARCHIVED = "archived", pgettext_lazy("learning path", "Archived")

    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="learning_paths"
    )
    from_level = models.PositiveSmallIntegerField(_("from level"), choices=FROM_LEVEL_CHOICES)
    to_level = models.PositiveSmallIntegerField(_("to level"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Raised by every save of the editor: a form sent from an older revision is
    # refused instead of silently overwriting another person's steps.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    # Claimed once by the task that tells the ASN with this gap about the path.
    notified_at = models.DateTimeField(_("ASN notified at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["competency__code", "from_level", "title"]
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_level__gte=1, from_level__lte=4), name="path_from_level_1_4"
            ),
            models.CheckConstraint(condition=models.Q(to_level=models.F("from_level") + 1), name="path_next_level"),
            # The gap pages link to exactly one path per competency and level;
            # drafts and archived versions may be several.
            models.UniqueConstraint(
                fields=["competency", "from_level"],
                condition=models.Q(status="published"),
                name="path_one_published_per_level",
                violation_error_message=_(
                    "Another path from this level of this competency is already published; archive it first."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.from_level is not None:
            self.to_level = self.from_level + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "from_level" in update_fields:
            kwargs["update_fields"] = {*update_fields, "to_level"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("paths:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PathStep(models.Model):
    """One step of a path: a training program or an e-government tutorial."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(pgettext_lazy("order", "position"))
    program = models.ForeignKey(
        "training.Program",
        verbose_name=_("training program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="path_steps",
    )
    tutorial = models.ForeignKey(
        "tutorials.Tutorial",
        verbose_name=_("tutorial"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="path_steps",
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["path", "position"]
        verbose_name = _("path step")
        verbose_name_plural = _("path steps")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(program__isnull=False, tutorial__isnull=True))
                | models.Q(program__isnull=True, tutorial__isnull=False),
                name="path_step_program_xor_tutorial",
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="path_step_position_positive"),
            # Deferred: reordering swaps positions inside one transaction.
            models.UniqueConstraint(
                fields=["path", "position"],
                name="path_step_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.UniqueConstraint(
                fields=["path", "program"], condition=models.Q(program__isnull=False), name="path_step_program_once"
            ),
            models.UniqueConstraint(
                fields=["path", "tutorial"], condition=models.Q(tutorial__isnull=False), name="path_step_tutorial_once"
            ),
        ]

    def __str__(self):
        return f"{self.path_id}: {self.position}. {self.item}"

    @property
    def item(self):
        return self.program if self.program_id else self.tutorial

    @property
    def kind(self) -> str:
        return "program" if self.program_id else "tutorial"

    def get_item_url(self) -> str:
        return self.item.get_absolute_url()


class PathEnrolment(TimeStampedModel):
    """An ASN who chose to follow a path: the "on the path" of HR's report."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="enrolments")
    employee = models.ForeignKey(
        Employee, verbose_name=_("ASN"), on_delete=models.CASCADE, related_name="path_enrolments"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("path follower")
        verbose_name_plural = _("path followers")
        # (employee, path) serves an ASN's paths; the foreign key's own index serves a path's followers.
        constraints = [models.UniqueConstraint(fields=["employee", "path"], name="path_enrolment_unique")]

    def __str__(self):
        return f"{self.employee_id} @ {self.path_id}"
