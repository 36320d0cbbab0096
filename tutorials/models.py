"""E-government applications, their self-paced tutorials (ordered steps and a
final quiz), ASN progress per step, and readiness."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Employee, OrgUnit, Position
from asn_competency.common.models import TimeStampedModel

from .validators import validate_screenshot


class EgovApplication(TimeStampedModel):
    """An e-government application the ASN of Pemkot Medan must be able to use."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="egov_applications"
    )
    purpose = models.TextField(_("purpose"))
    url = models.URLField(_("link"), blank=True)
    current_version = models.CharField(_("current version"), max_length=40)
    # Who must be able to use it: ASN whose position kind is listed (ApplicationAudience)
    # and, when units are listed, who work in one of them (no unit listed: every unit).
    units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("units that use it"),
        blank=True,
        related_name="egov_applications_used",
        help_text=_("Leave empty when every unit uses the application."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("e-government application")
        verbose_name_plural = _("e-government applications")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tutorials:app-detail", args=[self.code])


class ApplicationAudience(models.Model):
    """A position kind (pelaksana, pengawas...) whose ASN must be able to use the application."""

    application = models.ForeignKey(EgovApplication, on_delete=models.CASCADE, related_name="audience")
    position_kind = models.CharField(_("position kind"), max_length=20, choices=Position.Kind.choices)

    class Meta:
        ordering = ["application", "position_kind"]
        verbose_name = _("required user group")
        verbose_name_plural = _("required user groups")
        constraints = [
            models.UniqueConstraint(fields=["application", "position_kind"], name="egov_audience_unique"),
        ]

    def __str__(self):
        return f"{self.application.code}: {self.position_kind}"


class ApplicationVersion(models.Model):
    """The version history of an application; a new version may outdate tutorials."""

    application = models.ForeignKey(EgovApplication, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    released_on = models.DateField(_("released on"))
    notes = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "-released_on", "-id"]
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="egov_version_unique"),
        ]

    def __str__(self):
        return f"{self.application.code} {self.version}"


class Tutorial(TimeStampedModel):
    """A self-paced tutorial for one application: ordered steps, then a quiz."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    application = models.ForeignKey(
        EgovApplication, verbose_name=_("application"), on_delete=models.PROTECT, related_name="tutorials"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    jp = models.DecimalField(
        _("JP credited"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    app_version = models.CharField(_("written for version"), max_length=40)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    is_outdated = models.BooleanField(_("outdated"), default=False, db_index=True)
    outdated_note = models.CharField(_("what is outdated"), max_length=255, blank=True)
    outdated_at = models.DateTimeField(_("marked outdated at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["application__name", "title"]
        verbose_name = _("tutorial")
        verbose_name_plural = _("tutorials")
        constraints = [
            models.CheckConstraint(condition=models.Q(jp__gt=0), name="tutorial_jp_positive"),
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100), name="tutorial_pass_mark_1_100"
            ),
            models.CheckConstraint(condition=models.Q(estimated_minutes__gte=1), name="tutorial_minutes_positive"),
            models.CheckConstraint(
                condition=models.Q(is_outdated=False) | models.Q(outdated_at__isnull=False),
                name="tutorial_outdated_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tutorials:tutorial-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def screenshot_path(instance, filename):
    return f"tutorials/{instance.tutorial_id}/{filename}"


class TutorialStep(TimeStampedModel):
    """One step of a tutorial: Markdown text (sanitised when shown) and an optional screenshot."""

    tutorial = models.ForeignKey(Tutorial, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(pgettext_lazy("order", "position"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    screenshot = models.ImageField(
        _("screenshot"), upload_to=screenshot_path, blank=True, validators=[validate_screenshot]
    )
    screenshot_alt = models.CharField(_("screenshot description"), max_length=200, blank=True)

    class Meta:
        ordering = ["tutorial", "position"]
        verbose_name = _("tutorial step")
        verbose_name_plural = _("tutorial steps")
        constraints = [
            models.UniqueConstraint(fields=["tutorial", "position"], name="tutorial_step_position_unique"),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="tutorial_step_position_positive"),
        ]

    def __str__(self):
        return f"{self.tutorial}: {self.position}. {self.title}"

    def get_absolute_url(self):
        return reverse("tutorials:step", args=[self.tutorial_id, self.position])


class QuizQuestion(TimeStampedModel):
    tutorial = models.ForeignKey(Tutorial, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(pgettext_lazy("order", "position"), default=1)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["tutorial", "position", "id"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self):
        return self.text


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "id"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        constraints = [
            # One right answer per question: scoring stays unambiguous.
            models.UniqueConstraint(
                fields=["question"], condition=models.Q(is_correct=True), name="quiz_one_correct_choice"
            ),
        ]

    def __str__(self):
        return self.text


class TutorialProgress(TimeStampedModel):
    """An ASN's way through one tutorial. One row per (employee, tutorial)."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("ASN"), on_delete=models.CASCADE, related_name="tutorial_progress"
    )
    tutorial = models.ForeignKey(
        Tutorial, verbose_name=_("tutorial"), on_delete=models.CASCADE, related_name="progress"
    )
    last_step = models.ForeignKey(
        TutorialStep,
        verbose_name=_("last step seen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    best_score = models.PositiveSmallIntegerField(_("best quiz score (%)"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, db_index=True)
    completed_revision = models.PositiveIntegerField(_("completed on revision"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("tutorial progress")
        verbose_name_plural = _("tutorial progress")
        constraints = [
            models.UniqueConstraint(fields=["employee", "tutorial"], name="tutorial_progress_unique"),
        ]
        indexes = [models.Index(fields=["tutorial", "completed_at"], name="tutorial_progress_done_idx")]

    def __str__(self):
        return f"{self.employee.nip} / {self.tutorial_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def jp_source_key(self) -> str:
        return f"tutorial:{self.tutorial_id}"


class StepCompletion(models.Model):
    progress = models.ForeignKey(TutorialProgress, on_delete=models.CASCADE, related_name="step_completions")
    step = models.ForeignKey(TutorialStep, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        ordering = ["progress", "completed_at"]
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [models.UniqueConstraint(fields=["progress", "step"], name="step_completion_unique")]

    def __str__(self):
        return f"{self.progress_id}: {self.step_id}"


class QuizAttempt(models.Model):
    progress = models.ForeignKey(TutorialProgress, on_delete=models.CASCADE, related_name="attempts")
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["progress", "-created_at", "-id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [models.CheckConstraint(condition=models.Q(score__lte=100), name="quiz_attempt_score_max_100")]

    def __str__(self):
        return f"{self.progress_id}: {self.score}%"
