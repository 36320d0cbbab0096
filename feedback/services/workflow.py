"""The follow-up of a feedback, in the style of SP4N-LAPOR!:

received -> verified (or rejected with a reason) -> forwarded to the handling
unit -> responded -> closed. Every step is written to the audit history.
Unit officers act on feedback handled by their own unit; HR and admin on all.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.outbox import enqueue

from .. import rules
from ..models import Feedback, FeedbackEvent
from ..workdays import add_working_days
from .notices import officers_notify_after_commit

S = Feedback.Status
A = FeedbackEvent.Action

# action -> (statuses it may start from, status it leads to)
TRANSITIONS = {
    A.VERIFIED: ((S.RECEIVED,), S.VERIFIED),
    A.REJECTED: ((S.RECEIVED, S.VERIFIED), S.REJECTED),
    A.FORWARDED: ((S.VERIFIED, S.FORWARDED), S.FORWARDED),
    A.RESPONDED: ((S.VERIFIED, S.FORWARDED, S.RESPONDED), S.RESPONDED),
    A.CLOSED: ((S.RESPONDED,), S.CLOSED),
}


def feedback_user_can_handle(*, user, feedback: Feedback) -> bool:
    """The rule `feedback.handle_feedback` (feedback/rules.py)."""
    return rules.can_handle_feedback(user, feedback)


def feedback_allowed_actions(*, user, feedback: Feedback) -> list[str]:
    if not feedback_user_can_handle(user=user, feedback=feedback):
        return []
    return [action for action, (sources, _target) in TRANSITIONS.items() if feedback.status in sources]


def _locked(feedback: Feedback, user) -> Feedback:
    """Re-read the row under a lock, so two officers cannot both move it."""
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if not feedback_user_can_handle(user=user, feedback=locked):
        raise PermissionDenied
    return locked


def _transition(feedback: Feedback, *, user, action: str, public_text: str = "", note: str = "", to_unit=None):
    sources, target = TRANSITIONS[action]
    if feedback.status not in sources:
        raise ConflictError(
            _("This step is not possible while the feedback is “%(status)s”.")
            % {"status": feedback.get_status_display()},
            code="invalid_transition",
        )
    previous = feedback.status
    feedback.status = target
    feedback.full_clean()
    feedback.save()
    return FeedbackEvent.objects.create(
        feedback=feedback,
        action=action,
        actor=user,
        from_status=previous,
        to_status=target,
        to_unit=to_unit,
        public_text=public_text,
        note=note,
    )


@transaction.atomic
def feedback_verify(*, feedback: Feedback, user, note: str = "") -> Feedback:
    """Accept as in scope; the answer deadline starts now (in working days)."""
    feedback = _locked(feedback, user)
    feedback.verified_at = timezone.now()
    feedback.answer_due = add_working_days(timezone.localdate(), settings.FEEDBACK_ANSWER_WORKING_DAYS)
    _transition(feedback, user=user, action=A.VERIFIED, note=note.strip())
    return feedback


@transaction.atomic
def feedback_reject(*, feedback: Feedback, user, reason: str) -> Feedback:
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": _("Explain the reason for rejection to the citizen (at least 10 characters).")}
        )
    feedback = _locked(feedback, user)
    feedback.rejection_reason = reason
    feedback.closed_at = timezone.now()
    _transition(feedback, user=user, action=A.REJECTED, public_text=reason)
    return feedback


@transaction.atomic
def feedback_forward(*, feedback: Feedback, user, unit, note: str = "") -> Feedback:
    """Hand over to the unit that answers; it gets the full answer period from today."""
    if not unit.is_active:
        raise ValidationError({"unit": _("This unit is not active.")})
    feedback = _locked(feedback, user)
    feedback.handling_unit = unit
    feedback.answer_due = add_working_days(timezone.localdate(), settings.FEEDBACK_ANSWER_WORKING_DAYS)
    public = _("Forwarded to %(unit)s for follow-up.") % {"unit": unit.name}
    event = _transition(feedback, user=user, action=A.FORWARDED, to_unit=unit, public_text=public, note=note.strip())
    officers_notify_after_commit(event=event)
    return feedback


@transaction.atomic
def feedback_respond(*, feedback: Feedback, user, text: str) -> FeedbackEvent:
    """A public reply, shown on the tracking page; emailed when a contact email was left."""
    text = (text or "").strip()
    if len(text) < 10:
        raise ValidationError({"text": _("Write a reply of at least 10 characters.")})
    if len(text) > settings.FEEDBACK_MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("The reply is too long: at most %(limit)d characters.")
                % {"limit": settings.FEEDBACK_MESSAGE_MAX_LENGTH}
            }
        )
    feedback = _locked(feedback, user)
    # The latest answer: the citizen's reopening window counts from it.
    feedback.responded_at = timezone.now()
    event = _transition(feedback, user=user, action=A.RESPONDED, public_text=text)
    if not feedback.anonymous and "@" in feedback.contact:
        from ..tasks import send_reply_email

        enqueue(send_reply_email, event.pk)
    return event


@transaction.atomic
def feedback_close(*, feedback: Feedback, user, note: str = "") -> Feedback:
    feedback = _locked(feedback, user)
    feedback.closed_at = timezone.now()
    _transition(feedback, user=user, action=A.CLOSED, note=note.strip())
    return feedback


@transaction.atomic
def feedback_add_note(*, feedback: Feedback, user, note: str) -> FeedbackEvent:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write the note.")})
    feedback = _locked(feedback, user)
    return FeedbackEvent.objects.create(feedback=feedback, action=A.NOTE, actor=user, note=note)


@transaction.atomic
def feedback_tag(*, feedback: Feedback, user, competencies, programs) -> Feedback:
    """HR links feedback to competencies and training programs (for program revision)."""
    if not rules.is_hr_staff(user):
        raise PermissionDenied
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    competencies, programs = list(competencies), list(programs)
    feedback.competencies.set(competencies)
    feedback.programs.set(programs)
    names = [c.code for c in competencies] + [p.code for p in programs]
    FeedbackEvent.objects.create(
        feedback=feedback, action=A.TAGGED, actor=user, note=", ".join(names) or _("(tags removed)")
    )
    return feedback


def feedback_require_handler(*, user, feedback: Feedback) -> None:
    if not feedback_user_can_handle(user=user, feedback=feedback):
        raise ApplicationError(_("You may not handle this feedback."), code="forbidden", status=403)
