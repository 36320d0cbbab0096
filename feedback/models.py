"""Citizen feedback with the IKM survey (PermenPANRB 14/2017), its follow-up
workflow (SP4N-LAPOR! style), kiosk devices, and ASN reports (training feedback,
difficulties with e-government applications)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asn_competency.common.models import TimeStampedModel

# The nine IKM elements of PermenPANRB 14/2017, in the regulation's order.
ELEMENTS = [
    ("U1", _("Requirements")),
    ("U2", _("Systems, mechanisms and procedures")),
    ("U3", _("Completion time")),
    ("U4", _("Cost / tariff")),
    ("U5", _("Product specification of the service")),
    ("U6", _("Competence of the staff")),
    ("U7", _("Behaviour of the staff")),
    ("U8", _("Handling of complaints, suggestions and input")),
    ("U9", _("Facilities and infrastructure")),
]
ELEMENT_CODES = [code for code, _name in ELEMENTS]
SCORE_FIELDS = [code.lower() for code in ELEMENT_CODES]

# The question and the four answers (1..4) of each element, worded as in the
# regulation's sample questionnaire.
QUESTIONS = {
    "U1": (
        _("How well do the service requirements match the kind of service?"),
        [_("Not suitable"), _("Somewhat suitable"), _("Suitable"), _("Very suitable")],
    ),
    "U2": (
        _("How easy is the service procedure in this unit?"),
        [_("Not easy"), _("Somewhat easy"), _("Easy"), _("Very easy")],
    ),
    "U3": (
        _("How fast is the service time in this unit?"),
        [_("Not fast"), _("Somewhat fast"), _("Fast"), _("Very fast")],
    ),
    "U4": (
        _("How reasonable is the cost/tariff of the service?"),
        [_("Very expensive"), _("Fairly expensive"), _("Cheap"), _("Free of charge")],
    ),
    "U5": (
        _("How well does the product you received match the service standard?"),
        [_("Not suitable"), _("Somewhat suitable"), _("Suitable"), _("Very suitable")],
    ),
    "U6": (
        _("How competent are the staff in serving you?"),
        [_("Not competent"), _("Somewhat competent"), _("Competent"), _("Very competent")],
    ),
    "U7": (
        _("How courteous and friendly are the staff?"),
        [
            _("Not courteous and friendly"),
            _("Somewhat courteous and friendly"),
            _("Courteous and friendly"),
            _("Very courteous and friendly"),
        ],
    ),  # fmt: skip
    "U8": (
        _("How well are complaints, suggestions and input handled?"),
        [_("Not available"), _("Available but not working"), _("Working but not well"), _("Handled well")],
    ),
    "U9": (
        _("How good are the facilities and infrastructure?"),
        [_("Poor"), _("Adequate"), _("Good"), _("Very good")],
    ),
}

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class Service(TimeStampedModel):
    """A public service a unit provides (KTP-el, akta kelahiran, PBG...)."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="feedback_services"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit__name", "name"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="feedback_service_unit_code_unique")]

    def __str__(self):
        return self.name


def _score_field(code):
    return models.PositiveSmallIntegerField(code, validators=SCORE_VALIDATORS)


class Feedback(TimeStampedModel):
    """One citizen's submission: the nine IKM answers plus a message.

    Anonymous submissions keep no identity at all (a database constraint holds
    it); confidential ones keep a name and contact that only the handling staff see.
    The client address is never stored.
    """

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")
        COMPLIMENT = "compliment", _("Compliment")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        FORWARDED = "forwarded", _("Forwarded to the handling unit")
        RESPONDED = "responded", _("Responded")
        CLOSED = "closed", pgettext_lazy("feedback", "Closed")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        KIOSK = "kiosk", _("Service counter kiosk")
        API = "api", _("API")

    class Gender(models.TextChoices):
        MALE = "m", _("Male")
        FEMALE = "f", _("Female")

    class AgeBand(models.TextChoices):
        UNDER_20 = "lt20", _("Under 20")
        A20_29 = "20-29", _("20-29")
        A30_39 = "30-39", _("30-39")
        A40_49 = "40-49", _("40-49")
        A50_59 = "50-59", _("50-59")
        A60_PLUS = "60+", _("60 or older")

    class Education(models.TextChoices):
        SD = "sd", _("Primary school (SD) or lower")
        SMP = "smp", _("Junior high school (SMP)")
        SMA = "sma", _("Senior high school (SMA/SMK)")
        DIPLOMA = "diploma", _("Diploma (D1-D4)")
        S1 = "s1", _("Bachelor (S1)")
        S2 = "s2", _("Master or doctorate (S2/S3)")

    class Occupation(models.TextChoices):
        CIVIL_SERVANT = "asn", _("Civil servant / TNI / Polri")
        PRIVATE = "private", _("Private employee")
        ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
        STUDENT = "student", _("Student")
        HOMEMAKER = "homemaker", _("Homemaker")
        OTHER = "other", pgettext_lazy("occupation", "Other")

    OPEN_STATUSES = (Status.RECEIVED, Status.VERIFIED, Status.FORWARDED)
    # The statuses the staff list counts (open ones and responded, awaiting closing).
    COUNTED_STATUSES = (*OPEN_STATUSES, Status.RESPONDED)
    FINAL_STATUSES = (Status.REJECTED, Status.CLOSED)

    # Unique by a constraint (below), not unique=True: that would add a second,
    # never used LIKE index to every public INSERT.
    tracking_code = models.CharField(_("tracking code"), max_length=16, editable=False)
    # The client's key for one submission (an offline form retries with the same one):
    # a repeated key answers the first submission and never makes a second row.
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True, editable=False)
    # The foreign keys' own indexes are replaced by the composite and partial
    # indexes of Meta.indexes (which lead with the same column).
    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="feedback", db_index=False
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
        db_index=False,
    )
    handling_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="handled_feedback",
        db_index=False,
        help_text=_("The unit that answers; the unit served until the feedback is forwarded."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    message = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    kiosk = models.ForeignKey(
        "KioskDevice",
        verbose_name=_("kiosk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    u1 = _score_field("U1")
    u2 = _score_field("U2")
    u3 = _score_field("U3")
    u4 = _score_field("U4")
    u5 = _score_field("U5")
    u6 = _score_field("U6")
    u7 = _score_field("U7")
    u8 = _score_field("U8")
    u9 = _score_field("U9")

    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices, blank=True)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, blank=True)

    anonymous = models.BooleanField(_("anonymous"), default=True)
    contact_name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(_("contact (email or phone)"), max_length=200, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # Read through feedback_created_id_kind (which starts with it), not an index of its own.
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    verify_due = models.DateField(_("verification due"))
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The unit's latest answer: the citizen's reopening window and the auto-close count from it.
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The citizen's rating of the handling (once, after the unit's answer).
    citizen_rating = models.PositiveSmallIntegerField(
        _("citizen's rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    citizen_rating_comment = models.TextField(_("citizen's comment on the handling"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    competencies = models.ManyToManyField(
        "accounts.Competency", verbose_name=_("competencies"), blank=True, related_name="feedback"
    )
    programs = models.ManyToManyField(
        "training.Program", verbose_name=_("training topics"), blank=True, related_name="feedback"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("citizen feedback")
        verbose_name_plural = _("citizen feedback")
        indexes = [
            models.Index(fields=["handling_unit", "status"], name="feedback_handling_status"),
            models.Index(fields=["unit", "created_at"], name="feedback_unit_created"),
            models.Index(fields=["handling_unit", "created_at"], name="feedback_handling_created"),
            # The revision report's citizen part: which tagged feedback falls in the
            # period, and whether it is a complaint, by an index-only scan (the
            # table's rows are wide; the tagged ones are spread over all of it).
            models.Index(fields=["created_at"], include=["id", "kind"], name="feedback_created_id_kind"),
            # Staff list at city scale: the open feedback (a small share of the
            # table, what is overdue among it) and its status counts, read by an
            # index-only scan of this partial index rather than the whole table.
            models.Index(
                fields=["status", "verify_due", "answer_due", "handling_unit", "created_at"],
                name="feedback_open_status",
                condition=models.Q(status__in=["received", "verified", "forwarded", "responded"]),
            ),
            # Foreign keys that most rows leave empty: indexed only where set (for the
            # PROTECT and SET NULL checks), so a public submission does not write them.
            models.Index(fields=["service"], name="feedback_by_service", condition=models.Q(service__isnull=False)),
            models.Index(fields=["kiosk"], name="feedback_by_kiosk", condition=models.Q(kiosk__isnull=False)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="feedback_tracking_code_unique"),
            # Most submissions have no key: the index holds only those that do.
            models.UniqueConstraint(
                fields=["idempotency_key"],
                name="feedback_idempotency_key_unique",
                condition=models.Q(idempotency_key__isnull=False),
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{f}__gte": 1, f"{f}__lte": 4}), name=f"feedback_{f}_between_1_and_4"
                )
                for f in SCORE_FIELDS
            ],
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(contact_name="", contact=""),
                name="feedback_anonymous_keeps_no_identity",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="feedback_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(citizen_rating__isnull=True)
                | models.Q(citizen_rating__gte=1, citizen_rating__lte=5, rated_at__isnull=False),
                name="feedback_citizen_rating_1_5",
            ),
        ]

    def __str__(self):
        return self.display_code

    def get_absolute_url(self):
        return reverse("feedback:track", args=[self.tracking_code])

    def get_staff_url(self):
        return reverse("feedback:staff-detail", args=[self.pk])

    @property
    def display_code(self) -> str:
        """The code in groups of four, easier to read out and type."""
        code = self.tracking_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def scores(self) -> dict:
        return {code: getattr(self, code.lower()) for code in ELEMENT_CODES}


class FeedbackEvent(models.Model):
    """The audit history of a feedback: every change, who made it and when.

    `public_text` is shown on the tracking page (replies, rejection reasons);
    `note` is for staff only.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        FORWARDED = "forwarded", _("Forwarded")
        RESPONDED = "responded", _("Responded")
        CLOSED = "closed", pgettext_lazy("feedback", "Closed")
        TAGGED = "tagged", _("Tagged")
        NOTE = "note", _("Internal note")
        CITIZEN_REPLY = "citizen_reply", _("Reply from the citizen")
        REOPENED = "reopened", _("Reopened by the citizen")
        RATED = "rated", _("Rated by the citizen")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    to_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("to unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    public_text = models.TextField(_("public text"), blank=True)
    note = models.TextField(_("internal note"), blank=True)
    # Read per feedback (its history), never across all feedback by time: no index of its own.
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    # When the unit's officers were told about this entry (new feedback, a citizen's
    # reply or reopening); makes the notice task idempotent.
    officers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        # The citizen's submission has neither an actor nor a target unit: their
        # indexes (for SET NULL when a user or unit goes) hold only the rows with one.
        indexes = [
            models.Index(fields=["actor"], name="feedback_event_actor", condition=models.Q(actor__isnull=False)),
            models.Index(fields=["to_unit"], name="feedback_event_to_unit", condition=models.Q(to_unit__isnull=False)),
        ]
        verbose_name = _("feedback history entry")
        verbose_name_plural = _("feedback history")

    def __str__(self):
        return f"{self.feedback_id} {self.action}"


class KioskDevice(TimeStampedModel):
    """A tablet at a service counter: unit (and service) preselected, limited per
    device instead of per address.

    HR registers it and gets a one-time pairing code; the tablet enters the code
    once and receives its device token in a long-lived signed cookie (never in a
    URL). Only hashes of the code and the token are stored.
    """

    name = models.CharField(_("name"), max_length=120)
    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="feedback_kiosks"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL, related_name="kiosks"
    )
    # Empty until a tablet pairs; a new pairing replaces it (the old tablet stops).
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    pairing_code_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    pairing_expires_at = models.DateTimeField(_("pairing code valid until"), null=True, blank=True)
    paired_at = models.DateTimeField(_("paired"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["unit__name", "name"]
        verbose_name = _("kiosk device")
        verbose_name_plural = _("kiosk devices")

    def __str__(self):
        return f"{self.name} ({self.unit})"


class AsnReport(TimeStampedModel):
    """An ASN's feedback on a training or a difficulty with an e-government app.

    The subject is any object (a tutorial step, a training session...) through
    `subject_type`/`subject_id`, so the tutorial app links its "stuck" reports
    here without this app depending on it; training links are real foreign keys.
    """

    class Kind(models.TextChoices):
        TRAINING_FEEDBACK = "training_feedback", _("Feedback on a training")
        APP_DIFFICULTY = "app_difficulty", _("Difficulty with an e-government application")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    reporter = models.ForeignKey(
        "accounts.Employee", verbose_name=_("reporter"), on_delete=models.CASCADE, related_name="feedback_reports"
    )
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("subject"), max_length=255, blank=True)
    program = models.ForeignKey(
        "training.Program", verbose_name=_("training program"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="asn_reports",
    )  # fmt: skip
    session = models.ForeignKey(
        "training.Session", verbose_name=_("training session"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="asn_reports",
    )  # fmt: skip
    egov_app_code = models.SlugField(_("e-government application"), max_length=60, blank=True, db_index=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    what_tried = models.TextField(_("what I tried"), blank=True)
    what_happened = models.TextField(_("what happened"))
    screenshot = models.ImageField(_("screenshot"), upload_to="feedback/asn/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    hr_note = models.TextField(_("HR note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ASN report")
        verbose_name_plural = _("ASN reports")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="asnreport_subject")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="asnreport_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(subject_type__isnull=True, subject_id__isnull=True)
                | models.Q(subject_type__isnull=False, subject_id__isnull=False),
                name="asnreport_subject_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject_label or self.egov_app_code or '-'}"


class IkmSumPeriod(models.Model):
    """A day or a month (WIB) of the IKM summary table: whether its sums in `IkmSum`
    are usable and when they were computed.

    Only closed periods are summarised (the Celery job `feedback.ikm_summary_refresh`);
    a late submission into one of them (an offline device's `submitted_at`) sets
    `dirty` in its own transaction, so readers use the feedback rows of that period
    again at once, until the job has recomputed it.
    """

    class Kind(models.TextChoices):
        DAY = "day", pgettext_lazy("period", "Day")
        MONTH = "month", pgettext_lazy("period", "Month")
        # The closed days of the month still running, from its first day to `through`.
        MONTH_TO_DATE = "mtd", pgettext_lazy("period", "Month to date")

    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    day = models.DateField(_("day"), help_text=_("The day, or the first day of the month."))
    through = models.DateField(_("through"), null=True, blank=True, help_text=_("Month to date: the last day summed."))
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    dirty = models.BooleanField(_("needs recomputing"), default=True)

    class Meta:
        verbose_name = _("IKM summary period")
        verbose_name_plural = _("IKM summary periods")
        constraints = [models.UniqueConstraint(fields=["kind", "day"], name="feedback_ikmsumperiod_kind_day")]

    def __str__(self):
        return f"{self.kind} {self.day:%Y-%m-%d}"


def _sum_field(code):
    return models.PositiveIntegerField(f"Σ {code}", default=0)


class IkmSum(models.Model):
    """The count and the nine score sums of the feedback of one unit and service
    (or none) in one day, month or month to date (WIB): the whole city's IKM of a
    year is a sum of a few thousand of these rows instead of half a million feedback
    rows. Valid only while its `IkmSumPeriod` is computed and not dirty."""

    kind = models.CharField(_("kind"), max_length=5, choices=IkmSumPeriod.Kind.choices)
    day = models.DateField(_("day"))
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        Service, verbose_name=_("service"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    responses = models.PositiveIntegerField(_("responses"), default=0)
    sum_u1 = _sum_field("U1")
    sum_u2 = _sum_field("U2")
    sum_u3 = _sum_field("U3")
    sum_u4 = _sum_field("U4")
    sum_u5 = _sum_field("U5")
    sum_u6 = _sum_field("U6")
    sum_u7 = _sum_field("U7")
    sum_u8 = _sum_field("U8")
    sum_u9 = _sum_field("U9")

    class Meta:
        verbose_name = _("IKM summary row")
        verbose_name_plural = _("IKM summary rows")
        indexes = [models.Index(fields=["kind", "day", "unit"], name="feedback_ikmsum_kind_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "day", "unit", "service"],
                condition=models.Q(service__isnull=False),
                name="feedback_ikmsum_unique_service",
            ),
            models.UniqueConstraint(
                fields=["kind", "day", "unit"],
                condition=models.Q(service__isnull=True),
                name="feedback_ikmsum_unique_no_service",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.day:%Y-%m-%d} unit {self.unit_id} service {self.service_id}: {self.responses}"


class FeedbackStatusCount(models.Model):
    """How many feedback of each handling unit are in each counted status (and how
    many of them overdue): the whole city's counts on BKPSDM's staff list come from
    these few rows, recomputed every minute by the worker
    (`feedback.status_counts_refresh`), instead of a count over every open feedback."""

    handling_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("handling unit"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Feedback.Status.choices)
    overdue = models.BooleanField(_("overdue"))
    count = models.PositiveIntegerField(_("count"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("feedback status count")
        verbose_name_plural = _("feedback status counts")
        constraints = [
            models.UniqueConstraint(
                fields=["handling_unit", "status", "overdue"], name="feedback_statuscount_unit_status_overdue"
            )
        ]

    def __str__(self):
        return f"{self.handling_unit_id} {self.status} {self.overdue}: {self.count}"
