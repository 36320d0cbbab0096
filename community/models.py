"""Community: forums (categories, topics, posts, support votes, follows,
reports, moderation log) and public consultation meetings (forum diskusi)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Competency, OrgUnit
from asn_competency.common.models import TimeStampedModel


class Visibility(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting moderation")
    HIDDEN = "hidden", _("Hidden")


class InputLinkMixin(models.Model):
    """What a topic or a meeting outcome informs: a training program and/or a
    public service (by the code of the feedback service catalogue)."""

    program = models.ForeignKey(
        "training.Program",
        verbose_name=_("training program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service_code = models.SlugField(
        _("service code"), max_length=60, blank=True, help_text=_("Code of the public service it informs.")
    )
    service_name = models.CharField(_("service"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def informs_label(self) -> str:
        parts = []
        if self.program_id:
            parts.append(str(self.program))
        if self.service_name or self.service_code:
            parts.append(self.service_name or self.service_code)
        return " · ".join(parts)


class Category(TimeStampedModel):
    """A forum: a public service area, optionally run by an OrgUnit."""

    class Kind(models.TextChoices):
        SERVICE_AREA = "service_area", _("Service area")
        ORG_UNIT = "org_unit", _("Organisation unit")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SERVICE_AREA)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_categories",
    )
    answerers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designated answerers"),
        blank=True,
        related_name="community_answering_categories",
        help_text=_(
            "People who may answer officially in this forum, besides HR, moderators and "
            "the service officers of its unit."
        ),
    )
    icon = models.CharField(_("icon"), max_length=40, blank=True, default="chat-square-text")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="org_unit") | Q(org_unit__isnull=False), name="community_category_unit_needs_unit"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:category", args=[self.slug])


class Topic(InputLinkMixin, TimeStampedModel):
    """A discussion. Its opening text is its first Post (is_opening), so that
    reporting and moderation treat every text the same way."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        ADOPTED = "adopted", _("Adopted as input")

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_topics",
    )
    guest_name = models.CharField(_("guest name"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLISHED, db_index=True
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    # Adoption as input for a program or service (InputLinkMixin holds the link).
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies concerned"), blank=True, related_name="community_topics"
    )
    adoption_note = models.TextField(_("adoption note"), blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Filled by services on PostgreSQL (title A, question B, replies C); the GIN
    # index on it is created by a PostgreSQL-only migration.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["category", "visibility", "-last_activity_at"], name="community_topic_list_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_at__isnull=False), name="community_topic_adopted_has_date"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:topic", args=[self.pk, slugify(self.title)[:60] or "topic"])

    @property
    def author_name(self) -> str:
        if self.author_id:
            return self.author.display_name
        return self.guest_name or _("Guest")

    @property
    def accepts_replies(self) -> bool:
        return not self.is_locked and self.status != self.Status.CLOSED and self.visibility == Visibility.PUBLISHED


class Post(TimeStampedModel):
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_posts",
    )
    guest_name = models.CharField(_("guest name"), max_length=100, blank=True)
    guest_email = models.EmailField(_("guest email"), blank=True)
    is_opening = models.BooleanField(_("opening post"), default=False)
    body = models.TextField(_("text"))
    body_html = models.TextField(_("text (sanitised HTML)"), editable=False)
    # An ASN answers for the unit they work in at the time of writing.
    official_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("official answer of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_answers",
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLISHED, db_index=True
    )
    hidden_automatically = models.BooleanField(_("hidden automatically"), default=False)
    report_count = models.PositiveIntegerField(_("open reports"), default=0)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    guest_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["topic", "visibility", "created_at"], name="community_post_thread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["topic"], condition=Q(is_opening=True), name="community_post_one_opening_per_topic"
            ),
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(guest_name=""), name="community_post_has_author_or_guest"
            ),
        ]

    def __str__(self):
        return f"{self.topic_id}#{self.pk}"

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#post-{self.pk}"

    @property
    def author_name(self) -> str:
        if self.author_id:
            return self.author.display_name
        return self.guest_name or _("Guest")

    @property
    def is_official(self) -> bool:
        return self.official_unit_id is not None


class Support(models.Model):
    """A support vote: one per account and topic (database constraint)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_supports")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support vote")
        verbose_name_plural = _("support votes")
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="community_support_one_per_account")]

    def __str__(self):
        return f"{self.user_id} supports {self.topic_id}"


class Follow(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="community_follow_unique")]

    def __str__(self):
        return f"{self.user_id} follows {self.topic_id}"


class ReplyNotification(models.Model):
    """One email about one new post to one follower; makes the task idempotent."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="community_notification_unique")]

    def __str__(self):
        return f"post {self.post_id} -> user {self.user_id}"


class Report(TimeStampedModel):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive, hateful or threatening")
        PERSONAL_DATA = "personal_data", _("Reveals personal data")
        MISINFORMATION = "misinformation", _("False or misleading information")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Other")

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    detail = models.TextField(_("details"), max_length=1000, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="community_report_once_per_account")]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.post_id})"


class ModerationAction(models.Model):
    """The moderation log: every action, by a person or automatic (actor empty)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Reports dismissed")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        STATUS = "status", _("Status changed")
        ADOPT = "adopt", _("Adopted as input")
        HOLD = "hold", _("Held: personal data")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="moderation_log")
    post = models.ForeignKey(
        Post, verbose_name=_("post"), null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_log"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.get_action_display()} {self.topic_id}/{self.post_id}"


class CitizenProfile(TimeStampedModel):
    """A citizen who signed up; the account is inactive until the email is confirmed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_profile")
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")

    def __str__(self):
        return self.user.email


class Meeting(TimeStampedModel):
    """A public consultation meeting (forum diskusi publik)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), help_text=_("Markdown is allowed."))
    agenda_html = models.TextField(editable=False, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("forum"), null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="community_meetings"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_open = models.BooleanField(_("registration open"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown is allowed."))
    minutes_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="community_meeting_ends_after"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="community_meeting_capacity_positive"),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="community_meeting_has_place_or_link"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:meeting", args=[self.pk])


class MeetingRegistration(TimeStampedModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    code = models.CharField(_("confirmation code"), max_length=12, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    attended_at = models.DateTimeField(_("attended at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        constraints = [
            models.UniqueConstraint(
                "meeting",
                models.functions.Lower("email"),
                condition=Q(status="registered"),
                name="community_registration_one_per_email",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("community:registration", args=[self.code])


class MeetingOutcome(InputLinkMixin, TimeStampedModel):
    """A conclusion of a meeting, linked to the program or service it informs."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(_("outcome"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies concerned"), blank=True, related_name="community_outcomes"
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")

    def __str__(self):
        return self.title
