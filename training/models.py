"""Training core: programs, sessions (angkatan), venues, trainers, enrolment
with waitlist and audit history, attendance, and the yearly JP ledger."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import LEVEL_VALIDATORS, Competency, Employee, OrgUnit, Position
from asn_competency.common.models import TimeStampedModel


class Program(TimeStampedModel):
    """A training program (what is taught); run as one or more sessions."""

    class Kind(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom training")
        ELEARNING = "elearning", _("E-learning")
        BLENDED = "blended", _("Blended learning")
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        COACHING = "coaching", _("Coaching / mentoring")

    class Category(models.TextChoices):
        MANAGEMENT = "management", _("Management")
        IT_EGOV = "it_egov", _("IT and e-government")
        SOFT_SKILLS = "soft_skills", _("Soft skills")
        TECHNICAL = "technical", _("Technical")
        PUBLIC_SERVICE = "public_service", _("Public service")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("learning objectives"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLASSROOM, db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    competencies = models.ManyToManyField(
        Competency,
        through="ProgramCompetency",
        verbose_name=_("competencies addressed"),
        related_name="programs",
        blank=True,
    )
    jp = models.DecimalField(
        _("JP (lesson hours)"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    target_audience = models.CharField(_("target audience"), max_length=255, blank=True)
    # Who the program is for, as recommendations read it: lists of Position.Kind
    # and OrgUnit.Kind values; an empty list means every kind.
    audience_position_kinds = models.JSONField(
        _("for position kinds"), default=list, blank=True, help_text=_("Empty: every position kind.")
    )
    audience_unit_kinds = models.JSONField(
        _("for unit kinds"), default=list, blank=True, help_text=_("Empty: every kind of organisation unit.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")
        constraints = [
            models.CheckConstraint(condition=models.Q(jp__gt=0), name="program_jp_positive"),
            models.CheckConstraint(condition=models.Q(revision__gte=1), name="program_revision_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("training:program-detail", args=[self.code])

    def clean(self):
        super().clean()
        errors = {}
        for field, kinds in (
            ("audience_position_kinds", Position.Kind.values),
            ("audience_unit_kinds", OrgUnit.Kind.values),
        ):
            value = getattr(self, field)
            if not isinstance(value, list) or any(v not in kinds for v in value):
                errors[field] = _("Choose from the listed kinds.")
        if errors:
            raise ValidationError(errors)

    def is_for(self, employee: Employee) -> bool:
        """Whether the ASN is in the program's target audience (position kind and
        unit kind; an empty list admits every kind). The one audience rule of
        recommendations."""
        position_kind = employee.position.kind if employee.position_id else None
        unit_kind = employee.org_unit.kind if employee.org_unit_id else None
        if self.audience_position_kinds and position_kind not in self.audience_position_kinds:
            return False
        return not (self.audience_unit_kinds and unit_kind not in self.audience_unit_kinds)


class ProgramCompetency(models.Model):
    """A competency a program develops, up to the target level."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="program_competencies")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="program_links")
    target_level = models.PositiveSmallIntegerField(_("target level"), validators=LEVEL_VALIDATORS)

    class Meta:
        ordering = ["program", "competency"]
        verbose_name = _("competency addressed")
        verbose_name_plural = _("competencies addressed")
        constraints = [
            models.UniqueConstraint(fields=["program", "competency"], name="program_competency_unique"),
            models.CheckConstraint(
                condition=models.Q(target_level__gte=1, target_level__lte=5), name="program_competency_level_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.program.code}: {self.competency.code} L{self.target_level}"


class ProgramRevision(models.Model):
    """The change log of a program: one entry per revision number."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision number"))
    summary = models.CharField(_("summary"), max_length=255)
    details = models.TextField(_("details"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["program", "-number"]
        verbose_name = _("program revision")
        verbose_name_plural = _("program revisions")
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="program_revision_unique")]

    def __str__(self):
        return f"{self.program.code} rev. {self.number}"


class Venue(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class Trainer(TimeStampedModel):
    """A trainer (widyaiswara / facilitator), inside or outside the city government."""

    name = models.CharField(_("name"), max_length=200)
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("ASN profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainer_profiles",
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    expertise = models.CharField(_("expertise"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")

    def __str__(self):
        return self.name


class SessionQuerySet(models.QuerySet):
    def with_seats(self):
        """Annotate `seats_taken`, `waitlist_count` and `seats_left` in the same query:
        the one way the catalogue, the workshops and HR's lists count seats."""
        from django.db.models.functions import Greatest

        seated = models.Q(enrollments__status__in=Enrollment.SEAT_STATUSES)
        waiting = models.Q(enrollments__status=Enrollment.Status.WAITLISTED)
        return self.annotate(
            seats_taken=models.Count("enrollments", filter=seated, distinct=True),
            waitlist_count=models.Count("enrollments", filter=waiting, distinct=True),
        ).annotate(seats_left=Greatest(models.F("capacity") - models.F("seats_taken"), 0))


class Session(TimeStampedModel):
    """One run (angkatan) of a program: dates, place, trainers and seats."""

    objects = SessionQuerySet.as_manager()

    class Mode(models.TextChoices):
        OFFLINE = "offline", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        FINISHED = "finished", _("Finished")

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="sessions")
    code = models.SlugField(_("code"), max_length=60, unique=True)
    number = models.PositiveIntegerField(_("batch (angkatan)"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    online_link = models.URLField(_("online meeting link"), blank=True)
    trainers = models.ManyToManyField(Trainer, verbose_name=_("trainers"), related_name="sessions", blank=True)
    capacity = models.PositiveIntegerField(_("capacity (seats)"), validators=[MinValueValidator(1)])
    enrollment_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrollment_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    cancellation_deadline = models.DateTimeField(_("cancellation deadline"), null=True, blank=True)
    requires_approval = models.BooleanField(_("needs supervisor approval"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    notes = models.TextField(_("notes for participants"), blank=True)

    class Meta:
        ordering = ["start", "code"]
        verbose_name = _("session (batch)")
        verbose_name_plural = _("sessions (batches)")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="session_end_after_start"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="session_capacity_positive"),
            models.UniqueConstraint(fields=["program", "number"], name="session_program_number_unique"),
        ]
        indexes = [models.Index(fields=["venue", "start", "end"], name="session_venue_time_idx")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or _("%(program)s - Batch %(n)s") % {"program": self.program.title, "n": self.number}

    def get_absolute_url(self):
        return reverse("training:session-detail", args=[self.pk])

    def phase_display(self, now=None) -> str:
        """The status as people read it: a scheduled session that has begun is
        "ongoing", one whose last day has passed is "awaiting closing"."""
        if self.status == self.Status.SCHEDULED:
            now = now or timezone.now()
            if self.end <= now:
                return str(_("Ended, awaiting closing"))
            if self.start <= now:
                return str(_("Ongoing"))
        return self.get_status_display()


class SessionDay(models.Model):
    """A calendar day of a session; attendance is kept per day."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["session", "date"]
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        constraints = [models.UniqueConstraint(fields=["session", "date"], name="session_day_unique")]

    def __str__(self):
        return f"{self.session.code} {self.date:%Y-%m-%d}"


class Enrollment(TimeStampedModel):
    """An ASN's place in a session. One active enrolment per (session, employee)."""

    class Status(models.TextChoices):
        PENDING_APPROVAL = "pending_approval", _("Waiting for supervisor approval")
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        REJECTED = "rejected", _("Rejected")
        COMPLETED = "completed", pgettext_lazy("enrolment status", "Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")

    # Statuses that hold (or wait for) a place; cancelled/rejected rows are history.
    ACTIVE_STATUSES = (
        Status.PENDING_APPROVAL,
        Status.ENROLLED,
        Status.WAITLISTED,
        Status.COMPLETED,
        Status.NOT_COMPLETED,
    )
    # Statuses that occupy a seat.
    SEAT_STATUSES = (Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED)

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="enrollments"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("ASN"), on_delete=models.CASCADE, related_name="training_enrollments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    # Waitlist order: the earliest waitlisted_at (then id) is promoted first.
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["session", "created_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=models.Q(
                    status__in=[
                        "pending_approval",
                        "enrolled",
                        "waitlisted",
                        "completed",
                        "not_completed",
                    ]
                ),
                name="enrollment_one_active_per_session_employee",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"], name="enrollment_waitlist_idx")]

    def __str__(self):
        return f"{self.employee} @ {self.session.code} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("training:session-detail", args=[self.session_id])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class EnrollmentEvent(models.Model):
    """Audit history: every status change of an enrolment, who and why."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=Enrollment.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Enrollment.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["enrollment", "created_at", "id"]
        verbose_name = _("enrolment event")
        verbose_name_plural = _("enrolment history")

    def __str__(self):
        return f"{self.enrollment_id}: {self.from_status or '-'} -> {self.to_status}"


class Attendance(TimeStampedModel):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendances")
    day = models.ForeignKey(SessionDay, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the ASN checked in by scanning the day's QR code (not by HR's hand).
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    late = models.BooleanField(
        _("late"), default=False, help_text=_("Checked in after the day's start plus the allowed delay.")
    )

    class Meta:
        ordering = ["day", "enrollment"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["enrollment", "day"], name="attendance_unique")]

    def __str__(self):
        return f"{self.enrollment_id} {self.day.date}: {'present' if self.present else 'absent'}"


class JpLedgerEntry(TimeStampedModel):
    """JP credited to an ASN for a year. `source_key` makes crediting idempotent:
    e.g. `enrollment:42`, `external:7`, `tutorial:3`."""

    class Source(models.TextChoices):
        TRAINING = "training", _("Training")
        TUTORIAL = "tutorial", _("E-government tutorial")
        EXTERNAL = "external", _("External training")

    employee = models.ForeignKey(Employee, verbose_name=_("ASN"), on_delete=models.CASCADE, related_name="jp_entries")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_key = models.CharField(_("source key"), max_length=100)
    description = models.CharField(_("description"), max_length=255)
    # The day the learning happened (end of the training), shown in the history.
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "-occurred_on", "-id"]
        verbose_name = _("JP ledger entry")
        verbose_name_plural = _("JP ledger")
        constraints = [
            models.UniqueConstraint(fields=["employee", "source_key"], name="jp_ledger_unique_source"),
            models.CheckConstraint(condition=models.Q(jp__gt=0), name="jp_ledger_positive"),
        ]
        indexes = [models.Index(fields=["employee", "year"], name="jp_ledger_employee_year_idx")]

    def __str__(self):
        return f"{self.employee.nip} {self.year}: {self.jp} JP ({self.source})"


# --- Summaries maintained by Celery (training.services.jp_summary) -----------------
# Whole-city JP figures (the 20-JP report, the evaluation dashboard) read these
# instead of summing the ledger for every ASN on every page view. They are
# derived data: `jp_summary_refresh` rebuilds them from the ledger (the source)
# with the one target rule (training.jp_target); pages show `refreshed_at`.


class JpYearTotal(models.Model):
    """One row per active ASN and year: JP credited in the ledger and the target.
    `unit_name` and `full_name` are copies taken at refresh time, only to page
    through the report in index order (the page shows the live names)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="jp_year_totals")
    year = models.PositiveSmallIntegerField(_("year"))
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    employment_type = models.CharField(_("employment type"), max_length=10)
    unit_name = models.CharField(max_length=200)
    full_name = models.CharField(max_length=200)
    jp_total = models.DecimalField(_("JP"), max_digits=8, decimal_places=1)
    jp_target = models.DecimalField(_("target"), max_digits=8, decimal_places=1)
    reached = models.BooleanField(_("target reached"))
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("JP total of a year")
        verbose_name_plural = _("JP totals of a year")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="jp_year_total_unique")]
        indexes = [
            # The report's order (unit, name), walked with LIMIT: no sort of the whole city.
            models.Index(fields=["year", "unit_name", "full_name", "employee"], name="jp_year_total_order_idx"),
            models.Index(fields=["year", "org_unit"], name="jp_year_total_unit_idx"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.year}: {self.jp_total}/{self.jp_target}"


class JpUnitYear(models.Model):
    """Per OrgUnit, year and employment type: active ASN, how many are below
    their target, and the sum of their JP (for averages)."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    employment_type = models.CharField(_("employment type"), max_length=10)
    asn = models.PositiveIntegerField()
    below = models.PositiveIntegerField()
    jp_sum = models.DecimalField(max_digits=12, decimal_places=1)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("JP figures of a unit")
        verbose_name_plural = _("JP figures of units")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "employment_type"], name="jp_unit_year_unique")
        ]
        indexes = [models.Index(fields=["year", "org_unit"], name="jp_unit_year_idx")]

    def __str__(self):
        return f"{self.org_unit_id} {self.year} {self.employment_type}: {self.below}/{self.asn}"


class JpSummaryBuild(models.Model):
    """When the summaries of a year were last rebuilt in full (for all ASN): a
    year without a row was never summarised (pages build it once)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    built_at = models.DateTimeField(_("built at"))

    class Meta:
        verbose_name = _("JP summary build")
        verbose_name_plural = _("JP summary builds")

    def __str__(self):
        return f"{self.year}: {self.built_at:%Y-%m-%d %H:%M}"


def external_proof_path(instance, filename):
    return f"training/external/{instance.employee_id}/{filename}"


class ExternalTraining(TimeStampedModel):
    """Training followed outside the city's programs: the one place for external JP.

    Either recorded by HR with proof (approved at once) or claimed by the ASN and
    decided by their supervisor. An approved record credits its JP once (ledger
    source key `external:<id>`); HR may revoke it, which removes that credit."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("external training claim", "Waiting for the supervisor")
        APPROVED = "approved", pgettext_lazy("external training claim", "Approved")
        REJECTED = "rejected", pgettext_lazy("external training claim", "Rejected")
        REVOKED = "revoked", pgettext_lazy("external training claim", "Revoked")

    employee = models.ForeignKey(
        Employee, verbose_name=_("ASN"), on_delete=models.CASCADE, related_name="external_trainings"
    )
    title = models.CharField(_("training title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    start_date = models.DateField(_("first day"), null=True, blank=True)
    date = models.DateField(_("date"))
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency developed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="external_trainings",
    )
    proof = models.FileField(_("proof (certificate)"), upload_to=external_proof_path)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note of the decision"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason of the revocation"), max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("external training")
        verbose_name_plural = _("external trainings")
        constraints = [
            models.CheckConstraint(condition=models.Q(jp__gt=0), name="external_training_jp_positive"),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True) | models.Q(start_date__lte=models.F("date")),
                name="external_training_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="external_training_status_idx")]

    def __str__(self):
        return f"{self.employee.nip}: {self.title} ({self.date})"

    @property
    def ledger_key(self) -> str:
        return f"external:{self.pk}"
