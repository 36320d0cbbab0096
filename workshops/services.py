"""Writes of the workshops app: workshop details, agenda, and action plans."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError
from training.models import Enrollment

from .models import MAX_ACTIONS, WORKSHOP_KINDS, ActionPlan, ActionPlanItem, AgendaItem, Workshop

# Participants can plan from the workshop's start (the closing session) until this many days after it ends.
PLAN_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)


def _check_program_kind(program) -> None:
    if program.kind not in WORKSHOP_KINDS:
        raise ValidationError({"program": _("Only programs of kind workshop or seminar can have workshop details.")})


@transaction.atomic
def workshop_save(*, workshop: Workshop) -> Workshop:
    _check_program_kind(workshop.program)
    workshop.full_clean()
    workshop.save()
    return workshop


def action_plan_window(enrollment: Enrollment) -> tuple[datetime.datetime, datetime.datetime]:
    """When an action plan can be written or changed: from the start of the
    workshop until WORKSHOPS_ACTION_PLAN_EDIT_DAYS after its end."""
    session = enrollment.session
    return session.start, session.end + datetime.timedelta(days=settings.WORKSHOPS_ACTION_PLAN_EDIT_DAYS)


def action_plan_problem(enrollment: Enrollment, *, now=None) -> str | None:
    """Why this participant cannot write an action plan now (None when they can)."""
    now = now or timezone.now()
    if enrollment.session.program.kind not in WORKSHOP_KINDS:
        return _("Action plans belong to workshops and seminars.")
    if enrollment.status not in PLAN_STATUSES:
        return _("Only participants of the workshop write an action plan (status: %(status)s).") % {
            "status": enrollment.get_status_display()
        }
    opens, closes = action_plan_window(enrollment)
    if now < opens:
        return _("The action plan opens when the workshop starts.")
    if now > closes:
        return _("The action plan can no longer be changed: it closed %(days)s days after the workshop.") % {
            "days": settings.WORKSHOPS_ACTION_PLAN_EDIT_DAYS
        }
    return None


def _clean_actions(actions: list[dict], *, earliest: datetime.date) -> list[dict]:
    cleaned, errors = [], {}
    for index, raw in enumerate(actions, start=1):
        text = (raw.get("action") or "").strip()
        indicator = (raw.get("success_indicator") or "").strip()
        due = raw.get("due_date")
        if not text and not indicator and not due:
            continue  # an empty row of the form
        if len(text) < 10:
            errors[f"action_{index}"] = _("Describe action %(n)s concretely (at least 10 characters).") % {"n": index}
        if not due:
            errors[f"due_date_{index}"] = _("Give a date for action %(n)s.") % {"n": index}
        elif due < earliest:
            errors[f"due_date_{index}"] = _("The date of action %(n)s must not be before the workshop.") % {"n": index}
        elif due > earliest + datetime.timedelta(days=366):
            errors[f"due_date_{index}"] = _("Plan action %(n)s within a year.") % {"n": index}
        cleaned.append({"action": text, "success_indicator": indicator, "due_date": due})
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError({"__all__": _("Commit to at least one action.")})
    if len(cleaned) > MAX_ACTIONS:
        raise ValidationError({"__all__": _("Commit to at most %(n)s actions.") % {"n": MAX_ACTIONS}})
    return cleaned


@transaction.atomic
def action_plan_submit(*, enrollment: Enrollment, actions: list[dict]) -> ActionPlan:
    """Write (or rewrite) the participant's action plan: 1 to 3 actions with a due date.

    Only the participant writes their own plan (views and API look the enrolment up
    by the requesting employee), so there is no other author to record.

    The enrolment row is locked, so two submissions at once cannot interleave
    their items; the database refuses a fourth item whatever happens."""
    locked = Enrollment.objects.select_for_update().select_related("session", "session__program").get(pk=enrollment.pk)
    problem = action_plan_problem(locked)
    if problem:
        raise ApplicationError(problem, code="action_plan_closed")
    earliest = timezone.localtime(locked.session.start).date()
    cleaned = _clean_actions(actions, earliest=earliest)
    plan, _created = ActionPlan.objects.get_or_create(enrollment=locked)
    plan.items.all().delete()
    items = [ActionPlanItem(plan=plan, position=i, **values) for i, values in enumerate(cleaned, start=1)]
    for item in items:
        item.full_clean(exclude=["plan"])
    ActionPlanItem.objects.bulk_create(items)
    plan.save(update_fields=["updated_at"])
    return plan


@transaction.atomic
def workshop_details_save(*, program, topic: str, facilitator=None, action_plan_prompt: str = "", agenda: list[dict]):
    """HR sets a workshop program's details and replaces its agenda in one go.

    `agenda`: [{"day", "start_time", "end_time", "title", "description"}], any order."""
    _check_program_kind(program)
    workshop = Workshop.objects.select_for_update().filter(program=program).first() or Workshop(program=program)
    workshop.topic, workshop.facilitator, workshop.action_plan_prompt = topic, facilitator, action_plan_prompt
    workshop.full_clean()
    workshop.save()
    workshop.agenda.all().delete()
    items, errors = [], {}
    for index, row in enumerate(agenda, start=1):
        item = AgendaItem(workshop=workshop, **row)
        if item.start_time and item.end_time and item.end_time <= item.start_time:
            errors[f"agenda_{index}"] = _("Agenda item %(n)s: the end must be after the start.") % {"n": index}
        item.full_clean(exclude=["workshop"])
        items.append(item)
    if errors:
        raise ValidationError(errors)
    AgendaItem.objects.bulk_create(items)
    return workshop
