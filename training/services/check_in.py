"""QR self check-in: HR or the trainer shows a code that changes every slot
(TRAINING_CHECK_IN_SLOT_SECONDS); an enrolled ASN scans it and is marked present
for that day through the attendance rules (attendance.py)."""

import datetime
import time

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_employee
from asn_competency.common.errors import ApplicationError

from ..models import Attendance, Enrollment, SessionDay
from .attendance import MARKABLE, attendance_day_check_open

SALT = "training.check-in"


class _SlotSigner(signing.TimestampSigner):
    """A TimestampSigner whose timestamp is the start of the current slot, so every
    screen showing a day shows the same code during a slot and a new one after it;
    the code's age is counted from the slot's start."""

    def __init__(self, *, slot_start: int):
        super().__init__(salt=SALT)
        self.slot_start = slot_start

    def timestamp(self):
        return signing.b62_encode(self.slot_start)


def check_in_slot_start(*, now: float | None = None) -> int:
    slot = settings.TRAINING_CHECK_IN_SLOT_SECONDS
    now = time.time() if now is None else now
    return int(now // slot * slot)


def check_in_token(*, day: SessionDay, now: float | None = None) -> str:
    """The signed, time-bound code of `day` for the current slot (session and day id)."""
    return _SlotSigner(slot_start=check_in_slot_start(now=now)).sign(f"{day.session_id}.{day.pk}")


def check_in_token_read(*, token: str) -> tuple[int, int]:
    """(session id, day id) of a code not older than TRAINING_CHECK_IN_MAX_AGE_SECONDS;
    ApplicationError with a message the ASN understands otherwise."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=settings.TRAINING_CHECK_IN_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise ApplicationError(
            _("This check-in code has expired. Scan the code currently shown on the screen."), code="expired"
        ) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("This check-in code is not valid."), code="invalid_code") from exc
    session_id, _sep, day_id = value.partition(".")
    return int(session_id), int(day_id)


def check_in_day_start(*, day: SessionDay) -> datetime.datetime:
    """The moment the day begins: the session's local start time on that date."""
    start = timezone.localtime(day.session.start)
    return start.replace(year=day.date.year, month=day.date.month, day=day.date.day)


def attendance_check_in(*, token: str, user) -> tuple[Attendance, bool]:
    """Mark the signed-in ASN present for the day of `token`. Returns the attendance
    and whether this scan recorded it (False: already present, nothing changed).

    Refused: an expired or forged code, a code of another day than today, a
    cancelled session or a future day (attendance_day_check_open), and anyone
    without a seat in the session (not enrolled, waitlisted, cancelled...). Two
    scans at once give one row: the (enrollment, day) unique constraint decides
    the insert, then a conditional update flips an absent row to present once."""
    session_id, day_id = check_in_token_read(token=token)
    day = SessionDay.objects.select_related("session").filter(pk=day_id, session_id=session_id).first()
    if day is None:
        raise ApplicationError(_("This check-in code is not valid."), code="invalid_code")
    if day.date != timezone.localdate():
        raise ApplicationError(
            _("This check-in code is for another day of the training. Scan the code shown today."),
            code="other_day",
        )
    attendance_day_check_open(day=day)
    employee = require_employee(user)
    enrollment = (
        Enrollment.objects.filter(session_id=day.session_id, employee=employee)
        .order_by("-created_at")
        .only("pk", "status")
        .first()
    )
    if enrollment is None or enrollment.status not in MARKABLE:
        if enrollment is not None and enrollment.status == Enrollment.Status.WAITLISTED:
            message = _("You are on the waiting list of this training, not a participant: check-in is refused.")
        elif enrollment is not None and enrollment.status == Enrollment.Status.PENDING_APPROVAL:
            message = _("Your enrolment still waits for your supervisor's approval: check-in is refused.")
        else:
            message = _("You are not a participant of this training: check-in is refused.")
        raise ApplicationError(message, code="not_participant", status=403)
    now = timezone.now()
    late_after = datetime.timedelta(minutes=settings.TRAINING_CHECK_IN_LATE_AFTER_MINUTES)
    late = now > check_in_day_start(day=day) + late_after
    fields = {"present": True, "checked_in_at": now, "late": late, "marked_by": user}
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(enrollment=enrollment, day=day, **fields)
            return attendance, True
    except IntegrityError:
        pass  # the row exists: HR pre-marked the day, or a second scan raced this one
    with transaction.atomic():
        changed = Attendance.objects.filter(enrollment=enrollment, day=day, present=False).update(
            updated_at=now, **fields
        )
    return Attendance.objects.get(enrollment=enrollment, day=day), bool(changed)
