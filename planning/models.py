"""Training planning: bulk enrolment jobs with a per-row report."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Competency, Employee, OrgUnit
from asn_competency.common.models import TimeStampedModel
from training.models import Enrollment, Session


def bulk_upload_path(instance, filename):
    return f"training/bulk/{instance.session_id}/{filename}"


class BulkEnrollmentJob(TimeStampedModel):
    """HR enrols many ASN into one session at once: every ASN of an OrgUnit, or
    the NIPs of an uploaded list. Rows are processed by a Celery task; the job
    keeps the counts that the progress bar and the report show."""

    class Source(models.TextChoices):
        ORG_UNIT = "org_unit", _("Organisation unit")
        FILE = "file", _("Uploaded list")
        GAP = "gap", _("ASN with a competency gap")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="bulk_enrollment_jobs"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organisation unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    include_subunits = models.BooleanField(_("include sub-units"), default=True)
    file = models.FileField(_("uploaded file"), upload_to=bulk_upload_path, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk enrolment")
        verbose_name_plural = _("bulk enrolments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")), name="bulk_job_processed_le_total"
            )
        ]

    def __str__(self):
        return f"{self.session.code} ({self.get_source_display()}, {self.total})"

    def get_absolute_url(self):
        return reverse("planning:bulk-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.FAILED):
            return 100
        return int(self.processed * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class BulkEnrollmentRow(models.Model):
    """One line of a bulk enrolment and what happened to it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not processed yet")
        ENROLLED = Enrollment.Status.ENROLLED.value, _("Enrolled")
        WAITLISTED = Enrollment.Status.WAITLISTED.value, _("On the waiting list")
        PENDING_APPROVAL = Enrollment.Status.PENDING_APPROVAL.value, _("Waiting for supervisor approval")
        ERROR = "error", _("Not enrolled")

    job = models.ForeignKey(BulkEnrollmentJob, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("line"))
    nip = models.CharField(_("NIP as given"), max_length=60, blank=True)
    employee = models.ForeignKey(
        Employee, verbose_name=_("ASN"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrolment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    code = models.CharField(_("reason code"), max_length=40, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        ordering = ["job", "line"]
        verbose_name = _("bulk enrolment row")
        verbose_name_plural = _("bulk enrolment rows")
        constraints = [models.UniqueConstraint(fields=["job", "line"], name="bulk_row_unique_line")]
        indexes = [models.Index(fields=["job", "outcome"], name="bulk_row_job_outcome_idx")]

    def __str__(self):
        return f"{self.job_id}:{self.line} {self.nip} {self.outcome}"


class NeedsFigure(models.Model):
    """The training-needs table's figures per competency, unit and employment
    type (a few thousand rows for a city): kept by Celery
    (planning.services.needs_summary_refresh) so that the page sums these
    instead of joining every ASN to their position's requirements and
    assessments on each view. `gap_sum` is the sum of the shortfalls of those
    with a gap (the average's numerator)."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    employment_type = models.CharField(max_length=10)
    required = models.PositiveIntegerField()
    with_gap = models.PositiveIntegerField()
    not_assessed = models.PositiveIntegerField()
    gap_sum = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("training-needs figures")
        verbose_name_plural = _("training-needs figures")
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "org_unit", "employment_type"], name="planning_needs_figure_unique"
            )
        ]
        indexes = [models.Index(fields=["org_unit"], name="planning_needs_unit_idx")]

    def __str__(self):
        return f"{self.competency_id} {self.org_unit_id} {self.employment_type}: {self.with_gap}/{self.required}"
