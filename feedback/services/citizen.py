"""What the citizen does after the unit's answer, as on SP4N-LAPOR!: reply on the
tracking page, rate the handling once (1-5 with a comment), and reopen within
FEEDBACK_REOPEN_WORKING_DAYS working days of the unit's latest answer.

The tracking code is the citizen's only credential, so the views limit these
actions per client address and every text has a length limit. The predicates
`feedback_citizen_can_*` are the one place of these rules: the page, the API
and the services ask them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_competency.common.errors import ConflictError

from ..models import Feedback, FeedbackEvent
from ..workdays import add_working_days
from .notices import officers_notify_after_commit

S = Feedback.Status
A = FeedbackEvent.Action
REPLY_STATUSES = (S.VERIFIED, S.FORWARDED, S.RESPONDED)
RATE_STATUSES = (S.RESPONDED, S.CLOSED, S.REJECTED)
REOPEN_STATUSES = (S.RESPONDED, S.CLOSED)


def feedback_reopen_deadline(*, feedback: Feedback) -> datetime.date | None:
    """The last day the citizen may reopen: FEEDBACK_REOPEN_WORKING_DAYS working days after the latest answer."""
    if feedback.responded_at is None:
        return None
    answered = timezone.localtime(feedback.responded_at).date()
    return add_working_days(answered, settings.FEEDBACK_REOPEN_WORKING_DAYS)


def feedback_citizen_can_reply(*, feedback: Feedback) -> bool:
    """After the unit's answer, while the feedback is not final."""
    return feedback.responded_at is not None and feedback.status in REPLY_STATUSES


def feedback_citizen_can_rate(*, feedback: Feedback) -> bool:
    """Once the unit has answered (or rejected the feedback), and only once."""
    handled = feedback.status in RATE_STATUSES and (feedback.responded_at is not None or feedback.status == S.REJECTED)
    return handled and feedback.citizen_rating is None


def feedback_citizen_can_reopen(*, feedback: Feedback, today: datetime.date | None = None) -> bool:
    deadline = feedback_reopen_deadline(feedback=feedback)
    return feedback.status in REOPEN_STATUSES and deadline is not None and (today or timezone.localdate()) <= deadline


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def _text(value: str, *, field: str, minimum: int, maximum: int, short: str) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationError({field: short})
    if len(value) > maximum:
        raise ValidationError({field: _("The text is too long: at most %(limit)d characters.") % {"limit": maximum}})
    return value


@transaction.atomic
def feedback_citizen_reply(*, feedback: Feedback, text: str) -> FeedbackEvent:
    """The citizen answers the unit's reply; the unit's officers are told at once."""
    text = _text(
        text,
        field="text",
        minimum=2,
        maximum=settings.FEEDBACK_MESSAGE_MAX_LENGTH,
        short=_("Write your reply."),
    )
    feedback = _locked(feedback)
    if not feedback_citizen_can_reply(feedback=feedback):
        raise ConflictError(
            _("You can reply once the unit has answered, until the feedback is closed."), code="reply_not_open"
        )
    event = FeedbackEvent.objects.create(
        feedback=feedback, action=A.CITIZEN_REPLY, from_status=feedback.status, public_text=text
    )
    Feedback.objects.filter(pk=feedback.pk).update(updated_at=timezone.now())
    officers_notify_after_commit(event=event)
    return event


@transaction.atomic
def feedback_citizen_rate(*, feedback: Feedback, rating, comment: str = "") -> Feedback:
    """The citizen's rating of the handling, 1 (very poor) to 5 (very good); once."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    comment = (comment or "").strip()
    limit = settings.FEEDBACK_RATING_COMMENT_MAX_LENGTH
    if len(comment) > limit:
        raise ValidationError({"comment": _("The text is too long: at most %(limit)d characters.") % {"limit": limit}})
    feedback = _locked(feedback)
    if feedback.citizen_rating is not None:
        raise ConflictError(_("You have already rated the handling of this feedback."), code="already_rated")
    if not feedback_citizen_can_rate(feedback=feedback):
        raise ConflictError(_("You can rate the handling once the unit has answered."), code="not_answered")
    feedback.citizen_rating = rating
    feedback.citizen_rating_comment = comment
    feedback.rated_at = timezone.now()
    feedback.full_clean()
    feedback.save(update_fields=["citizen_rating", "citizen_rating_comment", "rated_at", "updated_at"])
    FeedbackEvent.objects.create(feedback=feedback, action=A.RATED, note=f"{rating}/5 {comment}".strip())
    return feedback


@transaction.atomic
def feedback_citizen_reopen(*, feedback: Feedback, reason: str) -> Feedback:
    """Not satisfied: the feedback goes back to the handling unit with a new answer period."""
    reason = _text(
        reason,
        field="reason",
        minimum=10,
        maximum=settings.FEEDBACK_MESSAGE_MAX_LENGTH,
        short=_("Tell the unit what is still not resolved (at least 10 characters)."),
    )
    feedback = _locked(feedback)
    if not feedback_citizen_can_reopen(feedback=feedback):
        deadline = feedback_reopen_deadline(feedback=feedback)
        if deadline is not None and feedback.status in REOPEN_STATUSES:
            message = _("The feedback could be reopened until %(date)s; send a new feedback instead.") % {
                "date": date_format(deadline, "DATE_FORMAT")
            }
        else:
            message = _("Only an answered feedback can be reopened.")
        raise ConflictError(message, code="reopen_closed")
    reopened = FeedbackEvent.objects.filter(feedback=feedback, action=A.REOPENED).count()
    if reopened >= settings.FEEDBACK_MAX_REOPENINGS:
        raise ConflictError(
            _("This feedback has been reopened %(n)d times already; send a new feedback instead.") % {"n": reopened},
            code="reopen_limit",
        )
    previous = feedback.status
    feedback.status = S.FORWARDED if feedback.handling_unit_id != feedback.unit_id else S.VERIFIED
    feedback.answer_due = add_working_days(timezone.localdate(), settings.FEEDBACK_ANSWER_WORKING_DAYS)
    feedback.closed_at = None
    feedback.full_clean()
    feedback.save(update_fields=["status", "answer_due", "closed_at", "updated_at"])
    event = FeedbackEvent.objects.create(
        feedback=feedback, action=A.REOPENED, from_status=previous, to_status=feedback.status, public_text=reason
    )
    officers_notify_after_commit(event=event)
    return feedback
