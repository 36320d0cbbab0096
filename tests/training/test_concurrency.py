"""Invariants under concurrent requests, proven on PostgreSQL with real threads
(each thread has its own database connection, i.e. its own server process)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from asn_competency.common.errors import ApplicationError
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, PositionFactory
from training.models import Enrollment, Session
from training.services import enrollment_cancel, enrollment_create, session_save

from .factories import ProgramFactory, SessionFactory, VenueFactory, in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_concurrently(fn, args_list, workers):
    barrier = threading.Barrier(workers)

    def call(args):
        barrier.wait()
        try:
            return fn(*args)
        except Exception as exc:  # noqa: BLE001  (the thread's error is collected and asserted by the caller)
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(call, args_list))


@pytest.mark.parametrize("trial", range(3))
def test_fifty_concurrent_enrolments_into_ten_seats_give_ten_enrolled_forty_waitlisted(trial):
    unit, position = OrgUnitFactory(), PositionFactory()
    session = SessionFactory(capacity=10)
    employees = [EmployeeFactory(org_unit=unit, position=position) for _ in range(50)]

    results = run_concurrently(
        lambda e: enrollment_create(session=Session.objects.get(pk=session.pk), employee=e).status,
        [(e,) for e in employees],
        workers=50,
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert results.count(Enrollment.Status.ENROLLED) == 10
    assert results.count(Enrollment.Status.WAITLISTED) == 40
    assert session.enrollments.filter(status=Enrollment.Status.ENROLLED).count() == 10
    assert session.enrollments.filter(status=Enrollment.Status.WAITLISTED).count() == 40


def test_concurrent_duplicate_enrolments_of_one_employee_give_one_row():
    session = SessionFactory(capacity=10)
    employee = EmployeeFactory()
    results = run_concurrently(lambda: enrollment_create(session=session, employee=employee), [()] * 10, workers=10)
    assert sum(isinstance(r, Enrollment) for r in results) == 1
    assert all(getattr(r, "code", None) == "already_enrolled" for r in results if not isinstance(r, Enrollment))
    assert session.enrollments.count() == 1


def test_concurrent_enrolments_into_overlapping_sessions_accept_only_one():
    employee = EmployeeFactory()
    sessions = [SessionFactory(start=in_days(6, 8), end=in_days(6, 16)) for _ in range(6)]
    results = run_concurrently(
        lambda s: enrollment_create(session=s, employee=employee), [(s,) for s in sessions], workers=6
    )
    assert sum(isinstance(r, Enrollment) for r in results) == 1
    assert Enrollment.objects.filter(employee=employee).count() == 1


def test_concurrent_cancellations_promote_each_waiting_person_once():
    session = SessionFactory(capacity=5)
    seated = [enrollment_create(session=session, employee=EmployeeFactory()) for _ in range(5)]
    waiting = [enrollment_create(session=session, employee=EmployeeFactory()) for _ in range(8)]
    results = run_concurrently(
        lambda e: enrollment_cancel(enrollment=e, actor=e.employee.user), [(e,) for e in seated], workers=5
    )
    assert not [r for r in results if isinstance(r, Exception)]
    enrolled = set(session.enrollments.filter(status=Enrollment.Status.ENROLLED).values_list("pk", flat=True))
    # The first five on the waitlist, in order, and nobody else.
    assert enrolled == {e.pk for e in waiting[:5]}


@pytest.mark.parametrize("trial", range(2))
def test_cancellations_during_a_rush_on_a_full_session_leave_no_seat_free_while_people_wait(trial):
    """Waitlisted requests of a full session hold its row FOR SHARE side by side;
    cancellations (which free a seat and promote from the waitlist) wait for them
    under FOR UPDATE: every freed seat goes to someone waiting, none stays free."""
    session = SessionFactory(capacity=5)
    seated = [enrollment_create(session=session, employee=EmployeeFactory()) for _ in range(5)]
    newcomers = [EmployeeFactory() for _ in range(20)]

    def act(kind, who):
        if kind == "cancel":
            return enrollment_cancel(enrollment=who, actor=who.employee.user)
        return enrollment_create(session=Session.objects.get(pk=session.pk), employee=who)

    work = [("cancel", e) for e in seated[:3]] + [("enrol", e) for e in newcomers]
    results = run_concurrently(act, work, workers=len(work))

    assert not [r for r in results if isinstance(r, Exception)]
    statuses = list(session.enrollments.values_list("status", flat=True))
    assert statuses.count(Enrollment.Status.ENROLLED) == 5  # capacity, never more, never a seat left free
    assert statuses.count(Enrollment.Status.CANCELLED) == 3
    assert statuses.count(Enrollment.Status.WAITLISTED) == 17


def test_concurrent_bookings_of_one_venue_at_the_same_time_accept_only_one():
    venue = VenueFactory()
    programs = [ProgramFactory() for _ in range(5)]

    def create(program):
        return session_save(
            session=Session(program=program, start=in_days(8, 8), end=in_days(8, 12), venue=venue, capacity=20)
        )

    results = run_concurrently(create, [(p,) for p in programs], workers=5)
    assert sum(isinstance(r, Session) for r in results) == 1
    assert all(isinstance(r, ValidationError | ApplicationError) for r in results if not isinstance(r, Session))
    assert Session.objects.filter(venue=venue).count() == 1


@pytest.mark.parametrize("trial", range(2))
def test_fifty_enrolments_from_five_server_processes_give_ten_enrolled(trial):
    """Five OS processes (like five web workers), ten threads each, start together."""
    import json
    import os
    import subprocess
    import sys
    import time

    from django.conf import settings

    unit, position = OrgUnitFactory(), PositionFactory()
    session = SessionFactory(capacity=10)
    employees = [EmployeeFactory(org_unit=unit, position=position).pk for _ in range(50)]
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "asn_competency.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    start_at = str(time.time() + 6)  # time for the processes to start Django
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.training.enrol_process",
                str(session.pk),
                start_at,
                *map(str, employees[i::5]),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(5)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        results += json.loads(out.strip().splitlines()[-1])
    assert [r for r in results if r.startswith("error")] == []
    assert results.count(Enrollment.Status.ENROLLED) == 10
    assert results.count(Enrollment.Status.WAITLISTED) == 40
    assert session.enrollments.filter(status=Enrollment.Status.ENROLLED).count() == 10
