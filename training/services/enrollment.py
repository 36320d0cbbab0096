"""Enrolment: self-enrolment with capacity and waitlist, supervisor approval,
cancellation, promotion, completion. Every status change is audited."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import import_module

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Employee
from asn_competency.common.db import PkList, insert_linked
from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.outbox import enqueue

from .. import rules
from ..models import Attendance, Enrollment, EnrollmentEvent, JpLedgerEntry, Session
from ..rules import can_decide_enrollment
from .jp import jp_ledger_credit
from .sessions import session_is_open

Status = Enrollment.Status
OPEN_STATUSES = (Status.PENDING_APPROVAL, Status.ENROLLED, Status.WAITLISTED)


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _set_status(enrollment: Enrollment, to_status: str, *, actor, note: str = "", fields=()) -> None:
    """Change the status, save, and write the audit event."""
    from_status = enrollment.status if enrollment.pk else ""
    enrollment.status = to_status
    if to_status == Status.WAITLISTED:
        enrollment.waitlisted_at = enrollment.waitlisted_at or timezone.now()
    if enrollment.pk:
        enrollment.save(update_fields=["status", "waitlisted_at", "updated_at", *fields])
    else:
        # Fields only: the session and employee are in hand (no existence SELECTs),
        # and the partial unique index holds the rest.
        enrollment.clean_fields(exclude=["session", "employee", "approved_by"])
        enrollment.save()
    EnrollmentEvent.objects.create(
        enrollment=enrollment, from_status=from_status, to_status=to_status, actor=_actor(actor), note=note[:255]
    )


_notifications_muted: ContextVar[bool] = ContextVar("training_notifications_muted", default=False)


@contextmanager
def enrollment_notifications_muted():
    """No emails for status changes made inside this block (demo data, data
    migrations); the audit history is still written."""
    token = _notifications_muted.set(True)
    try:
        yield
    finally:
        _notifications_muted.reset(token)


def notify_enrollment(enrollment_id: int, kind: str) -> None:
    """Email the person about their enrolment after the transaction commits."""
    if _notifications_muted.get():
        return
    from ..tasks import send_enrollment_email

    enqueue(send_enrollment_email, enrollment_id, kind)


# The statements every enrolment runs, written out once: compiling them through
# the ORM cost more CPU than PostgreSQL spent running them, and in a rush the web
# processes' CPU is the limit (issue 13). Names come from the models' _meta; the
# statuses (identifiers in code, never input) are written as literals.
_SEATS_SQL = "SELECT COUNT(*) FROM {enrollment} WHERE {e_session} = %s AND {e_status} IN ({seated})"
_LOCK_EMPLOYEE_SQL = "SELECT 1 FROM {employee} WHERE id = %s FOR UPDATE"
# This session's registration first, then overlapping ones.
_REGISTRATIONS_SQL = (
    "SELECT e.id FROM {enrollment} e JOIN {session} s ON s.id = e.{e_session}"
    " WHERE e.{e_employee} = %s AND ("
    "  (e.{e_session} = %s AND e.{e_status} IN ({active}))"
    "  OR (e.{e_status} IN ({open}) AND s.{s_start} < %s AND s.{s_end} > %s"
    "      AND e.{e_session} <> %s AND s.{s_status} <> {cancelled}))"
    " ORDER BY CASE WHEN e.{e_session} = %s THEN 0 ELSE 1 END, e.id LIMIT 1"
)


def _literals(*statuses) -> str:
    if not all(str(status).isidentifier() for status in statuses):
        raise ValueError(statuses)
    return ", ".join(f"'{status}'" for status in statuses)


@cache
def _sql(text: str, vendor: str) -> str:  # noqa: ARG001  (vendor: the cache key; quoting differs per backend)
    q = connection.ops.quote_name
    e, s = Enrollment._meta, Session._meta
    return text.format(
        enrollment=q(e.db_table), session=q(s.db_table), employee=q(Employee._meta.db_table),
        e_session=q(e.get_field("session").column), e_employee=q(e.get_field("employee").column),
        e_status=q(e.get_field("status").column), s_status=q(s.get_field("status").column),
        s_start=q(s.get_field("start").column), s_end=q(s.get_field("end").column),
        seated=_literals(*Enrollment.SEAT_STATUSES), active=_literals(*Enrollment.ACTIVE_STATUSES),
        open=_literals(*OPEN_STATUSES), cancelled=_literals(Session.Status.CANCELLED),
    )  # fmt: skip


def _run(text: str, params: list):
    """The first row of one of the statements above."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(text, connection.vendor), params)
        return cursor.fetchone()


def _seats_taken(session: Session) -> int:
    return _run(_SEATS_SQL, [session.pk])[0]


def _lock_session(session: Session, *, shared: bool = False) -> Session:
    """The session row, locked until the transaction ends: FOR UPDATE (with its
    program), or FOR SHARE (`shared`) for work that must see the seats stay as
    they are but takes none: shared holders do not wait for each other, every
    seat change waits for them."""
    if shared and connection.vendor == "postgresql":
        # Django's ORM has no FOR SHARE. The program is the one read with the
        # session just before (its status is all the checks need).
        table = connection.ops.quote_name(Session._meta.db_table)
        sql = f"SELECT * FROM {table} WHERE id = %s FOR SHARE"  # noqa: S608 - the table name from _meta
        locked = Session.objects.raw(sql, [session.pk])[0]
        locked.program = session.program
        return locked
    return Session.objects.select_for_update().select_related("program").get(pk=session.pk)


def _check_registrations(*, session: Session, employee: Employee) -> None:
    """409 when the ASN is already registered for this session, or for another
    one at the same time. One query: their registrations for this session (any
    active status) and their open ones overlapping it, this session's first."""
    start, end = (connection.ops.adapt_datetimefield_value(value) for value in (session.start, session.end))
    row = _run(_REGISTRATIONS_SQL, [employee.pk, session.pk, end, start, session.pk, session.pk])
    if row is None:
        return
    # A refusal (rare): the registration with what the message names.
    found = Enrollment.objects.select_related("session__program").get(pk=row[0])
    if found.session_id == session.pk:
        raise ConflictError(
            _("Already registered for this session (status: %(status)s).") % {"status": found.get_status_display()},
            code="already_enrolled",
            extra={"enrollment": found.pk, "status": found.status},
        )
    raise ConflictError(
        _("You are already registered for %(session)s at the same time (%(when)s).")
        % {
            "session": found.session.display_title,
            "when": date_format(timezone.localtime(found.session.start), "j F Y H:i"),
        },
        code="schedule_conflict",
    )


def _place(enrollment: Enrollment, session: Session, *, actor, note: str, full: bool | None = None) -> None:
    """Give a seat when one is free, else a place on the waitlist.

    Precondition: the caller holds the row lock on `session` (exclusive, or
    shared when it has counted the seats itself and passes `full=True`), so the
    count of taken seats cannot change until this transaction ends."""
    if full is None:
        full = _seats_taken(session) >= session.capacity
    if not full:
        _set_status(enrollment, Status.ENROLLED, actor=actor, note=note)
        notify_enrollment(enrollment.pk, "confirmed")
    else:
        _set_status(enrollment, Status.WAITLISTED, actor=actor, note=note)
        notify_enrollment(enrollment.pk, "waitlisted")


class _SeatMayBeFreeError(Exception):
    """Raised inside an attempt made under the shared lock when a seat turned out
    to be free: the attempt's atomic block rolls back (releasing the shared lock)
    and the enrolment is made again under the exclusive one."""


def enrollment_create(*, session: Session, employee: Employee, actor=None, check_window: bool = True) -> Enrollment:
    """Enrol an ASN: enrolled while seats are free, waitlisted after, or pending
    approval when the session needs the supervisor's consent.

    Capacity holds under concurrency: an enrolment that may take a seat locks the
    session row exclusively (`SELECT ... FOR UPDATE`), so those run one after
    another and the seat count read under the lock is exact. One that cannot
    take a seat (the session asks for approval, or it is full) only needs the
    seat count to stay put until it commits: it holds the row `FOR SHARE`, which
    every seat change (a seat taken, a cancellation, a promotion, a capacity
    change: all FOR UPDATE) waits for, while the other waitlisted requests of a
    rush go on side by side instead of queueing behind each other. Whether it is
    full is read first without a lock and read again under the shared lock; if a
    seat came free in between, that attempt is rolled back and made under the
    exclusive lock.

    The employee row is locked first, so the duplicate and schedule-overlap
    checks of one ASN run before the session lock is taken; under it: the seat
    count, the enrolment, its history entry and the e-mail's outbox row, which
    is published after commit. No other path locks an employee row, and none
    holding a session lock waits for one: no lock cycle."""
    if session.requires_approval or _seats_taken(session) >= session.capacity:  # without a lock: a hint
        try:
            return _enrol(session=session, employee=employee, actor=actor, check_window=check_window, shared=True)
        except _SeatMayBeFreeError:
            pass
    return _enrol(session=session, employee=employee, actor=actor, check_window=check_window, shared=False)


@transaction.atomic
def _enrol(*, session: Session, employee: Employee, actor, check_window: bool, shared: bool) -> Enrollment:
    if connection.vendor == "postgresql":  # elsewhere (SQLite) writers are serialised anyway
        _run(_LOCK_EMPLOYEE_SQL, [employee.pk])
    if not employee.is_active:
        raise ApplicationError(_("This ASN profile is not active."), code="inactive")
    _check_registrations(session=session, employee=employee)
    session = _lock_session(session, shared=shared)
    if check_window:
        is_open, reason = session_is_open(session)
        if not is_open:
            raise ApplicationError(reason, code="enrollment_closed")
    elif session.status != Session.Status.SCHEDULED:
        raise ApplicationError(_("This session is not open for enrolment."), code="enrollment_closed")
    full = None
    if shared and not session.requires_approval:
        full = _seats_taken(session) >= session.capacity
        if not full:
            raise _SeatMayBeFreeError
    enrollment = Enrollment(session=session, employee=employee)
    # No savepoint: the duplicate check above ran under this ASN's row lock, so the
    # partial unique index (the backstop) is not hit by a concurrent request.
    try:
        if session.requires_approval:
            _create(enrollment, Status.PENDING_APPROVAL, actor=actor, note=_("Waiting for the supervisor."),
                    mail="approval_requested")  # fmt: skip
        else:
            if full is None:
                full = _seats_taken(session) >= session.capacity
            status, mail = (Status.WAITLISTED, "waitlisted") if full else (Status.ENROLLED, "confirmed")
            _create(enrollment, status, actor=actor, note=_("Registered."), mail=mail)
    except IntegrityError as exc:  # pragma: no cover - the backstop; the transaction rolls back
        raise ConflictError(_("Already registered for this session."), code="already_enrolled") from exc
    return enrollment


def _create(enrollment: Enrollment, status: str, *, actor, note: str, mail: str) -> None:
    """A new enrolment, its history entry and its e-mail's outbox row in ONE
    statement (common.db.insert_linked): the session lock is held for one round
    trip here instead of three. The e-mail is published after commit."""
    from asn_competency.common import outbox

    from ..tasks import send_enrollment_email

    enrollment.status = status
    if status == Status.WAITLISTED:
        enrollment.waitlisted_at = timezone.now()
    # Fields only: the session and employee are in hand (no existence SELECTs),
    # and the partial unique index holds the rest.
    enrollment.clean_fields(exclude=["session", "employee", "approved_by"])
    event = EnrollmentEvent(
        enrollment=enrollment, from_status="", to_status=status, actor=_actor(actor), note=note[:255]
    )
    messages = [] if _notifications_muted.get() else [outbox.unsaved(send_enrollment_email, PkList(enrollment, mail))]
    insert_linked(enrollment, event, *messages)
    if messages:
        outbox.relay_after_commit(messages)


def _lock_enrollment(enrollment: Enrollment) -> tuple[Enrollment, Session]:
    session = _lock_session(enrollment.session)
    locked = (
        Enrollment.objects.select_for_update(of=("self",)).select_related("employee__supervisor").get(pk=enrollment.pk)
    )
    return locked, session


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, actor) -> Enrollment:
    enrollment, session = _lock_enrollment(enrollment)
    if not can_decide_enrollment(actor, enrollment):
        raise ApplicationError(_("Only the ASN's supervisor or HR can approve."), code="forbidden", status=403)
    if enrollment.status != Status.PENDING_APPROVAL:
        raise ApplicationError(_("This enrolment is not waiting for approval."), code="not_pending")
    enrollment.approved_by = _actor(actor)
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["approved_by", "decided_at", "updated_at"])
    _place(enrollment, session, actor=actor, note=_("Approved."))
    return enrollment


@transaction.atomic
def enrollment_reject(*, enrollment: Enrollment, actor, note: str = "") -> Enrollment:
    enrollment, _session = _lock_enrollment(enrollment)
    if not can_decide_enrollment(actor, enrollment):
        raise ApplicationError(_("Only the ASN's supervisor or HR can reject."), code="forbidden", status=403)
    if enrollment.status != Status.PENDING_APPROVAL:
        raise ApplicationError(_("This enrolment is not waiting for approval."), code="not_pending")
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["decided_at", "updated_at"])
    _set_status(enrollment, Status.REJECTED, actor=actor, note=note or _("Rejected."))
    notify_enrollment(enrollment.pk, "rejected")
    return enrollment


def waitlist_promote(*, session: Session, actor=None) -> list[Enrollment]:
    """Fill free seats from the waitlist, earliest first.

    Precondition: runs inside the caller's transaction; takes the session lock."""
    session = _lock_session(session)
    free = session.capacity - _seats_taken(session)
    if free <= 0 or session.status != Session.Status.SCHEDULED:
        return []
    promoted = list(
        session.enrollments.select_for_update().filter(status=Status.WAITLISTED).order_by("waitlisted_at", "id")[:free]
    )
    for enrollment in promoted:
        _set_status(enrollment, Status.ENROLLED, actor=actor, note=_("Promoted from the waiting list."))
        notify_enrollment(enrollment.pk, "promoted")
    return promoted


def cancellation_deadline_of(session: Session):
    """Until when participants may cancel themselves: the session's deadline, else its start."""
    return session.cancellation_deadline or session.start


def can_self_cancel(*, enrollment: Enrollment, session: Session, now=None) -> bool:
    return enrollment.status in OPEN_STATUSES and (now or timezone.now()) < cancellation_deadline_of(session)


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, actor, note: str = "", force: bool = False) -> Enrollment:
    """Cancel an open enrolment. The ASN may cancel until the session's
    cancellation deadline (or its start); HR may cancel at any time before the
    end. A freed seat goes to the first on the waitlist."""
    enrollment, session = _lock_enrollment(enrollment)
    if enrollment.status not in OPEN_STATUSES:
        raise ApplicationError(
            _("This enrolment can no longer be cancelled (status: %(status)s).")
            % {"status": enrollment.get_status_display()},
            code="not_cancellable",
        )
    is_hr = rules.is_hr(actor)
    is_self = enrollment.employee.user_id is not None and enrollment.employee.user_id == getattr(actor, "pk", None)
    if not (force or rules.can_cancel_enrollment(actor, enrollment)):
        raise ApplicationError(_("You may only cancel your own enrolment."), code="forbidden", status=403)
    now = timezone.now()
    deadline = cancellation_deadline_of(session)
    if not force and not is_hr and now >= deadline:
        raise ApplicationError(
            _("The cancellation deadline (%(when)s) has passed. Contact HR (BKPSDM).")
            % {"when": date_format(timezone.localtime(deadline), "j F Y H:i")},
            code="deadline_passed",
        )
    held_seat = enrollment.status == Status.ENROLLED
    _set_status(enrollment, Status.CANCELLED, actor=actor, note=note or _("Cancelled."))
    if not is_self:
        # HR (or a cancelled session) took the place away: the person must hear of it.
        notify_enrollment(enrollment.pk, "cancelled")
    if held_seat:
        waitlist_promote(session=session, actor=actor)
    return enrollment


def attendance_share(enrollment: Enrollment) -> float:
    days = enrollment.session.days.count()
    if not days:
        return 0.0
    present = Attendance.objects.filter(enrollment=enrollment, present=True).count()
    return present / days


def _import(path):
    module, _dot, name = path.rpartition(".")
    return getattr(import_module(module), name)


def completion_problems(enrollment: Enrollment, *, share: float | None = None) -> list[str]:
    """Why this enrolment cannot be completed yet (empty when it can).
    `share` may be given when the caller computed attendance for many at once."""
    problems = []
    minimum = settings.TRAINING_ATTENDANCE_MIN_SHARE
    if share is None:
        share = attendance_share(enrollment)
    if share + 1e-9 < minimum:
        problems.append(
            _("Attendance is %(share)d%%, at least %(min)d%% is needed.")
            % {"share": round(share * 100), "min": round(minimum * 100)}
        )
    for path in settings.TRAINING_COMPLETION_CHECKS:
        message = _import(path)(enrollment)
        if message:
            problems.append(str(message))
    return problems


def _run_hooks(enrollment_id: int) -> None:
    # Inside the completing transaction: a hook queues its work through the
    # outbox (common.outbox.enqueue), so the work commits with the completion.
    for path in settings.TRAINING_COMPLETION_HOOKS:
        _import(path)(enrollment_id)


@transaction.atomic
def enrollment_complete(*, enrollment: Enrollment, actor) -> Enrollment:
    """Mark an enrolled ASN as completed when attendance (and every registered
    completion check) allows it, and credit the program's JP for the year the
    session ended. Idempotent for the JP credit."""
    enrollment, session = _lock_enrollment(enrollment)
    if enrollment.status == Status.COMPLETED:
        return enrollment
    if enrollment.status not in (Status.ENROLLED, Status.NOT_COMPLETED):
        raise ApplicationError(
            _("Only enrolled participants can complete (status: %(status)s).")
            % {"status": enrollment.get_status_display()},
            code="not_enrolled",
        )
    problems = completion_problems(enrollment)
    if problems:
        raise ApplicationError(" ".join(problems), code="completion_blocked", extra={"problems": problems})
    _complete_locked(enrollment, session, actor=actor)
    return enrollment


def _complete_locked(enrollment: Enrollment, session: Session, *, actor) -> None:
    """Precondition: the caller holds the locks and has checked the completion rules."""
    enrollment.completed_at = timezone.now()
    _set_status(enrollment, Status.COMPLETED, actor=actor, note=_("Completed."), fields=["completed_at"])
    program = session.program
    jp_ledger_credit(
        employee=enrollment.employee,
        year=timezone.localtime(session.end).year,
        jp=program.jp,
        source=JpLedgerEntry.Source.TRAINING,
        source_key=f"enrollment:{enrollment.pk}",
        description=f"{program.title} ({session.code})",
        actor=actor,
        occurred_on=timezone.localtime(session.end).date(),
    )
    _run_hooks(enrollment.pk)
    notify_enrollment(enrollment.pk, "completed")


@transaction.atomic
def enrollment_mark_not_completed(*, enrollment: Enrollment, actor, note: str = "") -> Enrollment:
    enrollment, _session = _lock_enrollment(enrollment)
    if enrollment.status != Status.ENROLLED:
        raise ApplicationError(_("Only enrolled participants can be marked."), code="not_enrolled")
    _set_status(enrollment, Status.NOT_COMPLETED, actor=actor, note=note or _("Did not meet the completion rules."))
    return enrollment


@transaction.atomic
def session_finalize(*, session: Session, actor) -> dict:
    """Close a session after its last day: complete every enrolled ASN who meets
    the rules, mark the others not completed. Returns the counts. The only way a
    session becomes closed (finished)."""
    session = _lock_session(session)
    if session.status == Session.Status.FINISHED:
        raise ApplicationError(_("This session is closed already."), code="finished")
    if session.status == Session.Status.CANCELLED:
        raise ApplicationError(_("A cancelled session cannot be closed."), code="cancelled")
    if timezone.now() < session.end:
        # Only after the last day: attendance of every day must be recordable first.
        raise ApplicationError(
            _("The session ends on %(when)s; it can be closed after that.")
            % {"when": date_format(timezone.localtime(session.end), "j F Y H:i")},
            code="not_ended",
        )
    counts = {"completed": 0, "not_completed": 0}
    enrolled = session.enrollments.filter(status=Status.ENROLLED)
    list(enrolled.select_for_update().values_list("pk", flat=True))
    # Attendance of everyone in one aggregate query, not one count per person.
    days = session.days.count()
    rows = enrolled.select_related("employee").annotate(
        days_present=Count("attendances", filter=Q(attendances__present=True))
    )
    for enrollment in rows:
        share = enrollment.days_present / days if days else 0.0
        if completion_problems(enrollment, share=share):
            _set_status(enrollment, Status.NOT_COMPLETED, actor=actor, note=_("Did not meet the completion rules."))
            counts["not_completed"] += 1
        else:
            _complete_locked(enrollment, session, actor=actor)
            counts["completed"] += 1
    # Nobody still waiting can get a seat now.
    for enrollment in session.enrollments.filter(status__in=[Status.WAITLISTED, Status.PENDING_APPROVAL]):
        _set_status(enrollment, Status.CANCELLED, actor=actor, note=_("The session has ended."))
    session.status = Session.Status.FINISHED
    session.save(update_fields=["status", "updated_at"])
    for path in settings.TRAINING_SESSION_CLOSED_HOOKS:
        _import(path)(session.pk)
    return counts
