"""Soft-skill workshops and seminars: details on top of training programs of those
kinds (topic, facilitator, agenda) and each participant's closing action plan."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asn_competency.common.models import TimeStampedModel
from training.models import Enrollment, Program, Trainer

WORKSHOP_KINDS = (Program.Kind.WORKSHOP, Program.Kind.SEMINAR)
MAX_ACTIONS = 3


class Topic(models.TextChoices):
    COMMUNICATION = "communication", _("Communication")
    TEAMWORK = "teamwork", _("Teamwork")
    LEADERSHIP = "leadership", _("Leadership")
    SERVICE_EXCELLENCE = "service_excellence", _("Public service excellence")
    INTEGRITY = "integrity", _("Integrity and ethics")
    CHANGE = "change", _("Managing change")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving and decision making")
    COMPLAINT_HANDLING = "complaint_handling", _("Handling complaints")
    TIME_MANAGEMENT = "time_management", _("Time management")
    PUBLIC_SPEAKING = "public_speaking", _("Public speaking and presentation")


class Workshop(TimeStampedModel):
    """The workshop side of a program of kind workshop or seminar."""

    program = models.OneToOneField(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="workshop"
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, db_index=True)
    facilitator = models.ForeignKey(
        Trainer, verbose_name=_("facilitator"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="workshops",
    )  # fmt: skip
    action_plan_prompt = models.CharField(
        _("action plan question"),
        max_length=255,
        blank=True,
        help_text=_("Shown to participants when they write their action plan."),
    )

    class Meta:
        ordering = ["topic", "program__title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self):
        return self.program.title

    def get_absolute_url(self):
        return reverse("workshops:detail", args=[self.program.code])


class AgendaItem(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agenda")
    day = models.PositiveSmallIntegerField(_("day"), default=1)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    title = models.CharField(_("activity"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["workshop", "day", "start_time", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        constraints = [
            models.CheckConstraint(condition=models.Q(day__gte=1), name="agenda_day_positive"),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="agenda_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.start_time:%H:%M} {self.title}"

    @property
    def duration_minutes(self) -> int:
        start = datetime.datetime.combine(datetime.date.min, self.start_time)
        end = datetime.datetime.combine(datetime.date.min, self.end_time)
        return int((end - start).total_seconds() // 60)


class ActionPlan(TimeStampedModel):
    """A participant's closing commitment: one to three concrete actions.

    One plan per enrolment (OneToOne); at most three items is held by the
    database (position 1..3, unique per plan); at least one by the service."""

    enrollment = models.OneToOneField(
        Enrollment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="action_plan"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return _("Action plan %(enrollment)s") % {"enrollment": self.enrollment}

    def get_absolute_url(self):
        return reverse("workshops:action-plan", args=[self.enrollment_id])


class ActionPlanItem(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("number"))
    action = models.CharField(_("what I will do"), max_length=500)
    success_indicator = models.CharField(_("how I will know it worked"), max_length=300, blank=True)
    due_date = models.DateField(_("by when"))

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=MAX_ACTIONS), name="action_plan_at_most_three"
            ),
            models.UniqueConstraint(fields=["plan", "position"], name="action_plan_item_position_unique"),
        ]

    def __str__(self):
        return f"{self.position}. {self.action}"
