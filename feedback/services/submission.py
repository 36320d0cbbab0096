"""Receiving citizen feedback."""

import datetime
import re
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrgUnit
from asn_competency.common.db import PkList, insert_linked
from asn_competency.common.errors import ApplicationError

from ..codes import new_tracking_code
from ..models import ELEMENT_CODES, Feedback, FeedbackEvent, KioskDevice, Service
from ..workdays import add_working_days

# The rules of a submission, with one message each (the web form, the kiosk and the
# API only show these: feedback.views.public, feedback.api.apis).
HONEYPOT_ERROR = gettext_lazy("This submission looks automated and was not accepted.")
SERVICE_NOT_OF_UNIT = gettext_lazy("This service does not belong to the chosen unit.")
ANONYMOUS_WITH_CONTACT = gettext_lazy(
    "Anonymous feedback keeps no name or contact. Remove them or choose confidential instead."
)

PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")
CODE_ATTEMPTS = 5
# The fields a caller's values reach without a check of their own above: their
# choices, lengths and validators are the model's (clean_fields). The others are
# checked above (the unit, service and kiosk as objects, the scores, the time), set
# here (status, due dates, the code) or set after the validation.
CLEANED_HERE = {"kind", "message", "contact_name", "contact", "gender", "age_band", "education", "occupation",
                "channel", "idempotency_key"}  # fmt: skip
NOT_CLEANED_HERE = [f.name for f in Feedback._meta.fields if f.name not in CLEANED_HERE]


def contact_validate(value: str) -> None:
    """A contact is an email address or a phone number (08..., +62...)."""
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("Enter a valid email address or phone number.")) from None
        return
    if not PHONE_RE.match(value):
        raise ValidationError(_("Enter a valid email address or phone number."))


def submitted_at_error(value: datetime.datetime) -> str | None:
    """Why the client's submission time cannot be taken (None when it can)."""
    now = timezone.now()
    if value > now + datetime.timedelta(seconds=settings.FEEDBACK_OFFLINE_CLOCK_SKEW_SECONDS):
        return _("submitted_at: the submission time lies in the future. Check the clock of the device.")
    days = settings.FEEDBACK_OFFLINE_MAX_AGE_DAYS
    if value < now - datetime.timedelta(days=days):
        return _("submitted_at: the submission was made more than %(days)d days ago and can no longer be accepted.") % {
            "days": days
        }
    return None


def _score(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _scores_validate(scores) -> dict:
    if not isinstance(scores, dict):
        raise ValidationError({"scores": _("Answer the nine survey questions (U1 to U9) with 1 to 4.")})
    errors, clean = [], {}
    for code in ELEMENT_CODES:
        number = _score(scores.get(code))
        if number is None or not 1 <= number <= 4:
            errors.append(_("%(code)s: choose an answer from 1 to 4.") % {"code": code})
        else:
            clean[code.lower()] = number
    if errors:
        raise ValidationError({"scores": errors})
    return clean


def feedback_submit(
    *,
    unit,
    scores: dict,
    kind: str,
    message: str,
    anonymous: bool,
    service: Service | None = None,
    service_code: str = "",
    honeypot: str = "",
    contact_name: str = "",
    contact: str = "",
    gender: str = "",
    age_band: str = "",
    education: str = "",
    occupation: str = "",
    channel: str = Feedback.Channel.WEB,
    kiosk: KioskDevice | None = None,
    idempotency_key: str | None = None,
    submitted_at: datetime.datetime | None = None,
) -> Feedback:
    """Store a submission with a fresh tracking code and its first history entry.

    ``idempotency_key`` (optional, the client's): when another submission with the
    same key is already stored, that one is returned and nothing new is written (the
    unique constraint decides a race between two deliveries of the same form).
    ``submitted_at`` (optional): when the citizen submitted it on a device that was
    offline; it becomes the feedback's ``created_at``, so IKM counts the submission in
    the period in which it was made. Bounded by FEEDBACK_OFFLINE_MAX_AGE_DAYS and
    FEEDBACK_OFFLINE_CLOCK_SKEW_SECONDS.

    ``service`` (an object) or ``service_code`` (a code of the unit's services, as typed
    in the form or sent to the API): it must be an active service of ``unit``.
    ``honeypot``: the hidden field people leave empty; filled in, the submission is
    refused as automated (ApplicationError ``honeypot``) before anything else.

    Anonymous submissions must not carry a name or contact (refused rather than
    silently dropped, so the person can decide). Nothing about the client's
    address or device is stored.
    """
    if honeypot:
        raise ApplicationError(HONEYPOT_ERROR, code="honeypot")
    for fresh in (False, True):
        feedback = _validated(
            unit=unit, service=service, service_code=service_code, scores=scores, kind=kind, message=message,
            anonymous=anonymous, contact_name=contact_name, contact=contact, gender=gender, age_band=age_band,
            education=education, occupation=occupation, channel=channel, kiosk=kiosk,
            idempotency_key=idempotency_key, submitted_at=submitted_at,
        )  # fmt: skip
        stored = _store_with_code(feedback, kiosk=kiosk, submitted_at=submitted_at, idempotency_key=idempotency_key)
        if stored is not None:
            return stored
        if fresh:
            break
        # The unit or service was read from this process's memory and has changed
        # since (deactivated, deleted, another code): ask the database, validate again.
        from ..selectors import public_unit_get, public_units_forget

        public_units_forget()
        service_code = service_code or (feedback.service.code if feedback.service else "")
        unit, service = public_unit_get(code=unit.code) or OrgUnit(serves_public=False), None
    raise ValidationError({"unit": _("This unit does not take public feedback.")})  # changed twice meanwhile


def feedback_submission_errors(*, unit: OrgUnit | None, honeypot: str = "", **submission) -> dict:  # noqa: ARG001
    """What feedback_submit would refuse in a submission, per field ({} when
    nothing), without storing anything: for a caller that has found other faults
    first (e.g. the API, a field of the wrong JSON type) and reports all at once.
    `unit` None: the unit is unknown, so neither it nor its service is judged.
    (The honeypot is not: the submission is refused anyway.)"""
    fields = {"service": None, "service_code": "", "contact_name": "", "contact": "", "gender": "", "age_band": "",
              "education": "", "occupation": "", "channel": Feedback.Channel.WEB, "kiosk": None,
              "idempotency_key": None, "submitted_at": None} | submission  # fmt: skip
    try:
        _validated(unit=unit or OrgUnit(serves_public=True, is_active=True), **fields)
    except ValidationError as exc:
        errors = exc.message_dict
    else:
        errors = {}
    if unit is None:
        errors.pop("unit", None), errors.pop("service", None)
    return errors


def _validated(
    *, unit, service, service_code, scores, kind, message, anonymous, contact_name, contact, gender, age_band,
    education, occupation, channel, kiosk, idempotency_key, submitted_at,
) -> Feedback:  # fmt: skip
    """The new, unsaved submission, or ValidationError naming every field at fault."""
    errors = {}
    if service is None and service_code and unit.pk is not None:
        from ..selectors import service_cached

        service = service_cached(unit=unit, code=service_code)
        if service is None:
            errors["service"] = SERVICE_NOT_OF_UNIT
    elif service is None and service_code:
        errors["service"] = SERVICE_NOT_OF_UNIT
    if submitted_at is not None:
        error = submitted_at_error(submitted_at)
        if error:
            errors["submitted_at"] = error
    if not unit.serves_public or not unit.is_active:
        errors["unit"] = _("This unit does not take public feedback.")
    elif kiosk is not None and kiosk.unit_id != unit.pk:
        errors["unit"] = _("This kiosk collects feedback for %(unit)s only.") % {"unit": kiosk.unit}
    if service is not None and (service.unit_id != unit.pk or not service.is_active):
        errors["service"] = SERVICE_NOT_OF_UNIT
    message = (message or "").strip()
    contact_name, contact = (contact_name or "").strip(), (contact or "").strip()
    limit = settings.FEEDBACK_MESSAGE_MAX_LENGTH
    if len(message) < 10:
        errors["message"] = _("Write at least 10 characters so that the unit understands your feedback.")
    elif len(message) > limit:
        errors["message"] = _("The message is too long: at most %(limit)d characters.") % {"limit": limit}
    if anonymous and (contact_name or contact):
        errors["contact"] = ANONYMOUS_WITH_CONTACT
    elif contact:
        try:
            contact_validate(contact)
        except ValidationError as exc:
            errors["contact"] = exc.messages[0]
    try:
        score_fields = _scores_validate(scores)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        score_fields = {}

    today = timezone.localdate()
    feedback = Feedback(
        unit=unit,
        service=service,
        handling_unit=unit,
        kind=kind,
        message=message,
        anonymous=bool(anonymous),
        contact_name="" if anonymous else contact_name,
        contact="" if anonymous else contact,
        gender=gender or "",
        age_band=age_band or "",
        education=education or "",
        occupation=occupation or "",
        channel=channel,
        kiosk=kiosk,
        idempotency_key=idempotency_key or None,
        verify_due=add_working_days(today, settings.FEEDBACK_VERIFY_WORKING_DAYS),
        **score_fields,
    )
    # Validated once, in Python: field choices, lengths and validators of what the
    # caller gave. Not full_clean(): its foreign-key existence checks (the objects
    # are in hand) and one SELECT per CheckConstraint (eleven) would triple the
    # queries of the public write path; PostgreSQL's constraints remain the backstop.
    try:
        feedback.clean_fields(exclude=[*NOT_CLEANED_HERE, *errors])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:  # every field at fault at once, from the checks above and the model's
        raise ValidationError(errors)
    if submitted_at is not None:
        feedback.created_at = submitted_at  # the time the citizen made it: IKM counts it in that period
    return feedback


def _store_with_code(feedback: Feedback, *, kiosk, submitted_at, idempotency_key) -> Feedback | None:
    """Store `feedback` under a fresh tracking code (drawn again on a collision);
    the submission stored under the same idempotency key if another delivery won;
    None when the unit or service no longer takes feedback (nothing stored)."""
    for _attempt in range(CODE_ATTEMPTS):
        feedback.tracking_code = new_tracking_code()
        try:
            # The submission, its history entry and the outbox rows are ONE statement
            # (common.db.insert_linked): no BEGIN/COMMIT and no round trip per row on
            # the public write path, atomic by itself. A collision of codes leaves
            # nothing behind and the next attempt starts clean. Inside a caller's
            # transaction (or with a kiosk's timestamp to write too) it runs in an
            # atomic block, a savepoint when nested.
            with (
                transaction.atomic()
                if kiosk is not None or submitted_at is not None or transaction.get_connection().in_atomic_block
                else nullcontext()
            ):
                if not _store(feedback, kiosk=kiosk, keep_created=submitted_at is not None):
                    return None
            return feedback
        except IntegrityError:
            feedback.pk, feedback._state.adding = None, True
            if idempotency_key:
                # Another delivery of the same form won the race (its INSERT committed
                # while ours waited on the unique index): answer with that one.
                first = Feedback.objects.filter(idempotency_key=idempotency_key).first()
                if first is not None:
                    return first
            if Feedback.objects.filter(tracking_code=feedback.tracking_code).exists():
                continue
            raise
    raise RuntimeError("could not draw a unique tracking code")  # pragma: no cover - 60 random bits, five times


# The unit (and service) a submission names still take feedback, checked by its
# INSERT itself (common.db.insert_linked's guard): the objects may come from a
# process's memory (feedback.selectors.public_unit_cached), the database decides.
_UNIT_TAKES_FEEDBACK = (
    f"EXISTS (SELECT 1 FROM {OrgUnit._meta.db_table} WHERE id = %s AND code = %s AND serves_public AND is_active)"  # noqa: S608
)
_SERVICE_OF_UNIT = f"EXISTS (SELECT 1 FROM {Service._meta.db_table} WHERE id = %s AND unit_id = %s AND is_active)"  # noqa: S608


def _guard(feedback: Feedback) -> tuple[str, list]:
    unit = feedback.unit
    if feedback.service_id is None:
        return _UNIT_TAKES_FEEDBACK, [unit.pk, unit.code]
    return f"{_UNIT_TAKES_FEEDBACK} AND {_SERVICE_OF_UNIT}", [unit.pk, unit.code, feedback.service_id, unit.pk]


def _store(feedback: Feedback, *, kiosk: KioskDevice | None, keep_created: bool) -> bool:
    """The INSERTs of one submission (one statement), then the kiosk's last use;
    False (nothing stored) when its unit or service no longer takes feedback.
    Once the submission is visible: cached IKM figures of the periods covering it
    are dropped, the unit's officers are told at once, and a submitter who left an
    email address gets the tracking code by email (both through the outbox)."""
    from asn_competency.common import outbox

    from ..selectors.ikm import ikm_note_submission
    from ..tasks import notify_officers, send_receipt_email

    event = FeedbackEvent(feedback=feedback, action=FeedbackEvent.Action.SUBMITTED, to_status=feedback.status)
    messages = [outbox.unsaved(notify_officers, PkList(event))]
    if not feedback.anonymous and "@" in feedback.contact:
        messages.append(outbox.unsaved(send_receipt_email, PkList(event)))
    if not insert_linked(
        feedback, event, *messages, keep={0: ["created_at"]} if keep_created else None, guard=_guard(feedback)
    ):
        return False
    if kiosk is not None:
        KioskDevice.objects.filter(pk=kiosk.pk).update(last_used_at=timezone.now())
    unit_id, day = feedback.unit_id, timezone.localtime(feedback.created_at).date()
    if keep_created and day < timezone.localdate():
        # Made offline on a day the IKM summary table may already hold: that day is
        # read live until recomputed (same transaction as the INSERT), and the cached
        # figures of the periods covering it are dropped after the commit. (Today's
        # submissions change the cache keys of the open periods by themselves.)
        from .ikm import ikm_summary_mark_dirty

        ikm_summary_mark_dirty(day=day)
        transaction.on_commit(lambda: ikm_note_submission(unit_id=unit_id, day=day))
    # Published by the worker within a second (outbox.relay_soon), not by this request:
    # the public form takes many submissions a second.
    outbox.relay_soon(messages)
    return True
