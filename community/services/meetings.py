"""Public consultation meetings: scheduling, registration within capacity,
attendance, minutes and outcomes."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.outbox import enqueue

from ..markup import render_markdown
from ..models import Meeting, MeetingOutcome, MeetingRegistration

# No 0/O, 1/I/L: codes are read aloud and typed from paper at the door.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

MEETING_FIELDS = (
    "title",
    "agenda",
    "category",
    "org_unit",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "registration_open",
    "status",
)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


@transaction.atomic
def meeting_save(*, meeting: Meeting | None = None, **fields) -> Meeting:
    """Create or update a meeting; capacity cannot drop below the registrations."""
    meeting = Meeting() if meeting is None else Meeting.objects.select_for_update().get(pk=meeting.pk)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.agenda_html = render_markdown(meeting.agenda)
    meeting.full_clean()
    if meeting.pk:
        registered = meeting.registrations.filter(status=MeetingRegistration.Status.REGISTERED).count()
        if meeting.capacity < registered:
            raise ValidationError(
                {
                    "capacity": _("%(count)d people are already registered; the capacity cannot be lower.")
                    % {"count": registered}
                }
            )
    meeting.save()
    return meeting


def meeting_register(*, meeting: Meeting, name: str, email: str, phone: str = "", user=None) -> MeetingRegistration:
    """Register a person; the meeting row lock makes the capacity hold under
    concurrent registrations. Sends the confirmation code by email after commit."""
    name, email = (name or "").strip(), (email or "").strip().lower()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
                if locked.status != Meeting.Status.SCHEDULED or not locked.registration_open:
                    raise ApplicationError(_("Registration for this meeting is closed."), code="closed")
                if locked.starts_at <= timezone.now():
                    raise ApplicationError(_("This meeting has already started."), code="closed")
                active = locked.registrations.filter(status=MeetingRegistration.Status.REGISTERED)
                if active.filter(email__iexact=email).exists():
                    raise ConflictError(
                        _("This email address is already registered for the meeting."), code="already_registered"
                    )
                if active.count() >= locked.capacity:
                    raise ConflictError(_("Sorry, the meeting is full."), code="full")
                registration = MeetingRegistration(
                    meeting=locked, user=user, name=name, email=email, phone=(phone or "").strip(), code=_new_code()
                )
                registration.full_clean(exclude=["code"])
                registration.save()
                from ..tasks import send_meeting_confirmation

                registration_id = registration.pk
                enqueue(send_meeting_confirmation, registration_id)
                return registration
        except IntegrityError as exc:
            if "code" not in str(exc).lower():
                raise ConflictError(
                    _("This email address is already registered for the meeting."), code="already_registered"
                ) from None
            continue  # a rare code collision: draw again
    raise ApplicationError(_("Could not register now; please try again."))


@transaction.atomic
def registration_cancel(*, registration: MeetingRegistration) -> MeetingRegistration:
    registration = MeetingRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.attended_at:
        raise ApplicationError(_("Attendance is already recorded; the registration cannot be cancelled."))
    if registration.status != MeetingRegistration.Status.CANCELLED:
        registration.status = MeetingRegistration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
    return registration


@transaction.atomic
def meeting_check_in(*, meeting: Meeting, code: str) -> MeetingRegistration:
    """Record attendance by confirmation code (idempotent)."""
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    registration = (
        MeetingRegistration.objects.select_for_update()
        .filter(meeting=meeting, code=code, status=MeetingRegistration.Status.REGISTERED)
        .first()
    )
    if registration is None:
        raise ValidationError({"code": _("No registration with this code for this meeting.")})
    if registration.attended_at is None:
        registration.attended_at = timezone.now()
        registration.save(update_fields=["attended_at", "updated_at"])
    return registration


@transaction.atomic
def meeting_record_minutes(*, meeting: Meeting, minutes: str, mark_held: bool = True) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = (minutes or "").strip()
    meeting.minutes_html = render_markdown(meeting.minutes)
    fields = ["minutes", "minutes_html", "updated_at"]
    # Notes may be prepared beforehand; only a meeting that has started becomes "held".
    if mark_held and meeting.status == Meeting.Status.SCHEDULED and meeting.starts_at <= timezone.now():
        meeting.status = Meeting.Status.HELD
        meeting.registration_open = False
        fields += ["status", "registration_open"]
    meeting.save(update_fields=fields)
    return meeting


@transaction.atomic
def meeting_outcome_add(
    *,
    meeting: Meeting,
    title: str,
    description: str = "",
    program=None,
    service_code: str = "",
    service_name: str = "",
    competencies=(),
) -> MeetingOutcome:
    outcome = MeetingOutcome(
        meeting=meeting,
        title=(title or "").strip(),
        description=(description or "").strip(),
        program=program,
        service_code=(service_code or "").strip(),
        service_name=(service_name or "").strip(),
    )
    outcome.full_clean()
    outcome.save()
    outcome.competencies.set(competencies)
    return outcome


@transaction.atomic
def meeting_outcome_delete(*, outcome: MeetingOutcome) -> None:
    outcome.delete()
