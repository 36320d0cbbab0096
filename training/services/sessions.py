"""Sessions (angkatan): creation, editing, double-booking refusal, days."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError

from ..models import Enrollment, EnrollmentEvent, Session, SessionDay, Trainer, Venue


def _local_dates(start: datetime.datetime, end: datetime.datetime) -> list[datetime.date]:
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


def _fmt(session: Session) -> str:
    start = timezone.localtime(session.start)
    end = timezone.localtime(session.end)
    return f"{date_format(start, 'j M Y H:i')}-{date_format(end, 'H:i') if start.date() == end.date() else date_format(end, 'j M Y H:i')}"


def _check_double_booking(*, session: Session, trainers) -> None:
    """Refuse a venue or trainer that another scheduled session holds at an overlapping time.

    Precondition: the caller holds row locks on the venue and the trainers, so
    two sessions saved at the same moment cannot both pass this check."""
    overlapping = (
        Session.objects.filter(start__lt=session.end, end__gt=session.start)
        .exclude(status=Session.Status.CANCELLED)
        .exclude(pk=session.pk)
        .select_related("program")
    )
    errors = {}
    if session.venue_id:
        clash = overlapping.filter(venue_id=session.venue_id).first()
        if clash:
            errors["venue"] = _("%(venue)s is already booked for %(session)s (%(when)s).") % {
                "venue": session.venue,
                "session": clash.display_title,
                "when": _fmt(clash),
            }
    trainer_ids = [t.pk for t in trainers]
    if trainer_ids:
        clash = overlapping.filter(trainers__in=trainer_ids).prefetch_related("trainers").distinct().first()
        if clash:
            busy = sorted(t.name for t in clash.trainers.all() if t.pk in trainer_ids)
            errors["trainers"] = _("%(trainers)s already teaches %(session)s (%(when)s).") % {
                "trainers": ", ".join(busy),
                "session": clash.display_title,
                "when": _fmt(clash),
            }
    if errors:
        raise ValidationError(errors)


def _check_place(session: Session) -> None:
    errors = {}
    if session.mode in (Session.Mode.OFFLINE, Session.Mode.HYBRID) and not session.venue_id:
        errors["venue"] = _("Choose a venue for an in-person or hybrid session.")
    if session.mode in (Session.Mode.ONLINE, Session.Mode.HYBRID) and not session.online_link:
        errors["online_link"] = _("Give the meeting link for an online or hybrid session.")
    if session.venue_id and session.capacity and session.capacity > session.venue.capacity:
        errors["capacity"] = _("The venue %(venue)s holds at most %(n)s people.") % {
            "venue": session.venue,
            "n": session.venue.capacity,
        }
    if session.start and session.end and session.end <= session.start:
        errors["end"] = _("The end must be after the start.")
    if session.enrollment_opens and session.enrollment_closes and session.enrollment_closes <= session.enrollment_opens:
        errors["enrollment_closes"] = _("Enrolment must close after it opens.")
    if session.enrollment_closes and session.start and session.enrollment_closes > session.start:
        errors["enrollment_closes"] = _("Enrolment must close before the session starts.")
    if session.cancellation_deadline and session.start and session.cancellation_deadline > session.start:
        errors["cancellation_deadline"] = _("The cancellation deadline must be before the session starts.")
    if errors:
        raise ValidationError(errors)


def session_days_sync(*, session: Session) -> None:
    """One SessionDay per local calendar day from start to end; days outside are
    removed only when no attendance was recorded on them."""
    wanted = set(_local_dates(session.start, session.end))
    have = {d.date: d for d in session.days.all()}
    SessionDay.objects.bulk_create([SessionDay(session=session, date=d) for d in sorted(wanted - set(have))])
    stale = [d.pk for date, d in have.items() if date not in wanted]
    if stale:
        SessionDay.objects.filter(pk__in=stale, attendances__isnull=True).delete()


def _next_number(program) -> int:
    last = Session.objects.filter(program=program).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def session_save(*, session: Session, trainers=(), actor=None) -> Session:
    """Create or update a session: validates place and dates, refuses double
    bookings of the venue or trainers, keeps the session days in step, and
    promotes waitlisted ASN when the capacity grew."""
    trainers = list(trainers)
    # Lock what can be double-booked; ordered by id so two writers cannot deadlock.
    if session.venue_id:
        list(Venue.objects.select_for_update().filter(pk=session.venue_id))
    if trainers:
        list(Trainer.objects.select_for_update().filter(pk__in=[t.pk for t in trainers]).order_by("pk"))
    creating = session.pk is None
    if not creating:
        # The status is never taken from the form: it is what the transitions last wrote
        # (read under the row lock, so a cancel in between is not overwritten).
        current = Session.objects.select_for_update().only("status").get(pk=session.pk)
        if current.status == Session.Status.CANCELLED:
            raise ApplicationError(_("A cancelled session cannot be edited. Reopen it first."), code="not_editable")
        if current.status == Session.Status.FINISHED:
            raise ApplicationError(_("A closed session cannot be edited."), code="not_editable")
        session.status = current.status
    if creating and not session.number and session.program_id:
        session.number = _next_number(session.program)
    if creating and not session.code and session.program_id:
        session.code = f"{session.program.code}-{session.number}"[:60]
    _check_place(session)
    if not creating:
        taken = session.enrollments.filter(status__in=Enrollment.SEAT_STATUSES).count()
        if session.capacity is not None and session.capacity < taken:
            raise ValidationError(
                {
                    "capacity": _("%(n)s participants already hold a seat; cancel some before lowering the capacity.")
                    % {"n": taken}
                }
            )
    session.full_clean()
    if session.status != Session.Status.CANCELLED:
        _check_double_booking(session=session, trainers=trainers)
    before = None if creating else Session.objects.filter(pk=session.pk).values_list(*RESCHEDULE_FIELDS).first()
    session.save()
    session.trainers.set(trainers)
    session_days_sync(session=session)
    if not creating:
        from .enrollment import waitlist_promote

        waitlist_promote(session=session, actor=actor)
        if before is not None and before != tuple(getattr(session, f) for f in RESCHEDULE_FIELDS):
            _notify_participants(session, "changed")
    return session


# A change of any of these is a change participants must hear about.
RESCHEDULE_FIELDS = ("start", "end", "venue_id", "online_link")


def _notify_participants(session: Session, kind: str) -> None:
    from .enrollment import notify_enrollment

    for enrollment_id in session.enrollments.filter(
        status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED, Enrollment.Status.PENDING_APPROVAL]
    ).values_list("pk", flat=True):
        notify_enrollment(enrollment_id, kind)


@transaction.atomic
def session_cancel(*, session: Session, actor, reason: str = "") -> Session:
    """HR cancels a whole session: every active enrolment is cancelled and told."""
    from .enrollment import enrollment_cancel

    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status == Session.Status.CANCELLED:
        session.status = locked.status
        return session  # cancelled already (a double click): nothing more to do
    if locked.status == Session.Status.FINISHED:
        raise ApplicationError(
            _("A closed session cannot be cancelled: its participants have their results."), code="finished"
        )
    locked.status = Session.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    for enrollment in locked.enrollments.filter(
        status__in=[Enrollment.Status.PENDING_APPROVAL, Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED]
    ):
        enrollment_cancel(
            enrollment=enrollment, actor=actor, note=reason or _("The session was cancelled."), force=True
        )
    session.status = locked.status
    return session


def session_is_open(session: Session, *, now=None) -> tuple[bool, str]:
    """Whether enrolment is open now, and the reason when it is not."""
    now = now or timezone.now()
    if session.status != Session.Status.SCHEDULED:
        return False, _("This session is not open for enrolment (%(status)s).") % {
            "status": session.get_status_display()
        }
    if session.program.status != session.program.Status.PUBLISHED:
        return False, _("The program of this session is not published.")
    if session.enrollment_opens and now < session.enrollment_opens:
        return False, _("Enrolment opens on %(when)s.") % {
            "when": date_format(timezone.localtime(session.enrollment_opens), "j F Y H:i")
        }
    closes = session.enrollment_closes or session.start
    if now >= closes:
        return False, _("Enrolment closed on %(when)s.") % {
            "when": date_format(timezone.localtime(closes), "j F Y H:i")
        }
    return True, ""


@transaction.atomic
def session_reopen(*, session: Session, actor) -> dict:
    """Undo a mistaken cancellation: the session is scheduled again and the
    participants whom the cancellation removed get their places back (a seat
    while seats are free, else the waitlist; those waiting for approval wait
    again), unless they have since enrolled in another session at the same time.
    Refused when the venue or a trainer has been booked for that time meanwhile.

    A closed session is not reopened: closing completed participants, credited
    their JP and issued certificates that are already public; HR corrects single
    outcomes on the participant's row (complete, revoke the certificate).

    Returns {"restored": n, "skipped": n}."""
    from .enrollment import _check_registrations, _place, _set_status, notify_enrollment

    locked = Session.objects.select_for_update().select_related("program").get(pk=session.pk)
    if locked.status == Session.Status.FINISHED:
        raise ApplicationError(
            _(
                "A closed session cannot be reopened: certificates and JP have been given. "
                "Correct single participants on their rows instead."
            ),
            code="finished",
        )
    if locked.status != Session.Status.CANCELLED:
        raise ApplicationError(_("Only a cancelled session can be reopened."), code="not_cancelled")
    trainers = list(locked.trainers.all())
    if locked.venue_id:
        list(Venue.objects.select_for_update().filter(pk=locked.venue_id))
    if trainers:
        list(Trainer.objects.select_for_update().filter(pk__in=[t.pk for t in trainers]).order_by("pk"))
    try:
        _check_double_booking(session=locked, trainers=trainers)
    except ValidationError as exc:
        raise ApplicationError(
            _("The session cannot be reopened: %(reason)s") % {"reason": " ".join(exc.messages)},
            code="double_booking",
        ) from exc
    cancelled_at = locked.updated_at
    locked.status = Session.Status.SCHEDULED
    locked.save(update_fields=["status", "updated_at"])
    # The people the cancellation removed: their last event is that cancellation.
    events = (
        EnrollmentEvent.objects.filter(
            enrollment__session=locked,
            enrollment__status=Enrollment.Status.CANCELLED,
            to_status=Enrollment.Status.CANCELLED,
            created_at__gte=cancelled_at,
        )
        .select_related("enrollment__employee")
        .order_by("enrollment__created_at", "enrollment_id")
    )
    restored = skipped = 0
    note = _("The session was reopened.")
    for event in events:
        enrollment = event.enrollment
        try:
            # Enrolled again on their own meanwhile, or registered for another session at that time.
            _check_registrations(session=locked, employee=enrollment.employee)
        except ApplicationError:
            skipped += 1
            continue
        if event.from_status == Enrollment.Status.PENDING_APPROVAL:
            _set_status(enrollment, Enrollment.Status.PENDING_APPROVAL, actor=actor, note=note)
            notify_enrollment(enrollment.pk, "approval_requested")
        else:
            _place(enrollment, locked, actor=actor, note=note)
        restored += 1
    session.status = locked.status
    return {"restored": restored, "skipped": skipped}


def session_schedule_warnings(*, session: Session) -> list[str]:
    """What HR should double-check about when a session runs (warnings, not
    errors): its program still a draft, days on a national holiday or a weekend."""
    from feedback.workdays import national_holiday

    warnings = []
    program = session.program if session.program_id else None
    if program is not None and program.status == program.Status.DRAFT:
        warnings.append(
            _("The program %(program)s is still a draft: ASN cannot enrol until it is published.")
            % {"program": program.title}
        )
    if not (session.start and session.end) or session.end <= session.start:
        return warnings
    for day in _local_dates(session.start, session.end)[:62]:
        holiday = national_holiday(day)
        if holiday:
            warnings.append(
                _("%(date)s is a national holiday (%(name)s).")
                % {"date": date_format(day, "l, j F Y"), "name": holiday}
            )
        elif day.weekday() >= 5:
            warnings.append(_("%(date)s is a weekend day.") % {"date": date_format(day, "l, j F Y")})
    return warnings
