"""Evaluation of training (Kirkpatrick levels 1-3) and the program-revision reports.

Answers are stored as small integers indexed by (question, value), so every
figure of a report is one SQL GROUP BY rather than a loop over answers.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asn_competency.common.models import TimeStampedModel


class Dimension(models.TextChoices):
    CONTENT = "content", _("Content (materi)")
    TRAINER = "trainer", _("Trainer")
    ORGANISATION = "organisation", _("Organisation")
    FACILITIES = "facilities", _("Facilities")
    RELEVANCE = "relevance", _("Relevance to the job")


class Questionnaire(TimeStampedModel):
    """A set of questions HR builds in the browser; a program picks one."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction for respondents"), blank=True)
    is_default = models.BooleanField(
        _("default post-training questionnaire"),
        default=False,
        help_text=_("Used for programs that have not picked a questionnaire."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-is_default", "title"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="questionnaire_single_default"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:questionnaire-detail", args=[self.pk])


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agreement scale 1-5 (Likert)")
        RATING = "rating", _("Rating 1-5 stars")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        TEXT = "text", _("Free text")

    # Kinds whose value is a score 1-5 and enters the dimension means.
    SCORED_KINDS = (Kind.LIKERT, Kind.RATING)
    SCALE_MAX = 5

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer type"), max_length=20, choices=Kind.choices, default=Kind.LIKERT)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices, db_index=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("Single choice only: the options, one per line.")
    )
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        ordering = ["questionnaire", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def is_scored(self) -> bool:
        return self.kind in self.SCORED_KINDS

    def value_range(self) -> range:
        if self.kind == self.Kind.SINGLE_CHOICE:
            return range(1, len(self.choices) + 1)
        if self.kind == self.Kind.TEXT:
            return range(0)
        return range(1, self.SCALE_MAX + 1)


class ProgramEvaluation(TimeStampedModel):
    """How a program is evaluated: its questionnaire, anonymity, test and follow-up."""

    program = models.OneToOneField(
        "training.Program", verbose_name=_("program"), on_delete=models.CASCADE, related_name="evaluation_config"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="programs",
    )  # fmt: skip
    anonymous = models.BooleanField(
        _("anonymous survey"), default=True, help_text=_("HR sees only aggregates of groups of at least five.")
    )
    survey_open_days = models.PositiveSmallIntegerField(
        _("survey open for (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    follow_up_days = models.PositiveSmallIntegerField(
        _("supervisor follow-up after (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    egov_apps = models.CharField(
        _("e-government applications taught"),
        max_length=255,
        blank=True,
        help_text=_("Codes of the applications, separated by commas; their stuck reports count for this program."),
    )
    post_test_pass_score = models.PositiveSmallIntegerField(
        _("post-test pass score"), default=60, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("program evaluation settings")
        verbose_name_plural = _("program evaluation settings")

    def __str__(self):
        return str(self.program)

    @property
    def egov_app_codes(self) -> list[str]:
        return [c.strip() for c in self.egov_apps.split(",") if c.strip()]


class SurveyInvitation(TimeStampedModel):
    """The post-training survey as a to-do of one attendee (one per enrolment)."""

    enrollment = models.OneToOneField(
        "training.Enrollment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="survey_invitation"
    )
    session = models.ForeignKey(
        "training.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="survey_invitations"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="invitations"
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"), db_index=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    responded_at = models.DateTimeField(pgettext_lazy("survey", "responded at"), null=True, blank=True)

    class Meta:
        ordering = ["closes_at", "id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [models.Index(fields=["session", "responded_at"], name="eval_invitation_session_idx")]

    def __str__(self):
        return f"{self.enrollment_id} @ {self.session_id}"

    def get_absolute_url(self):
        return reverse("evaluation:survey", args=[self.pk])

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.responded_at is None and self.opens_at <= now < self.closes_at


class Response(models.Model):
    """A submitted survey. Exactly one per enrolment (database constraint)."""

    enrollment = models.ForeignKey(
        "training.Enrollment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    session = models.ForeignKey(
        "training.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="responses"
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["enrollment"], name="eval_one_response_per_enrollment")]

    def __str__(self):
        return _("Response #%(number)s") % {"number": self.pk}


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="eval_answer_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=50), name="eval_answer_value"
            ),
        ]
        indexes = [models.Index(fields=["question", "value"], name="eval_answer_question_value")]

    def __str__(self):
        return f"{self.question_id}={self.value}"


class AnswerTally(models.Model):
    """How many scored answers of a session gave each value to each question.

    Maintained by PostgreSQL itself (statement-level triggers on
    evaluation_answer, migration 0004): every write path, bulk loads included,
    keeps it exact, so the revision report reads a few tallies per session
    instead of a city's million answers, with the same integers. Plain ids, no
    foreign keys: a tally never blocks deleting a session. On other databases
    it stays empty and the report counts the answers themselves."""

    session_id = models.BigIntegerField()
    question_id = models.BigIntegerField()
    value = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("answer tally")
        verbose_name_plural = _("answer tallies")
        constraints = [
            models.UniqueConstraint(fields=["session_id", "question_id", "value"], name="eval_answer_tally_unique")
        ]

    def __str__(self):
        return f"{self.session_id}/{self.question_id}={self.value}: {self.n}"


class CitizenTags(models.Model):
    """The tags of one tagged citizen feedback (feedback.Feedback): its sorted
    competencies and programs, as PostgreSQL array literals ('{3,7}', NULL when
    none), with the feedback's creation time and kind.

    Maintained by PostgreSQL itself (statement-level triggers on the two tag
    tables, a row trigger on the feedback's kind and creation time; see
    evaluation.citizen_tags), so every write path keeps it exact. The revision
    report counts the period's tagged feedback here (a few thousand rows, by
    creation time) instead of grouping every tag of the city and joining the
    period's feedback (most of which is not tagged). Plain ids, no foreign keys.
    On other databases it stays empty and the report reads the tag tables."""

    feedback_id = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    competencies = models.TextField(null=True)  # NULL: none (as array_agg of no rows)
    programs = models.TextField(null=True)

    class Meta:
        verbose_name = _("citizen feedback tags")
        verbose_name_plural = _("citizen feedback tags")
        indexes = [models.Index(fields=["created_at"], name="eval_citizen_tags_created")]

    def __str__(self):
        return f"{self.feedback_id}: {self.competencies or '{}'} {self.programs or '{}'}"


class TestQuestion(TimeStampedModel):
    """A multiple-choice item of a program's pre/post-test question bank."""

    program = models.ForeignKey(
        "training.Program", verbose_name=_("program"), on_delete=models.CASCADE, related_name="test_questions"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=1)
    text = models.CharField(_("question"), max_length=500)
    options = models.JSONField(_("options"), default=list)
    correct_option = models.PositiveSmallIntegerField(_("correct option (number)"), validators=[MinValueValidator(1)])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["program", "position", "id"]
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")
        constraints = [models.CheckConstraint(condition=models.Q(correct_option__gte=1), name="eval_testq_correct")]

    def __str__(self):
        return self.text


class TestAttempt(models.Model):
    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    enrollment = models.ForeignKey(
        "training.Enrollment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="test_attempts"
    )
    session = models.ForeignKey(
        "training.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="test_attempts"
    )
    kind = models.CharField(_("test"), max_length=4, choices=Kind.choices)
    correct = models.PositiveSmallIntegerField(_("correct answers"))
    total = models.PositiveSmallIntegerField(_("questions"))
    score = models.DecimalField(_("score (0-100)"), max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["session", "enrollment", "kind"]
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "kind"], name="eval_one_attempt_per_kind"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="eval_attempt_score_0_100"),
        ]

    def __str__(self):
        return f"{self.enrollment_id} {self.kind}: {self.score}"


class TestAnswer(models.Model):
    attempt = models.ForeignKey(TestAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(TestQuestion, on_delete=models.PROTECT, related_name="answers")
    chosen = models.PositiveSmallIntegerField(_("chosen option"))
    is_correct = models.BooleanField(_("correct"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="eval_test_answer_unique")]

    def __str__(self):
        return f"{self.attempt_id}:{self.question_id}={self.chosen}"


class FollowUp(TimeStampedModel):
    """Level 3: the supervisor rates how the subordinate applies the training."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the supervisor")
        SUBMITTED = "submitted", _("Submitted")

    enrollment = models.OneToOneField(
        "training.Enrollment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="follow_up"
    )
    session = models.ForeignKey(
        "training.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    supervisor = models.ForeignKey(
        "accounts.Employee",
        verbose_name=_("supervisor"),
        on_delete=models.CASCADE,
        related_name="evaluation_follow_ups",
    )
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    application_score = models.PositiveSmallIntegerField(
        _("application of what was learned (1-5)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )  # fmt: skip
    action_plan_score = models.PositiveSmallIntegerField(
        _("progress of the action plan (1-5)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )  # fmt: skip
    comment = models.TextField(_("comment"), blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("supervisor follow-up")
        verbose_name_plural = _("supervisor follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(application_score__isnull=False),
                name="eval_followup_submitted_has_score",
            ),
            models.CheckConstraint(
                condition=models.Q(application_score__isnull=True)
                | models.Q(application_score__gte=1, application_score__lte=5),
                name="eval_followup_score_1_5",
            ),
        ]

    def __str__(self):
        return _("Follow-up %(number)s") % {"number": self.enrollment_id}

    def get_absolute_url(self):
        return reverse("evaluation:follow-up", args=[self.pk])


class RevisionReport(TimeStampedModel):
    """The program-revision report of one period. One row per period; a rerun
    builds a new ReportRun and swaps it in, in one short transaction."""

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    period_kind = models.CharField(_("period"), max_length=10, choices=Period.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (exclusive)"))
    current_run = models.ForeignKey(
        "ReportRun", verbose_name=_("current run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "period_kind"]
        verbose_name = _("program-revision report")
        verbose_name_plural = _("program-revision reports")
        constraints = [
            models.UniqueConstraint(fields=["period_kind", "period_start"], name="eval_report_one_per_period"),
            models.CheckConstraint(condition=models.Q(period_end__gt=models.F("period_start")), name="eval_report_end"),
        ]

    def __str__(self):
        return f"{self.get_period_kind_display()} {self.period_label}"

    def get_absolute_url(self):
        return reverse("evaluation:report-detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        start = self.period_start
        if self.period_kind == self.Period.YEAR:
            return str(start.year)
        if self.period_kind == self.Period.QUARTER:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        return f"{start:%m/%Y}"


class ReportRun(models.Model):
    """One computation of a report; its progress is visible while it runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(RevisionReport, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The lease: a queued run's time of (re)queueing, a running run's last heartbeat.
    # Older than EVALUATION_REPORT_LEASE_SECONDS means its worker died: the run is
    # queued again (services.reports.report_runs_recover).
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    # Incremented by each worker that claims the run; only the current attempt may
    # write progress or swap the report in.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")

    def __str__(self):
        return f"{self.report} #{self.pk} ({self.status})"


class ReportRow(models.Model):
    """The figures of one program (session=None) or one of its sessions in a run."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="rows")
    program = models.ForeignKey("training.Program", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("training.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    invited = models.PositiveIntegerField(_("invited"), default=0)
    responses = models.PositiveIntegerField(_("responses"), default=0)
    response_rate = models.FloatField(_("response rate"), null=True, blank=True)
    # Means per dimension ({dimension: mean}) and distributions ({dimension: {value: n}});
    # empty when the group is smaller than EVALUATION_MIN_GROUP_SIZE.
    dimension_means = models.JSONField(default=dict, blank=True)
    distributions = models.JSONField(default=dict, blank=True)
    suppressed = models.BooleanField(_("too few responses to show"), default=False)
    satisfaction = models.FloatField(_("overall satisfaction"), null=True, blank=True)
    pre_mean = models.FloatField(_("pre-test mean"), null=True, blank=True)
    post_mean = models.FloatField(_("post-test mean"), null=True, blank=True)
    gain = models.FloatField(_("normalised gain"), null=True, blank=True)
    gain_n = models.PositiveIntegerField(_("participants with both tests"), default=0)
    follow_up_mean = models.FloatField(_("follow-up: application"), null=True, blank=True)
    action_plan_mean = models.FloatField(_("follow-up: action plan"), null=True, blank=True)
    follow_up_n = models.PositiveIntegerField(_("follow-ups"), default=0)
    stuck_reports = models.PositiveIntegerField(_("stuck reports"), default=0)
    citizen_feedback = models.PositiveIntegerField(_("citizen feedback"), default=0)
    citizen_complaints = models.PositiveIntegerField(_("citizen complaints"), default=0)
    forum_topics = models.PositiveIntegerField(_("forum topics"), default=0)
    meeting_outcomes = models.PositiveIntegerField(_("consultation meeting outcomes"), default=0)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "program", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "program"], condition=models.Q(session__isnull=True), name="eval_row_one_per_program"
            ),
            models.UniqueConstraint(fields=["run", "session"], name="eval_row_one_per_session"),
        ]

    def __str__(self):
        return f"{self.run_id}: {self.program_id}/{self.session_id}"


class Finding(models.Model):
    """A rule-based finding with its evidence numbers and a recommendation."""

    class Rule(models.TextChoices):
        LOW_DIMENSION = "low_dimension", _("Low score on a dimension")
        LOW_GAIN = "low_gain", _("Low learning gain")
        LOW_RESPONSE_RATE = "low_response_rate", _("Low survey response rate")
        LOW_FOLLOW_UP = "low_follow_up", _("Weak application on the job")
        STUCK_TUTORIAL = "stuck_tutorial", _("Many stuck reports on a tutorial step")
        CITIZEN_COMPLAINTS = "citizen_complaints", _("Citizen complaints on related services")
        FORUM_INPUT = "forum_input", _("Forum input on related topics")
        MEETING_OUTCOMES = "meeting_outcomes", _("Consultation meeting outcomes")

    class Decision(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="findings")
    program = models.ForeignKey("training.Program", on_delete=models.CASCADE, related_name="evaluation_findings")
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    # Distinguishes findings of one rule (the dimension, the tutorial step...).
    subject = models.CharField(_("subject"), max_length=120, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    revision = models.ForeignKey(
        "training.ProgramRevision", verbose_name=_("program revision"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["program", "rule", "subject"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["run", "program", "rule", "subject"], name="eval_finding_unique"),
        ]

    def __str__(self):
        return f"{self.program_id}: {self.rule} {self.subject}"

    @property
    def key(self) -> tuple:
        return (self.program_id, self.rule, self.subject)


# --- Summaries maintained by Celery (evaluation.services.summary) -------------------


def _figure_columns():
    """Per dimension and for all scored answers together: `a_` answer rows,
    `n_` answers with a value (the mean's divisor), `s_` the sum of the values."""
    fields = {}
    for key in ["all", *Dimension.values]:
        fields[f"a_{key}"] = models.PositiveIntegerField(default=0)
        fields[f"n_{key}"] = models.PositiveIntegerField(default=0)
        fields[f"s_{key}"] = models.PositiveIntegerField(default=0)
    return fields


class EnrollmentFigure(models.Model):
    """One row per enrolment in a session that is not cancelled: what the
    evaluation dashboard aggregates (Kirkpatrick 1 and 2 and the participants),
    so that it reads one narrow table instead of joining a year of survey answers
    to responses, enrolments, sessions and questions on every view. Derived
    data, rebuilt from the source by `evaluation_summary_refresh`; the dashboard
    shows when (SummaryBuild). Session, program, category and the ASN's unit
    are copies taken at refresh time."""

    enrollment = models.OneToOneField(
        "training.Enrollment", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey("training.Session", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("training.Program", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20)
    session_end = models.DateTimeField()
    employee = models.ForeignKey("accounts.Employee", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    completed = models.BooleanField()
    pre_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    post_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    locals().update(_figure_columns())

    class Meta:
        verbose_name = _("enrolment figures")
        verbose_name_plural = _("enrolment figures")
        indexes = [
            models.Index(fields=["session_end"], name="eval_figure_end_idx"),
            models.Index(fields=["program", "session_end"], name="eval_figure_program_end_idx"),
            models.Index(fields=["org_unit", "session_end"], name="eval_figure_unit_end_idx"),
        ]

    def __str__(self):
        return f"{self.enrollment_id}: {self.n_all} answers"


class SummaryBuild(models.Model):
    """When a summary was last refreshed (the pages say "data as of")."""

    DASHBOARD = "evaluation-dashboard"  # EnrollmentFigure and DashboardSnapshot

    name = models.CharField(_("name"), max_length=50, unique=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("summary refresh")
        verbose_name_plural = _("summary refreshes")

    def __str__(self):
        return f"{self.name}: {self.refreshed_at:%Y-%m-%d %H:%M}"


class DashboardSnapshot(models.Model):
    """The dashboard's figures from the summary for its default view (this year
    so far, the whole city), computed by the Celery job that refreshes the
    summary: the page most people open reads one row, whatever the size of the
    city. Other filters aggregate EnrollmentFigure on each view."""

    period_start = models.DateField()
    period_end = models.DateField()  # exclusive
    figures = models.JSONField()
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(fields=["period_start", "period_end"], name="eval_dashboard_snapshot_period")
        ]

    def __str__(self):
        return f"{self.period_start} - {self.period_end}"
